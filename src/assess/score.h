// Scores an assessment with a profile: the weighted value of every applicable unit (system-level
// result), per category, per control point and overall, the conclusion, and the arithmetic in
// words so a reader can redo it. Always an estimate (see profile.h).
#pragma once

#include <array>
#include <span>
#include <string>
#include <vector>

#include "assess/model.h"
#include "assess/profile.h"

namespace dengbao::assess {

struct RiskCounts {
  int high = 0;
  int medium = 0;
  int low = 0;
};

struct ScoreLine {
  std::string key;   // category code or "CES/身份鉴别"
  std::string name;  // zh
  int64_t numerator = 0;
  int64_t denominator = 0;
  double score = 0;             // 0–100
  std::array<int, 5> counts{};  // by Outcome
};

struct ScoreReport {
  const Profile* profile = nullptr;
  int64_t numerator = 0;        // Σ weight × value (milli × milli)
  int64_t denominator = 0;      // Σ weight × kMilli over units that are not 不适用
  double score = 0;             // 100 × numerator / denominator
  std::array<int, 5> counts{};  // units by Outcome
  RiskCounts risks;             // findings by adjusted risk
  std::vector<ScoreLine> categories;
  std::vector<ScoreLine> control_points;
  const Conclusion* conclusion = nullptr;
  int missing_weights = 0;              // units whose weight came from the profile's `missing`
  std::vector<std::string> arithmetic;  // zh lines
};

struct UnitOutcome {
  const catalog::Item* item = nullptr;
  Outcome outcome = Outcome::kUntested;
};

int64_t ValueOf(const Profile& p, Outcome o);

// Number formatting shared by every text output: fixed decimals ("79.61"), and tenths without
// trailing zeros ("10.5", "3") for person-days.
std::string FormatFixed(double v, int digits);
std::string FormatTenths(double v);

// True when the conclusion's conditions hold for this numerator/denominator and risk counts
// (exact integer comparison, no rounding).
bool Satisfies(const Conclusion& c, int64_t numerator, int64_t denominator, const RiskCounts& risks);

ScoreReport ComputeScore(const Profile& p, std::span<const UnitOutcome> units, const RiskCounts& risks,
                         const catalog::Catalog& catalog);
RiskCounts CountRisks(const Assessment& a);
ScoreReport ScoreAssessment(const Profile& p, const Assessment& a);

}  // namespace dengbao::assess
