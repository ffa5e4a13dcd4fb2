// The CLI's command table and the context a command runs in. Commands are rows of kCommands
// (commands.cc); help text is generated from the same rows. Not thread-safe: one command runs
// per process.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/error.h"
#include "probes/registry.h"
#include "rules/rule.h"

namespace dengbao::cli {

struct OptionSpec {
  std::string_view name;   // without the leading "--"
  std::string_view value;  // placeholder shown in help ("N", "FILE"); empty for a flag
  std::string_view help;   // zh-first
};

struct ParsedArgs {
  std::map<std::string, std::string, std::less<>> options;  // name -> value ("" for flags)
  std::vector<std::string> positional;

  bool Flag(std::string_view name) const { return options.contains(name); }
  std::optional<std::string> Get(std::string_view name) const;
};

class Context;
using Handler = Status (*)(Context& ctx);

struct CommandSpec {
  std::string_view path;        // "catalog list"
  std::string_view positional;  // "UNIT", "PATH..." or empty
  std::string_view summary;     // one line, zh-first
  std::span<const OptionSpec> options;
  Handler run;
};

// Everything a command needs: its arguments, output streams and the catalog (loaded lazily).
class Context {
 public:
  Context(ParsedArgs args, std::ostream& out, std::ostream& err, std::filesystem::path exe_dir);

  const ParsedArgs& args() const { return args_; }
  bool json() const { return args_.Flag("json"); }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  // The catalog from --catalog, $DENGBAO_CATALOG, the installed share dir or the source tree,
  // loaded on first use.
  Result<const catalog::Catalog*> Catalog();
  std::filesystem::path CatalogPath() const;

  // Integer option in [min, max]; nullopt when absent; an error when malformed.
  Result<std::optional<int>> IntOption(std::string_view name, int min, int max) const;
  // Comma-separated option values; empty when absent.
  std::vector<std::string> ListOption(std::string_view name) const;

  // A handler that has already printed its own error report (e.g. all validation errors) calls
  // this so Main only turns the returned error into an exit code.
  void MarkErrorReported() { error_reported_ = true; }
  bool error_reported() const { return error_reported_; }
  // Exit code for a command that succeeded but has a verdict to report (e.g. scan findings).
  void SetExitCode(int code) { exit_code_ = code; }
  int exit_code() const { return exit_code_; }

  // The rules from --rules, $DENGBAO_RULES, the installed share dir or the source tree, validated
  // against the catalog and the built-in probes, loaded on first use.
  Result<const std::vector<rules::Rule>*> Rules();
  const probes::Registry& Probes();

 private:
  bool error_reported_ = false;
  int exit_code_ = 0;
  std::optional<std::vector<rules::Rule>> rules_;
  std::optional<probes::Registry> probes_;
  ParsedArgs args_;
  std::ostream& out_;
  std::ostream& err_;
  std::filesystem::path exe_dir_;
  std::optional<catalog::Catalog> catalog_;
};

// The table of all commands.
std::span<const CommandSpec> Commands();

// Handlers, one per command (defined in *_commands.cc).
Status RunCatalogList(Context& ctx);
Status RunCatalogShow(Context& ctx);
Status RunCatalogStats(Context& ctx);
Status RunCatalogValidate(Context& ctx);
Status RunCatalogExport(Context& ctx);
Status RunCatalogCases(Context& ctx);
Status RunGrade(Context& ctx);
Status RunScan(Context& ctx);
Status RunRulesList(Context& ctx);
Status RunRulesValidate(Context& ctx);
Status RunAssess(Context& ctx);
Status RunAssessQuestionnaire(Context& ctx);
Status RunPlan(Context& ctx);
Status RunReport(Context& ctx);
Status RunServe(Context& ctx);

// Command tables of the store-backed modules, each defined beside its handlers:
std::span<const CommandSpec> StoreCommands();  // store_commands.cc: system, site, user, audit, backup
std::span<const CommandSpec>
WorkflowCommands();  // workflow_commands.cc: round, item, evidence, report finalise
std::span<const CommandSpec> OperationsCommands();  // ops_commands.cc: inspect, hazard
std::span<const CommandSpec> IncidentCommands();    // incident_commands.cc: incident, drill, training

// Entry point used by main(): parses argv, dispatches, prints errors, returns the exit code.
int Main(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace dengbao::cli
