// JSON views of the operations services (inspections, hazards, incidents, drills, training),
// shared by the CLI's --json output and the HTTP API so both front ends print the same objects.
// Thread-safe (pure functions).
#pragma once

#include <nlohmann/json.hpp>

#include "service/drills.h"
#include "service/incidents.h"
#include "service/inspections.h"
#include "service/training.h"

namespace dengbao::service {

// The checklist templates: [{id, name, frequency, domain, units, items: [{id, text, kind, severity,
// hazard, min?, max?}]}].
nlohmann::json TemplatesJson(const Templates& templates);
// A recorded run: its columns, answers parsed back into an object, and the hazards it raised.
nlohmann::json RunJson(const RunResult& r);
// A schedule with next_due, state, last_run (null when never run) and missed [{first, last}].
nlohmann::json ScheduleDueJson(const ScheduleDue& d);
// A hazard with status_label, severity_label, effective_deadline, state (null once closed) and
// escalate_to.
nlohmann::json HazardJson(const HazardView& v);
// An incident with labels, system_level, deadline_hours, seconds_left (null when not counting),
// late, units and, when loaded, events.
nlohmann::json IncidentJson(const IncidentView& v);
// A plan's drill status: {plan, system_level, required, last_drill, due, state, units}; the state
// of a plan that need not be drilled yearly has stage "advisory" (建议).
nlohmann::json DrillDueJson(const DrillDue& d);
// A training session with kind_label, summary (attendance or phishing figures), units and, when
// loaded, records.
nlohmann::json SessionJson(const SessionView& v);
// {rows, replaced, removed}.
nlohmann::json ImportOutcomeJson(const ImportOutcome& o);

}  // namespace dengbao::service
