// OSCAL 1.1.2 JSON views of an assessment and its rectification plan, for tools that speak NIST's
// Open Security Controls Assessment Language. Every identifier is a name-based UUID derived from
// the system id and the object's own id (the document's own uuid from its content), so the same
// input gives the same document. Custom
// properties carry the namespace kOscalNamespace. Pure functions of their arguments: thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"
#include "plan/plan.h"

namespace dengbao::report {

inline constexpr std::string_view kOscalNamespace = "https://dengbao.example/ns/oscal";
inline constexpr std::string_view kOscalVersion = "1.1.2";

// The deterministic UUID of an object of `kind` (observation, finding, risk, ...) with this id in
// the system's documents: UUID v5 under Dengbao's namespace of "<system id>/<kind>/<id>".
std::string OscalUuid(std::string_view system_id, std::string_view kind, std::string_view id);

// An assessment-results document with one result: every target × unit cell as an observation,
// every unit result as a finding (objective-id target, satisfied | not-satisfied), every Dengbao
// finding as a risk with its level before and after compensation and the plan's remediation as a
// recommendation, and score and conclusion of each profile as estimated properties of the
// result. `import-ap` points at a back-matter resource describing the assessment plan.
// `generated_at` is an ISO 8601 UTC date-time ("2026-11-29T12:00:00Z"), used as last-modified.
nlohmann::json OscalAssessmentResults(const assess::Assessment& a,
                                      const std::vector<assess::Profile>& profiles, const plan::Plan& plan,
                                      std::string_view generated_at);

// A plan-of-action-and-milestones document: one poam-item per plan item, linked to the risk of
// its finding, which carries the planned remediation (a milestone task ending at the deadline,
// cost, person-days and owner as properties). Items whose id is in `recommended` (the optimiser's
// choice) are marked with a `recommended` property; other ids are ignored. OSCAL requires at
// least one poam-item: callers should not write a POA&M for a plan with no items.
nlohmann::json OscalPoam(const assess::Assessment& a, const plan::Plan& plan,
                         const std::vector<std::string>& recommended, std::string_view generated_at);

}  // namespace dengbao::report
