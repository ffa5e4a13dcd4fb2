#include "probes/deep_files.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "probes/files_io.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr std::string_view kSkipped[] = {"/proc", "/sys", "/dev", "/run"};

void Append(std::vector<std::string>& list, const std::string& path, bool& truncated) {
  if (list.size() >= kDeepMaxEntries) {
    truncated = true;
    return;
  }
  list.push_back(SanitizeUtf8(path));
}

std::optional<std::set<uint32_t>> ReadIds(SourceReader& reader, std::string_view path) {
  auto text = reader.Read(path);
  if (!text) return std::nullopt;
  return ParseIdColumn(*text);
}

}  // namespace

std::set<uint32_t> ParseIdColumn(std::string_view text) {
  std::set<uint32_t> out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    auto fields = Split(line.text, ':');
    if (fields.size() < 3) continue;
    auto id = ParseInt(fields[2]);
    if (id && *id >= 0 && *id <= 0xFFFFFFFFll) out.insert(static_cast<uint32_t>(*id));
  }
  return out;
}

void ClassifyPath(const std::string& path, const host::FileInfo& info, const std::set<uint32_t>* uids,
                  const std::set<uint32_t>* gids, DeepScan& scan) {
  bool file = info.type == host::FileType::kRegular;
  bool dir = info.type == host::FileType::kDirectory;
  if ((info.mode & 0002) != 0 && (file || (dir && (info.mode & 01000) == 0)))
    Append(scan.world_writable, path, scan.truncated);
  if (file && (info.mode & 06000) != 0) Append(scan.suid_sgid, path, scan.truncated);
  if (info.type != host::FileType::kSymlink &&
      ((uids != nullptr && !uids->contains(info.uid)) || (gids != nullptr && !gids->contains(info.gid))))
    Append(scan.unowned, path, scan.truncated);
}

void CollectDeepFilesystem(host::Host& host, Facts& facts) {
  SourceReader ids(host, facts, "deep_files");
  auto uids = ReadIds(ids, "/etc/passwd");
  auto gids = ReadIds(ids, "/etc/group");

  DeepScan scan;
  std::vector<std::pair<std::string, int>> stack = {{"/", 0}};  // explicit stack: no recursion
  size_t visited = 0;
  while (!stack.empty()) {
    auto [dir, depth] = std::move(stack.back());
    stack.pop_back();
    auto entries = host.ListDir(dir);
    if (!entries) continue;  // unreadable directories are skipped, not fatal
    for (const auto& e : *entries) {
      if (++visited > kDeepMaxVisited) {
        scan.truncated = true;
        stack.clear();
        break;
      }
      std::string path = host::JoinPath(dir, e.name);
      bool skipped = false;
      for (auto s : kSkipped) skipped = skipped || path == s;
      if (skipped) continue;
      auto info = host.Lstat(path);
      if (!info) continue;
      ClassifyPath(path, *info, uids ? &*uids : nullptr, gids ? &*gids : nullptr, scan);
      if (info->type == host::FileType::kDirectory) {
        if (depth + 1 < kDeepMaxDepth) {
          stack.emplace_back(path, depth + 1);
        } else {
          scan.truncated = true;
        }
      }
    }
  }
  for (auto* list : {&scan.world_writable, &scan.suid_sgid, &scan.unowned})
    std::sort(list->begin(), list->end());
  facts.Set("files.world_writable", scan.world_writable);
  facts.Set("files.suid_sgid", scan.suid_sgid);
  if (uids && gids) {
    facts.Set("files.unowned", scan.unowned);
  } else {
    facts.SetUnknown("files.unowned",
                     ids.error().value_or(
                         Error{ErrorCode::kNotFound, "缺少 /etc/passwd 或 /etc/group，无法判断属主", {}}));
  }
  facts.Set("files.deep_truncated", scan.truncated);
}

}  // namespace dengbao::probes
