#include "report/ooxml/docx_writer.h"

#include <algorithm>
#include <cmath>

#include "report/ooxml/xml_util.h"
#include "report/ooxml/zip.h"

namespace dengbao::ooxml {

namespace {

constexpr const char* kWordNs = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kTypePrefix = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

// A4 in twentieths of a point, with the margins of Word's Chinese template (2.54 cm top and
// bottom, 3.17 cm left and right).
constexpr int kPageWidth = 11906;
constexpr int kPageHeight = 16838;
constexpr int kMarginTopBottom = 1440;
constexpr int kMarginLeftRight = 1800;
constexpr int kTextWidth = kPageWidth - 2 * kMarginLeftRight;
constexpr double kTwipsPerCm = 566.93;

constexpr const char* kLatinFont = "Times New Roman";
constexpr const char* kBodyFont = "宋体";     // SimSun
constexpr const char* kHeadingFont = "黑体";  // SimHei

std::string Fonts(const char* east_asia) {
  return std::string("<w:rFonts w:ascii=\"") + kLatinFont + "\" w:hAnsi=\"" + kLatinFont +
         "\" w:eastAsia=\"" + east_asia + "\" w:cs=\"" + kLatinFont + "\"/>";
}

// A paragraph style: name is the built-in name Word recognises ("heading 1"), ppr/rpr inner XML.
std::string ParagraphStyle(const char* id, const char* name, const std::string& ppr, const std::string& rpr) {
  return std::string("<w:style w:type=\"paragraph\" w:styleId=\"") + id + "\"><w:name w:val=\"" + name +
         "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr>" + ppr +
         "</w:pPr><w:rPr>" + rpr + "</w:rPr></w:style>";
}

std::string HeadingStyle(int level, int half_points) {
  const std::string n = std::to_string(level);
  return ParagraphStyle(("Heading" + n).c_str(), ("heading " + n).c_str(),
                        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\"/>"
                        "<w:jc w:val=\"left\"/><w:outlineLvl w:val=\"" +
                            std::to_string(level - 1) + "\"/>",
                        Fonts(kHeadingFont) + "<w:b/><w:bCs/><w:sz w:val=\"" + std::to_string(half_points) +
                            "\"/><w:szCs w:val=\"" + std::to_string(half_points) + "\"/>");
}

std::string StylesXml() {
  std::string x = kXmlDeclaration;
  x += std::string("<w:styles xmlns:w=\"") + kWordNs + "\">";
  x += "<w:docDefaults><w:rPrDefault><w:rPr>" + Fonts(kBodyFont) +
       "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" "
       "w:bidi=\"ar-SA\"/>"
       "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"360\" "
       "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>";
  x += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
       "w:val=\"Normal\"/><w:qFormat/>"
       "<w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>";
  x += "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">"
       "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>";
  x += "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
       "<w:semiHidden/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" "
       "w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right "
       "w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>";
  x += ParagraphStyle("Title", "Title",
                      "<w:spacing w:before=\"2400\" w:after=\"600\"/><w:jc w:val=\"center\"/>",
                      Fonts(kHeadingFont) + "<w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>");
  x += ParagraphStyle("Subtitle", "Subtitle", "<w:spacing w:after=\"240\"/><w:jc w:val=\"center\"/>",
                      "<w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>");
  x += HeadingStyle(1, 32);  // 三号
  x += HeadingStyle(2, 28);  // 四号
  x += HeadingStyle(3, 24);  // 小四
  x += ParagraphStyle("ListBullet", "List Bullet", "<w:ind w:left=\"420\" w:hanging=\"420\"/>", "");
  x += ParagraphStyle("TableText", "Table Text",
                      "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"280\" w:lineRule=\"auto\"/>"
                      "<w:jc w:val=\"left\"/>",
                      "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>");  // 五号
  x += ParagraphStyle("Footer", "footer", "<w:spacing w:after=\"0\"/><w:jc w:val=\"center\"/>",
                      "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
  x += "</w:styles>";
  return x;
}

std::string SettingsXml() {
  std::string x = kXmlDeclaration;
  x += std::string("<w:settings xmlns:w=\"") + kWordNs + "\">";
  x += "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"420\"/>"
       "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
       "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
       "w:uri=\"http://schemas.microsoft.com/office/word\" "
       "w:val=\"15\"/></w:compat><w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>";
  x += "</w:settings>";
  return x;
}

// A complex field (begin, instruction, separate, placeholder result, end) that Word and
// LibreOffice recompute when laying out the page.
std::string Field(const char* instruction) {
  return std::string(
             "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> ") +
         instruction +
         " </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
         "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
}

std::string TextRun(const char* text) {
  return std::string("<w:r><w:t xml:space=\"preserve\">") + text + "</w:t></w:r>";
}

std::string FooterXml() {
  std::string x = kXmlDeclaration;
  x += std::string("<w:ftr xmlns:w=\"") + kWordNs + "\" xmlns:r=\"" + kOfficeRelsNamespace + "\">";
  x += "<w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>" + TextRun("第 ") + Field("PAGE") +
       TextRun(" 页 共 ") + Field("NUMPAGES") + TextRun(" 页") + "</w:p></w:ftr>";
  return x;
}

std::string RunXml(const Run& run) {
  std::string x = "<w:r>";
  if (run.bold) x += "<w:rPr><w:b/><w:bCs/></w:rPr>";
  std::string text;
  auto flush = [&] {
    if (!text.empty()) x += "<w:t xml:space=\"preserve\">" + XmlText(text) + "</w:t>";
    text.clear();
  };
  for (char c : CleanXmlChars(run.text)) {
    if (c == '\n') {
      flush();
      x += "<w:br/>";
    } else if (c == '\t') {
      flush();
      x += "<w:tab/>";
    } else if (c != '\r') {
      text += c;
    }
  }
  flush();
  return x + "</w:r>";
}

std::string ParagraphXml(const std::string& ppr, const std::vector<Run>& runs) {
  std::string x = "<w:p>";
  if (!ppr.empty()) x += "<w:pPr>" + ppr + "</w:pPr>";
  for (const auto& r : runs) x += RunXml(r);
  return x + "</w:p>";
}

std::vector<int> ColumnTwips(const Table& t, size_t columns) {
  const bool given = t.column_widths_cm.size() == columns &&
                     std::ranges::all_of(t.column_widths_cm, [](double w) { return w > 0 && w < 1000; });
  std::vector<int> twips(columns, static_cast<int>(kTextWidth / std::max<size_t>(columns, 1)));
  if (given)
    for (size_t i = 0; i < columns; ++i)
      twips[i] = static_cast<int>(std::lround(t.column_widths_cm[i] * kTwipsPerCm));
  return twips;
}

std::string CellXml(const std::string& text, int twips, bool header) {
  std::string x = "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(twips) + "\" w:type=\"dxa\"/>";
  if (header) x += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E1F2\"/>";
  x += "<w:vAlign w:val=\"center\"/></w:tcPr>";
  const std::string ppr =
      std::string("<w:pStyle w:val=\"TableText\"/>") + (header ? "<w:jc w:val=\"center\"/>" : "");
  return x + ParagraphXml(ppr, {{text, header}}) + "</w:tc>";
}

std::string RowXml(const std::vector<std::string>& cells, const std::vector<int>& twips, bool header) {
  // Header rows repeat on each page; no row is split across pages, so a cell's text stays together.
  std::string x =
      std::string("<w:tr><w:trPr><w:cantSplit/>") + (header ? "<w:tblHeader/>" : "") + "</w:trPr>";
  for (size_t i = 0; i < twips.size(); ++i) x += CellXml(i < cells.size() ? cells[i] : "", twips[i], header);
  return x + "</w:tr>";
}

std::string SectionXml() {
  return "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:pgSz w:w=\"" +
         std::to_string(kPageWidth) + "\" w:h=\"" + std::to_string(kPageHeight) + "\"/><w:pgMar w:top=\"" +
         std::to_string(kMarginTopBottom) + "\" w:right=\"" + std::to_string(kMarginLeftRight) +
         "\" w:bottom=\"" + std::to_string(kMarginTopBottom) + "\" w:left=\"" +
         std::to_string(kMarginLeftRight) +
         "\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
         "<w:docGrid w:type=\"lines\" w:linePitch=\"312\"/></w:sectPr>";
}

std::string DocumentXml(const Document& doc) {
  std::string x = kXmlDeclaration;
  x += std::string("<w:document xmlns:w=\"") + kWordNs + "\" xmlns:r=\"" + kOfficeRelsNamespace +
       "\"><w:body>";
  x += doc.body_xml();
  // Word wants a paragraph between a table and the section properties.
  if (doc.ends_with_table() || doc.body_xml().empty()) x += "<w:p/>";
  x += SectionXml() + "</w:body></w:document>";
  return x;
}

std::string DocumentRelsXml() {
  std::string x = kXmlDeclaration;
  x += std::string("<Relationships xmlns=\"") + kRelsNamespace + "\">";
  x += RelationshipXml("rId1", "styles", "styles.xml");
  x += RelationshipXml("rId2", "settings", "settings.xml");
  x += RelationshipXml("rId3", "footer", "footer1.xml");
  x += "</Relationships>";
  return x;
}

Result<std::vector<ZipEntry>> DocxParts(const Document& doc) {
  if (auto ok = CheckProperties(doc.properties); !ok) return std::unexpected(ok.error());
  const std::string p = kTypePrefix;
  return std::vector<ZipEntry>{
      {"[Content_Types].xml", ContentTypesXml({{"/word/document.xml", p + "document.main+xml"},
                                               {"/word/styles.xml", p + "styles+xml"},
                                               {"/word/settings.xml", p + "settings+xml"},
                                               {"/word/footer1.xml", p + "footer+xml"}})},
      {"_rels/.rels", RootRelsXml("word/document.xml")},
      {"docProps/core.xml", CorePropertiesXml(doc.properties)},
      {"docProps/app.xml", AppPropertiesXml()},
      {"word/document.xml", DocumentXml(doc)},
      {"word/_rels/document.xml.rels", DocumentRelsXml()},
      {"word/styles.xml", StylesXml()},
      {"word/settings.xml", SettingsXml()},
      {"word/footer1.xml", FooterXml()},
  };
}

}  // namespace

void Document::AddStyledParagraph(const char* style, const std::vector<Run>& runs) {
  body_ += ParagraphXml(std::string("<w:pStyle w:val=\"") + style + "\"/>", runs);
  last_was_table_ = false;
}

void Document::AddTitleBlock(const std::string& title, const std::vector<std::string>& subtitle_lines) {
  AddStyledParagraph("Title", {{title, true}});
  for (const auto& line : subtitle_lines) AddStyledParagraph("Subtitle", {{line, false}});
}

void Document::AddHeading(int level, const std::string& text) {
  static constexpr const char* kStyles[] = {"Heading1", "Heading2", "Heading3"};
  AddStyledParagraph(kStyles[std::clamp(level, 1, 3) - 1], {{text, false}});
}

void Document::AddParagraph(const std::string& text, bool bold) {
  AddParagraph(std::vector<Run>{{text, bold}});
}

void Document::AddParagraph(const std::vector<Run>& runs) {
  body_ += ParagraphXml("", runs);
  last_was_table_ = false;
}

void Document::AddBulletList(const std::vector<std::string>& items) {
  for (const auto& item : items) AddStyledParagraph("ListBullet", {{"•\t" + item, false}});
}

void Document::AddTable(const Table& table) {
  size_t columns = table.header.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.size());
  if (columns == 0) return;
  // Two tables in a row would merge into one; keep them apart.
  if (last_was_table_) body_ += "<w:p/>";
  const auto twips = ColumnTwips(table, columns);
  // Children of tblPr, pPr, rPr and sectPr follow the schema order: Word refuses files that
  // don't, even where LibreOffice is lenient.
  body_ += "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    body_ += std::string("<w:") + side + " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>";
  body_ += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>";
  for (int w : twips) body_ += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
  body_ += "</w:tblGrid>";
  if (!table.header.empty()) body_ += RowXml(table.header, twips, true);
  for (const auto& row : table.rows) body_ += RowXml(row, twips, false);
  body_ += "</w:tbl>";
  last_was_table_ = true;
}

void Document::AddPageBreak() {
  body_ += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
  last_was_table_ = false;
}

Result<std::string> WriteDocx(const Document& doc) {
  auto parts = DocxParts(doc);
  if (!parts) return std::unexpected(parts.error());
  return WriteZip(*parts);
}

Status WriteDocxFile(const Document& doc, const std::filesystem::path& path) {
  auto parts = DocxParts(doc);
  if (!parts) return std::unexpected(parts.error());
  return WriteZipFile(path, *parts);
}

}  // namespace dengbao::ooxml
