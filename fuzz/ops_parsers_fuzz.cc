// libFuzzer target for the operations parsers: any bytes given as a checklist template, an
// attendance or phishing CSV, an inspection answers file or list, or an evidence file must yield a value or an error, never a crash,
// hang or sanitizer report. The same input goes to every parser, so one seed exercises them all.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ops/answers.h"
#include "ops/checklist.h"
#include "ops/evidence_type.h"
#include "ops/training_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dengbao::ops;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto t = ParseChecklist(text, "fuzz.yaml")) {
    for (const auto& item : t->items) (void)IsAbnormal(*t, ItemAnswer{item.id, "42", ""});
  } else {
    (void)t.error().ToString();
  }
  (void)ParseCsv(text, "fuzz.csv", 1000);
  if (auto p = ParsePhishingCsv(text, "fuzz.csv")) (void)Summarise(*p);
  (void)ParseAttendanceCsv(text, "fuzz.csv");
  (void)ParseAnswers(text, "fuzz-answers.yaml");
  (void)ParseAnswerList(text);
  // The file name's extension is taken from the first line, so names vary with the input too.
  const size_t eol = text.find('\n');
  const std::string_view name =
      eol == std::string_view::npos ? std::string_view("fuzz") : text.substr(0, eol);
  if (auto e = SniffEvidence(text, name); !e) (void)e.error().ToString();
  return 0;
}
