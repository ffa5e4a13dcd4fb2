#include "probes/files_io.h"

#include <algorithm>
#include <set>

#include "probes/text.h"

namespace dengbao::probes {

namespace {

// Length of the valid UTF-8 sequence starting at s[i], or 0 (Unicode table 3-7).
size_t ValidSequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;  // no UTF-16 surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  return len;
}

}  // namespace

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = ValidSequenceLength(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

Provenance MakeSource(std::string_view file, int line, std::string_view text) {
  if (text.size() > kMaxProvenanceText) text = text.substr(0, kMaxProvenanceText);
  return Provenance{SanitizeUtf8(file), line, SanitizeUtf8(text)};
}

std::optional<std::string> SourceReader::Read(std::string_view path, size_t max_bytes) {
  auto text = host_.ReadFile(path, max_bytes);
  if (!text) {
    if (text.error().code != ErrorCode::kNotFound) Fail(text.error(), path);
    return std::nullopt;
  }
  if (LooksBinary(*text)) {
    Fail(
        Error{
            ErrorCode::kSyntax, "文件内容像二进制数据，未解析: " + SanitizeUtf8(path), {SanitizeUtf8(path)}},
        path);
    return std::nullopt;
  }
  return std::move(*text);
}

std::vector<host::DirEntry> SourceReader::List(std::string_view dir) {
  auto entries = host_.ListDir(dir);
  if (!entries) {
    if (entries.error().code != ErrorCode::kNotFound) Fail(entries.error(), dir);
    return {};
  }
  if (entries->size() > kMaxDirEntries) {
    facts_.AddWarning(probe_, "目录条目过多，只读取前 " + std::to_string(kMaxDirEntries) + " 个",
                      MakeSource(dir, 0, ""));
    entries->resize(kMaxDirEntries);
  }
  return std::move(*entries);
}

void SourceReader::Fail(Error error, std::string_view what) {
  error.detail = SanitizeUtf8(error.detail);
  error.where.file = SanitizeUtf8(error.where.file);
  facts_.AddWarning(probe_, "无法读取: " + SanitizeUtf8(error.ToString()), MakeSource(what, 0, ""));
  if (!error_) error_ = std::move(error);
}

void SetOrUnknown(Facts& facts, std::string_view path, nlohmann::json value, std::vector<Provenance> sources,
                  const std::optional<Error>& error) {
  if (error) {
    facts.SetUnknown(path, *error);
    return;
  }
  facts.Set(path, std::move(value), std::move(sources));
}

std::vector<std::string> OverlayFiles(const std::vector<std::string>& dirs,
                                      const std::vector<std::vector<std::string>>& listing,
                                      std::string_view suffix) {
  std::vector<std::pair<std::string, std::string>> chosen;  // (name, full path)
  std::set<std::string, std::less<>> seen;
  for (size_t d = 0; d < dirs.size() && d < listing.size(); ++d) {
    for (const auto& name : listing[d]) {
      if (!name.ends_with(suffix) || name.starts_with('.')) continue;
      if (!seen.insert(name).second) continue;
      chosen.emplace_back(name, host::JoinPath(dirs[d], name));
    }
  }
  std::sort(chosen.begin(), chosen.end());
  std::vector<std::string> out;
  for (auto& [name, path] : chosen) out.push_back(std::move(path));
  return out;
}

std::vector<std::string> OverlayFilesOnHost(SourceReader& reader, const std::vector<std::string>& dirs,
                                            std::string_view suffix) {
  std::vector<std::vector<std::string>> listing;
  for (const auto& dir : dirs) {
    std::vector<std::string> names;
    for (const auto& e : reader.List(dir)) names.push_back(e.name);
    listing.push_back(std::move(names));
  }
  std::vector<std::string> out;
  for (auto& path : OverlayFiles(dirs, listing, suffix)) {
    auto target = reader.host().ReadLink(path);
    if (target && *target == "/dev/null") continue;  // masked
    out.push_back(std::move(path));
  }
  return out;
}

std::string_view PathTail(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace dengbao::probes
