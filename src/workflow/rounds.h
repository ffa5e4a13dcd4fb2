// Comparing two assessment rounds (issue #5): what improved, what regressed, what is still open.
// Pure function over the rounds' cell results and item statuses. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dengbao::workflow {

// One round as the diff sees it: "unit@target" -> result id (pass, partial, fail, na, untested)
// and "unit@target" -> item status id for the round's remediation items.
struct RoundView {
  std::map<std::string, std::string> results;
  std::map<std::string, std::string> items;
};

struct RoundChange {
  std::string key;     // "unit@target"
  std::string before;  // result id in the older round ("" when absent)
  std::string after;   // result id in the newer round ("" when absent)
};

struct RoundDiff {
  std::vector<RoundChange> improved;          // rank(after) > rank(before), both tested
  std::vector<RoundChange> regressed;         // rank(after) < rank(before), both tested
  std::vector<RoundChange> still_open;        // fail or partial in both
  std::vector<RoundChange> newly_tested;      // untested/absent before, tested now
  std::vector<RoundChange> untested;          // tested before, untested/absent now
  std::vector<std::string> items_closed;      // item keys active before, closed now
  std::vector<std::string> items_still_open;  // item keys active in the newer round
};

// rank: fail 0 < partial 1 < pass 2; na is its own class (a change to or from na counts as
// improved/regressed only when the other side is fail/partial/pass: na->fail regressed,
// fail->na improved). Output vectors are sorted by key.
RoundDiff DiffRounds(const RoundView& older, const RoundView& newer);

}  // namespace dengbao::workflow
