#include "service/ops_views.h"

#include "service/views.h"

namespace dengbao::service {

using nlohmann::json;

json TemplatesJson(const Templates& templates) {
  json arr = json::array();
  for (const auto& t : templates) {
    json items = json::array();
    for (const auto& i : t.items) {
      constexpr std::string_view kKinds[] = {"check", "number", "text"};
      json item = {{"id", i.id},
                   {"text", i.text},
                   {"kind", kKinds[static_cast<size_t>(i.kind)]},
                   {"severity", i.severity},
                   {"hazard", i.hazard}};
      if (i.min) item["min"] = *i.min;
      if (i.max) item["max"] = *i.max;
      items.push_back(std::move(item));
    }
    arr.push_back({{"id", t.id},
                   {"name", t.name},
                   {"frequency", workflow::FrequencyId(t.frequency)},
                   {"domain", t.domain},
                   {"units", t.units},
                   {"items", items}});
  }
  return arr;
}

json RunJson(const RunResult& r) {
  json hazards = json::array();
  for (const auto& h : r.hazards) hazards.push_back(RecordJson(h));
  json j = RecordJson(r.run);
  j["answers"] = json::parse(r.run.at("answers"), nullptr, false);
  j["hazards"] = hazards;
  return j;
}

json ScheduleDueJson(const ScheduleDue& d) {
  json missed = json::array();
  for (const auto& p : d.missed)
    missed.push_back({{"first", workflow::FormatDate(p.first)}, {"last", workflow::FormatDate(p.last)}});
  json j = RecordJson(d.schedule);
  j["next_due"] = workflow::FormatDate(d.next_due);
  j["state"] = StateJson(d.state);
  j["last_run"] = d.last_run ? json(workflow::FormatDate(*d.last_run)) : json(nullptr);
  j["missed"] = missed;
  return j;
}

json HazardJson(const HazardView& v) {
  json j = RecordJson(v.hazard);
  j["status_label"] = HazardStatusLabel(v.hazard.at("status"));
  j["severity_label"] = SeverityLabel(v.hazard.at("severity"));
  j["effective_deadline"] = workflow::FormatDate(v.effective_deadline);
  j["state"] = v.state ? StateJson(*v.state) : json(nullptr);
  j["escalate_to"] = v.escalate_to;
  return j;
}

json IncidentJson(const IncidentView& v) {
  json j = RecordJson(v.row);
  auto grade = workflow::ParseGrade(v.row.at("grade"));
  auto op = workflow::ParseOperator(v.row.at("operator_type"));
  j["grade_label"] = grade ? workflow::GradeLabel(*grade) : v.row.at("grade");
  j["operator_label"] = op ? workflow::OperatorLabel(*op) : v.row.at("operator_type");
  j["status_label"] = IncidentStatusLabel(v.row.at("status"));
  j["system_level"] = v.system_level;
  j["deadline_hours"] = v.deadline_hours ? json(*v.deadline_hours) : json(nullptr);
  j["seconds_left"] = v.seconds_left ? json(*v.seconds_left) : json(nullptr);
  j["late"] = v.late;
  j["units"] = v.units;
  if (!v.events.empty()) {
    json events = json::array();
    for (const auto& e : v.events) events.push_back(RecordJson(e));
    j["events"] = events;
  }
  return j;
}

json DrillDueJson(const DrillDue& d) {
  json state = d.required ? StateJson(d.state)
                          : json{{"stage", "advisory"},
                                 {"stage_label", "建议"},
                                 {"days_left", d.state.days_left},
                                 {"days_overdue", 0}};
  return {{"plan", RecordJson(d.plan)},
          {"system_level", d.system_level},
          {"required", d.required},
          {"last_drill", d.last_drill ? RecordJson(*d.last_drill) : json(nullptr)},
          {"due", workflow::FormatDate(d.due)},
          {"state", state},
          {"units", d.units}};
}

json SessionJson(const SessionView& v) {
  json j = RecordJson(v.session);
  const auto& s = v.summary;
  j["kind_label"] = TrainingKindLabel(v.session.at("kind"));
  json sum = {{"people", s.people}};
  if (v.session.at("kind") == "phishing") {
    sum.update({{"clicked", s.clicked},
                {"submitted", s.submitted},
                {"reported", s.reported},
                {"click_rate", s.click_rate},
                {"submit_rate", s.submit_rate},
                {"report_rate", s.report_rate}});
  } else {
    sum.update({{"attended", s.attended},
                {"attendance_rate", s.attendance_rate},
                {"scored", s.scored},
                {"average_score", s.average_score ? json(*s.average_score) : json(nullptr)}});
  }
  j["summary"] = sum;
  j["units"] = v.units;
  if (!v.records.empty()) {
    json rows = json::array();
    for (const auto& r : v.records) rows.push_back(RecordJson(r));
    j["records"] = rows;
  }
  return j;
}

json ImportOutcomeJson(const ImportOutcome& o) {
  return {{"rows", o.rows}, {"replaced", o.replaced}, {"removed", o.removed}};
}

}  // namespace dengbao::service
