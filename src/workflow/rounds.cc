#include "workflow/rounds.h"

#include <optional>
#include <string_view>

namespace dengbao::workflow {
namespace {

// The ordering used for improved/regressed. na ranks with pass: "not applicable" and "passes"
// both mean nothing to fix, so na->fail/partial is a regression, fail/partial->na an improvement,
// and pass<->na is neither. Untested, absent and unknown ids are not ranked (not tested).
std::optional<int> Rank(std::string_view result) {
  if (result == "fail") return 0;
  if (result == "partial") return 1;
  if (result == "pass" || result == "na") return 2;
  return std::nullopt;
}

bool IsOpenResult(std::string_view result) { return result == "fail" || result == "partial"; }

bool IsActiveItem(std::string_view status) {
  return status == "open" || status == "planned" || status == "in_progress" ||
         status == "awaiting_verification";
}

void DiffResult(const std::string& key, const std::string& before, const std::string& after, RoundDiff& out) {
  std::optional<int> rb = Rank(before);
  std::optional<int> ra = Rank(after);
  if (!rb && !ra) return;
  if (!rb) {
    out.newly_tested.push_back({key, before, after});
    return;
  }
  if (!ra) {
    out.untested.push_back({key, before, after});
    return;
  }
  if (*ra > *rb) out.improved.push_back({key, before, after});
  if (*ra < *rb) out.regressed.push_back({key, before, after});
  // fail->partial is both improved and still open: better, but not done.
  if (IsOpenResult(before) && IsOpenResult(after)) out.still_open.push_back({key, before, after});
}

}  // namespace

RoundDiff DiffRounds(const RoundView& older, const RoundView& newer) {
  RoundDiff out;
  // Merge walk over both sorted maps: every key once, in key order, so the outputs come sorted.
  static const std::string kAbsent;
  auto o = older.results.begin();
  auto n = newer.results.begin();
  while (o != older.results.end() || n != newer.results.end()) {
    if (n == newer.results.end() || (o != older.results.end() && o->first < n->first)) {
      DiffResult(o->first, o->second, kAbsent, out);
      ++o;
    } else if (o == older.results.end() || n->first < o->first) {
      DiffResult(n->first, kAbsent, n->second, out);
      ++n;
    } else {
      DiffResult(o->first, o->second, n->second, out);
      ++o;
      ++n;
    }
  }

  for (const auto& [key, status] : newer.items) {
    if (IsActiveItem(status)) {
      out.items_still_open.push_back(key);
      continue;
    }
    if (status != "closed") continue;
    auto before = older.items.find(key);
    if (before != older.items.end() && IsActiveItem(before->second)) out.items_closed.push_back(key);
  }
  return out;
}

}  // namespace dengbao::workflow
