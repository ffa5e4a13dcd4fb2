#include <charconv>
#include <cstdlib>

#include "catalog/loader.h"
#include "cli/command.h"
#include "rules/rule_loader.h"

#ifndef DENGBAO_SOURCE_DATA_DIR
#define DENGBAO_SOURCE_DATA_DIR "."
#endif

namespace dengbao::cli {

namespace fs = std::filesystem;

Context::Context(ParsedArgs args, std::ostream& out, std::ostream& err, fs::path exe_dir)
    : args_(std::move(args)), out_(out), err_(err), exe_dir_(std::move(exe_dir)) {}

fs::path Context::CatalogPath() const {
  if (auto c = args_.Get("catalog")) return *c;
  if (const char* env = std::getenv("DENGBAO_CATALOG"); env != nullptr && *env != '\0') return env;
  constexpr std::string_view kDefault = "gbt22239-2019";
  std::error_code ec;
  if (!exe_dir_.empty()) {
    fs::path installed = exe_dir_ / ".." / "share" / "dengbao" / "catalogs" / kDefault;
    if (fs::exists(installed / "catalog.yaml", ec)) return installed;
  }
  return fs::path(DENGBAO_SOURCE_DATA_DIR) / "catalogs" / kDefault;
}

Result<const catalog::Catalog*> Context::Catalog() {
  if (!catalog_) {
    auto loaded = catalog::LoadCatalog(CatalogPath());
    if (!loaded) return std::unexpected(loaded.error());
    catalog_.emplace(std::move(*loaded));
  }
  return &*catalog_;
}

const probes::Registry& Context::Probes() {
  if (!probes_) {
    probes_.emplace();
    probes::RegisterBuiltinProbes(*probes_);
  }
  return *probes_;
}

Result<const std::vector<rules::Rule>*> Context::Rules() {
  if (!rules_) {
    auto cat = Catalog();
    if (!cat) return std::unexpected(cat.error());
    fs::path path;
    if (auto r = args_.Get("rules"))
      path = *r;
    else if (const char* env = std::getenv("DENGBAO_RULES"); env != nullptr && *env != '\0')
      path = env;
    else {
      std::error_code ec;
      fs::path installed = exe_dir_ / ".." / "share" / "dengbao" / "rules";
      path = !exe_dir_.empty() && fs::is_directory(installed, ec)
                 ? installed
                 : fs::path(DENGBAO_SOURCE_DATA_DIR) / "rules";
    }
    auto loaded = rules::LoadRules(path, **cat, Probes());
    if (!loaded) return std::unexpected(loaded.error());
    rules_.emplace(std::move(*loaded));
  }
  return &*rules_;
}

Result<std::optional<int>> Context::IntOption(std::string_view name, int min, int max) const {
  auto v = args_.Get(name);
  if (!v) return std::optional<int>();
  int value = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), value);
  if (ec != std::errc() || end != v->data() + v->size() || value < min || value > max)
    return MakeError(ErrorCode::kInvalidArgument, "--" + std::string(name) + " 应为 " + std::to_string(min) +
                                                      "–" + std::to_string(max) + " 的整数，实际为 '" + *v +
                                                      "' (expected an integer in range)");
  return std::optional<int>(value);
}

std::vector<std::string> Context::ListOption(std::string_view name) const {
  std::vector<std::string> out;
  auto v = args_.Get(name);
  if (!v) return out;
  size_t start = 0;
  while (start <= v->size()) {
    size_t comma = v->find(',', start);
    if (comma == std::string::npos) comma = v->size();
    if (comma > start) out.push_back(v->substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace dengbao::cli
