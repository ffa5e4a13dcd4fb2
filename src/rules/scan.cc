#include "rules/scan.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <set>

namespace dengbao::rules {
namespace {

constexpr std::string_view kStatusNames[] = {"pass", "fail", "not_applicable", "manual", "error"};
constexpr std::string_view kStatusZh[] = {"通过", "不通过", "不适用", "需人工", "出错"};
constexpr std::string_view kVerdictNames[] = {"compliant",      "partial", "noncompliant",
                                              "not_applicable", "manual",  "error"};
constexpr std::string_view kVerdictZh[] = {"符合", "部分符合", "不符合", "不适用", "需人工核查", "检查出错"};

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Unknown facts caused by missing privileges, an offline target or a missing source need a
// person (manual); unreadable or garbled input is an error the user must see.
RuleStatus StatusForUnknown(const std::optional<Error>& why) {
  if (!why) return RuleStatus::kManual;
  switch (why->code) {
    case ErrorCode::kPermissionDenied:
    case ErrorCode::kUnsupported:
    case ErrorCode::kNotFound:  // e.g. no logrotate.conf: nothing garbled, a person must look
      return RuleStatus::kManual;
    default:
      return RuleStatus::kError;
  }
}

std::string UnknownReason(const std::optional<Error>& why) {
  if (!why) return "无法自动判定，需人工核查";
  std::string r = why->code == ErrorCode::kPermissionDenied ? "权限不足，无法读取，需以 root 运行或人工核查："
                  : why->code == ErrorCode::kUnsupported    ? "离线检查无法获得该信息，需人工核查："
                  : why->code == ErrorCode::kNotFound       ? "缺少所需的配置文件，无法自动判定，需人工核查："
                                                            : "无法读取或解析：";
  return r + why->ToString();
}

std::string StringFact(const probes::Facts& facts, std::string_view path) {
  const probes::Fact* f = facts.Find(path);
  return f && f->value.is_string() ? f->value.get<std::string>() : std::string();
}

RuleResult EvaluateRule(const Rule& rule, const probes::Facts& facts, const std::string& family) {
  RuleResult r;
  r.rule = &rule;
  bool platform_ok = family.empty() || family == "unknown" ||
                     std::any_of(rule.platforms.begin(), rule.platforms.end(),
                                 [&](const std::string& p) { return p == "any" || p == family; });
  if (!platform_ok) {
    r.status = RuleStatus::kNotApplicable;
    r.reason = "不适用于该操作系统系列（" + family + "）";
    return r;
  }
  if (rule.applies_if) {
    Evaluation a = Evaluate(*rule.applies_if, facts);
    if (a.value == Tri::kFalse) {
      r.status = RuleStatus::kNotApplicable;
      r.reason = "适用条件不满足";
      r.evidence = std::move(a.observations);
      return r;
    }
    if (a.value == Tri::kUnknown) {
      r.status = StatusForUnknown(a.unknown);
      r.reason = UnknownReason(a.unknown);
      r.evidence = std::move(a.observations);
      return r;
    }
  }
  Evaluation e = Evaluate(rule.check, facts);
  r.evidence = std::move(e.observations);
  switch (e.value) {
    case Tri::kTrue:
      r.status = RuleStatus::kPass;
      r.reason = "符合检查条件";
      break;
    case Tri::kFalse:
      r.status = RuleStatus::kFail;
      r.reason = "不符合检查条件";
      break;
    case Tri::kUnknown:
      r.status = StatusForUnknown(e.unknown);
      r.reason = UnknownReason(e.unknown);
      break;
  }
  for (const auto& path : rule.evidence) {
    bool shown = std::any_of(r.evidence.begin(), r.evidence.end(),
                             [&](const Observation& o) { return o.fact == path; });
    if (shown) continue;
    Observation o;
    o.fact = path;
    o.expectation = "evidence";
    if (const Error* why = facts.UnknownOf(path))
      o.unknown = *why;
    else if (const probes::Fact* f = facts.Find(path)) {
      o.value = f->value;
      o.sources = f->sources;
    }
    r.evidence.push_back(std::move(o));
  }
  return r;
}

}  // namespace

std::string_view RuleStatusName(RuleStatus s) { return kStatusNames[static_cast<int>(s)]; }
std::string_view RuleStatusNameZh(RuleStatus s) { return kStatusZh[static_cast<int>(s)]; }
std::string_view VerdictName(Verdict v) { return kVerdictNames[static_cast<int>(v)]; }
std::string_view VerdictNameZh(Verdict v) { return kVerdictZh[static_cast<int>(v)]; }

Verdict CombineUnit(std::span<const RuleStatus> statuses) {
  size_t pass = 0, fail = 0, manual = 0, error = 0;
  for (RuleStatus s : statuses) {
    if (s == RuleStatus::kPass) ++pass;
    if (s == RuleStatus::kFail) ++fail;
    if (s == RuleStatus::kManual) ++manual;
    if (s == RuleStatus::kError) ++error;
  }
  if (pass + fail + manual + error == 0) return statuses.empty() ? Verdict::kManual : Verdict::kNotApplicable;
  // Both met and unmet elements are known: partial whatever the undecided ones say.
  if (pass > 0 && fail > 0) return Verdict::kPartial;
  if (manual + error > 0) return error > 0 ? Verdict::kError : Verdict::kManual;
  return fail > 0 ? Verdict::kNoncompliant : Verdict::kCompliant;
}

ScanReport Scan(host::Host& host, const catalog::Catalog& cat, std::span<const Rule> rules,
                const probes::Registry& registry, const ScanOptions& options) {
  auto start = std::chrono::steady_clock::now();
  ScanReport report;
  report.host = host.Describe();
  report.live = host.IsLive();
  report.privileged = host.IsPrivileged();
  report.level = options.level;
  report.scanned_at = NowIso();

  // Whole-filesystem rules run only with --deep; without it they are listed as skipped rather
  // than reported manual, so the units they map to are judged on the checks that did run.
  std::vector<const Rule*> active;
  for (const auto& r : rules) {
    if (!r.units.contains(options.level)) continue;
    if (r.deep && !options.deep) {
      report.skipped_rules.push_back(r.id);
      continue;
    }
    active.push_back(&r);
  }

  std::set<std::string, std::less<>> needed = {"os"};
  for (const Rule* r : active) needed.insert(r->probes.begin(), r->probes.end());
  if (!options.deep) needed.erase("deep_files");
  for (const auto& spec : registry.all())  // registration order: stable and documented
    if (needed.contains(spec.name)) spec.collect(host, report.facts);
  report.os_family = StringFact(report.facts, "os.family");
  report.os_name = StringFact(report.facts, "os.pretty_name");

  for (const Rule* r : active) report.rules.push_back(EvaluateRule(*r, report.facts, report.os_family));

  // Units: every unit of this level a server OS answers for, plus any unit a rule evidences.
  std::vector<const catalog::Item*> units;
  std::set<std::string, std::less<>> rule_units;
  for (const Rule* r : active)
    rule_units.insert(r->units.at(options.level).begin(), r->units.at(options.level).end());
  for (const auto& item : cat.items()) {
    if (item.level != options.level || item.scope != "general") {
      if (!rule_units.contains(item.unit)) continue;
    }
    bool os_unit = std::find(item.objects.begin(), item.objects.end(), "server_os") != item.objects.end();
    if (os_unit || rule_units.contains(item.unit)) units.push_back(&item);
  }
  for (const catalog::Item* item : units) {
    UnitResult u;
    u.item = item;
    std::vector<RuleStatus> statuses;
    for (size_t i = 0; i < report.rules.size(); ++i) {
      const auto& ids = report.rules[i].rule->units.at(options.level);
      if (std::find(ids.begin(), ids.end(), item->unit) == ids.end()) continue;
      u.rules.push_back(i);
      statuses.push_back(report.rules[i].status);
    }
    u.verdict = CombineUnit(statuses);
    if (u.rules.empty())
      u.reason = "没有可自动检查的规则，需通过访谈或人工核查判定";
    else
      u.reason = std::to_string(u.rules.size()) + " 条规则";
    report.units.push_back(std::move(u));
  }

  for (const auto& rr : report.rules) {
    if (rr.status != RuleStatus::kFail) continue;
    for (const auto& id : rr.rule->high_risk) {
      const catalog::HighRiskCase* c = cat.FindCase(id);
      if (c == nullptr || c->min_level > options.level || !c->units.contains(options.level)) continue;
      auto hit = std::find_if(report.high_risk.begin(), report.high_risk.end(),
                              [&](const HighRiskHit& h) { return h.high_risk == c; });
      if (hit == report.high_risk.end()) {
        report.high_risk.push_back(HighRiskHit{c, {}, c->units.at(options.level)});
        hit = std::prev(report.high_risk.end());
      }
      hit->rules.push_back(rr.rule->id);
    }
  }
  std::sort(report.high_risk.begin(), report.high_risk.end(),
            [](const HighRiskHit& a, const HighRiskHit& b) { return a.high_risk->id < b.high_risk->id; });
  report.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace dengbao::rules
