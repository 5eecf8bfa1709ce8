// The secret box: round trip, tamper detection, key file creation and mode.
#include "store/secret_box.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host_error.hpp"

namespace console_host {
namespace {

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("secret_box_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    key_ = (dir_ / "console.db.key").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
  std::string key_;
};

std::string open_error(const SecretBox& box, const std::string& blob, const std::string& aad) {
  try {
    box.open(blob, aad);
  } catch (const HostError& e) {
    return e.what();
  }
  return "";
}

TEST_F(SecretBoxTest, RoundTrips) {
  SecretBox box = SecretBox::open_or_create_key(key_);
  for (const std::string& plain :
       {std::string(), std::string("x"), std::string(5000, 'a'), std::string("{\"t\":\"\xe2\x82\xac\"}")})
    EXPECT_EQ(box.open(box.seal(plain, "connector:1"), "connector:1"), plain);
}

TEST_F(SecretBoxTest, EverySealUsesAFreshNonce) {
  SecretBox box = SecretBox::open_or_create_key(key_);
  EXPECT_NE(box.seal("same", "a"), box.seal("same", "a"));
}

TEST_F(SecretBoxTest, DetectsTamperingAndWrongBinding) {
  SecretBox box = SecretBox::open_or_create_key(key_);
  std::string blob = box.seal("refresh-token-value", "connector:7");
  const std::string failed =
      "sealed connector state failed authentication (altered, moved to another connector, or another key)";
  for (size_t i = 3; i < blob.size(); ++i) {
    std::string bad = blob;
    bad[i] = static_cast<char>(bad[i] ^ 0x01);
    EXPECT_EQ(open_error(box, bad, "connector:7"), failed) << "flipped byte " << i;
  }
  EXPECT_EQ(open_error(box, blob, "connector:8"), failed);
  EXPECT_EQ(open_error(box, blob.substr(0, 10), "connector:7"), "sealed connector state is malformed");
  SecretBox other(std::array<unsigned char, SecretBox::kKeySize>{});
  EXPECT_EQ(open_error(other, blob, "connector:7"), failed);
}

TEST_F(SecretBoxTest, KeyFileIsCreatedWithMode0600AndReused) {
  ::umask(022);
  SecretBox first = SecretBox::open_or_create_key(key_);
  struct stat st {};
  ASSERT_EQ(::stat(key_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  SecretBox second = SecretBox::open_or_create_key(key_);
  EXPECT_EQ(second.open(first.seal("x", "a"), "a"), "x");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir_), {}), 1);  // no temporary left behind
}

TEST_F(SecretBoxTest, RefusesAKeyFileOthersCanRead) {
  SecretBox::open_or_create_key(key_);
  ::chmod(key_.c_str(), 0644);
  try {
    SecretBox::open_or_create_key(key_);
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(e.code(), ExitCode::kStore);
    EXPECT_EQ(std::string(e.what()),
              "key file " + key_ + " is readable by others (mode 644); run `chmod 600 " + key_ + "`");
  }
}

TEST_F(SecretBoxTest, RefusesAKeyFileOfTheWrongSize) {
  { std::ofstream(key_) << "short"; }
  ::chmod(key_.c_str(), 0600);
  try {
    SecretBox::open_or_create_key(key_);
    FAIL();
  } catch (const HostError& e) {
    EXPECT_EQ(std::string(e.what()), "key file " + key_ + " has 5 bytes, expected 32");
  }
}

}  // namespace
}  // namespace console_host
