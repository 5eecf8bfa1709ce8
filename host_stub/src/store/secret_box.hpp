// secret_box.hpp -- authenticated encryption of connector secrets at rest.
//
// A SecretBox seals a connector's state (which holds its tokens) with
// AES-256-GCM under a 32-byte key kept in a key file beside the store. Each
// seal draws a fresh random 12-byte nonce; the caller's `aad` (the connector
// row id) is authenticated too, so a sealed state copied onto another row
// does not open.
//
//   SecretBox box = SecretBox::open_or_create_key("/home/me/.local/share/console-host/console.db.key");
//   std::string blob = box.seal(state_json, "connector:42");
//   std::string back = box.open(blob, "connector:42");   // throws HostError on tamper
//
// Sealed format: "SB1" | nonce (12) | ciphertext | tag (16).
#ifndef CONSOLE_HOST_STORE_SECRET_BOX_HPP
#define CONSOLE_HOST_STORE_SECRET_BOX_HPP

#include <array>
#include <string>

namespace console_host {

class SecretBox {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kTagSize = 16;

  explicit SecretBox(const std::array<unsigned char, kKeySize>& key) : key_(key) {}

  // Reads the key file, or creates it (mode 0600, O_EXCL, written completely
  // before it appears under its name, so two processes starting at once agree
  // on one key). Refuses a key file that others can read or that has the
  // wrong size. Throws HostError(kStore).
  static SecretBox open_or_create_key(const std::string& key_path);

  // Encrypts `plaintext`, binding it to `aad`.
  std::string seal(const std::string& plaintext, const std::string& aad) const;

  // Decrypts; throws HostError(kStore) when the blob was altered, bound to
  // another aad, or sealed under another key.
  std::string open(const std::string& sealed, const std::string& aad) const;

 private:
  std::array<unsigned char, kKeySize> key_;
};

}  // namespace console_host

#endif  // CONSOLE_HOST_STORE_SECRET_BOX_HPP
