#include "probes/time_sync.h"

#include <algorithm>

#include "probes/files_io.h"
#include "probes/services.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

constexpr size_t kMaxIncludedFiles = 64;

NtpConfig ParseServerLines(std::string_view text, bool chrony) {
  NtpConfig out;
  for (const auto& line : ConfigLines(text, LineOptions{chrony ? '!' : '#', false, !chrony})) {
    std::string_view t = line.text;
    if (t.starts_with('#') || t.starts_with(';') || t.starts_with('%')) continue;  // chrony comment chars
    auto words = SplitWords(t);
    if (words.size() < 2) continue;
    std::string key = ToLower(words[0]);
    if (key == "server" || key == "pool" || key == "peer") {
      out.servers.push_back(SanitizeUtf8(words[1]));
    } else if (chrony && (key == "confdir" || key == "sourcedir" || key == "include")) {
      for (size_t i = 1; i < words.size(); ++i) out.includes.push_back(SanitizeUtf8(words[i]));
    }
  }
  return out;
}

void AddUnique(std::vector<std::string>& to, const std::vector<std::string>& from) {
  for (const auto& s : from)
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

// chrony.conf plus the files it pulls in (one level: confdir/sourcedir directories, include globs).
std::vector<std::string> ChronyServers(SourceReader& reader, std::vector<Provenance>& sources) {
  std::vector<std::string> servers;
  for (const char* path : {"/etc/chrony.conf", "/etc/chrony/chrony.conf"}) {
    auto text = reader.Read(path, 1 << 20);
    if (!text) continue;
    NtpConfig conf = ParseChronyConf(*text);
    AddUnique(servers, conf.servers);
    sources.push_back(MakeSource(path, 0, ""));
    size_t included = 0;
    for (const auto& inc : conf.includes) {
      bool dir = inc.find_first_of("*?") == std::string::npos;
      auto files = host::Glob(reader.host(), dir ? host::JoinPath(inc, "*") : inc);
      if (!files) continue;
      for (const auto& f : *files) {
        if (dir && !f.ends_with(".conf") && !f.ends_with(".sources")) continue;
        if (++included > kMaxIncludedFiles) break;
        if (auto t = reader.Read(f, 1 << 20)) {
          AddUnique(servers, ParseChronyConf(*t).servers);
          sources.push_back(MakeSource(f, 0, ""));
        }
      }
    }
  }
  return servers;
}

std::vector<std::string> NtpServers(SourceReader& reader, std::vector<Provenance>& sources) {
  std::vector<std::string> servers;
  for (const char* path : {"/etc/ntp.conf", "/etc/ntpsec/ntp.conf"}) {
    if (auto text = reader.Read(path, 1 << 20)) {
      AddUnique(servers, ParseNtpConf(*text).servers);
      sources.push_back(MakeSource(path, 0, ""));
    }
  }
  return servers;
}

std::vector<std::string> TimesyncdServers(SourceReader& reader, std::vector<Provenance>& sources) {
  std::string merged;  // later files override NTP=, so parse them as one text
  std::vector<std::string> files = {"/etc/systemd/timesyncd.conf"};
  auto dropins = OverlayFilesOnHost(
      reader,
      {"/etc/systemd/timesyncd.conf.d", "/run/systemd/timesyncd.conf.d", "/usr/lib/systemd/timesyncd.conf.d"},
      ".conf");
  files.insert(files.end(), dropins.begin(), dropins.end());
  for (const auto& f : files) {
    if (auto text = reader.Read(f, 1 << 20)) {
      merged += *text + "\n";
      sources.push_back(MakeSource(f, 0, ""));
    }
  }
  return ParseTimesyncdConf(merged).servers;
}

}  // namespace

NtpConfig ParseChronyConf(std::string_view text) { return ParseServerLines(text, true); }
NtpConfig ParseNtpConf(std::string_view text) { return ParseServerLines(text, false); }

NtpConfig ParseTimesyncdConf(std::string_view text) {
  NtpConfig out;
  std::string section;
  for (const auto& line : ConfigLines(text, LineOptions{'#', false, false})) {
    std::string_view t = line.text;
    if (t.starts_with(';')) continue;
    if (t.starts_with('[')) {
      section = std::string(t);
      continue;
    }
    auto eq = t.find('=');
    if (section != "[Time]" || eq == std::string_view::npos || Trim(t.substr(0, eq)) != "NTP") continue;
    out.servers.clear();
    for (auto w : SplitWords(t.substr(eq + 1))) out.servers.push_back(SanitizeUtf8(w));
  }
  return out;
}

void CollectTimeSync(host::Host& host, Facts& facts) {
  ServiceInventory state = ReadServiceState(host, facts, "time_sync", true);
  SourceReader reader(host, facts, "time_sync");
  std::vector<Provenance> sources;
  std::vector<std::string> chrony = ChronyServers(reader, sources);
  std::vector<std::string> ntp = NtpServers(reader, sources);
  std::vector<std::string> timesyncd = TimesyncdServers(reader, sources);

  nlohmann::json service = nullptr;
  std::vector<std::string> servers;
  if (state.AnyOf({"chronyd", "chrony"})) {
    service = "chronyd", servers = chrony;
  } else if (state.AnyOf({"ntpd", "ntp", "ntpsec"})) {
    service = "ntpd", servers = ntp;
  } else if (state.AnyOf({"systemd-timesyncd"})) {
    service = "systemd-timesyncd", servers = timesyncd;
  } else {
    AddUnique(servers, chrony);  // nothing enabled: still show what is configured
    AddUnique(servers, ntp);
    AddUnique(servers, timesyncd);
  }
  auto svc_err = state.systemd_error ? state.systemd_error : state.active_error;
  SetOrUnknown(facts, "time_sync.service", service, {}, service.is_null() ? svc_err : std::nullopt);
  SetOrUnknown(facts, "time_sync.enabled", !service.is_null(), {},
               service.is_null() ? svc_err : std::nullopt);
  SetOrUnknown(facts, "time_sync.servers", servers, std::move(sources), reader.error());
}

}  // namespace dengbao::probes
