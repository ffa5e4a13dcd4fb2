// Collector half of the pam probe: reads /etc/pam.d files (cached, each once) and the module
// configuration files through the Host, then hands everything to AnalyzePam.
#include <optional>

#include "probes/pam.h"
#include "probes/pwquality.h"

namespace dengbao::probes {
namespace {

// Stacks whose expanded content becomes pam.stacks; the analysis picks its own subsets.
const char* const kStackNames[] = {"common-auth",    "common-account", "common-password",
                                   "common-session", "system-auth",    "password-auth",
                                   "sshd",           "login",          "su",
                                   "passwd"};

// Reads and parses /etc/pam.d files on demand; remembers the first error that is not "missing".
class PamFiles {
 public:
  PamFiles(host::Host& host, Facts& facts) : host_(host), facts_(facts) {}

  const PamFile* Get(std::string_view name) {
    std::string path = name.starts_with('/') ? std::string(name) : host::JoinPath("/etc/pam.d", name);
    auto it = cache_.find(path);
    if (it == cache_.end()) it = cache_.emplace(path, Load(path)).first;
    return it->second ? &*it->second : nullptr;
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  std::optional<PamFile> Load(const std::string& path) {
    auto text = ReadConfigText(host_, path, facts_, "pam");
    if (!text) {
      auto code = text.error().code;
      if (code != ErrorCode::kNotFound && code != ErrorCode::kSyntax && !error_) error_ = text.error();
      return std::nullopt;
    }
    PamFile f = ParsePamFile(*text, path);
    AddWarnings(facts_, "pam", f.warnings);
    return f;
  }

  host::Host& host_;
  Facts& facts_;
  std::map<std::string, std::optional<PamFile>, std::less<>> cache_;
  std::optional<Error> error_;
};

// Reads a key/value file; the error when it exists but is unreadable (missing or binary: none).
std::optional<Error> ReadConf(host::Host& host, const std::string& path, Facts& facts, ConfMap& out) {
  auto text = ReadConfigText(host, path, facts, "pam");
  if (text)
    ParseKeyValueConf(*text, path, out);
  else if (text.error().code != ErrorCode::kNotFound && text.error().code != ErrorCode::kSyntax)
    return text.error();
  return std::nullopt;
}

}  // namespace

void CollectPam(host::Host& host, Facts& facts) {
  PamFiles files(host, facts);
  PamLoader loader = [&](std::string_view name) { return files.Get(name); };
  std::map<std::string, PamStack> stacks;
  for (const char* name : kStackNames) {
    if (!files.Get(name)) continue;
    PamStack stack = ExpandPamStack(name, loader);
    AddWarnings(facts, "pam", stack.warnings);
    stacks.emplace(name, std::move(stack));
  }
  if (files.error()) {
    // An unreadable stack or include may hold the deciding module line.
    facts.SetUnknown("pam", *files.error());
    facts.SetUnknown("password_policy", *files.error());
    return;
  }
  PamConfigs configs;
  if (auto st = ReadPwqualityConf(host, facts, "pam", configs.pwquality); !st)
    configs.pwquality_error = st.error();
  configs.faillock_error = ReadConf(host, "/etc/security/faillock.conf", facts, configs.faillock);
  configs.pwhistory_error = ReadConf(host, "/etc/security/pwhistory.conf", facts, configs.pwhistory);
  AnalyzePam(stacks, configs, facts);
}

}  // namespace dengbao::probes
