// One document model, three renderings: a report is built once as blocks (title, headings,
// paragraphs, bullet lists, tables, page breaks) and rendered to Markdown, self-contained HTML
// (escaped, printable) or DOCX (via ooxml::Document). Keeps the three formats saying the same
// thing. Plain values; the render functions are stateless.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"

namespace dengbao::report {

struct TableBlock {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<double> widths_cm;  // DOCX column widths; optional
};

struct Block {
  enum class Kind { kHeading, kParagraph, kBullets, kTable, kPageBreak };
  Kind kind = Kind::kParagraph;
  int level = 1;  // headings
  std::string text;
  bool bold = false;
  std::vector<std::string> items;  // bullets
  TableBlock table;
};

struct Doc {
  std::string title;
  std::vector<std::string> subtitle;  // lines under the title (system, date, "估算")
  std::string author = "dengbao";
  std::string created;  // ISO 8601 UTC, optional
  std::vector<Block> blocks;

  void Heading(int level, std::string text);
  void Paragraph(std::string text, bool bold = false);
  void Bullets(std::vector<std::string> items);
  void Table(std::vector<std::string> header, std::vector<std::vector<std::string>> rows,
             std::vector<double> widths_cm = {});
  void PageBreak();
};

std::string RenderMarkdown(const Doc& doc);
std::string RenderHtml(const Doc& doc);
Result<std::string> RenderDocx(const Doc& doc);

// HTML text escaping (&, <, >, ", ').
std::string HtmlEscape(std::string_view s);

}  // namespace dengbao::report
