// `console-host serve`: the Project Console's connector pages in a browser.
// Loads the plugins and the store once, then serves until SIGINT/SIGTERM;
// see serve/console_app.hpp for the pages and docs/host.md for the options.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <thread>

#include "cli/cli_context.hpp"
#include "cli/commands.hpp"
#include "host_error.hpp"
#include "serve/console_app.hpp"
#include "serve/http_server.hpp"
#include "serve/serve_config.hpp"

namespace console_host {

namespace po = boost::program_options;

int serve(const Args& args) {
  GlobalOptions g;
  std::string listen, public_url;
  po::options_description desc("serve");
  desc.add_options()("listen", po::value(&listen),
                     "ADDRESS:PORT to listen on (default [serve] listen, else 127.0.0.1:8080; port 0 = any free port)")(
      "public-url", po::value(&public_url),
      "the console's address as browsers reach it (default http://LISTEN); "
      "the OAuth callback is <public-url>/oauth/callback");
  add_global_options(desc, g);
  if (!parse_command(args, "console-host serve [--listen 127.0.0.1:8080] [--public-url URL] [options]", desc)) return 0;
  CliContext ctx(g);
  ServeConfig config = load_serve_config(ctx.config(), listen, public_url);

  // SIGINT/SIGTERM are taken by one thread (sigwait) so no pool thread is
  // interrupted inside a plugin call; block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Not a stop request from outside: the one this process sends itself to
  // wake the stopper when run() throws.
  sigaddset(&stop_signals, SIGUSR1);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  ConsoleParts parts;
  parts.store = &ctx.store();
  ctx.services();  // registers the configuration's secrets with the redactor
  parts.redactor = &ctx.redactor();
  parts.clients = ctx.client_factory();
  parts.types = ctx.type_options();
  Redactor& redactor = ctx.redactor();
  std::mutex log_mutex;
  parts.log = [&](const std::string& line) {
    // One write per line (std::cerr is unbuffered: `<< line << "\n"` made
    // two system calls a request), redacted before the lock is taken.
    const std::string out = redactor.redact(line) + "\n";
    std::lock_guard<std::mutex> lock(log_mutex);
    std::cerr << out;
  };
  if (parts.types.empty())
    throw HostError(ExitCode::kNotFound, "no connector type is loaded, so there is nothing to serve",
                    "see `console-host plugins list` for refused plugins");

  std::unique_ptr<ConsoleApp> app;
  HttpServer server(
      config.address, config.port, config.threads, [&app](const HttpRequest& req) { return app->handle(req); },
      parts.log, TlsFiles{config.tls_cert, config.tls_key});
  if (config.public_url_defaulted) config.public_url = default_public_url(config.address, server.port(), config.tls());
  const std::string console_url = config.public_url;
  const int sweep_seconds = config.sweep_seconds;
  const int keepalive_seconds = config.keepalive_check_seconds;
  app = std::make_unique<ConsoleApp>(parts, config);
  server.every(sweep_seconds, [&app] { app->sweep(); });
  server.every(keepalive_seconds, [&app] { app->keep_alive(); });

  std::thread stopper([&server, stop_signals] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  std::cout << "console-host serve listening at " << default_public_url(config.address, server.port(), config.tls())
            << std::endl;
  std::cout << "Open " << console_url
            << "/projects in a browser. OAuth callback (register it in the connected app): " << console_url
            << "/oauth/callback" << std::endl;
  // run() returns after stop() (the stopper has already woken); if it
  // throws instead, wake the stopper before the exception leaves.
  struct JoinStopper {
    std::thread& t;
    bool woken = false;
    ~JoinStopper() {
      if (!woken) pthread_kill(t.native_handle(), SIGUSR1);
      t.join();
    }
  } join{stopper};
  server.run();
  join.woken = true;
  std::cout << "console-host serve stopped" << std::endl;
  return 0;
}

}  // namespace console_host
