// Registration of the authentication probes (issue #3) and the helpers of auth_probes.h.
#include "probes/auth_probes.h"

#include "probes/accounts.h"
#include "probes/auth_extra.h"
#include "probes/login_defs.h"
#include "probes/pam.h"
#include "probes/pwquality.h"
#include "probes/registry.h"
#include "probes/shell_timeout.h"
#include "probes/sshd.h"
#include "probes/sudo.h"
#include "probes/tcp_wrappers.h"
#include "probes/text.h"

namespace dengbao::probes {

void RegisterAuthProbes(Registry& registry) {
  registry.Add({"sshd", "SSH 服务端配置（含 Include 与 Match 块，缺省值按 OpenSSH 版本）", &CollectSshd});
  registry.Add({"pam", "PAM 认证栈：口令复杂度、登录失败锁定、口令历史、空口令与多因素模块", &CollectPam,
                "password_policy"});
  registry.Add({"pwquality", "口令质量配置 pwquality.conf 及其 .d 目录", &CollectPwquality});
  registry.Add({"login_defs", "/etc/login.defs 中的口令有效期、UID 范围与登录限制", &CollectLoginDefs});
  registry.Add({"accounts", "本地账户：空口令、UID 0、重复账户、口令算法与有效期（不采集口令散列）",
                &CollectAccounts});
  registry.Add({"sudo", "sudoers 授权规则、免密授权与 Defaults 设置", &CollectSudo});
  registry.Add({"shell_timeout", "登录 Shell 的超时自动退出（TMOUT / autologout）", &CollectShellTimeout});
  registry.Add({"tcp_wrappers", "TCP Wrappers 访问控制（hosts.allow / hosts.deny）", &CollectTcpWrappers});
  registry.Add({"auth_extra", "root 终端登录限制（securetty）与 su 仅限 wheel 组", &CollectAuthExtra});
}

void AddWarnings(Facts& facts, std::string_view probe, const std::vector<ParseWarning>& warnings) {
  for (const auto& w : warnings) facts.AddWarning(probe, w.message, w.where);
}

void ParseKeyValueConf(std::string_view text, const std::string& file, ConfMap& out) {
  for (const auto& line : ConfigLines(text)) {
    std::string_view t = line.text;
    size_t eq = t.find('=');
    std::string key = ToLower(Trim(t.substr(0, eq)));
    std::string_view value = eq == std::string_view::npos ? std::string_view() : Trim(t.substr(eq + 1));
    if (key.empty()) continue;
    out[key] =
        ConfValue{std::string(Unquote(value)), Prov(file, line.number, t), eq == std::string_view::npos};
  }
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool ok = len > 0 && i + len <= s.size() && !(len == 2 && c < 0xC2);
    for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) >> 6) == 0x2;
    if (ok && len == 3) {  // no overlongs, no surrogates
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
    }
    if (ok && len == 4) {  // no overlongs, nothing above U+10FFFF
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) && c <= 0xF4;
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

Provenance Prov(const std::string& file, int line, std::string_view text) {
  constexpr size_t kMaxText = 300;
  if (text.size() > kMaxText) text = text.substr(0, kMaxText);
  return Provenance{ValidUtf8(file), line, ValidUtf8(text)};
}

Provenance DefaultProv(std::string_view text) { return Provenance{"default", 0, ValidUtf8(text)}; }

Result<std::string> ReadConfigText(host::Host& host, const std::string& path, Facts& facts,
                                   std::string_view probe) {
  auto text = host.ReadFile(path);
  if (!text) return std::unexpected(text.error());
  if (LooksBinary(*text)) {
    facts.AddWarning(probe, "文件内容像二进制数据，未解析 (file looks binary, not parsed)",
                     Prov(path, 0, ""));
    return MakeError(ErrorCode::kSyntax, "file looks binary: " + path, {path});
  }
  return ValidUtf8(*text);
}

std::string FactKey(std::string_view key) {
  std::string out = ToLower(key);
  for (char& c : out)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
  return out;
}

nlohmann::json IntOrString(std::string_view value) {
  if (auto n = ParseInt(value)) return *n;
  return ValidUtf8(value);
}

std::string_view Unquote(std::string_view s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace dengbao::probes
