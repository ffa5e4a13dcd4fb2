// Parser half of the pam probe: /etc/pam.d lines and include expansion.
#include "probes/pam.h"

#include <algorithm>
#include <set>

#include "probes/text.h"

namespace dengbao::probes {
namespace {

const std::set<std::string, std::less<>> kTypes = {"auth", "account", "password", "session"};

// Words, where "[...]" groups spaces (controls and some module arguments); "\]" escapes.
std::vector<std::string> PamWords(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    if (i >= s.size()) break;
    std::string word;
    int depth = 0;
    while (i < s.size() && (depth > 0 || (s[i] != ' ' && s[i] != '\t'))) {
      if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == ']') {
        word += ']';
        i += 2;
        continue;
      }
      if (s[i] == '[') ++depth;
      if (s[i] == ']' && depth > 0) --depth;
      word += s[i++];
    }
    out.push_back(std::move(word));
  }
  return out;
}

std::string ModuleName(std::string_view path) {
  if (auto slash = path.rfind('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (path.ends_with(".so")) path.remove_suffix(3);
  return std::string(path);
}

class Expander {
 public:
  Expander(const PamLoader& loader, PamStack& out) : loader_(loader), out_(out) {}

  void Expand(std::string_view name, std::string_view only_type, int depth, const Provenance& from) {
    if (depth > kPamMaxDepth) {
      out_.warnings.push_back({"PAM include 嵌套过深 (PAM include depth limit reached)", from});
      return;
    }
    std::string key(name);
    if (std::find(active_.begin(), active_.end(), key) != active_.end()) {
      out_.warnings.push_back({"PAM include 形成循环: " + key + " (PAM include cycle)", from});
      return;
    }
    const PamFile* file = loader_(name);
    if (!file) {
      if (depth > 0) out_.warnings.push_back({"PAM include 目标不存在: " + key + " (missing include)", from});
      return;
    }
    active_.push_back(key);
    for (const auto& line : file->lines) {
      if (line.type == "@include") {
        Expand(line.module, only_type, depth + 1, line.where);
      } else if (!only_type.empty() && line.type != only_type) {
        continue;
      } else if (line.control == "include" || line.control == "substack") {
        Expand(line.module, line.type, depth + 1, line.where);
      } else {
        out_.lines.push_back(line);
      }
    }
    active_.pop_back();
  }

 private:
  const PamLoader& loader_;
  PamStack& out_;
  std::vector<std::string> active_;  // files being expanded, to stop cycles
};

}  // namespace

PamFile ParsePamFile(std::string_view text, const std::string& file) {
  PamFile out;
  for (const auto& l : ConfigLines(text, LineOptions{'#', true, true})) {
    auto words = PamWords(l.text);
    Provenance where = Prov(file, l.number, l.text);
    std::string type = ToLower(words[0]);
    if (type == "@include") {
      if (words.size() < 2) {
        out.warnings.push_back({"@include 缺少文件名 (@include without file)", where});
        continue;
      }
      out.lines.push_back(PamLine{type, false, "", words[1], {}, where});
      continue;
    }
    bool quiet = type.starts_with('-');
    if (quiet) type.erase(0, 1);
    if (!kTypes.contains(type) || words.size() < 3) {
      out.warnings.push_back({"无法识别的 PAM 行 (unrecognized PAM line)", where});
      continue;
    }
    std::string control = words[1].starts_with('[') ? words[1] : ToLower(words[1]);
    bool include = control == "include" || control == "substack";
    PamLine line{type, quiet, control, include ? words[2] : ModuleName(words[2]), {}, where};
    line.args.assign(words.begin() + 3, words.end());
    out.lines.push_back(std::move(line));
  }
  return out;
}

PamStack ExpandPamStack(std::string_view name, const PamLoader& loader) {
  PamStack out;
  Expander(loader, out).Expand(name, "", 0, Provenance{});
  return out;
}

std::map<std::string, std::string, std::less<>> PamOptions(const std::vector<std::string>& args) {
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& a : args) {
    size_t eq = a.find('=');
    std::string key = ToLower(a.substr(0, eq));
    out.emplace(key, eq == std::string::npos ? "" : a.substr(eq + 1));
  }
  return out;
}

}  // namespace dengbao::probes
