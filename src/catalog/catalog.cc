#include "catalog/catalog.h"

#include <array>

namespace dengbao::catalog {

char SagLetter(Sag sag) {
  switch (sag) {
    case Sag::kS:
      return 'S';
    case Sag::kA:
      return 'A';
    case Sag::kG:
      return 'G';
  }
  return '?';
}

const Category* Manifest::FindCategory(std::string_view code) const {
  for (const auto& c : categories)
    if (c.code == code) return &c;
  return nullptr;
}
const Scope* Manifest::FindScope(std::string_view id_) const {
  for (const auto& s : scopes)
    if (s.id == id_) return &s;
  return nullptr;
}
const TargetType* Manifest::FindTargetType(std::string_view id_) const {
  for (const auto& t : target_types)
    if (t.id == id_) return &t;
  return nullptr;
}

Catalog::Catalog(Manifest manifest, std::vector<Item> items, std::vector<HighRiskCase> cases)
    : manifest_(std::move(manifest)), items_(std::move(items)), cases_(std::move(cases)) {
  for (size_t i = 0; i < items_.size(); ++i) item_index_.emplace(items_[i].unit, i);
  for (size_t i = 0; i < cases_.size(); ++i)
    for (const auto& [level, units] : cases_[i].units)
      for (const auto& u : units) cases_by_unit_[u].push_back(i);
}

const Item* Catalog::FindItem(std::string_view unit) const {
  auto it = item_index_.find(std::string(unit));
  return it == item_index_.end() ? nullptr : &items_[it->second];
}

const HighRiskCase* Catalog::FindCase(std::string_view id) const {
  for (const auto& c : cases_)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<const HighRiskCase*> Catalog::CasesForUnit(std::string_view unit) const {
  std::vector<const HighRiskCase*> out;
  auto it = cases_by_unit_.find(std::string(unit));
  if (it == cases_by_unit_.end()) return out;
  for (size_t i : it->second) out.push_back(&cases_[i]);
  return out;
}

std::span<const std::string_view> EvidenceKinds() {
  static constexpr std::array<std::string_view, 6> kKinds = {"host", "device",   "app",
                                                             "doc",  "physical", "interview"};
  return kKinds;
}

std::span<const std::string_view> DetectionKinds() {
  static constexpr std::array<std::string_view, 7> kKinds = {"host", "device",   "app",      "scan",
                                                             "doc",  "physical", "interview"};
  return kKinds;
}

}  // namespace dengbao::catalog
