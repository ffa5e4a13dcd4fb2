// Test helper for tests/oscal: writes the OSCAL assessment-results and POA&M of a system
// description, so the example's documents can be checked without a CLI command. Usage:
//   oscal_dump SYSTEM.yaml GENERATED_AT AR.json POAM.json
// The POA&M marks the cheapest set of items reaching 中 (mlps-2021) as recommended, as
// `dengbao plan --target pass` chooses them. FIXME: replace with `dengbao report --format oscal`
// once that command exists.
#include <fstream>
#include <iostream>

#include "cli/assess_common.h"
#include "report/oscal.h"

namespace {

using namespace dengbao;

int Write(const std::string& path, const nlohmann::json& j) {
  std::ofstream out(path);
  out << j.dump(1) << "\n";
  if (!out) {
    std::cerr << "cannot write " << path << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: oscal_dump SYSTEM.yaml GENERATED_AT AR.json POAM.json\n";
    return 2;
  }
  cli::ParsedArgs args;
  args.options["system"] = argv[1];
  cli::Context ctx(std::move(args), std::cout, std::cerr, {});
  auto loaded = cli::LoadForCommand(ctx);
  if (!loaded) {
    std::cerr << loaded.error().ToString() << "\n";
    return 1;
  }
  std::vector<std::string> recommended;
  auto goal = plan::ResolveGoal("pass", loaded->profiles);
  if (!goal) {
    std::cerr << goal.error().ToString() << "\n";
    return 1;
  }
  auto best = plan::CheapestFor(loaded->assessment, loaded->plan, *goal);
  if (!best) {
    std::cerr << best.error().ToString() << "\n";
    return 1;
  }
  for (const auto* item : best->items) recommended.push_back(item->id);
  int rc = Write(argv[3],
                 report::OscalAssessmentResults(loaded->assessment, loaded->profiles, loaded->plan, argv[2]));
  return rc | Write(argv[4], report::OscalPoam(loaded->assessment, loaded->plan, recommended, argv[2]));
}
