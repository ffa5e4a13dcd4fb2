// Security-awareness training sessions (安全意识教育和培训) and phishing tests (钓鱼演练), with
// their attendance or results imported from CSV (ops/training_csv.h) into training_record rows.
// Not thread-safe (one Store per thread).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/service.h"

namespace dengbao::service {

// Session kinds: training (培训), phishing (钓鱼演练).
std::string_view TrainingKindLabel(std::string_view kind);

struct SessionInput {
  std::string id;
  std::string organisation_id;  // empty: the only organisation in the store
  std::string title;
  std::string held_on;  // YYYY-MM-DD, not after today; empty: today
  std::string kind;     // training | phishing; empty: training
  std::string trainer;
  std::string topic;
};
// Inserts or updates a session. kNotFound for an unknown organisation; kUsage when none is given
// and the store does not hold exactly one.
Result<Record> UpsertSession(Ctx& ctx, const SessionInput& in);

struct ImportOutcome {
  int rows = 0;      // rows in the file
  int replaced = 0;  // rows that were there before (0 unless replacing)
  int removed = 0;   // earlier rows no longer in the file, deleted
};
// Parses `csv` as attendance (training sessions) or phishing results (phishing sessions) and
// stores one training_record per CSV row, keyed by its line, all in one transaction: a bad file
// (the error names file:line) writes nothing. When the session already has rows the import is
// refused (kDuplicate) unless `replace`, which updates them and deletes the rows the file no
// longer has. For phishing rows the e-mail address goes into employee_id (the table has no e-mail
// column). `format` ("attendance" | "phishing"), when given, must match the session's kind.
Result<ImportOutcome> ImportTrainingCsv(Ctx& ctx, std::string_view session_id, std::string_view csv,
                                        const std::string& source_name, bool replace,
                                        std::string_view format = {});

struct TrainingSummary {
  int people = 0;  // rows
  // Training sessions.
  int attended = 0;
  double attendance_rate = 0;           // attended / people (0 without rows)
  int scored = 0;                       // rows with a score
  std::optional<double> average_score;  // over scored rows
  // Phishing sessions (ops::Summarise).
  int clicked = 0;
  int submitted = 0;
  int reported = 0;
  double click_rate = 0;
  double submit_rate = 0;
  double report_rate = 0;
};

struct SessionView {
  Record session;
  TrainingSummary summary;
  std::vector<std::string> units;  // management units this session is evidence for
  std::vector<Record> records;     // filled by GetSession only
};
// Sessions ordered by date, then id.
Result<std::vector<SessionView>> ListSessions(Ctx& ctx);
Result<SessionView> GetSession(Ctx& ctx, std::string_view id);

}  // namespace dengbao::service
