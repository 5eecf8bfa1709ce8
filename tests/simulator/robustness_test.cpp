// Malformed input, concurrency, TLS and process behaviour: the simulator
// answers bad requests the way Salesforce would and keeps serving.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <regex>
#include <thread>

#include "sim_fixture.h"

namespace sfsim_test {
namespace {

using Robustness = SimTest;

int port_of(const std::string& base_url) { return std::stoi(base_url.substr(base_url.rfind(':') + 1)); }

// Sends raw bytes and returns whatever comes back before the server closes.
std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return {};
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ssize_t ignored = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  (void)ignored;
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

TEST_F(Robustness, MalformedRequestsGetSalesforceErrorsAndTheServerKeepsServing) {
  const std::string at = password_token(base(), "admin@simorg.example");
  struct Case {
    const char* name;
    HttpResult result;
    long status;
    const char* needle;
  };
  HttpRequest del;
  del.method = "PUT";
  del.url = url("/services/data/v62.0/sobjects");
  del.headers = {bearer(at)};
  const std::vector<Case> cases = {
      {"bad form encoding",
       post(url("/services/oauth2/token"), "grant_type=password&username=%ZZ", "application/x-www-form-urlencoded"),
       400, "\"error\":\"invalid_request\""},
      {"bad JSON", post(rest("/composite"), "{\"compositeRequest\":[", "application/json", {bearer(at)}), 400,
       "JSON_PARSER_ERROR"},
      {"bad XML", post(url("/services/Soap/m/62.0"), "<a><b></a>", "text/xml"), 500,
       "<faultcode>soapenv:Client</faultcode>"},
      {"not a SOAP envelope", post(url("/services/Soap/m/62.0"), "<hello/>", "text/xml"), 500, "soapenv:Client"},
      {"oversized body", post(rest("/composite"), std::string(11 * 1024 * 1024, 'x'), "application/json", {bearer(at)}),
       413, "REQUEST_ENTITY_TOO_LARGE"},
      {"unknown path", get(url("/services/nothing/here")), 404, "\"errorCode\":\"NOT_FOUND\""},
      {"unknown REST resource", get(rest("/nothing"), {bearer(at)}), 404, "NOT_FOUND"},
      {"wrong method", http(del), 405, "METHOD_NOT_ALLOWED"},
      {"bad SOQL", get(rest("/query?q=DROP%20TABLE"), {bearer(at)}), 400, "MALFORMED_QUERY"},
      {"bad control JSON", post_json(url("/__sim/clock/advance"), "[1,2"), 400, "bad_json"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.result.status, c.status) << c.name << ": " << c.result.body.substr(0, 200) << c.result.error;
    EXPECT_NE(c.result.body.find(c.needle), std::string::npos) << c.name << ": " << c.result.body.substr(0, 200);
  }
  const std::string garbage = raw_exchange(port_of(base()), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(garbage.rfind("HTTP/1.1 400", 0), 0u) << garbage;
  const std::string bad_header = raw_exchange(port_of(base()), "GET / HTTP/1.1\r\nHost x\r\n\r\n");
  EXPECT_EQ(bad_header.rfind("HTTP/1.1 400", 0), 0u) << bad_header;
  const std::string huge_header =
      raw_exchange(port_of(base()), "GET /services/data/ HTTP/1.1\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge_header.rfind("HTTP/1.1 431", 0), 0u) << huge_header.substr(0, 100);
  EXPECT_EQ(get(url("/services/data/")).status, 200);
}

// Each of these once exhausted the stack of a recursive parser (rapidxml,
// RapidJSON, the SOQL parser): now each gets Salesforce's error.
TEST_F(Robustness, DeeplyNestedRequestsGetErrorsNotACrash) {
  const std::string at = password_token(base(), "admin@simorg.example");
  std::string soap_bomb;
  for (int i = 0; i < 100000; ++i) soap_bomb += "<a>";
  for (int i = 0; i < 100000; ++i) soap_bomb += "</a>";
  const HttpResult soap_result = post(url("/services/Soap/m/62.0"), soap_bomb, "text/xml");
  EXPECT_EQ(soap_result.status, 500) << soap_result.error;
  EXPECT_NE(soap_result.body.find("<faultcode>soapenv:Client</faultcode><faultstring>Could not parse the request: "
                                  "elements are nested deeper than 128 levels</faultstring>"),
            std::string::npos)
      << soap_result.body.substr(0, 300);

  const std::string json_bomb = std::string(1000000, '[') + std::string(1000000, ']');
  const HttpResult composite = post(rest("/composite"), json_bomb, "application/json", {bearer(at)});
  EXPECT_EQ(composite.status, 400);
  EXPECT_NE(composite.body.find("JSON_PARSER_ERROR"), std::string::npos) << composite.body.substr(0, 300);
  const HttpResult control = post_json(url("/__sim/clock/advance"), json_bomb);
  EXPECT_EQ(control.status, 400);
  EXPECT_NE(control.body.find("bad_json"), std::string::npos) << control.body.substr(0, 300);

  const std::string soql =
      "SELECT+Id+FROM+Account+WHERE+" + std::string(7000, '(') + "Name='x'" + std::string(7000, ')');
  const HttpResult query = get(rest("/query?q=" + soql), {bearer(at)});
  EXPECT_EQ(query.status, 400) << query.body.substr(0, 300);
  EXPECT_NE(query.body.find("MALFORMED_QUERY"), std::string::npos) << query.body.substr(0, 300);
  EXPECT_NE(query.body.find("the condition is nested more than 100 levels deep"), std::string::npos)
      << query.body.substr(0, 300);

  EXPECT_EQ(get(url("/services/data/")).status, 200);
}

class Barrier {
 public:
  explicit Barrier(int n) : remaining_(n) {}
  void arrive_and_wait() {
    std::unique_lock<std::mutex> lock(mu_);
    if (--remaining_ == 0)
      cv_.notify_all();
    else
      cv_.wait(lock, [this] { return remaining_ <= 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int remaining_;
};

TEST_F(Robustness, ServesTwoHundredConcurrentKeepAliveConnections) {
  constexpr int kConnections = 200;
  constexpr int kRequestsEach = 3;
  const std::string at = password_token(base(), "admin@simorg.example");
  const std::string target = rest("/query?q=" + url_encode("SELECT PermissionsApiEnabled FROM UserPermissionAccess"));
  const std::string auth = bearer(at);
  Barrier all_connected(kConnections);
  std::mutex mu;
  int ok = 0, reused = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i) {
    threads.emplace_back([&] {
      CURL* curl = curl_easy_init();
      std::string sink;
      curl_slist* headers = curl_slist_append(nullptr, auth.c_str());
      curl_easy_setopt(curl, CURLOPT_URL, target.c_str());
      curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
      curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
      curl_easy_setopt(
          curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
      curl_easy_setopt(curl, CURLOPT_WRITEDATA, &sink);
      int local_ok = 0, local_reused = 0;
      for (int r = 0; r < kRequestsEach; ++r) {
        long status = 0, new_connections = 0;
        if (curl_easy_perform(curl) == CURLE_OK) {
          curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
          curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &new_connections);
        }
        if (status == 200) ++local_ok;
        if (r > 0 && new_connections == 0) ++local_reused;
        if (r == 0) all_connected.arrive_and_wait();  // every connection is open at once
      }
      curl_slist_free_all(headers);
      curl_easy_cleanup(curl);
      std::lock_guard<std::mutex> lock(mu);
      ok += local_ok;
      reused += local_reused;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, kConnections * kRequestsEach);
  EXPECT_EQ(reused, kConnections * (kRequestsEach - 1));
  EXPECT_EQ(state()["api_usage"]["used"].GetInt(), kConnections * kRequestsEach);
}

TEST(SimProcessTest, FirstLineAnnouncesTheBaseUrlAndSigtermExitsCleanly) {
  SimProcess sim;
  EXPECT_TRUE(std::regex_match(sim.first_line(), std::regex("sfsim listening at http://127\\.0\\.0\\.1:\\d+")))
      << sim.first_line();
  EXPECT_EQ(get(sim.base_url() + "/services/data/").status, 200);
  EXPECT_EQ(sim.terminate(), 0);
}

std::string temp_dir() {
  char tmpl[] = "/tmp/sfsim-test-XXXXXX";
  const char* dir = mkdtemp(tmpl);
  return dir ? dir : "/tmp";
}

TEST(SimProcessTest, ServesHttpsWithTheGivenCertificate) {
  const std::string dir = temp_dir();
  const std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout " +
      dir + "/key.pem -out " + dir + "/cert.pem >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl req failed";
  SimProcess sim({"--tls-cert", dir + "/cert.pem", "--tls-key", dir + "/key.pem"});
  ASSERT_TRUE(std::regex_match(sim.first_line(), std::regex("sfsim listening at https://127\\.0\\.0\\.1:\\d+")))
      << sim.first_line();
  HttpRequest req;
  req.url = sim.base_url() + "/services/data/";
  req.ca_file = dir + "/cert.pem";
  const HttpResult r = http(req);
  EXPECT_EQ(r.status, 200) << r.error;
  const HttpResult token = [&] {
    HttpRequest t;
    t.method = "POST";
    t.url = sim.base_url() + "/services/oauth2/token";
    t.ca_file = dir + "/cert.pem";
    t.headers = {"Content-Type: application/x-www-form-urlencoded"};
    t.body = form({{"grant_type", "password"},
                   {"client_id", kClientId},
                   {"client_secret", kClientSecret},
                   {"username", "admin@simorg.example"},
                   {"password", kPassword}});
    return http(t);
  }();
  ASSERT_EQ(token.status, 200);
  EXPECT_EQ(std::string(parse_json(token.body)["instance_url"].GetString()), sim.base_url());
  EXPECT_EQ(sim.terminate(), 0);
  std::system(("rm -rf " + dir).c_str());
}

TEST(SimProcessTest, OrgFileReplacesTheBuiltInOrg) {
  const std::string dir = temp_dir();
  std::ofstream(dir + "/org.json") << R"({"organization":{"id":"00D000000OTHERX","name":"Other"},
    "connected_app":{"client_id":"cid","client_secret":"sec","callback_urls":["http://localhost:1/cb"]},
    "profiles":[{"name":"Admin","permissions":["ApiEnabled","ModifyAllData"]}],
    "users":[{"username":"only@other.example","password":"pw","profile":"Admin"}]})";
  SimProcess sim({"--org", dir + "/org.json"});
  ASSERT_FALSE(sim.base_url().empty());
  const HttpResult r = post_form(sim.base_url() + "/services/oauth2/token", {{"grant_type", "password"},
                                                                             {"client_id", "cid"},
                                                                             {"client_secret", "sec"},
                                                                             {"username", "only@other.example"},
                                                                             {"password", "pw"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(std::string(parse_json(r.body)["id"].GetString()).find("/id/00D000000OTHERX"), std::string::npos);
  std::system(("rm -rf " + dir).c_str());
}

TEST(SimProcessTest, BadOrgFileIsReportedWithItsPathAndExitCode1) {
  const std::string dir = temp_dir();
  std::ofstream(dir + "/org.json") << R"({"organization":{"id":"001BAD"}})";
  const std::string cmd = sfsim_binary() + " --port 0 --org " + dir + "/org.json 2>" + dir + "/err.txt";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::ifstream err(dir + "/err.txt");
  const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("organization.id"), std::string::npos) << text;
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace sfsim_test
