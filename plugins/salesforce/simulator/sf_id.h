// Salesforce record ids: 15-character case-sensitive ids and their
// 18-character case-insensitive form (15 chars + a 3-char checksum suffix).
#pragma once

#include <string>

namespace sfsim {

// Appends the checksum suffix to a 15-character id; returns 18-character
// ids unchanged.
std::string to_id18(const std::string& id15);
// The first 15 characters of an id.
std::string to_id15(const std::string& id);
// Deterministic id: key prefix (3 chars, e.g. "005") + "SIM" + zero-padded
// sequence, as an 18-character id.
std::string make_id(const std::string& key_prefix, int sequence);
// True when a and b name the same record (15 or 18 characters).
bool same_id(const std::string& a, const std::string& b);

}  // namespace sfsim
