#include "probes/usb_storage.h"

#include "probes/files_io.h"
#include "probes/services.h"
#include "probes/text.h"

namespace dengbao::probes {

namespace {

const std::vector<std::string> kModprobeDirs = {"/etc/modprobe.d", "/run/modprobe.d",
                                                "/usr/local/lib/modprobe.d", "/lib/modprobe.d",
                                                "/usr/lib/modprobe.d"};

bool IsUsbStorage(std::string_view module) {
  std::string m(module);
  for (char& c : m) c = c == '-' ? '_' : c;
  return m == "usb_storage";
}

nlohmann::json UsbguardFact(host::Host& host, Facts& facts, std::vector<Provenance>& sources) {
  SourceReader reader(host, facts, "usb_storage");
  const char* conf_path = "/etc/usbguard/usbguard-daemon.conf";
  auto conf = reader.Read(conf_path, 1 << 20);
  ServiceInventory state = ReadServiceState(host, facts, "usb_storage", true);
  nlohmann::json out = {{"configured", conf.has_value()},
                        {"enabled", state.AnyOf({"usbguard"})},
                        {"implicit_policy_target", conf ? ParseUsbguardImplicitPolicy(*conf) : ""},
                        {"rules_file_exists", host::Exists(host, "/etc/usbguard/rules.conf")}};
  if (conf) sources.push_back(MakeSource(conf_path, 0, ""));
  if (reader.error()) out["error"] = SanitizeUtf8(reader.error()->ToString());
  return out;
}

}  // namespace

bool IsDisablingInstallCommand(std::string_view command) {
  auto words = SplitWords(command);
  if (words.empty()) return false;
  std::string_view prog = PathTail(words[0]);
  if (prog == "true" || prog == "false" || prog == "exit") return true;
  // "/bin/sh -c 'exit 1'" or "/bin/sh -c /bin/false"
  if ((prog == "sh" || prog == "bash") && words.size() >= 3 && words[1] == "-c") {
    std::string rest(command.substr(words[2].data() - command.data()));
    std::erase(rest, '\'');
    std::erase(rest, '"');
    return IsDisablingInstallCommand(rest);
  }
  return false;
}

std::vector<ModprobeDirective> ParseModprobeUsbStorage(std::string_view text) {
  std::vector<ModprobeDirective> out;
  for (const auto& line : ConfigLines(text, LineOptions{'#', true, false})) {
    auto words = SplitWords(line.text);
    if (words.size() < 2 || !IsUsbStorage(words[1])) continue;
    ModprobeDirective d;
    d.line = line.number;
    d.text = SanitizeUtf8(line.text);
    if (words[0] == "blacklist") {
      d.kind = "blacklist";
    } else if (words[0] == "install" && words.size() >= 3) {
      d.kind = "install";
      d.command = SanitizeUtf8(Trim(std::string_view(line.text).substr(words[2].data() - line.text.data())));
      d.disables = IsDisablingInstallCommand(d.command);
    } else {
      continue;
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::string ParseUsbguardImplicitPolicy(std::string_view text) {
  std::string out;
  for (const auto& line : ConfigLines(text)) {
    auto eq = line.text.find('=');
    if (eq != std::string::npos && Trim(std::string_view(line.text).substr(0, eq)) == "ImplicitPolicyTarget")
      out = SanitizeUtf8(Trim(std::string_view(line.text).substr(eq + 1)));
  }
  return out;
}

void CollectUsbStorage(host::Host& host, Facts& facts) {
  SourceReader reader(host, facts, "usb_storage");
  auto files = OverlayFilesOnHost(reader, kModprobeDirs, ".conf");
  files.push_back("/etc/modprobe.conf");
  bool disabled = false, blacklisted = false;
  std::optional<bool> install_seen;  // modprobe uses the first install line for a module
  nlohmann::json found = nlohmann::json::array();
  std::vector<Provenance> sources;
  for (const auto& path : files) {
    auto text = reader.Read(path, 1 << 20);
    if (!text) continue;
    for (const auto& d : ParseModprobeUsbStorage(*text)) {
      if (d.kind == "blacklist") blacklisted = true;
      if (d.kind == "install" && !install_seen) install_seen = d.disables;
      found.push_back({{"file", SanitizeUtf8(path)}, {"line", d.line}, {"text", d.text}});
      sources.push_back(MakeSource(path, d.line, d.text));
    }
  }
  disabled = install_seen.value_or(false);
  // A found "install /bin/true" proves it disabled; absence proves nothing if a file was unreadable.
  SetOrUnknown(facts, "usb_storage.disabled", disabled, sources, disabled ? std::nullopt : reader.error());
  SetOrUnknown(facts, "usb_storage.blacklisted", blacklisted, sources,
               blacklisted ? std::nullopt : reader.error());
  facts.Set("usb_storage.sources", std::move(found), sources);

  std::vector<Provenance> guard_sources;
  nlohmann::json guard = UsbguardFact(host, facts, guard_sources);
  facts.Set("usb_storage.usbguard", std::move(guard), std::move(guard_sources));
}

}  // namespace dengbao::probes
