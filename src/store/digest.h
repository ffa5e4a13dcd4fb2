// Internal: SHA-256 and the canonical encoding the audit chain hashes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "store/connection.h"

namespace dengbao::store {

// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string Sha256Hex(std::string_view data);

// The audit chain's hash: "sha256" or "sm3" (GB/T 32905, when the OpenSSL build offers it).
bool Sm3Available();
// Lower-case hex digest of `data` with `algorithm` ("sha256" | "sm3"); kUnsupported when this
// OpenSSL does not offer it.
Result<std::string> DigestHex(std::string_view algorithm, std::string_view data);

// An unambiguous encoding of a list of fields: each as "<byte length>:<bytes>;", NULL as "~;".
// Two different lists never encode the same, whatever the fields contain.
std::string Canonical(const std::vector<Value>& fields);

// UTC now as ISO 8601 with seconds ("2026-11-20T08:00:00Z").
std::string UtcNow();

}  // namespace dengbao::store
