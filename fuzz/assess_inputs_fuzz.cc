// libFuzzer target for the assessment inputs: the first byte picks the parser (system
// description, YAML questionnaire, saved scan JSON, questionnaire workbook); the rest is the
// file. Any bytes must yield a value or an error, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "assess/inputs.h"
#include "catalog/loader.h"
#include "report/questionnaire.h"

#ifndef DENGBAO_FUZZ_CATALOG
#define DENGBAO_FUZZ_CATALOG "catalogs/gbt22239-2019"
#endif

namespace {

// A small level-3 system with one target of the common types, for questionnaire parsing.
constexpr std::string_view kSystem = R"(format: dengbao-system/1
system: {id: fz, name: 模糊测试, level: 3}
targets:
  - {id: room, name: 机房, type: physical_room}
  - {id: docs, name: 文档, type: management_doc}
  - {id: srv, name: 服务器, type: server_os}
  - {id: sw, name: 交换机, type: network_device}
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dengbao;
  static const catalog::Catalog cat = [] {
    auto r = catalog::LoadCatalog(DENGBAO_FUZZ_CATALOG);
    if (!r) std::abort();
    return std::move(*r);
  }();
  static const assess::SystemSpec system = [] {
    auto s = assess::ParseSystemText(kSystem, "fuzz-system.yaml", "/tmp", cat);
    if (!s) std::abort();
    return std::move(*s);
  }();
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      (void)assess::ParseSystemText(text, "fuzz.yaml", "/tmp", cat);
      break;
    case 1:
      (void)assess::ParseQuestionnaireText(text, "fuzz.yaml", system, cat);
      break;
    case 2:
      (void)assess::ParseScanJson(text, "fuzz.json");
      break;
    default:
      (void)report::ParseQuestionnaireXlsx(text, "fuzz.xlsx", system, cat);
      break;
  }
  return 0;
}
