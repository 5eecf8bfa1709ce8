// Parts of `console-host serve` that need no server: form decoding and
// escaping, the [serve] configuration and its loopback rule, the session
// and run registry (ownership, OAuth state binding, expiry), the web
// renderer's labels and errors.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "host_config.hpp"
#include "host_error.hpp"
#include "serve/html.hpp"
#include "serve/serve_config.hpp"
#include "serve/web_state.hpp"
#include "serve/wizard_page.hpp"
#include "wizard/schema.hpp"

namespace console_host {
namespace {

TEST(ServeHtml, EscapesAndDecodes) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(url_encode("Sales Ops/é"), "Sales%20Ops%2F%C3%A9");
  auto f = parse_form("project=Sales+Ops&name=a%26b&empty=&flag");
  EXPECT_EQ(f["project"], "Sales Ops");
  EXPECT_EQ(f["name"], "a&b");
  EXPECT_EQ(f["empty"], "");
  EXPECT_EQ(f.count("flag"), 1u);
}

TEST(ServeConfig, DefaultsAndTheLoopbackRule) {
  HostConfig host;
  ServeConfig c = load_serve_config(host, "", "");
  EXPECT_EQ(c.address, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.redirect_uri(), "http://127.0.0.1:8080/oauth/callback");
  EXPECT_FALSE(c.secure());
  EXPECT_DOUBLE_EQ(c.keepalive_idle_days, 7);
  EXPECT_EQ(load_serve_config(host, "127.0.0.1:9000", "https://console.example/").redirect_uri(),
            "https://console.example/oauth/callback");
  try {
    load_serve_config(host, "0.0.0.0:8080", "");
    FAIL() << "a non-loopback listen without TLS was accepted";
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_STREQ(e.what(), "serving on 0.0.0.0 (not a loopback address) requires TLS and an admin credential");
  }
  EXPECT_THROW(load_serve_config(host, "localhost", ""), HostError);
  // With TLS and an admin credential any address may be served, over https.
  HostConfig tls;
  tls.plugin_sections["serve"] = R"({"tls_cert":"c.pem","tls_key":"k.pem","admin_password":"pw"})";
  ServeConfig open = load_serve_config(tls, "0.0.0.0:8443", "");
  EXPECT_TRUE(open.tls());
  EXPECT_TRUE(open.requires_login());
  EXPECT_EQ(open.public_url, "https://0.0.0.0:8443");
  EXPECT_TRUE(open.secure());
  host.plugin_sections["serve"] = R"({"threads":0})";
  EXPECT_THROW(load_serve_config(host, "", ""), HostError);
}

TEST(ServeWebState, RunsBelongToTheirSessionAndExpire) {
  WebState state;
  auto t0 = std::chrono::steady_clock::now();
  bool created = false;
  auto a = state.session_for("", t0, &created);
  EXPECT_TRUE(created);
  EXPECT_EQ(a->id.size(), 64u);
  EXPECT_NE(a->id, a->csrf);
  auto again = state.session_for(a->id, t0, &created);
  EXPECT_FALSE(created);
  EXPECT_EQ(again, a);
  auto b = state.session_for("forged", t0, &created);
  EXPECT_TRUE(created);
  EXPECT_NE(b->id, "forged");

  auto run = std::make_shared<WizardRun>();
  run->id = random_token();
  run->owner = a->id;
  run->last_active = t0;
  state.add_run(run);
  EXPECT_EQ(state.find_run(run->id, a->id), run);
  EXPECT_EQ(state.find_run(run->id, b->id), nullptr);
  state.bind_oauth_state("s1", run->id);
  EXPECT_EQ(state.run_for_oauth_state("s1"), run);
  state.park_redirect("s1", "http://x/oauth/callback?code=c");
  EXPECT_EQ(*state.take_parked("s1"), "http://x/oauth/callback?code=c");
  EXPECT_FALSE(state.take_parked("s1"));

  // Idle for longer than the run limit: closed, and its state forgotten.
  EXPECT_EQ(state.sweep(t0 + std::chrono::seconds(5), std::chrono::hours(1), std::chrono::seconds(10)), 0u);
  EXPECT_EQ(state.sweep(t0 + std::chrono::seconds(11), std::chrono::hours(1), std::chrono::seconds(10)), 1u);
  EXPECT_EQ(state.find_run(run->id, a->id), nullptr);
  EXPECT_EQ(state.run_for_oauth_state("s1"), nullptr);
  EXPECT_EQ(state.session_count(), 2u);
  EXPECT_EQ(state.sweep(t0 + std::chrono::hours(2), std::chrono::hours(1), std::chrono::seconds(10)), 0u);
  EXPECT_EQ(state.session_count(), 0u);
}

TEST(ServeWizardPage, EveryFieldHasItsLabelAndItsErrorsAndSuggestions) {
  WizardStep step = host_step({{"salesforce", "Salesforce", ""}});
  std::string html = render_fields(step, {{"name", "<SF>"}}, {{"name", {"is already used"}}}, {{"name", {"SF 2"}}});
  EXPECT_NE(html.find("<label for=\"f-name\">Name</label>"), std::string::npos) << html;
  EXPECT_NE(html.find("value=\"&lt;SF&gt;\""), std::string::npos);
  EXPECT_NE(html.find("<p class=\"error\" id=\"err-name-0\">Name: is already used</p>"), std::string::npos);
  EXPECT_NE(html.find("Did you mean <strong>SF 2</strong>?"), std::string::npos);
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(html.find("<label for=\"f-description\">Description (optional)</label>"), std::string::npos);
  EXPECT_NE(html.find("<label for=\"f-type\">Type</label>"), std::string::npos);
  EXPECT_NE(html.find("<option value=\"salesforce\" selected>Salesforce</option>"), std::string::npos);
}

}  // namespace
}  // namespace console_host
