// Parser half of the sshd probe: tokenizing sshd_config, Include, Match, time values and the
// OpenSSH version from the dpkg database. The collector is in sshd_collect.cc.
#include "probes/sshd.h"

#include <set>

#include "probes/text.h"

namespace dengbao::probes {
namespace {

// Keywords that may appear several times, each occurrence adding values.
const std::set<std::string, std::less<>> kAccumulating = {
    "port",       "listenaddress", "allowusers", "denyusers", "allowgroups",
    "denygroups", "hostkey",       "acceptenv",  "subsystem", "hostcertificate",
};

// Splits sshd arguments: whitespace separated, double quotes group (and are removed).
std::vector<std::string> SplitArgs(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  bool in_quotes = false, have = false;
  for (char c : s) {
    if (c == '"') {
      in_quotes = !in_quotes;
      have = true;
    } else if (!in_quotes && (c == ' ' || c == '\t')) {
      if (have) out.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
      have = true;
    }
  }
  if (have) out.push_back(cur);
  return out;
}

// "Keyword value", "Keyword=value" and "Keyword = value".
SshdDirective Tokenize(std::string_view line, const std::string& file, int number) {
  size_t end = line.find_first_of(" \t=");
  std::string_view kw = line.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view() : Trim(line.substr(end));
  if (!rest.empty() && rest.front() == '=') rest = Trim(rest.substr(1));
  return SshdDirective{ToLower(kw), SplitArgs(rest), Prov(file, number, line)};
}

std::string JoinArgs(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

class Parser {
 public:
  Parser(SshdConfig& cfg, const SshdIncludeLoader& loader) : cfg_(cfg), loader_(loader) {}

  void ParseFile(std::string_view text, const std::string& file, int depth) {
    cfg_.files.push_back(file);
    int saved_match = match_;  // a Match inside an included file ends with that file
    for (const auto& line : ConfigLines(text)) {
      SshdDirective d = Tokenize(line.text, file, line.number);
      if (d.keyword == "match") {
        StartMatch(d);
      } else if (d.keyword == "include") {
        Include(d, depth);
      } else {
        Record(std::move(d));
      }
    }
    match_ = saved_match;
  }

 private:
  void StartMatch(const SshdDirective& d) {
    if (d.args.size() == 1 && ToLower(d.args[0]) == "all") {
      match_ = -1;  // "Match all" is the usual way to go back to global settings
      return;
    }
    if (d.args.empty()) cfg_.warnings.push_back({"Match 缺少条件 (Match without criteria)", d.where});
    cfg_.match_blocks.push_back(SshdMatchBlock{JoinArgs(d.args), {}, d.where});
    match_ = static_cast<int>(cfg_.match_blocks.size()) - 1;
  }

  void Include(const SshdDirective& d, int depth) {
    if (!loader_) {
      cfg_.warnings.push_back({"未跟随 Include (Include not followed)", d.where});
      return;
    }
    if (depth + 1 > kSshdMaxIncludeDepth) {
      cfg_.warnings.push_back({"Include 嵌套过深，已停止 (Include depth limit reached)", d.where});
      return;
    }
    for (const auto& arg : d.args) {
      std::string pattern = arg.starts_with("/") ? arg : host::JoinPath("/etc/ssh", arg);
      auto files = loader_(pattern);
      if (!files) {
        cfg_.include_errors.push_back(files.error());
        continue;
      }
      for (const auto& src : *files) ParseFile(src.text, src.file, depth + 1);
    }
  }

  void Record(SshdDirective d) {
    if (d.keyword.empty()) return;
    if (d.args.empty()) {
      cfg_.warnings.push_back({"关键字缺少取值 (keyword without value)", d.where});
      return;
    }
    d.order = ++order_;
    auto& settings = match_ < 0 ? cfg_.global : cfg_.match_blocks[match_].settings;
    auto& slot = settings[d.keyword];
    if (slot.empty() || kAccumulating.contains(d.keyword)) slot.push_back(std::move(d));
  }

  SshdConfig& cfg_;
  const SshdIncludeLoader& loader_;
  int order_ = 0;
  int match_ = -1;  // index into match_blocks, -1 = global
};

}  // namespace

SshdConfig ParseSshdConfig(std::string_view text, const std::string& file, const SshdIncludeLoader& loader) {
  SshdConfig cfg;
  Parser(cfg, loader).ParseFile(text, file, 0);
  return cfg;
}

std::optional<long long> ParseSshTime(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  long long total = 0, cur = 0;
  bool digits = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (cur > 100000000000LL) return std::nullopt;
      cur = cur * 10 + (c - '0');
      digits = true;
      continue;
    }
    if (!digits) return std::nullopt;
    long long mult = 0;
    switch (c | 0x20) {  // units are case-insensitive
      case 's':
        mult = 1;
        break;
      case 'm':
        mult = 60;
        break;
      case 'h':
        mult = 3600;
        break;
      case 'd':
        mult = 86400;
        break;
      case 'w':
        mult = 604800;
        break;
      default:
        return std::nullopt;
    }
    total += cur * mult;
    cur = 0;
    digits = false;
  }
  return total + cur;
}

std::optional<std::string> DpkgInstalledVersion(std::string_view status_text, std::string_view package) {
  // Paragraphs separated by blank lines; we need Package, Status and Version of one of them.
  std::string pkg, status, version;
  auto finish = [&]() -> std::optional<std::string> {
    bool hit = pkg == package && status.find(" installed") != std::string::npos && !version.empty();
    pkg.clear(), status.clear();
    if (!hit) return std::nullopt;
    std::string_view v = version;
    if (auto colon = v.find(':'); colon != std::string_view::npos) v.remove_prefix(colon + 1);
    if (auto dash = v.rfind('-'); dash != std::string_view::npos) v = v.substr(0, dash);
    return std::string(v);
  };
  for (std::string_view raw : Split(status_text, '\n')) {
    std::string_view line = Trim(raw);
    if (line.empty()) {
      if (auto v = finish()) return v;
      version.clear();
      continue;
    }
    if (line.starts_with("Package:")) pkg = Trim(line.substr(8));
    if (line.starts_with("Status:")) status = std::string(Trim(line.substr(7)));
    if (line.starts_with("Version:")) version = Trim(line.substr(8));
  }
  return finish();
}

bool SshVersionAtLeast7(std::string_view version) {
  long long major = 0;
  size_t i = 0;
  while (i < version.size() && version[i] >= '0' && version[i] <= '9' && major < 1000)
    major = major * 10 + (version[i++] - '0');
  return i > 0 && major >= 7;
}

}  // namespace dengbao::probes
