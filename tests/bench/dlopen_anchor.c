/* The anchor of the plugin-open benchmark: the least any host must do to use
 * a plugin library, dlopen it and find its entry symbol. console-host's
 * `plugins list` is measured against this program on the same library.
 * Lazily bound, the least: RTLD_NOW would bind every function of the ~30
 * libraries libcurl brings in (13,668 relocations against 10,604, 1.5 ms
 * here), where the host, which links libcurl, binds them lazily at start and
 * only the plugin's own symbols at once. */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s <plugin library>\n", argv[0]);
    return 2;
  }
  void* lib = dlopen(argv[1], RTLD_LAZY | RTLD_LOCAL);
  if (!lib) {
    fprintf(stderr, "dlopen: %s\n", dlerror());
    return 1;
  }
  if (!dlsym(lib, "console_plugin_entry")) {
    fprintf(stderr, "dlsym: %s\n", dlerror());
    return 1;
  }
  return 0;
}
