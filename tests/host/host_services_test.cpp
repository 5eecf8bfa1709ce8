// The services table console-host lends plugins is called from plugin code
// through the C ABI: no C++ exception may leave a callback, whatever the
// host's side of it does (a throwing progress sink, a broken stderr).
#include "host_services.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <stdexcept>
#include <streambuf>
#include <string>

namespace {
using namespace console_host;

class HostServicesBarrier : public ::testing::Test {
 protected:
  HostConfig config_;
  Redactor redactor_;
  HostServices services_{config_, redactor_};
  const console_host_services* table_ = services_.table_for("plugin");
};

TEST_F(HostServicesBarrier, AThrowingProgressSinkDoesNotCrossIntoThePlugin) {
  int calls = 0;
  services_.set_progress_sink([&](const CallContext*, const std::string& step, uint64_t, uint64_t, const std::string&) {
    ++calls;
    throw std::runtime_error("the sink failed on " + step);
  });
  CallContext call{"P/C"};
  table_->progress(table_->host_data, &call, "install", 1, 2, "Applying");  // returns, does not terminate
  EXPECT_EQ(calls, 1);
  table_->progress(table_->host_data, &call, nullptr, 0, 0, nullptr);  // NULL step and message read as ""
  EXPECT_EQ(calls, 2);
}

// A stream buffer that cannot write anything: a stderr whose reader is gone.
class BrokenBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

TEST_F(HostServicesBarrier, ALogLineThatCannotBeWrittenIsDroppedNotThrown) {
  services_.set_log_threshold(CONSOLE_LOG_DEBUG);
  BrokenBuffer broken;
  std::streambuf* saved = std::cerr.rdbuf(&broken);
  const auto saved_exceptions = std::cerr.exceptions();
  std::cerr.exceptions(std::ios::badbit);  // a failed write now throws
  bool throws_without_the_barrier = false;
  try {
    std::cerr << "x" << std::flush;
  } catch (const std::ios_base::failure&) {
    throws_without_the_barrier = true;
  }
  std::cerr.exceptions(std::ios::goodbit);
  std::cerr.clear();
  std::cerr.exceptions(std::ios::badbit);
  table_->log(table_->host_data, nullptr, CONSOLE_LOG_ERROR, "a line nobody can read");  // returns
  std::cerr.exceptions(std::ios::goodbit);
  std::cerr.clear();
  std::cerr.rdbuf(saved);
  std::cerr.exceptions(saved_exceptions);
  EXPECT_TRUE(throws_without_the_barrier);
  table_->log(table_->host_data, nullptr, CONSOLE_LOG_ERROR, nullptr);  // NULL message: ignored
  EXPECT_GT(table_->now_ms(table_->host_data), 0);
}

}  // namespace
