// Environment -> login host: what is accepted, how it is normalised, and
// what an admin is told when an input is refused.
#include "login_host.h"

#include <gtest/gtest.h>

#include <string>

namespace {

using salesforce::Environment;
using salesforce::resolve_login_host;

TEST(LoginHost, ProductionAndTestMapToTheGenericLoginHosts) {
  EXPECT_EQ(resolve_login_host(Environment::kProduction, "", false).url, "https://login.salesforce.com");
  EXPECT_EQ(resolve_login_host(Environment::kTest, "", false).url, "https://test.salesforce.com");
}

struct Accepted {
  const char* input;
  const char* url;
};

class CustomDomainAccepted : public ::testing::TestWithParam<Accepted> {};

TEST_P(CustomDomainAccepted, IsNormalisedToAnHttpsLoginHost) {
  const auto h = resolve_login_host(Environment::kCustom, GetParam().input, false);
  EXPECT_TRUE(h.ok) << h.error;
  EXPECT_EQ(h.url, GetParam().url);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, CustomDomainAccepted,
    ::testing::Values(Accepted{"acme", "https://acme.my.salesforce.com"},
                      Accepted{"acme.my.salesforce.com", "https://acme.my.salesforce.com"},
                      Accepted{"https://acme.my.salesforce.com/", "https://acme.my.salesforce.com"},
                      Accepted{"  ACME.My.Salesforce.com  ", "https://acme.my.salesforce.com"},
                      Accepted{"https://acme.my.salesforce.com/lightning/page/home", "https://acme.my.salesforce.com"},
                      Accepted{"acme--uat", "https://acme--uat.sandbox.my.salesforce.com"},
                      Accepted{"acme--uat.sandbox.my.salesforce.com", "https://acme--uat.sandbox.my.salesforce.com"},
                      Accepted{"acme-dev-ed", "https://acme-dev-ed.develop.my.salesforce.com"},
                      Accepted{"acme-dev-ed.develop.my.salesforce.com",
                               "https://acme-dev-ed.develop.my.salesforce.com"},
                      Accepted{"acme.scratch.my.salesforce.com", "https://acme.scratch.my.salesforce.com"},
                      Accepted{"acme.my.site.com", "https://acme.my.site.com"},
                      Accepted{"agency.my.salesforce.mil", "https://agency.my.salesforce.mil"},
                      Accepted{"https://acme.my.salesforce.com:443", "https://acme.my.salesforce.com"},
                      Accepted{"login.salesforce.com", "https://login.salesforce.com"}));

struct Refused {
  const char* input;
  const char* error;
  const char* recommended;
};

class CustomDomainRefused : public ::testing::TestWithParam<Refused> {};

TEST_P(CustomDomainRefused, ExplainsWhyAndSuggestsAFixWhenThereIsOne) {
  const auto h = resolve_login_host(Environment::kCustom, GetParam().input, false);
  EXPECT_FALSE(h.ok);
  EXPECT_EQ(h.error, GetParam().error);
  EXPECT_EQ(h.recommended, GetParam().recommended);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, CustomDomainRefused,
    ::testing::Values(
        Refused{"acme.lightning.force.com",
                "'acme.lightning.force.com' is a Lightning Experience address, not a login host. Use your My Domain "
                "acme.my.salesforce.com instead.",
                "acme.my.salesforce.com"},
        Refused{"https://acme--uat.sandbox.lightning.force.com/lightning/page/home",
                "'acme--uat.sandbox.lightning.force.com' is a Lightning Experience address, not a login host. Use "
                "your My Domain acme--uat.sandbox.my.salesforce.com instead.",
                "acme--uat.sandbox.my.salesforce.com"},
        Refused{"http://acme.my.salesforce.com",
                "Salesforce requires HTTPS: use https://acme.my.salesforce.com (or just acme.my.salesforce.com).",
                "acme.my.salesforce.com"},
        Refused{"example.com",
                "'example.com' is not a Salesforce login host. Enter your org's My Domain, e.g. "
                "acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com (sandbox); "
                "you find it in Setup > My Domain.",
                ""},
        Refused{"acme.my.salesforce.com.evil.example",
                "'acme.my.salesforce.com.evil.example' is not a Salesforce login host. Enter your org's My Domain, "
                "e.g. acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com (sandbox); you find "
                "it in Setup > My Domain.",
                ""},
        Refused{"https://acme.my.salesforce.com:8443",
                "Salesforce login hosts do not use a custom port: use acme.my.salesforce.com.",
                "acme.my.salesforce.com"},
        Refused{"",
                "A custom domain is required. Enter your org's My Domain, e.g. acme.my.salesforce.com "
                "(production) or acme--uat.sandbox.my.salesforce.com (sandbox); you find it in Setup > My Domain.",
                ""},
        Refused{"acme_corp",
                "'acme_corp' is not a valid My Domain name: use letters, digits and hyphens. Enter your "
                "org's My Domain, e.g. acme.my.salesforce.com (production) or "
                "acme--uat.sandbox.my.salesforce.com (sandbox); you find it in Setup > My Domain.",
                ""},
        Refused{"http://127.0.0.1:8443",
                "'http://127.0.0.1:8443' is a local address, not a Salesforce login host. Enter your org's My "
                "Domain, e.g. acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com (sandbox); "
                "you find it in Setup > My Domain.",
                ""},
        Refused{"ftp://acme.my.salesforce.com",
                "'ftp://acme.my.salesforce.com' is not a web address. Enter your org's My Domain, e.g. "
                "acme.my.salesforce.com (production) or acme--uat.sandbox.my.salesforce.com (sandbox); you find it "
                "in Setup > My Domain.",
                ""}));

TEST(LoginHost, TheLoopbackSimulatorIsAcceptedOnlyWithTheDevelopmentSetting) {
  EXPECT_FALSE(resolve_login_host(Environment::kCustom, "http://127.0.0.1:8443", false).ok);
  const auto h = resolve_login_host(Environment::kCustom, "http://127.0.0.1:8443", true);
  EXPECT_TRUE(h.ok) << h.error;
  EXPECT_EQ(h.url, "http://127.0.0.1:8443");
  EXPECT_EQ(resolve_login_host(Environment::kCustom, "localhost:9000", true).url, "http://localhost:9000");
  EXPECT_EQ(resolve_login_host(Environment::kCustom, "http://127.0.0.1", true).error,
            "A loopback login host needs a port, e.g. http://127.0.0.1:8443.");
}

TEST(LoginHost, EnvironmentWordsAreParsedExactlyAndWrittenBack) {
  using salesforce::parse_environment;
  EXPECT_EQ(parse_environment("production"), Environment::kProduction);
  EXPECT_EQ(parse_environment("test"), Environment::kTest);
  EXPECT_EQ(parse_environment("custom"), Environment::kCustom);
  for (const char* unknown : {"staging", "", "Production", " custom", "sandbox"}) {
    EXPECT_EQ(parse_environment(unknown), std::nullopt) << unknown;
  }
  for (Environment e : {Environment::kProduction, Environment::kTest, Environment::kCustom}) {
    EXPECT_EQ(parse_environment(salesforce::to_string(e)), e);
  }
}

struct TrustCase {
  const char* url;
  bool trusted;
  bool loopback_allowed = false;  // the development setting allow_loopback_login_host
};

class TrustedInstanceUrlTricky : public ::testing::TestWithParam<TrustCase> {};

// The URL is read as libcurl (which sends the tokens) reads it; a URL that
// libcurl would read into another host than it seems to name is refused.
TEST_P(TrustedInstanceUrlTricky, IsTrustedOnlyWhenItPlainlyNamesASalesforceHost) {
  EXPECT_EQ(salesforce::is_trusted_salesforce_url(GetParam().url, GetParam().loopback_allowed), GetParam().trusted)
      << GetParam().url;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, TrustedInstanceUrlTricky,
    ::testing::Values(
        // Salesforce hosts over https only; loopback only with the development setting.
        TrustCase{"https://acme.my.salesforce.com", true, false},
        TrustCase{"https://na123.salesforce.com", true, false},
        TrustCase{"http://acme.my.salesforce.com", false, false}, TrustCase{"https://evil.example", false, false},
        TrustCase{"https://salesforce.com.evil.example", false, false},
        TrustCase{"http://127.0.0.1:5000", false, false}, TrustCase{"http://127.0.0.1:5000", true, true},
        // Loopback only with the development setting, and only plainly spelled.
        TrustCase{"http://localhost:5000", true, true}, TrustCase{"https://127.0.0.1:5000/x", true, true},
        TrustCase{"http://localhost:5000", false, false}, TrustCase{"http://2130706433:5000", false, true},
        TrustCase{"http://0x7f.0.0.1:5000", false, true}, TrustCase{"http://[::1]:5000", false, true},
        TrustCase{"http://user@127.0.0.1:5000", false, true}, TrustCase{"ftp://127.0.0.1:5000", false, true},
        // A user name in front of the host: libcurl connects to the host after
        // '@'; Salesforce never names an instance so.
        TrustCase{"https://evil@x.my.salesforce.com", false}, TrustCase{"https://x:pw@x.my.salesforce.com", false},
        TrustCase{"https://x.my.salesforce.com@evil.com", false},
        TrustCase{"https://x.my.salesforce.com%2F@evil.com", false},
        // A Salesforce name as the start of another domain.
        TrustCase{"https://x.my.salesforce.com.evil.com", false}, TrustCase{"https://salesforce.com.evil.com", false},
        TrustCase{"https://evil.com/x.my.salesforce.com", false},
        TrustCase{"https://evil.com?x.my.salesforce.com", false},
        TrustCase{"https://evil.com#x.my.salesforce.com", false},
        // Backslashes: libcurl reads the host as the one after the '@'.
        TrustCase{"https://x.my.salesforce.com\\@evil.com", false}, TrustCase{"https:\\\\x.my.salesforce.com", false},
        TrustCase{"https://x.my.salesforce.com\\", false},
        // Case and a trailing dot name the same host.
        TrustCase{"https://X.MY.SALESFORCE.COM", true}, TrustCase{"HTTPS://Na1.Salesforce.com/", true},
        TrustCase{"https://x.my.salesforce.com.", true}, TrustCase{"https://x.my.salesforce.com./services", true},
        TrustCase{"https://x.my.salesforce.com..", true},
        // IPv6 and IPv4 literals are no Salesforce host.
        TrustCase{"https://[::1]", false}, TrustCase{"https://[::1]:443", false},
        TrustCase{"https://[2001:db8::1]/x.my.salesforce.com", false}, TrustCase{"https://127.0.0.1", false},
        // Ports: 443 only, spelled as such.
        TrustCase{"https://x.my.salesforce.com:443", true}, TrustCase{"https://x.my.salesforce.com:443/path", true},
        TrustCase{"https://x.my.salesforce.com:8443", false}, TrustCase{"https://x.my.salesforce.com:0443", false},
        TrustCase{"https://x.my.salesforce.com:", false}, TrustCase{"https://x.my.salesforce.com:abc", false},
        TrustCase{"https://x.my.salesforce.com:99999", false},
        // A percent-encoded host: libcurl decodes it; Salesforce never sends one.
        TrustCase{"https://x%2Emy.salesforce.com", false}, TrustCase{"https://%78.my.salesforce.com", false},
        TrustCase{"https://x.my.salesforce%2Ecom", false},
        // Not an absolute https URL.
        TrustCase{"x.my.salesforce.com", false}, TrustCase{"//x.my.salesforce.com", false},
        TrustCase{"https:/x.my.salesforce.com", false}, TrustCase{"https:///x.my.salesforce.com", false},
        TrustCase{"ftp://x.my.salesforce.com", false}, TrustCase{" https://x.my.salesforce.com", false},
        TrustCase{"", false},
        // Labels must be host-name labels.
        TrustCase{"https://x_y.my.salesforce.com", false}, TrustCase{"https://-x.my.salesforce.com", false},
        TrustCase{"https://.my.salesforce.com", false}, TrustCase{"https://my.salesforce.com", true},
        TrustCase{"https://acme--uat.sandbox.my.salesforce.com", true}, TrustCase{"https://cs42.force.com", true}));

TEST(TrustedInstanceUrl, AUrlWithANulByteIsNotTrusted) {
  EXPECT_FALSE(salesforce::is_trusted_salesforce_url(std::string("https://x.my.salesforce.com\0.evil.com", 37), false));
}

struct TypedCase {
  const char* input;
  const char* url;  // "" = refused
};

class CustomDomainTricky : public ::testing::TestWithParam<TypedCase> {};

TEST_P(CustomDomainTricky, IsReadAsLibcurlReadsIt) {
  const auto h = resolve_login_host(Environment::kCustom, GetParam().input, false);
  EXPECT_EQ(h.ok ? h.url : std::string(), GetParam().url) << GetParam().input << ": " << h.error;
  if (!h.ok) {
    EXPECT_FALSE(h.error.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, CustomDomainTricky,
    ::testing::Values(TypedCase{"https://evil@acme.my.salesforce.com", ""},
                      TypedCase{"evil@acme.my.salesforce.com", ""}, TypedCase{"acme.my.salesforce.com.evil.com", ""},
                      TypedCase{"acme.my.salesforce.com\\", ""},
                      TypedCase{"https://acme.my.salesforce.com\\@evil.com", ""},
                      TypedCase{"ACME.MY.SALESFORCE.COM", "https://acme.my.salesforce.com"},
                      TypedCase{"acme.my.salesforce.com.", "https://acme.my.salesforce.com"},
                      TypedCase{"acme.", "https://acme.my.salesforce.com"}, TypedCase{"[::1]:443", ""},
                      TypedCase{"https://[::1]", ""},
                      TypedCase{"acme.my.salesforce.com:443", "https://acme.my.salesforce.com"},
                      TypedCase{"acme.my.salesforce.com:0443", ""}, TypedCase{"acme.my.salesforce.com:8443", ""},
                      TypedCase{"%61cme.my.salesforce.com", ""}, TypedCase{"https://acme%2Emy.salesforce.com", ""},
                      TypedCase{"acme?x", ""}, TypedCase{"acme/", ""}, TypedCase{"acme corp", ""},
                      TypedCase{"https://acme.my.salesforce.com?next=/x#y", "https://acme.my.salesforce.com"}));

}  // namespace
