// Helpers shared by the authentication probes (sshd, pam, accounts, sudo...): reading a text
// configuration file through the Host, building provenance and making strings safe for JSON.
// Pure functions except ReadConfigText, which only reads through the given Host.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "host/host.h"
#include "probes/facts.h"

namespace dengbao::probes {

// A problem a pure parser found in its input (the collector turns it into Facts::AddWarning).
struct ParseWarning {
  std::string message;  // "中文 (english)"
  Provenance where;
};

// One "key = value" setting (or a bare "flag", value "") of a key/value file such as
// pwquality.conf or faillock.conf.
struct ConfValue {
  std::string value;
  Provenance where;
  bool flag = false;  // written without '='
};
// Key (lowercased) -> the last value set: later lines override earlier ones.
using ConfMap = std::map<std::string, ConfValue, std::less<>>;

// Parses "key = value" lines ('#' comments, CRLF, odd spaces; a line without '=' is a flag).
// Later settings of the same key replace earlier ones; values are merged into `out`.
void ParseKeyValueConf(std::string_view text, const std::string& file, ConfMap& out);

// Adds every parser warning to `facts` under `probe`.
void AddWarnings(Facts& facts, std::string_view probe, const std::vector<ParseWarning>& warnings);

// A copy of `s` that is valid UTF-8: every invalid byte becomes U+FFFD. Facts are dumped as JSON,
// and nlohmann::json throws on invalid UTF-8, so every string taken from a file goes through this.
std::string ValidUtf8(std::string_view s);

// Provenance with the text made valid UTF-8 and cut to 300 bytes.
Provenance Prov(const std::string& file, int line, std::string_view text);
// Provenance of a built-in default ("default", line 0).
Provenance DefaultProv(std::string_view text);

// The file as valid UTF-8 text. Errors: the Host error unchanged (kNotFound, kPermissionDenied,
// kTooLarge, kIo), or kSyntax when the content looks binary — then a warning is also added
// under `probe`, so the caller only has to decide which facts become unknown.
Result<std::string> ReadConfigText(host::Host& host, const std::string& path, Facts& facts,
                                   std::string_view probe);

// A fact path segment from a configuration key: lowercased, anything outside [a-z0-9_] -> '_'.
std::string FactKey(std::string_view key);

// A JSON integer when `value` is a decimal integer, else the string (valid UTF-8).
nlohmann::json IntOrString(std::string_view value);

// Removes one pair of matching surrounding quotes ("..." or '...').
std::string_view Unquote(std::string_view s);

}  // namespace dengbao::probes
