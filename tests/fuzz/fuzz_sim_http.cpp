// Fuzz target: raw HTTP requests to sfsim, parsed by Boost.Beast with the
// server's limits and answered by the simulator, as a connection would be.
// Every input is refused by the parser or answered; nothing may escape.
#include <boost/beast/http.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "http_server.h"
#include "org_loader.h"
#include "simulator.h"

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static sfsim::Simulator* sim = [] {
    auto* s = new sfsim::Simulator(sfsim::builtin_org_definition());
    s->set_base_url("http://127.0.0.1:1");
    return s;
  }();
  http::request_parser<http::string_body> parser;
  parser.eager(true);
  parser.body_limit(sfsim::kServerBodyLimit);
  parser.header_limit(static_cast<std::uint32_t>(sfsim::kServerHeaderLimit));
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_done()) return 0;
  const sfsim::SimResponse res = sim->handle(sfsim::to_sim_request(parser.get(), "127.0.0.1"));
  if (res.status < 100 || res.status > 599) __builtin_trap();
  return 0;
}
