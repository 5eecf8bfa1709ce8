// sfsim: a loopback Salesforce org for demos and tests.
//
//   sfsim --generate-org --users N [--apps M] [--minimal-users] > org.json
//   sfsim --port 0 [--org FILE.json] [--tls-cert CERT.pem --tls-key KEY.pem]
//         [--bind 127.0.0.1] [--threads N] [--callback-url URL]...
//
// The first stdout line is "sfsim listening at http://127.0.0.1:PORT"
// (https:// with TLS), printed once the socket accepts connections. Request
// logs go to stderr without query strings or bodies, so no token, code or
// password is ever written. SIGINT/SIGTERM stop the server with exit code 0.
#include <boost/program_options.hpp>
#include <iostream>
#include <vector>

#include "http_server.h"
#include "org_generator.h"
#include "org_loader.h"
#include "simulator.h"

namespace po = boost::program_options;

int main(int argc, char** argv) {
  po::options_description desc("sfsim options");
  desc.add_options()("help,h", "show this help")("port", po::value<unsigned>()->default_value(0),
                                                 "TCP port (0 = any free port)")(
      "bind", po::value<std::string>()->default_value("127.0.0.1"), "loopback address to bind")(
      "org", po::value<std::string>(), "org definition JSON replacing the built-in org")(
      "tls-cert", po::value<std::string>(), "PEM certificate chain for HTTPS")(
      "tls-key", po::value<std::string>(), "PEM private key for HTTPS")("threads", po::value<int>()->default_value(4),
                                                                        "worker threads")(
      "callback-url", po::value<std::vector<std::string>>()->composing(),
      "register one more exact callback URL on the connector's app (repeatable; kept across /__sim/reset)")(
      "print-builtin-org", "print the built-in org definition JSON and exit")(
      "generate-org", "print the built-in org plus --users generated users and --apps generated apps, and exit")(
      "users", po::value<int>()->default_value(0), "with --generate-org: users load1@simorg.example..")(
      "apps", po::value<int>()->default_value(0), "with --generate-org: apps 3MVG9SIMULATOR0LoadApp1..")(
      "minimal-users", "with --generate-org: users get only the permissions Smart Flows needs");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "sfsim: " << e.what() << "\n" << desc;
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc;
    return 0;
  }
  if (vm.count("generate-org")) {
    sfsim::OrgGeneratorOptions g;
    g.users = vm["users"].as<int>();
    g.apps = vm["apps"].as<int>();
    g.minimal = vm.count("minimal-users") > 0;
    if (g.users < 0 || g.apps < 0 || g.users > 1000000 || g.apps > 10000) {
      std::cerr << "sfsim: --users must be 0..1000000 and --apps 0..10000\n";
      return 2;
    }
    std::cout << sfsim::generate_org_json(g) << "\n";
    return 0;
  }
  if (vm.count("print-builtin-org")) {
    std::cout << sfsim::builtin_org_json();
    return 0;
  }
  try {
    sfsim::OrgDefinition def = vm.count("org") ? sfsim::load_org_definition_file(vm["org"].as<std::string>())
                                               : sfsim::builtin_org_definition();
    if (vm.count("callback-url"))
      for (const auto& url : vm["callback-url"].as<std::vector<std::string>>()) def.app.callback_urls.push_back(url);
    sfsim::Simulator sim(std::move(def));
    sfsim::ServerOptions options;
    const unsigned port = vm["port"].as<unsigned>();
    if (port > 65535) throw std::runtime_error("--port must be 0..65535");
    options.port = static_cast<uint16_t>(port);
    options.bind_address = vm["bind"].as<std::string>();
    if (vm.count("tls-cert")) options.tls_cert = vm["tls-cert"].as<std::string>();
    if (vm.count("tls-key")) options.tls_key = vm["tls-key"].as<std::string>();
    options.threads = vm["threads"].as<int>();
    options.handle_signals = true;
    sfsim::HttpServer server(sim, options);
    sim.set_base_url(server.base_url());
    std::cout << "sfsim listening at " << server.base_url() << std::endl;
    server.run();
    std::cerr << "sfsim: stopped\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "sfsim: " << e.what() << "\n";
    return 1;
  }
}
