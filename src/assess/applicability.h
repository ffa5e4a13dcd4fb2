// Which units apply to which target, and the shared answer validation used by both
// questionnaire readers (YAML and workbook).
#pragma once

#include <string_view>
#include <vector>

#include "assess/model.h"
#include "catalog/catalog.h"
#include "catalog/yaml_reader.h"

namespace dengbao::assess {

// The units applicable to the system (its grade and extensions), in catalog order.
Result<std::vector<const catalog::Item*>> ApplicableUnits(const SystemSpec& system,
                                                          const catalog::Catalog& catalog);

// True if the unit lists the target type among its objects.
bool AppliesTo(const catalog::Item& item, std::string_view target_type);

// Checks every answer: known target, unit applicable to the system (a unit whose objects do not
// list the target's type is allowed; BuildAssessment warns), no target × unit answered twice,
// known high-risk case ids that list the unit, known methods.
void ValidateAnswers(const std::vector<Answer>& answers, const SystemSpec& system,
                     const catalog::Catalog& catalog, catalog::Diagnostics& diags);

}  // namespace dengbao::assess
