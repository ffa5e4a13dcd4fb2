#include "probes/os_release.h"

#include <array>

#include "probes/files_io.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr std::array kDebianIds = {"debian", "ubuntu", "deepin", "linuxmint", "kali", "raspbian", "pop"};
constexpr std::array kRhelIds = {"rhel",        "centos",    "rocky",  "almalinux", "ol",
                                 "fedora",      "openeuler", "anolis", "euleros",   "tencentos",
                                 "opencloudos", "alinux",    "amzn",   "circle",    "hce"};

// Release-line names (lower case) mapped to an os-release ID.
constexpr std::array<std::pair<const char*, const char*>, 10> kNameToId = {{
    {"red hat enterprise linux", "rhel"},
    {"centos", "centos"},
    {"rocky", "rocky"},
    {"almalinux", "almalinux"},
    {"oracle linux", "ol"},
    {"fedora", "fedora"},
    {"openeuler", "openeuler"},
    {"kylin", "kylin"},
    {"anolis", "anolis"},
    {"euleros", "euleros"},
}};

template <size_t N>
bool Contains(const std::array<const char*, N>& table, std::string_view s) {
  for (const char* t : table)
    if (s == t) return true;
  return false;
}

// The value part of KEY=value with shell quoting removed.
std::string Unquote(std::string_view v) {
  std::string out;
  char quote = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
    } else if (quote != 0 && c == quote) {
      quote = 0;
    } else if (c == '\\' && quote != '\'' && i + 1 < v.size()) {
      out += v[++i];
    } else if (quote == 0 && (c == ' ' || c == '\t')) {
      break;  // unquoted value ends at whitespace (comments, junk)
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

OsRelease ParseOsRelease(std::string_view text) {
  OsRelease out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    auto eq = line.text.find('=');
    if (eq == std::string::npos || eq == 0) continue;
    std::string key(Trim(std::string_view(line.text).substr(0, eq)));
    std::string value = SanitizeUtf8(Unquote(Trim(std::string_view(line.text).substr(eq + 1))));
    if (key == "ID") {
      out.id = ToLower(value);
    } else if (key == "ID_LIKE") {
      out.id_like.clear();
      for (auto w : SplitWords(value)) out.id_like.push_back(ToLower(w));
    } else if (key == "VERSION_ID") {
      out.version_id = value;
    } else if (key == "NAME") {
      out.name = value;
    } else if (key == "PRETTY_NAME") {
      out.pretty_name = value;
    } else {
      continue;
    }
    out.line_of[key] = line.number;
  }
  return out;
}

OsRelease ParseReleaseLine(std::string_view text) {
  OsRelease out;
  auto lines = ConfigLines(text);
  if (lines.empty()) return out;
  std::string first = SanitizeUtf8(lines.front().text);
  out.pretty_name = first;
  std::string lower = ToLower(first);
  auto rel = lower.find(" release ");
  out.name = rel == std::string::npos ? first : first.substr(0, rel);
  for (const auto& [needle, id] : kNameToId) {
    if (lower.find(needle) != std::string::npos) {
      out.id = id;
      break;
    }
  }
  if (rel != std::string::npos) {
    auto words = SplitWords(std::string_view(first).substr(rel + 9));
    if (!words.empty()) out.version_id = std::string(words.front());
  }
  for (const char* key : {"ID", "NAME", "PRETTY_NAME", "VERSION_ID"}) out.line_of[key] = lines.front().number;
  return out;
}

std::string OsFamily(std::string_view id, const std::vector<std::string>& id_like,
                     std::string_view package_db) {
  bool ambiguous = id == "kylin" || id == "neokylin" || id == "uos";
  if (!ambiguous && Contains(kDebianIds, id)) return "debian";
  if (!ambiguous && Contains(kRhelIds, id)) return "rhel";
  for (const auto& like : id_like)
    if (like == "debian" || like == "ubuntu") return "debian";
  for (const auto& like : id_like)
    if (like == "rhel" || like == "centos" || like == "fedora" || like == "openeuler") return "rhel";
  if (!ambiguous) return "unknown";
  if (package_db == "dpkg") return "debian";
  if (package_db == "rpm") return "rhel";
  return id == "uos" ? "debian" : "rhel";
}

namespace {

std::string PackageDb(host::Host& host) {
  if (host::Exists(host, "/var/lib/dpkg/status")) return "dpkg";
  if (host::Exists(host, "/var/lib/rpm") || host::Exists(host, "/usr/lib/sysimage/rpm")) return "rpm";
  return "";
}

}  // namespace

void CollectOs(host::Host& host, Facts& facts) {
  facts.Set("os.live", host.IsLive());
  SourceReader reader(host, facts, "os");
  OsRelease os;
  std::string file;
  for (const char* path : {"/etc/os-release", "/usr/lib/os-release"}) {
    if (auto text = reader.Read(path, 64 * 1024)) {
      os = ParseOsRelease(*text);
      file = path;
      if (!os.id.empty()) break;
    }
  }
  if (os.id.empty()) {
    for (const char* path : {"/etc/redhat-release", "/etc/kylin-release", "/etc/openEuler-release"}) {
      if (auto text = reader.Read(path, 64 * 1024)) {
        os = ParseReleaseLine(*text);
        file = path;
        if (!os.id.empty()) break;
      }
    }
  }
  if (os.id.empty()) {
    Error why =
        reader.error().value_or(Error{ErrorCode::kNotFound, "未找到 os-release 或发行版 release 文件", {}});
    for (const char* path : {"os.id", "os.id_like", "os.version_id", "os.name", "os.pretty_name"})
      facts.SetUnknown(path, why);
    // The package database still tells the family apart on a stripped tree.
    std::string db = PackageDb(host);
    std::string family = db == "dpkg" ? "debian" : db == "rpm" ? "rhel" : "unknown";
    facts.Set("os.family", family);
    return;
  }
  auto src = [&](const char* key, const std::string& value) {
    auto it = os.line_of.find(key);
    return std::vector<Provenance>{MakeSource(file, it == os.line_of.end() ? 0 : it->second, value)};
  };
  facts.Set("os.id", os.id, src("ID", os.id));
  facts.Set("os.id_like", os.id_like, src("ID_LIKE", ""));
  facts.Set("os.version_id", os.version_id, src("VERSION_ID", os.version_id));
  facts.Set("os.name", os.name, src("NAME", os.name));
  facts.Set("os.pretty_name", os.pretty_name, src("PRETTY_NAME", os.pretty_name));
  facts.Set("os.family", OsFamily(os.id, os.id_like, PackageDb(host)), src("ID", os.id));
}

}  // namespace dengbao::probes
