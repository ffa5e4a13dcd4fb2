#include "probes/files.h"

#include <cstdio>

#include "probes/files_io.h"

namespace dengbao::probes {

namespace {

void SetModeVerdict(Facts& facts, std::string_view fact, std::string_view path, const nlohmann::json& modes,
                    bool (*ok)(uint32_t)) {
  auto it = modes.find(std::string(path));
  if (it == modes.end()) return;
  const nlohmann::json& exists = (*it)["exists"];
  if (exists.is_boolean() && !exists.get<bool>()) {
    facts.SetUnknown(fact, Error{ErrorCode::kNotFound, std::string(path) + " 不存在", {}});
    return;
  }
  auto mode = it->find("mode_int");
  if (mode == it->end() || !mode->is_number_unsigned()) {
    auto err = it->find("error");
    std::string detail = err != it->end() && err->is_string() ? err->get<std::string>() : "";
    facts.SetUnknown(fact, Error{ErrorCode::kIo, std::string(path) + " 无法获取权限: " + detail, {}});
    return;
  }
  uint32_t m = mode->get<uint32_t>();
  facts.Set(fact, ok(m), {MakeSource(path, 0, "mode " + FormatMode(m))});
}

}  // namespace

std::string FormatMode(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777);
  return buf;
}

std::string_view FileTypeName(host::FileType type) {
  switch (type) {
    case host::FileType::kRegular:
      return "file";
    case host::FileType::kDirectory:
      return "dir";
    case host::FileType::kSymlink:
      return "symlink";
    case host::FileType::kOther:
      break;
  }
  return "other";
}

bool ShadowModeOk(uint32_t mode) { return (mode & 0027) == 0; }
bool PasswdModeOk(uint32_t mode) { return (mode & 0022) == 0; }

const std::vector<std::string_view>& KeyFiles() {
  static const std::vector<std::string_view> kFiles = {
      "/etc/passwd",       "/etc/shadow",         "/etc/group",
      "/etc/gshadow",      "/etc/sudoers",        "/etc/ssh/sshd_config",
      "/etc/crontab",      "/etc/login.defs",     "/etc/pam.d",
      "/var/log",          "/var/log/audit",      "/etc/audit/auditd.conf",
      "/etc/rsyslog.conf", "/boot/grub/grub.cfg", "/boot/grub2/grub.cfg",
      "/etc/securetty",
  };
  return kFiles;
}

nlohmann::json ModeEntry(const host::FileInfo& lstat_info, const host::FileInfo* stat_info) {
  nlohmann::json e = {{"exists", true}, {"type", FileTypeName(lstat_info.type)}};
  const host::FileInfo* info = lstat_info.type == host::FileType::kSymlink ? stat_info : &lstat_info;
  if (info == nullptr) return e;
  if (lstat_info.type == host::FileType::kSymlink) e["target_type"] = FileTypeName(info->type);
  e["mode"] = FormatMode(info->mode);
  e["mode_int"] = info->mode & 07777;
  e["uid"] = info->uid;
  e["gid"] = info->gid;
  return e;
}

void CollectFiles(host::Host& host, Facts& facts) {
  nlohmann::json modes = nlohmann::json::object();
  std::vector<Provenance> sources;
  nlohmann::json world_writable = nlohmann::json::array();
  for (auto path : KeyFiles()) {
    std::string key(path);
    auto l = host.Lstat(path);
    if (!l) {
      if (l.error().code == ErrorCode::kNotFound) {
        modes[key] = {{"exists", false}};
      } else {
        modes[key] = {{"exists", nullptr}, {"error", SanitizeUtf8(l.error().ToString())}};
        facts.AddWarning("files", "无法获取文件属性: " + SanitizeUtf8(l.error().ToString()),
                         MakeSource(path, 0, ""));
      }
      continue;
    }
    auto s = l->type == host::FileType::kSymlink ? host.Stat(path) : Result<host::FileInfo>(*l);
    nlohmann::json entry = ModeEntry(*l, s ? &*s : nullptr);
    if (!s) entry["error"] = SanitizeUtf8(s.error().ToString());
    if (entry.contains("mode_int")) {
      sources.push_back(MakeSource(path, 0, "mode " + entry["mode"].get<std::string>()));
      if ((entry["mode_int"].get<uint32_t>() & 0002) != 0) world_writable.push_back(key);
    }
    modes[key] = std::move(entry);
  }
  SetModeVerdict(facts, "files.shadow_mode_ok", "/etc/shadow", modes, &ShadowModeOk);
  SetModeVerdict(facts, "files.passwd_mode_ok", "/etc/passwd", modes, &PasswdModeOk);
  facts.Set("files.world_writable_key_files", std::move(world_writable));
  facts.Set("files.modes", std::move(modes), std::move(sources));
}

}  // namespace dengbao::probes
