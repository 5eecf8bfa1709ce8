#include "serve/html.hpp"

#include <cctype>
#include <cstdio>
#include <string>

namespace console_host {

std::string html_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      case '\'':
        o += "&#39;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

std::string url_encode(const std::string& s) {
  std::string o;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      o += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      o += buf;
    }
  }
  return o;
}

std::string url_decode(const std::string& s) {
  std::string o;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      o += ' ';
    } else if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      o += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      o += c;
    }
  }
  return o;
}

std::map<std::string, std::string> parse_form(const std::string& text) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string::npos) amp = text.size();
    std::string pair = text.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = url_decode(pair.substr(0, eq));
      std::string value = eq == std::string::npos ? "" : url_decode(pair.substr(eq + 1));
      out[key] = value;
    }
    pos = amp + 1;
  }
  return out;
}

std::string page_shell(const std::string& title, const std::string& project, const std::string& body) {
  std::string nav = "<a href=\"/projects\">Projects</a>";
  if (!project.empty()) {
    nav += " <span aria-hidden=\"true\">&rsaquo;</span> <a href=\"/connectors?project=" + url_encode(project) + "\">" +
           html_escape(project) +
           "</a> <span aria-hidden=\"true\">&rsaquo;</span> Control panel "
           "<span aria-hidden=\"true\">&rsaquo;</span> Connectors";
  }
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" +
         html_escape(title) +
         " - Smart Flows Project Console</title>\n"
         "<link rel=\"stylesheet\" href=\"/static/console.css\">\n"
         "<script src=\"/static/wizard.js\" defer></script>\n</head>\n<body>\n"
         "<header class=\"top\"><span class=\"brand\">Smart Flows Project Console</span>"
         "<nav aria-label=\"Breadcrumb\">" +
         nav +
         "</nav></header>\n"
         "<main>\n" +
         body + "\n</main>\n</body>\n</html>\n";
}

std::string csrf_input(const std::string& token) {
  return "<input type=\"hidden\" name=\"_csrf\" value=\"" + html_escape(token) + "\">";
}

const std::string& console_css() {
  static const std::string css = R"CSS(
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2433; background: #f3f5f9; }
header.top { display: flex; gap: 24px; align-items: center; background: #16325c; color: #fff; padding: 10px 24px; }
header.top a { color: #cfe0ff; }
.brand { font-weight: 600; }
main { max-width: 880px; margin: 24px auto; background: #fff; border-radius: 6px; padding: 24px 32px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 20px 0 8px; }
.steps { display: flex; gap: 8px; list-style: none; padding: 0; margin: 8px 0 20px; color: #5b6b82; font-size: 13px; }
.steps li { padding: 4px 10px; border-radius: 12px; background: #eef1f6; }
.steps li[aria-current="step"] { background: #0b5cd7; color: #fff; }
.field { margin: 14px 0; }
.field > label, fieldset legend { display: block; font-weight: 600; margin-bottom: 4px; }
fieldset { border: 0; padding: 0; margin: 14px 0; }
fieldset label { display: block; font-weight: 400; margin: 2px 0; }
input[type=text], textarea, select { width: 100%; max-width: 520px; padding: 7px 9px; border: 1px solid #b8c2d3; border-radius: 4px; font: inherit; }
.help { color: #5b6b82; font-size: 13px; margin: 2px 0; }
.error { color: #b3261e; font-size: 14px; margin: 4px 0; }
.suggestion { color: #1d2433; font-size: 14px; margin: 4px 0; }
.field.invalid input, .field.invalid select { border-color: #b3261e; }
.hidden { display: none; }
button, .button { display: inline-block; background: #0b5cd7; color: #fff; border: 0; border-radius: 4px; padding: 8px 18px; font: inherit; font-weight: 600; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: #0b5cd7; border: 1px solid #0b5cd7; }
button.danger { background: #b3261e; }
.actions { margin-top: 22px; display: flex; gap: 10px; align-items: center; }
.check { color: #1a7f37; font-weight: 600; margin: 8px 0; }
.check::before { content: "\2714  "; font-size: 18px; }
.failed { color: #b3261e; font-weight: 600; margin: 8px 0; }
.failed::before { content: "\2716  "; }
.warning { color: #8a5300; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid #e3e8ef; }
.status-connected { color: #1a7f37; }
.status-reauthorization_needed, .status-failed { color: #b3261e; }
.status-pending { color: #8a5300; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.summary dt { font-weight: 600; }
.notice { background: #eef6ee; border-left: 4px solid #1a7f37; padding: 8px 12px; }
.alert { background: #fdecea; border-left: 4px solid #b3261e; padding: 8px 12px; }
pre.plan { background: #f6f8fa; padding: 10px; overflow: auto; font-size: 13px; }
)CSS";
  return css;
}

const std::string& wizard_js() {
  // The only script: shows a field when its visible_when holds (the server
  // checks again; without script every field is shown and the server
  // ignores the answers of invisible ones), and keeps a double click from
  // sending a form twice.
  static const std::string js = R"JS(
(function () {
  function currentValue(form, id) {
    var el = form.querySelector('[name="' + id + '"]:checked') || form.querySelector('select[name="' + id + '"], input[type=text][name="' + id + '"], input[type=hidden][name="' + id + '"]');
    return el ? el.value : '';
  }
  function update(form) {
    form.querySelectorAll('[data-visible-when]').forEach(function (box) {
      var rule = JSON.parse(box.getAttribute('data-visible-when'));
      var show = Object.keys(rule).every(function (id) { return rule[id].indexOf(currentValue(form, id)) >= 0; });
      box.classList.toggle('hidden', !show);
      box.querySelectorAll('input, select, textarea').forEach(function (i) { i.disabled = !show; });
    });
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form').forEach(function (form) {
      update(form);
      form.addEventListener('change', function () { update(form); });
      form.addEventListener('submit', function () {
        setTimeout(function () { form.querySelectorAll('button').forEach(function (b) { b.disabled = true; }); }, 0);
      });
    });
  });
})();
)JS";
  return js;
}

}  // namespace console_host
