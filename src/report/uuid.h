// Name-based (version 5, RFC 4122 §4.3) UUIDs, so a document generated twice from the same input
// carries the same identifiers. SHA-1 comes from OpenSSL's libcrypto. Pure functions: thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace dengbao::report {

using UuidBytes = std::array<std::uint8_t, 16>;

// RFC 4122 Appendix C namespaces.
inline constexpr UuidBytes kUrlNamespace = {0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                            0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
inline constexpr UuidBytes kDnsNamespace = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                            0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};

// SHA-1(namespace ‖ name) with the version and variant bits set.
UuidBytes UuidV5(const UuidBytes& ns, std::string_view name);
// Lower-case 8-4-4-4-12 form.
std::string UuidString(const UuidBytes& u);

}  // namespace dengbao::report
