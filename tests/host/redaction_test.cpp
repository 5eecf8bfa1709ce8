// Redaction: secrets never reach the terminal, whatever shape they come in.
#include "redaction.hpp"

#include <gtest/gtest.h>

namespace console_host {
namespace {

struct Case {
  std::string in;
  std::string out;
};

TEST(RedactionTest, MasksSecretsInEveryShape) {
  Redactor r;
  r.add_secret("sim-consumer-secret");
  const Case cases[] = {
      {"http://127.0.0.1:5/oauth/callback?code=aPrxABC123&state=xyz",
       "http://127.0.0.1:5/oauth/callback?code=[redacted]&state=xyz"},
      {"grant_type=refresh_token&refresh_token=5Aep&client_secret=abc",
       "grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]"},
      {R"({"access_token":"00Dxx!AQ","instance_url":"https://x"})",
       R"({"access_token":"[redacted]","instance_url":"https://x"})"},
      {"Authorization: Bearer 00Dxx!AQcAQH.abc", "Authorization: Bearer [redacted]"},
      {"the secret is sim-consumer-secret.", "the secret is [redacted]."},
      {"code_verifier=abc-def_123", "code_verifier=[redacted]"},
      {"error_code=42 and nothing else", "error_code=42 and nothing else"},
      {"plain text", "plain text"},
      {"Code=abc&PASSWORD=hunter2 x;sid=99", "Code=[redacted]&PASSWORD=[redacted] x;sid=[redacted]"},
      {"xcode=abc mytoken=def", "xcode=abc mytoken=def"},
      {"code=&state=1", "code=&state=1"},
      {R"({"Refresh_Token" : "a\"b", "n":"code"})", R"({"Refresh_Token":"[redacted]", "n":"code"})"},
      {R"({"token":"never closed)", R"({"token":"never closed)"},
      {"OAuth  abc.def and bearer\tx", "OAuth [redacted] and bearer [redacted]"},
      {"Bearer ", "Bearer "},
  };
  for (const auto& c : cases) EXPECT_EQ(r.redact(c.in), c.out) << c.in;
}

// Once crashes: std::regex_replace recursed once per character of a token.
TEST(RedactionTest, LongTokensAreMaskedWithoutCrashing) {
  Redactor r;
  const std::string token(100000, 'A');
  EXPECT_EQ(r.redact("INVALID_SESSION_ID: Bearer " + token + " rejected"),
            "INVALID_SESSION_ID: Bearer [redacted] rejected");
  EXPECT_EQ(r.redact("{\"access_token\":\"" + token + "\"}"), "{\"access_token\":\"[redacted]\"}");
  EXPECT_EQ(r.redact("refresh_token=" + token + "&x=1"), "refresh_token=[redacted]&x=1");
}

}  // namespace
}  // namespace console_host
