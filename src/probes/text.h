// Text helpers shared by the configuration parsers: logical lines with their line numbers
// (comments stripped, continuations joined), word splitting, trimming and tolerant number
// parsing. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dengbao::probes {

struct LogicalLine {
  int number = 0;    // 1-based physical line where the logical line starts
  std::string text;  // trimmed, comment removed, continuations joined with a space
};

struct LineOptions {
  char comment = '#';         // a comment starts here when at line start or after whitespace
  bool continuation = false;  // join lines ending in '\'
  bool strip_inline_comments = true;
};

// Non-empty logical lines of a configuration file. Tolerates CRLF, tabs, trailing spaces.
std::vector<LogicalLine> ConfigLines(std::string_view text, LineOptions options = {});

std::string_view Trim(std::string_view s);
std::vector<std::string_view> SplitWords(std::string_view s);       // on runs of spaces/tabs
std::vector<std::string_view> Split(std::string_view s, char sep);  // keeps empty fields
std::string ToLower(std::string_view s);
// Decimal integer (optional sign); nullopt on anything else, including overflow.
std::optional<long long> ParseInt(std::string_view s);
// Heuristic: the text holds NUL bytes or is mostly not UTF-8 text — a parser should report it
// instead of guessing.
bool LooksBinary(std::string_view text);

}  // namespace dengbao::probes
