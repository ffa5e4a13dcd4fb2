#include "cli/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace dengbao::cli {

using nlohmann::json;

json ItemJson(const catalog::Catalog& cat, const catalog::Item& item) {
  const auto* category = cat.manifest().FindCategory(item.category);
  const auto* scope = cat.manifest().FindScope(item.scope);
  json cases = json::array();
  for (const auto* c : cat.CasesForUnit(item.unit)) cases.push_back(c->id);
  json j = {
      {"unit", item.unit},
      {"level", item.level},
      {"scope", item.scope},
      {"scope_name", scope ? scope->name.zh : ""},
      {"clause", item.clause.empty() ? json(nullptr) : json(item.clause)},
      {"clause_28448", item.clause_28448.empty() ? json(nullptr) : json(item.clause_28448)},
      {"category", item.category},
      {"category_name", category ? category->name.zh : ""},
      {"control_point", item.control_point.zh},
      {"control_point_en", item.control_point.en},
      {"sag", std::string(1, catalog::SagLetter(item.sag))},
      {"objects", item.objects},
      {"text", item.text.zh},
      {"text_en", item.text.en},
      {"weight", item.weight ? json(*item.weight) : json(nullptr)},
      {"evidence", item.evidence},
      {"optional", item.optional},
      {"extra_in_28448", item.extra_in_28448},
      {"high_risk_cases", cases},
  };
  if (!item.note.empty()) j["note"] = item.note;
  return j;
}

json ErrorJson(const Error& e) {
  return {{"file", e.where.file},
          {"line", e.where.line},
          {"column", e.where.column},
          {"code", ErrorCodeName(e.code)},
          {"message", e.ToString()}};
}

json CaseJson(const catalog::HighRiskCase& c) {
  json units = json::object();
  for (const auto& [level, ids] : c.units) units["L" + std::to_string(level)] = ids;
  json j = {
      {"id", c.id},
      {"family", c.family},
      {"title", c.title.zh},
      {"title_en", c.title.en},
      {"control_point", c.control_point},
      {"min_level", c.min_level},
      {"units", units},
      {"business_continuity_only", c.business_continuity_only},
      {"detectable", c.detectable},
      {"condition", c.condition.zh},
      {"condition_en", c.condition.en},
      {"compensation", c.compensation ? json(c.compensation->zh) : json(nullptr)},
      {"compensation_en", c.compensation ? json(c.compensation->en) : json(nullptr)},
  };
  if (!c.note.empty()) j["note"] = c.note;
  return j;
}

namespace {

// Decodes one UTF-8 code point starting at s[i]; advances i. Invalid bytes count as one column.
char32_t NextCodePoint(std::string_view s, size_t& i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

int CodePointWidth(char32_t cp) {
  bool wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
              (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
              (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
              (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
  return wide ? 2 : 1;
}

}  // namespace

int DisplayWidth(std::string_view s) {
  int w = 0;
  for (size_t i = 0; i < s.size();) w += CodePointWidth(NextCodePoint(s, i));
  return w;
}

std::string Truncate(std::string_view s, int width) {
  if (DisplayWidth(s) <= width) return std::string(s);
  int w = 0;
  size_t i = 0;
  while (i < s.size()) {
    size_t start = i;
    int cw = CodePointWidth(NextCodePoint(s, i));
    if (w + cw > width - 1) return std::string(s.substr(0, start)) + "…";
    w += cw;
  }
  return std::string(s);
}

void PrintTable(std::ostream& os, const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows) {
  std::vector<int> widths(header.size(), 0);
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c)
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
  };
  measure(header);
  for (const auto& r : rows) measure(r);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      line += row[c];
      if (c + 1 < row.size()) line += std::string(widths[c] - DisplayWidth(row[c]) + 2, ' ');
    }
    os << line << "\n";
  };
  print(header);
  for (const auto& r : rows) print(r);
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Status WriteFileAtomic(const std::filesystem::path& path, std::string_view content) {
  std::string tmpl = path.string() + ".tmp.XXXXXX";
  int fd = mkstemp(tmpl.data());
  if (fd < 0)
    return MakeError(ErrorCode::kIo, std::string("无法创建临时文件: ") + std::strerror(errno),
                     {path.string()});
  auto fail = [&](const char* what) {
    int e = errno;
    close(fd);
    unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, std::string(what) + ": " + std::strerror(e), {path.string()});
  };
  size_t done = 0;
  while (done < content.size()) {
    ssize_t n = write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("写入失败 (write failed)");
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0) return fail("fsync 失败");
  // mkstemp creates 0600; exports are ordinary documents.
  fchmod(fd, 0644);
  if (close(fd) != 0) {
    unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, "关闭失败 (close failed)", {path.string()});
  }
  if (rename(tmpl.c_str(), path.c_str()) != 0) {
    int e = errno;
    unlink(tmpl.c_str());
    return MakeError(ErrorCode::kIo, std::string("重命名失败 (rename failed): ") + std::strerror(e),
                     {path.string()});
  }
  return {};
}

}  // namespace dengbao::cli
