// Facts about one host, collected by probes and read by rules. A fact is a JSON value under a
// dotted path ("sshd.permit_root_login"), with the places it was read from (file, line, text)
// so every verdict can show its evidence. A probe that cannot read what it needs records the
// path as unknown with the error: rules then say manual (permission) or error, never pass.
// Not thread-safe; one scan fills one Facts from one thread.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace dengbao::probes {

struct Provenance {
  std::string file;
  int line = 0;      // 1-based; 0 = whole file / not line-based
  std::string text;  // the line or value as found (secrets must be masked by the probe)
};

struct Fact {
  nlohmann::json value;
  std::vector<Provenance> sources;
};

class Facts {
 public:
  // Sets (or replaces) a fact. Path segments are [a-z0-9_] separated by '.'.
  void Set(std::string_view path, nlohmann::json value, std::vector<Provenance> sources = {});
  // Marks a fact (or a whole probe, e.g. "shadow") as unknown, with the reason.
  void SetUnknown(std::string_view path, Error why);
  // A problem that did not stop the probe (an unparsable line, a skipped include...).
  void AddWarning(std::string_view probe, std::string message, Provenance where = {});

  // nullptr when the fact was never set.
  const Fact* Find(std::string_view path) const;
  // The error recorded for this path or its nearest ancestor ("sshd" covers "sshd.port").
  const Error* UnknownOf(std::string_view path) const;

  const std::map<std::string, Fact, std::less<>>& all() const { return facts_; }
  const std::map<std::string, Error, std::less<>>& unknown() const { return unknown_; }
  struct Warning {
    std::string probe;
    std::string message;
    Provenance where;
  };
  const std::vector<Warning>& warnings() const { return warnings_; }

  // All facts as one JSON object tree (for `scan --facts`).
  nlohmann::json ToJson() const;

 private:
  std::map<std::string, Fact, std::less<>> facts_;
  std::map<std::string, Error, std::less<>> unknown_;
  std::vector<Warning> warnings_;
};

}  // namespace dengbao::probes
