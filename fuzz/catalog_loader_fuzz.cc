// libFuzzer target for the catalog loader: any bytes given as a manifest, an item file or a
// high-risk-case file must yield items or diagnostics, never a crash, hang or sanitizer report.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/loader.h"

namespace {

constexpr std::string_view kManifest = R"yaml(format: dengbao-catalog/1
id: fuzz
title: {zh: 模糊测试, en: Fuzz}
source: fuzz
categories:
  - {code: CES, zh: 安全计算环境, en: Computing environment, kind: technical}
  - {code: PES, zh: 安全物理环境, en: Physical environment, kind: technical}
scopes:
  - {id: general, digit: 1, zh: 通用, en: General}
  - {id: cloud, digit: 2, zh: 云, en: Cloud}
target_types:
  - {id: server_os, zh: 服务器操作系统, en: Server OS}
include: []
)yaml";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dengbao::catalog;
  static const Manifest manifest = [] {
    Diagnostics d;
    return ParseManifestText(kManifest, "catalog.yaml", d);
  }();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  ParseManifestText(text, "fuzz.yaml", diags);
  std::vector<Item> items;
  std::vector<HighRiskCase> cases;
  ParseItemsText(text, "fuzz.yaml", manifest, items, diags);
  ParseCasesText(text, "fuzz.yaml", manifest, cases, diags);
  CheckCrossReferences(items, cases, nullptr, diags);
  for (const auto& e : diags.errors()) (void)e.ToString();
  return 0;
}
