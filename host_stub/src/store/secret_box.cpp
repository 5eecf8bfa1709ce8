#include "store/secret_box.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "host_error.hpp"

namespace console_host {
namespace {

constexpr char kMagic[] = "SB1";
constexpr size_t kMagicSize = 3;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

// AES-256-GCM, fetched from the provider once per process: given
// EVP_aes_256_gcm(), OpenSSL 3 fetches it again at every seal and open.
const EVP_CIPHER* aes_256_gcm() {
  static const EVP_CIPHER* const fetched = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  return fetched != nullptr ? fetched : EVP_aes_256_gcm();
}

[[noreturn]] void fail(const std::string& what) { throw HostError(ExitCode::kStore, what); }

bool read_exact(int fd, unsigned char* p, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<size_t>(r);
  }
  return true;
}

std::array<unsigned char, SecretBox::kKeySize> read_key(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) fail("cannot open key file " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    fail("cannot stat key file " + path + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    fail("key file " + path + " is readable by others (mode " + std::to_string((st.st_mode & 0777) >> 6) +
         std::to_string((st.st_mode & 070) >> 3) + std::to_string(st.st_mode & 07) + "); run `chmod 600 " + path + "`");
  }
  if (st.st_size != static_cast<off_t>(SecretBox::kKeySize)) {
    ::close(fd);
    fail("key file " + path + " has " + std::to_string(st.st_size) + " bytes, expected " +
         std::to_string(SecretBox::kKeySize));
  }
  std::array<unsigned char, SecretBox::kKeySize> key{};
  bool ok = read_exact(fd, key.data(), key.size());
  ::close(fd);
  if (!ok) fail("cannot read key file " + path);
  return key;
}

}  // namespace

SecretBox SecretBox::open_or_create_key(const std::string& key_path) {
  if (::access(key_path.c_str(), F_OK) == 0) return SecretBox(read_key(key_path));

  std::array<unsigned char, kKeySize> key{};
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) fail("no random bytes for a new key");

  // Write the key under a private temporary name, then link() it into place:
  // link fails if the name exists, so a concurrent creator's key wins and
  // nobody ever reads a half-written file.
  std::string tmp = key_path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) fail("cannot create key file " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd, 0600);  // independent of the umask
  bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(tmp.c_str());
    fail("cannot write key file " + tmp);
  }
  int linked = ::link(tmp.c_str(), key_path.c_str());
  int link_errno = errno;
  ::unlink(tmp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return SecretBox(read_key(key_path));
    fail("cannot create key file " + key_path + ": " + std::strerror(link_errno));
  }
  return SecretBox(key);
}

std::string SecretBox::seal(const std::string& plaintext, const std::string& aad) const {
  unsigned char nonce[kNonceSize];
  if (RAND_bytes(nonce, sizeof nonce) != 1) fail("no random bytes for a nonce");
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) fail("cannot allocate a cipher context");
  std::string out(kMagic, kMagicSize);
  out.append(reinterpret_cast<const char*>(nonce), sizeof nonce);
  std::string cipher(plaintext.size() + 16, '\0');
  int len = 0;
  int total = 0;
  unsigned char tag[kTagSize];
  if (EVP_EncryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(&cipher[0]), &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1)
    fail("encryption failed");
  total = len;
  if (EVP_EncryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(&cipher[0]) + total, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize, tag) != 1)
    fail("encryption failed");
  total += len;
  cipher.resize(static_cast<size_t>(total));
  out += cipher;
  out.append(reinterpret_cast<const char*>(tag), sizeof tag);
  return out;
}

std::string SecretBox::open(const std::string& sealed, const std::string& aad) const {
  if (sealed.size() < kMagicSize + kNonceSize + kTagSize || sealed.compare(0, kMagicSize, kMagic) != 0)
    fail("sealed connector state is malformed");
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + kMagicSize);
  const size_t cipher_len = sealed.size() - kMagicSize - kNonceSize - kTagSize;
  const auto* cipher = nonce + kNonceSize;
  unsigned char tag[kTagSize];
  std::memcpy(tag, cipher + cipher_len, kTagSize);

  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) fail("cannot allocate a cipher context");
  std::string plain(cipher_len + 16, '\0');
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(aad.data()),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(&plain[0]), &len, cipher,
                        static_cast<int>(cipher_len)) != 1)
    fail("decryption failed");
  int total = len;
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, tag) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(&plain[0]) + total, &len) != 1)
    fail("sealed connector state failed authentication (altered, moved to another connector, or another key)");
  total += len;
  plain.resize(static_cast<size_t>(total));
  return plain;
}

}  // namespace console_host
