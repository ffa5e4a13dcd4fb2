#include "assess/score.h"

#include <cmath>
#include <map>
#include <sstream>

namespace dengbao::assess {

namespace {

double Percent(int64_t num, int64_t den) {
  return den == 0 ? 0.0 : 100.0 * static_cast<double>(num) / static_cast<double>(den);
}

// Weighted sums in plain numbers for people: Σ(w×v) / Σw.
std::string Ratio(int64_t num, int64_t den) {
  return FormatFixed(static_cast<double>(num) / (kMilli * kMilli), 2) + " / " +
         FormatFixed(static_cast<double>(den) / (kMilli * kMilli), 2);
}

}  // namespace

std::string FormatFixed(double v, int digits) {
  std::ostringstream s;
  s.setf(std::ios::fixed);
  s.precision(digits);
  s << v;
  return s.str();
}

std::string FormatTenths(double v) {
  std::ostringstream s;
  s << std::round(v * 10) / 10;
  return s.str();
}

int64_t ValueOf(const Profile& p, Outcome o) {
  switch (o) {
    case Outcome::kCompliant:
      return p.value_compliant;
    case Outcome::kPartial:
      return p.value_partial;
    case Outcome::kNoncompliant:
      return p.value_noncompliant;
    case Outcome::kUntested:
      return p.value_untested;
    case Outcome::kNotApplicable:
      return 0;
  }
  return 0;
}

bool Satisfies(const Conclusion& c, int64_t num, int64_t den, const RiskCounts& risks) {
  if (c.max_high && risks.high > *c.max_high) return false;
  if (c.max_medium && risks.medium > *c.max_medium) return false;
  // score = 100·num/den; compare 100·num·1000 with threshold·1000·den in integers. Bounds: num ≤
  // units × weight × value ≤ 10^3 × 10^4 × 10^3, so both sides stay below 10^15 in int64.
  auto threshold = [&](double t) { return std::llround(t * kMilli) * den; };
  int64_t scaled = num * 100 * kMilli;
  if (c.min_score && scaled < threshold(*c.min_score)) return false;
  if (c.above_score && scaled <= threshold(*c.above_score)) return false;
  if ((c.min_score || c.above_score) && den == 0) return false;
  return true;
}

ScoreReport ComputeScore(const Profile& p, std::span<const UnitOutcome> units, const RiskCounts& risks,
                         const catalog::Catalog& cat) {
  ScoreReport r;
  r.profile = &p;
  r.risks = risks;
  // Keys are views into the catalog's strings: no allocation per unit.
  std::map<std::string_view, size_t> cat_index;
  std::map<std::pair<std::string_view, std::string_view>, size_t> cp_index;
  for (const auto& u : units) {
    r.counts[static_cast<size_t>(u.outcome)]++;
    auto [ci, new_cat] = cat_index.try_emplace(u.item->category, r.categories.size());
    if (new_cat) {
      const auto* c = cat.manifest().FindCategory(u.item->category);
      r.categories.push_back({u.item->category, c != nullptr ? c->name.zh : u.item->category});
    }
    auto [pi, new_cp] =
        cp_index.try_emplace({u.item->category, u.item->control_point.zh}, r.control_points.size());
    if (new_cp)
      r.control_points.push_back(
          {u.item->category + "/" + u.item->control_point.zh, u.item->control_point.zh});
    ScoreLine& cl = r.categories[ci->second];
    ScoreLine& pl = r.control_points[pi->second];
    cl.counts[static_cast<size_t>(u.outcome)]++;
    pl.counts[static_cast<size_t>(u.outcome)]++;
    if (u.outcome == Outcome::kNotApplicable) continue;
    if (p.weights_from_catalog && !u.item->weight) ++r.missing_weights;
    int64_t w = p.WeightOf(*u.item);
    int64_t num = w * ValueOf(p, u.outcome);
    int64_t den = w * kMilli;
    for (ScoreLine* l : {&cl, &pl}) {
      l->numerator += num;
      l->denominator += den;
    }
    r.numerator += num;
    r.denominator += den;
  }
  for (auto* lines : {&r.categories, &r.control_points})
    for (auto& l : *lines) l.score = Percent(l.numerator, l.denominator);
  r.score = Percent(r.numerator, r.denominator);
  for (const auto& c : p.conclusions)
    if (Satisfies(c, r.numerator, r.denominator, risks)) {
      r.conclusion = &c;
      break;
    }

  const char* what = p.measure == "rate" ? "符合率" : "综合得分";
  r.arithmetic.push_back(std::string("估算口径 ") + p.id + "：单元取值 符合 " +
                         FormatFixed(p.value_compliant / 1000.0, 2) + "、部分符合 " +
                         FormatFixed(p.value_partial / 1000.0, 2) + "、不符合 " +
                         FormatFixed(p.value_noncompliant / 1000.0, 2) + "、未测 " +
                         FormatFixed(p.value_untested / 1000.0, 2) + "；不适用单元不计入。");
  r.arithmetic.push_back(std::string(what) + " = 100 × Σ(权重 × 取值) / Σ权重 = 100 × " +
                         Ratio(r.numerator, r.denominator) + " = " + FormatFixed(r.score, 2) +
                         (p.measure == "rate" ? "%" : " 分"));
  for (const auto& l : r.categories)
    r.arithmetic.push_back("  " + l.key + " " + l.name + "：" + Ratio(l.numerator, l.denominator) + " → " +
                           FormatFixed(l.score, 2));
  r.arithmetic.push_back("单元结果：符合 " + std::to_string(r.counts[0]) + "，部分符合 " +
                         std::to_string(r.counts[1]) + "，不符合 " + std::to_string(r.counts[2]) +
                         "，不适用 " + std::to_string(r.counts[3]) + "，未测 " + std::to_string(r.counts[4]) +
                         "；问题风险（补偿后）高 " + std::to_string(risks.high) + "、中 " +
                         std::to_string(risks.medium) + "、低 " + std::to_string(risks.low) + "。");
  if (r.missing_weights > 0)
    r.arithmetic.push_back(std::to_string(r.missing_weights) + " 个单元目录中无权重，按 " +
                           FormatFixed(p.missing_weight / 1000.0, 1) + " 计。");
  if (r.conclusion != nullptr)
    r.arithmetic.push_back("结论：" + r.conclusion->zh + (r.conclusion->pass ? "（通过）" : "（不通过）"));
  return r;
}

RiskCounts CountRisks(const Assessment& a) {
  RiskCounts r;
  for (const auto& f : a.findings) {
    if (f.adjusted == Risk::kHigh) ++r.high;
    if (f.adjusted == Risk::kMedium) ++r.medium;
    if (f.adjusted == Risk::kLow) ++r.low;
  }
  return r;
}

ScoreReport ScoreAssessment(const Profile& p, const Assessment& a) {
  std::vector<UnitOutcome> units;
  units.reserve(a.units.size());
  for (const auto& u : a.units) units.push_back({u.item, u.outcome});
  return ComputeScore(p, units, CountRisks(a), *a.catalog);
}

}  // namespace dengbao::assess
