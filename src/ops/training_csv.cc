#include "ops/training_csv.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <utility>

namespace dengbao::ops {

namespace {

// One field with where it starts, so that row parsers can point at the cell.
struct Cell {
  std::string text;
  int line = 0;
  int column = 0;
};
using Row = std::vector<Cell>;

// RFC 4180 with the usual leniencies: LF, CRLF or a lone CR ends a record, a quote inside an
// unquoted field is literal, blank lines are skipped. Columns count characters, not bytes, so
// they match what an editor shows for Chinese text.
class CsvReader {
 public:
  CsvReader(std::string_view text, const std::string& source, size_t max_rows)
      : text_(text), source_(source), max_rows_(max_rows) {
    if (text_.starts_with("\xEF\xBB\xBF")) text_.remove_prefix(3);
  }

  Result<std::vector<Row>> Read() {
    std::vector<Row> rows;
    while (pos_ < text_.size()) {
      auto row = ReadRow();
      if (!row) return std::unexpected(row.error());
      if (row->size() == 1 && row->front().text.empty() && !last_quoted_) continue;  // blank line
      if (rows.size() >= max_rows_)
        return MakeError(ErrorCode::kTooLarge,
                         "CSV 行数超过上限 " + std::to_string(max_rows_) + " (too many rows)",
                         {source_, row->front().line, 0});
      rows.push_back(std::move(*row));
    }
    return rows;
  }

 private:
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  // Advances one byte, keeping line and column (in characters) current.
  void Advance() {
    const char c = text_[pos_++];
    if (c == '\n' || (c == '\r' && (AtEnd() || Peek() != '\n'))) {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && c != '\r') {
      ++column_;
    }
  }

  // Consumes a record terminator if one is next; true at the end of a record.
  bool EndOfRecord() {
    if (AtEnd()) return true;
    if (Peek() == '\n') {
      Advance();
      return true;
    }
    if (Peek() == '\r') {
      Advance();
      if (!AtEnd() && Peek() == '\n') Advance();
      return true;
    }
    return false;
  }

  Status Append(std::string& field, char c) {
    if (field.size() >= kMaxCsvFieldBytes)
      return MakeError(ErrorCode::kTooLarge, "CSV 字段超过 1 MiB (field too large)",
                       {source_, line_, column_});
    field.push_back(c);
    return {};
  }

  Result<Row> ReadRow() {
    Row row;
    for (;;) {
      if (row.size() >= kMaxCsvColumns)
        return MakeError(ErrorCode::kTooLarge,
                         "CSV 列数超过上限 " + std::to_string(kMaxCsvColumns) + " (too many columns)",
                         {source_, line_, column_});
      Cell cell{"", line_, column_};
      last_quoted_ = !AtEnd() && Peek() == '"';
      auto st = last_quoted_ ? ReadQuoted(cell) : ReadPlain(cell);
      if (!st) return std::unexpected(st.error());
      row.push_back(std::move(cell));
      if (EndOfRecord()) return row;
      Advance();  // the comma
    }
  }

  Status ReadPlain(Cell& cell) {
    while (!AtEnd() && Peek() != ',' && Peek() != '\n' && Peek() != '\r') {
      if (auto st = Append(cell.text, Peek()); !st) return st;
      Advance();
    }
    return {};
  }

  Status ReadQuoted(Cell& cell) {
    Advance();  // opening quote
    for (;;) {
      if (AtEnd())
        return MakeError(ErrorCode::kSyntax, "CSV 引号未闭合 (unterminated quoted field)",
                         {source_, cell.line, cell.column});
      const char c = Peek();
      Advance();
      if (c != '"') {
        if (auto st = Append(cell.text, c); !st) return st;
        continue;
      }
      if (!AtEnd() && Peek() == '"') {  // "" is one quote
        if (auto st = Append(cell.text, '"'); !st) return st;
        Advance();
        continue;
      }
      if (AtEnd() || Peek() == ',' || Peek() == '\n' || Peek() == '\r') return {};
      return MakeError(ErrorCode::kSyntax,
                       "CSV 右引号后应为逗号或换行 (expected a comma or line break after the closing quote)",
                       {source_, line_, column_});
    }
  }

  std::string_view text_;
  const std::string& source_;
  size_t max_rows_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
  bool last_quoted_ = false;
};

// ---- Typed imports -------------------------------------------------------------------------

// A training or phishing campaign covers one organisation's staff; far beyond that is a wrong file.
constexpr size_t kMaxImportRows = 100000;

struct ColumnSpec {
  std::string_view zh;
  std::string_view en;
  std::span<const std::string_view> aliases;  // normalised: trimmed, ASCII lower case
  bool required;
};

constexpr std::array<std::string_view, 4> kNameAliases{"姓名", "name", "名字", "full name"};
constexpr std::array<std::string_view, 4> kDeptAliases{"部门", "department", "dept", "单位"};
constexpr std::array<std::string_view, 4> kIdAliases{"工号", "employee_id", "employee id", "员工编号"};
constexpr std::array<std::string_view, 5> kAttendedAliases{"签到", "attended", "是否签到", "出勤",
                                                           "attendance"};
constexpr std::array<std::string_view, 4> kScoreAliases{"成绩", "score", "分数", "得分"};
constexpr std::array<std::string_view, 5> kEmailAliases{"邮箱", "email", "e-mail", "邮件地址", "电子邮箱"};
constexpr std::array<std::string_view, 4> kClickedAliases{"点击", "clicked", "是否点击", "点击链接"};
constexpr std::array<std::string_view, 4> kSubmittedAliases{"提交凭据", "submitted", "是否提交凭据",
                                                            "提交密码"};
constexpr std::array<std::string_view, 4> kReportedAliases{"上报", "reported", "是否上报", "举报"};

const std::array<ColumnSpec, 5> kAttendanceColumns{{
    {"姓名", "name", kNameAliases, true},
    {"部门", "department", kDeptAliases, false},
    {"工号", "employee_id", kIdAliases, false},
    {"签到", "attended", kAttendedAliases, true},
    {"成绩", "score", kScoreAliases, false},
}};

const std::array<ColumnSpec, 6> kPhishingColumns{{
    {"姓名", "name", kNameAliases, true},
    {"部门", "department", kDeptAliases, false},
    {"邮箱", "email", kEmailAliases, false},
    {"点击", "clicked", kClickedAliases, true},
    {"提交凭据", "submitted", kSubmittedAliases, false},
    {"上报", "reported", kReportedAliases, false},
}};

// Spreadsheets pad cells with spaces, tabs and the ideographic space U+3000.
std::string Trim(std::string_view s) {
  constexpr std::array<std::string_view, 3> kSpaces{" ", "\t", "\xE3\x80\x80"};
  auto strip_front = [&] {
    for (auto sp : kSpaces)
      if (s.starts_with(sp)) {
        s.remove_prefix(sp.size());
        return true;
      }
    return false;
  };
  auto strip_back = [&] {
    for (auto sp : kSpaces)
      if (s.ends_with(sp)) {
        s.remove_suffix(sp.size());
        return true;
      }
    return false;
  };
  while (strip_front()) {
  }
  while (strip_back()) {
  }
  return std::string(s);
}

// Trimmed and ASCII lower case, for matching headers and yes/no values.
std::string Normalise(std::string_view s) {
  std::string out = Trim(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string Label(const ColumnSpec& c) { return std::string(c.zh) + "|" + std::string(c.en); }

// Which CSV column holds each spec'd field (-1 when absent), from the header row.
Result<std::vector<int>> MapHeader(const Row& header, std::span<const ColumnSpec> specs,
                                   const std::string& source) {
  std::vector<int> index(specs.size(), -1);
  for (size_t col = 0; col < header.size(); ++col) {
    const std::string name = Normalise(header[col].text);
    for (size_t s = 0; s < specs.size(); ++s) {
      if (std::ranges::find(specs[s].aliases, name) == specs[s].aliases.end()) continue;
      if (index[s] >= 0)
        return MakeError(ErrorCode::kValidation,
                         "表头列 '" + header[col].text + "' 与第 " + std::to_string(index[s] + 1) +
                             " 列都表示 " + Label(specs[s]) + " (duplicate column)",
                         {source, header[col].line, header[col].column});
      index[s] = static_cast<int>(col);
    }
  }
  std::string missing;
  for (size_t s = 0; s < specs.size(); ++s)
    if (specs[s].required && index[s] < 0) missing += (missing.empty() ? "" : "、") + Label(specs[s]);
  if (!missing.empty())
    return MakeError(ErrorCode::kValidation, "表头缺少必填列：" + missing + " (missing required columns)",
                     {source, header.front().line, 0});
  return index;
}

// Reads the typed values of one data row; `get` hands back the cell of a field or an empty one.
class RowView {
 public:
  RowView(const Row& row, const std::vector<int>& index, std::span<const ColumnSpec> specs,
          const std::string& source)
      : row_(row), index_(index), specs_(specs), source_(source) {}

  int line() const { return row_.front().line; }

  bool Blank() const {
    return std::ranges::all_of(row_, [](const Cell& c) { return Trim(c.text).empty(); });
  }

  // Trimmed text of a field; "" when the column is absent or the row is short.
  std::string Text(size_t spec) const {
    const Cell* c = CellOf(spec);
    return c == nullptr ? std::string() : Trim(c->text);
  }

  Result<std::string> Required(size_t spec) const {
    std::string t = Text(spec);
    if (t.empty()) return Fail(spec, "不能为空 (must not be empty)");
    return t;
  }

  Result<bool> YesNo(size_t spec, std::optional<bool> default_value) const {
    const std::string v = Normalise(Text(spec));
    if (v.empty()) {
      if (default_value) return *default_value;
      return Fail(spec, "不能为空，应为 是/否 (must not be empty; expected yes or no)");
    }
    static constexpr std::array<std::string_view, 7> kYes{"是", "yes", "y", "1", "true", "✓", "√"};
    static constexpr std::array<std::string_view, 7> kNo{"否", "no", "n", "0", "false", "✗", "×"};
    if (std::ranges::find(kYes, v) != kYes.end()) return true;
    if (std::ranges::find(kNo, v) != kNo.end()) return false;
    return Fail(spec, "的值 '" + Text(spec) +
                          "' 无效，应为 是/否/yes/no/y/n/1/0/true/false/✓/✗/√/× (expected yes or no)");
  }

  Result<std::optional<int>> Score(size_t spec) const {
    const std::string v = Text(spec);
    if (v.empty()) return std::optional<int>();
    int n = 0;
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || n < 0 || n > 100)
      return Fail(spec, "的值 '" + v + "' 无效，应为 0–100 的整数 (expected an integer from 0 to 100)");
    return std::optional<int>(n);
  }

 private:
  const Cell* CellOf(size_t spec) const {
    const int col = index_[spec];
    if (col < 0 || static_cast<size_t>(col) >= row_.size()) return nullptr;
    return &row_[col];
  }

  std::unexpected<Error> Fail(size_t spec, const std::string& what) const {
    const Cell* c = CellOf(spec);
    SourceLocation where{source_, c ? c->line : line(), c ? c->column : 0};
    return MakeError(ErrorCode::kValidation, "列 " + Label(specs_[spec]) + " " + what, where);
  }

  const Row& row_;
  const std::vector<int>& index_;
  std::span<const ColumnSpec> specs_;
  const std::string& source_;
};

// Parses the CSV, maps the header and hands every non-blank data row to `read_row`.
template <typename T, typename F>
Result<std::vector<T>> ParseTable(std::string_view text, const std::string& source,
                                  std::span<const ColumnSpec> specs, F read_row) {
  auto rows = CsvReader(text, source, kMaxImportRows).Read();
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty())
    return MakeError(ErrorCode::kValidation, "CSV 为空，缺少表头行 (empty file; a header row is required)",
                     {source});
  auto index = MapHeader(rows->front(), specs, source);
  if (!index) return std::unexpected(index.error());
  std::vector<T> out;
  for (size_t r = 1; r < rows->size(); ++r) {
    RowView row((*rows)[r], *index, specs, source);
    if (row.Blank()) continue;  // spreadsheets export trailing ",,,," rows
    auto value = read_row(row);
    if (!value) return std::unexpected(value.error());
    out.push_back(std::move(*value));
  }
  return out;
}

// Field positions in kAttendanceColumns / kPhishingColumns.
enum AttendanceField : size_t { kAName, kADept, kAId, kAAttended, kAScore };
enum PhishingField : size_t { kPName, kPDept, kPEmail, kPClicked, kPSubmitted, kPReported };

}  // namespace

Result<std::vector<std::vector<std::string>>> ParseCsv(std::string_view text, const std::string& source_name,
                                                       size_t max_rows) {
  auto rows = CsvReader(text, source_name, max_rows).Read();
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::vector<std::string>> out;
  out.reserve(rows->size());
  for (auto& row : *rows) {
    std::vector<std::string> fields;
    fields.reserve(row.size());
    for (auto& cell : row) fields.push_back(std::move(cell.text));
    out.push_back(std::move(fields));
  }
  return out;
}

Result<std::vector<Attendance>> ParseAttendanceCsv(std::string_view text, const std::string& source_name) {
  return ParseTable<Attendance>(text, source_name, kAttendanceColumns,
                                [](const RowView& row) -> Result<Attendance> {
                                  Attendance a;
                                  a.line = row.line();
                                  auto name = row.Required(kAName);
                                  if (!name) return std::unexpected(name.error());
                                  a.name = std::move(*name);
                                  a.department = row.Text(kADept);
                                  a.employee_id = row.Text(kAId);
                                  auto attended = row.YesNo(kAAttended, std::nullopt);
                                  if (!attended) return std::unexpected(attended.error());
                                  a.attended = *attended;
                                  auto score = row.Score(kAScore);
                                  if (!score) return std::unexpected(score.error());
                                  a.score = *score;
                                  return a;
                                });
}

Result<std::vector<PhishingResult>> ParsePhishingCsv(std::string_view text, const std::string& source_name) {
  return ParseTable<PhishingResult>(text, source_name, kPhishingColumns,
                                    [](const RowView& row) -> Result<PhishingResult> {
                                      PhishingResult p;
                                      p.line = row.line();
                                      auto name = row.Required(kPName);
                                      if (!name) return std::unexpected(name.error());
                                      p.name = std::move(*name);
                                      p.department = row.Text(kPDept);
                                      p.email = row.Text(kPEmail);
                                      auto clicked = row.YesNo(kPClicked, std::nullopt);
                                      if (!clicked) return std::unexpected(clicked.error());
                                      auto submitted = row.YesNo(kPSubmitted, false);
                                      if (!submitted) return std::unexpected(submitted.error());
                                      auto reported = row.YesNo(kPReported, false);
                                      if (!reported) return std::unexpected(reported.error());
                                      p.clicked = *clicked;
                                      p.submitted = *submitted;
                                      p.reported = *reported;
                                      return p;
                                    });
}

PhishingSummary Summarise(const std::vector<PhishingResult>& results) {
  PhishingSummary s;
  s.recipients = static_cast<int>(results.size());
  for (const auto& r : results) {
    s.clicked += r.clicked ? 1 : 0;
    s.submitted += r.submitted ? 1 : 0;
    s.reported += r.reported ? 1 : 0;
  }
  return s;
}

}  // namespace dengbao::ops
