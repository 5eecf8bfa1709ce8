#include "login_host.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <string_view>

#include "url_codec.h"

namespace salesforce {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// One DNS label of a My Domain name: letters, digits and hyphens, not at the
// ends ("acme--uat" is a valid sandbox name).
bool valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; });
}

// My Domain suffixes Salesforce serves login on. Partitioned domains
// (sandbox, develop, scratch, ...) come first so they are matched whole.
constexpr std::array<std::string_view, 12> kMyDomainSuffixes = {
    ".sandbox.my.salesforce.com",    ".develop.my.salesforce.com", ".scratch.my.salesforce.com",
    ".trailblaze.my.salesforce.com", ".demo.my.salesforce.com",    ".patch.my.salesforce.com",
    ".free.my.salesforce.com",       ".my.salesforce.com",         ".my.salesforce.mil",
    ".my.sfcrmproducts.cn",          ".my-salesforce.com",         ".my.site.com"};

// Lightning UI suffix -> the My Domain suffix of the same org.
struct LightningMapping {
  std::string_view lightning;
  std::string_view my_domain;
};
constexpr std::array<LightningMapping, 6> kLightningSuffixes = {{
    {".sandbox.lightning.force.com", ".sandbox.my.salesforce.com"},
    {".develop.lightning.force.com", ".develop.my.salesforce.com"},
    {".scratch.lightning.force.com", ".scratch.my.salesforce.com"},
    {".lightning.force.com", ".my.salesforce.com"},
    {".lightning.crmforce.mil", ".my.salesforce.mil"},
    {".lightning.sfcrmapps.cn", ".my.sfcrmproducts.cn"},
}};

// A bare My Domain name -> its host. Enhanced-domain naming tells the kind:
// "acme--uat" is sandbox "uat" of "acme", "acme-dev-ed" a Developer Edition.
std::string host_for_bare_name(const std::string& name) {
  if (name.find("--") != std::string::npos) return name + ".sandbox.my.salesforce.com";
  if (ends_with(name, "-dev-ed")) return name + ".develop.my.salesforce.com";
  return name + ".my.salesforce.com";
}

// An address as libcurl reads it, reduced to what the checks look at: the
// scheme ("" when the admin typed none), the host lower-case and without a
// trailing dot (DNS names are case-insensitive, "host." is "host"), the
// explicit port.
struct Address {
  std::string scheme, host, port;
  bool has_userinfo = false;
};

Address address_of(const UrlParts& p, bool scheme_given) {
  Address a;
  a.scheme = scheme_given ? p.scheme : std::string();
  a.host = lower(p.host);
  while (!a.host.empty() && a.host.back() == '.') a.host.pop_back();
  a.port = p.port;
  a.has_userinfo = p.has_userinfo;
  return a;
}

// True when `text` spells its authority the way libcurl read it: `prefix`
// ("scheme://host" or "host", case aside) and then the end, a path, a query,
// a fragment or ":" and exactly the port libcurl read. Refuses what libcurl
// reads leniently into another spelling: a percent-encoded host, a number
// for an IPv4 address, "https:/host", a port with leading zeros.
bool spelled_as_read(const std::string& text, const std::string& prefix, const std::string& port) {
  const std::string t = lower(text);
  if (t.compare(0, prefix.size(), lower(prefix)) != 0) return false;
  const std::string rest = t.substr(prefix.size());
  if (rest.empty() || rest[0] == '/' || rest[0] == '?' || rest[0] == '#') return port.empty();
  if (rest[0] != ':' || port.empty() || rest.compare(1, port.size(), port) != 0) return false;
  const std::string after = rest.substr(1 + port.size());
  return after.empty() || after[0] == '/' || after[0] == '?' || after[0] == '#';
}

// libcurl's reading of what an admin typed as a custom domain: with a scheme
// ("https://acme.my.salesforce.com/") or without ("acme", "localhost:9000").
std::optional<Address> read_typed_address(const std::string& input) {
  bool scheme_given = true;
  std::optional<UrlParts> p = parse_url_parts(input);
  if (!p) {
    scheme_given = false;
    p = parse_url_parts(input, true);
  }
  if (!p) return std::nullopt;
  const std::string prefix = scheme_given ? p->scheme + "://" + p->host : p->host;
  if (!p->has_userinfo && !spelled_as_read(input, prefix, p->port)) return std::nullopt;
  return address_of(*p, scheme_given);
}

bool is_loopback_host(const std::string& host) { return host == "127.0.0.1" || host == "localhost"; }

bool valid_port(const std::string& port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); })) return false;
  const long p = std::stol(port);
  return p > 0 && p < 65536;
}

// True when every label before `suffix` is valid and there is at least one.
bool valid_prefix(const std::string& host, std::string_view suffix) {
  const std::string prefix = host.substr(0, host.size() - suffix.size());
  if (prefix.empty()) return false;
  std::string_view rest = prefix;
  while (true) {
    const auto dot = rest.find('.');
    if (!valid_label(rest.substr(0, dot))) return false;
    if (dot == std::string_view::npos) return true;
    rest = rest.substr(dot + 1);
  }
}

bool is_salesforce_login_host(const std::string& host) {
  if (host == "login.salesforce.com" || host == "test.salesforce.com") return true;
  for (auto suffix : kMyDomainSuffixes) {
    if (ends_with(host, suffix)) return valid_prefix(host, suffix);
  }
  return false;
}

constexpr const char* kMyDomainHelp =
    "Enter your org's My Domain, e.g. acme.my.salesforce.com (production) or "
    "acme--uat.sandbox.my.salesforce.com (sandbox); you find it in Setup > My Domain.";

LoginHost refuse(std::string error, std::string recommended = {}) {
  LoginHost h;
  h.error = std::move(error);
  h.recommended = std::move(recommended);
  return h;
}

LoginHost resolve_custom(const std::string& raw, bool allow_loopback) {
  const std::string input = trim(raw);
  if (input.empty()) return refuse(std::string("A custom domain is required. ") + kMyDomainHelp);
  if (input.size() > 255) return refuse("The custom domain is longer than 255 characters.");

  const std::optional<Address> read = read_typed_address(input);
  if (!read) {
    // Nothing libcurl can read: a name with a character no host name has,
    // or not an address at all.
    if (input.find_first_of(".:/") == std::string::npos) {
      return refuse("'" + input + "' is not a valid My Domain name: use letters, digits and hyphens. " + kMyDomainHelp);
    }
    return refuse("'" + input + "' is not a web address. " + kMyDomainHelp);
  }
  Address u = *read;
  if (!u.scheme.empty() && u.scheme != "https" && u.scheme != "http") {
    return refuse("'" + input + "' is not a web address. " + kMyDomainHelp);
  }
  if (u.has_userinfo) return refuse("'" + input + "' is not a Salesforce login host. " + kMyDomainHelp);

  if (is_loopback_host(u.host)) {
    if (!allow_loopback) {
      return refuse("'" + input + "' is a local address, not a Salesforce login host. " + kMyDomainHelp);
    }
    if (!valid_port(u.port)) return refuse("A loopback login host needs a port, e.g. http://127.0.0.1:8443.");
    LoginHost h;
    h.ok = true;
    h.url = (u.scheme.empty() ? std::string("http") : u.scheme) + "://" + u.host + ":" + u.port;
    h.domain = h.url;
    return h;
  }

  if (u.host.empty()) return refuse("'" + input + "' has no host name. " + kMyDomainHelp);

  // A bare name ("acme", "acme--uat") is the My Domain name itself.
  if (u.scheme.empty() && u.port.empty() && input.find_first_of("/?#") == std::string::npos &&
      u.host.find('.') == std::string::npos) {
    if (!valid_label(u.host)) {
      return refuse("'" + input + "' is not a valid My Domain name: use letters, digits and hyphens. " + kMyDomainHelp);
    }
    u.host = host_for_bare_name(u.host);
  }

  for (const auto& m : kLightningSuffixes) {
    if (ends_with(u.host, m.lightning)) {
      const std::string suggestion = u.host.substr(0, u.host.size() - m.lightning.size()) + std::string(m.my_domain);
      return refuse("'" + u.host + "' is a Lightning Experience address, not a login host. Use your My Domain " +
                        suggestion + " instead.",
                    suggestion);
    }
  }

  if (!is_salesforce_login_host(u.host)) {
    return refuse("'" + u.host + "' is not a Salesforce login host. " + kMyDomainHelp);
  }
  if (u.scheme == "http") {
    return refuse("Salesforce requires HTTPS: use https://" + u.host + " (or just " + u.host + ").", u.host);
  }
  if (!u.port.empty() && u.port != "443") {
    return refuse("Salesforce login hosts do not use a custom port: use " + u.host + ".", u.host);
  }

  LoginHost h;
  h.ok = true;
  h.url = "https://" + u.host;
  h.domain = u.host;
  return h;
}

}  // namespace

LoginHost resolve_login_host(Environment environment, const std::string& custom_domain, bool allow_loopback) {
  LoginHost h;
  switch (environment) {
    case Environment::kProduction:
      h.ok = true;
      h.url = kProductionLoginUrl;
      return h;
    case Environment::kTest:
      h.ok = true;
      h.url = kTestLoginUrl;
      return h;
    case Environment::kCustom:
      return resolve_custom(custom_domain, allow_loopback);
  }
  return refuse("Choose an environment: Custom Domain, Production or Test.");
}

bool is_trusted_salesforce_url(const std::string& url, bool allow_loopback) {
  // Read as libcurl, which sends the tokens, reads it; and only a URL that
  // names its host plainly, with no user name in front of it.
  const std::optional<UrlParts> p = parse_url_parts(url);
  if (!p || p->has_userinfo || !spelled_as_read(url, p->scheme + "://" + p->host, p->port)) return false;
  const Address u = address_of(*p, true);
  if (is_loopback_host(u.host)) return allow_loopback && (u.scheme == "http" || u.scheme == "https");
  if (u.scheme != "https") return false;
  if (!u.port.empty() && u.port != "443") return false;
  if (is_salesforce_login_host(u.host)) return true;
  // Instance hosts (na1.salesforce.com, cs42.salesforce.com) and
  // government/China instance domains.
  for (std::string_view suffix : {".salesforce.com", ".force.com", ".salesforce.mil", ".sfcrmproducts.cn"}) {
    if (ends_with(u.host, suffix) && valid_prefix(u.host, suffix)) return true;
  }
  return false;
}

}  // namespace salesforce
