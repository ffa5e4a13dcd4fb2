// Answers to an inspection run, as the people doing the rounds write them: a YAML (or JSON, which
// is YAML) mapping from item id to the value, or to {value, note}:
//
//   temperature: 29.5
//   ups-status: {value: 异常, note: UPS 间 2 号机柜}
//   remarks: 无
//
// or the short form of `--answer temperature=29.5,ups-status=ok`. Only the shape is checked
// here; whether the answers fit the template is ops::IsAbnormal's and the service's job.
// Thread-safe (pure functions).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ops/checklist.h"

namespace dengbao::ops {

// Answers in file order. kSyntax (with file:line:column) on bad YAML; kValidation naming the
// place for a non-mapping document, an empty or duplicate item id, a value that is not a scalar
// or {value, note} mapping, or unknown keys in such a mapping.
Result<std::vector<ItemAnswer>> ParseAnswers(std::string_view text, const std::string& source_name);

// "item=value,item=value"; kUsage on an element without '=' or with an empty item id.
Result<std::vector<ItemAnswer>> ParseAnswerList(std::string_view text);

}  // namespace dengbao::ops
