// Writes DOCX documents (WordprocessingML, ECMA-376 transitional) for Chinese reports: A4 pages,
// SimSun body text with Times New Roman for Latin, SimHei headings in the built-in Heading 1-3
// styles (so Word's navigation pane and TOC see them), tables with borders and a header row
// repeated on every page, and a footer "第 X 页 共 Y 页" from PAGE/NUMPAGES fields.
// Document is a builder: append blocks in reading order, then call WriteDocx. Not thread-safe
// (one builder per thread); the free functions are.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"
#include "report/ooxml/package.h"

namespace dengbao::ooxml {

// A stretch of text in one formatting. '\n' becomes a line break, '\t' a tab; characters XML
// forbids are dropped and invalid UTF-8 becomes U+FFFD.
struct Run {
  std::string text;
  bool bold = false;
};

struct Table {
  std::vector<std::string> header;             // bold, shaded, repeated on each page; may be empty
  std::vector<std::vector<std::string>> rows;  // short rows are padded with empty cells
  // Column widths in centimetres. When not one positive width per column, the columns share
  // the text width (16 cm on A4 with the default margins) equally.
  std::vector<double> column_widths_cm;
};

class Document {
 public:
  DocumentProperties properties;

  // Centred title in the Title style with subtitle lines below it (e.g. system name, date).
  void AddTitleBlock(const std::string& title, const std::vector<std::string>& subtitle_lines);
  // Level 1..3 (clamped) in the built-in Heading styles.
  void AddHeading(int level, const std::string& text);
  void AddParagraph(const std::string& text, bool bold = false);
  void AddParagraph(const std::vector<Run>& runs);
  // One paragraph per item, prefixed "• " with a hanging indent.
  void AddBulletList(const std::vector<std::string>& items);
  void AddTable(const Table& table);
  void AddPageBreak();

  // The body XML appended so far (without the section properties); used by WriteDocx.
  const std::string& body_xml() const { return body_; }
  bool ends_with_table() const { return last_was_table_; }

 private:
  void AddStyledParagraph(const char* style, const std::vector<Run>& runs);

  std::string body_;
  bool last_was_table_ = false;
};

// Serialises the document. kInvalidArgument for a bad created date in the properties.
Result<std::string> WriteDocx(const Document& doc);

// WriteDocx, then writes the file atomically; kIo naming the path on failure.
Status WriteDocxFile(const Document& doc, const std::filesystem::path& path);

}  // namespace dengbao::ooxml
