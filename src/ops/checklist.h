// Inspection checklist templates as data (issue #5): `dengbao-checklist/1` YAML files under
// catalogs/operations/checklists/. A template is a list of check items answered on each
// inspection run; an item answered "abnormal" becomes a hazard. Thread-safe once loaded.
//
//   format: dengbao-checklist/1
//   id: machine-room-daily
//   name: 机房日常巡检
//   frequency: daily            # daily | weekly | monthly | quarterly | yearly
//   domain: it | school         # what kind of place it inspects
//   units: [L3-PES1-01, …]      # management/physical units a run is evidence for (may be empty
//                               # or absent)
//   items:
//     - id: temp
//       text: 机房温度在 18–27 ℃ 之间
//       kind: check | number | text      # check = 正常/异常; number with min/max; text (default check)
//       min: 18                          # number only, optional
//       max: 27                          # number only, optional
//       hazard: 机房环境温度异常            # nature of the hazard an abnormal answer raises (required
//                                        # unless kind is text)
//       severity: major | general        # 重大隐患 / 一般隐患 (default general)
// Template and item ids are ASCII letters, digits, '-', '_' and '.', at most 64 characters.
// Unknown keys are errors, so a typo cannot silently drop a field.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "workflow/deadlines.h"

namespace dengbao::ops {

enum class ItemKind { kCheck, kNumber, kText };

struct ChecklistItem {
  std::string id;
  std::string text;
  ItemKind kind = ItemKind::kCheck;
  std::optional<double> min;
  std::optional<double> max;
  std::string hazard;    // hazard nature when the answer is abnormal
  std::string severity;  // "major" | "general"
};

struct ChecklistTemplate {
  std::string id;
  std::string name;
  workflow::Frequency frequency = workflow::Frequency::kDaily;
  std::string domain;                // "it" | "school"
  std::vector<std::string> units;    // catalog unit ids (not validated here)
  std::vector<ChecklistItem> items;  // non-empty, unique ids
  std::string source;                // file it came from
};

// Parses one template; errors carry file:line:column and say what was expected.
Result<ChecklistTemplate> ParseChecklist(std::string_view yaml_text, const std::string& source_name);
// Every *.yaml in `dir`, sorted by id; duplicate template ids are an error naming both files.
Result<std::vector<ChecklistTemplate>> LoadChecklists(const std::filesystem::path& dir);

// One answer on a run: "ok"/"abnormal" (or 正常/异常) for check items, a number for number
// items, any text for text items.
struct ItemAnswer {
  std::string item_id;
  std::string value;
  std::string note;
};

// Judges one answer: true when abnormal (check answered abnormal, number outside [min, max]).
// kInvalidArgument when the item id is unknown or the value does not fit the kind.
Result<bool> IsAbnormal(const ChecklistTemplate& t, const ItemAnswer& a);

}  // namespace dengbao::ops
