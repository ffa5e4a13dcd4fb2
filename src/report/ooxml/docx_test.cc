// Parses generated DOCX files back with the zip reader and pugixml and checks the structure
// Word relies on: heading styles, repeated table headers, footer fields, A4 section, fonts.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "report/ooxml/docx_writer.h"
#include "report/ooxml/zip.h"

namespace dengbao::ooxml {
namespace {

Document Sample() {
  Document doc;
  doc.properties = {"整改方案", "", "Dengbao 测试", "2025-02-01T00:00:00Z"};
  doc.AddTitleBlock("整改方案", {"某系统", "二〇二五年二月"});
  doc.AddPageBreak();
  doc.AddHeading(1, "一、总体要求");
  doc.AddParagraph("正文第一段 with <xml> & \"quotes\"\x01.");
  doc.AddParagraph(std::vector<Run>{{"粗体", true}, {"常规", false}});
  doc.AddHeading(2, "（一）目标");
  doc.AddBulletList({"要点一", "要点二"});
  doc.AddHeading(3, "1. 细节");
  doc.AddHeading(9, "超出范围的级别");
  Table t;
  t.header = {"编号", "问题", "措施"};
  t.rows = {{"1", "第一行\n第二行", "补充"}, {"2", "短行"}};
  t.column_widths_cm = {2, 8, 6};
  doc.AddTable(t);
  doc.AddTable(t);
  return doc;
}

class DocxTest : public testing::Test {
 protected:
  void SetUp() override {
    auto bytes = WriteDocx(Sample());
    ASSERT_TRUE(bytes) << bytes.error().ToString();
    auto zip = ReadZip(*bytes);
    ASSERT_TRUE(zip) << zip.error().ToString();
    zip_ = std::move(*zip);
  }
  pugi::xml_node Load(const std::string& part, pugi::xml_document& doc) {
    const std::string* data = zip_.Find(part);
    EXPECT_NE(data, nullptr) << part;
    if (data == nullptr) return {};
    EXPECT_TRUE(
        doc.load_buffer(data->data(), data->size(), pugi::parse_default | pugi::parse_ws_pcdata_single))
        << part;
    return doc.document_element();
  }
  ZipArchive zip_;
};

TEST_F(DocxTest, HeadingsUseBuiltInStylesWithOutlineLevels) {
  pugi::xml_document d;
  auto body = Load("word/document.xml", d).child("w:body");
  std::vector<std::pair<std::string, std::string>> headings;
  for (auto p : body.children("w:p")) {
    std::string style = p.child("w:pPr").child("w:pStyle").attribute("w:val").value();
    if (!style.starts_with("Heading")) continue;
    std::string text;
    for (auto r : p.children("w:r")) text += r.child_value("w:t");
    headings.emplace_back(style, text);
  }
  EXPECT_EQ(headings, (std::vector<std::pair<std::string, std::string>>{{"Heading1", "一、总体要求"},
                                                                        {"Heading2", "（一）目标"},
                                                                        {"Heading3", "1. 细节"},
                                                                        {"Heading3", "超出范围的级别"}}));
  pugi::xml_document s;
  auto styles = Load("word/styles.xml", s);
  int found = 0;
  for (auto style : styles.children("w:style")) {
    const std::string id = style.attribute("w:styleId").value();
    if (!id.starts_with("Heading")) continue;
    ++found;
    const int level = id.back() - '0';
    EXPECT_EQ(std::string(style.child("w:name").attribute("w:val").value()),
              "heading " + std::to_string(level));
    EXPECT_EQ(style.child("w:pPr").child("w:outlineLvl").attribute("w:val").as_int(), level - 1);
    EXPECT_STREQ(style.child("w:rPr").child("w:rFonts").attribute("w:eastAsia").value(), "黑体");
  }
  EXPECT_EQ(found, 3);
  auto defaults = styles.child("w:docDefaults").child("w:rPrDefault").child("w:rPr");
  EXPECT_STREQ(defaults.child("w:rFonts").attribute("w:eastAsia").value(), "宋体");
  EXPECT_STREQ(defaults.child("w:rFonts").attribute("w:ascii").value(), "Times New Roman");
  EXPECT_STREQ(defaults.child("w:lang").attribute("w:eastAsia").value(), "zh-CN");
}

TEST_F(DocxTest, TablesRepeatHeaderAndKeepLineBreaks) {
  pugi::xml_document d;
  auto body = Load("word/document.xml", d).child("w:body");
  std::vector<pugi::xml_node> tables;
  for (auto t : body.children("w:tbl")) tables.push_back(t);
  ASSERT_EQ(tables.size(), 2u);
  // The two tables are separated by a paragraph, otherwise Word merges them.
  EXPECT_STREQ(tables[0].next_sibling().name(), "w:p");
  auto tbl = tables[0];
  EXPECT_TRUE(tbl.child("w:tblPr").child("w:tblBorders").child("w:insideH"));
  std::vector<int> grid;
  for (auto col : tbl.child("w:tblGrid").children("w:gridCol")) grid.push_back(col.attribute("w:w").as_int());
  EXPECT_EQ(grid, (std::vector<int>{1134, 4535, 3402}));  // 2, 8, 6 cm
  auto rows = tbl.children("w:tr");
  std::vector<pugi::xml_node> tr(rows.begin(), rows.end());
  ASSERT_EQ(tr.size(), 3u);
  EXPECT_TRUE(tr[0].child("w:trPr").child("w:tblHeader"));
  EXPECT_FALSE(tr[1].child("w:trPr").child("w:tblHeader"));
  // Second cell of the first data row: two text pieces around a line break.
  auto run = tr[1].child("w:tc").next_sibling("w:tc").child("w:p").child("w:r");
  std::vector<std::string> pieces;
  for (auto n : run.children()) pieces.push_back(n.name() == std::string("w:t") ? n.child_value() : n.name());
  EXPECT_EQ(pieces, (std::vector<std::string>{"第一行", "w:br", "第二行"}));
  // The short row was padded to three cells.
  EXPECT_EQ(std::distance(tr[2].children("w:tc").begin(), tr[2].children("w:tc").end()), 3);
}

TEST_F(DocxTest, FooterHasPageFieldsAndSectionIsA4) {
  pugi::xml_document d;
  auto body = Load("word/document.xml", d).child("w:body");
  auto sect = body.last_child();
  ASSERT_STREQ(sect.name(), "w:sectPr");
  EXPECT_EQ(sect.child("w:pgSz").attribute("w:w").as_int(), 11906);
  EXPECT_EQ(sect.child("w:pgSz").attribute("w:h").as_int(), 16838);
  const std::string footer_id = sect.child("w:footerReference").attribute("r:id").value();

  pugi::xml_document r;
  std::string target;
  for (auto rel : Load("word/_rels/document.xml.rels", r).children("Relationship"))
    if (footer_id == rel.attribute("Id").value()) target = rel.attribute("Target").value();
  ASSERT_EQ(target, "footer1.xml");

  pugi::xml_document f;
  std::string text;
  std::vector<std::string> fields;
  for (auto run : Load("word/footer1.xml", f).child("w:p").children("w:r")) {
    if (auto instr = run.child("w:instrText")) fields.emplace_back(instr.child_value());
    if (run.previous_sibling().child("w:fldChar").attribute("w:fldCharType").value() ==
        std::string("separate"))
      continue;  // the placeholder result of a field
    text += run.child_value("w:t");
  }
  EXPECT_EQ(fields, (std::vector<std::string>{" PAGE ", " NUMPAGES "}));
  EXPECT_EQ(text, "第  页 共  页");

  const std::string* types = zip_.Find("[Content_Types].xml");
  ASSERT_NE(types, nullptr);
  EXPECT_NE(types->find("/word/footer1.xml"), std::string::npos);
}

TEST_F(DocxTest, TextIsEscapedAndPropertiesWritten) {
  for (const auto& e : zip_.entries) {
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer(e.data.data(), e.data.size())) << e.name;
  }
  const std::string& document = *zip_.Find("word/document.xml");
  EXPECT_NE(document.find("with &lt;xml&gt; &amp; &quot;quotes&quot;."), std::string::npos);
  EXPECT_EQ(document.find('\x01'), std::string::npos);
  EXPECT_NE(zip_.Find("docProps/core.xml")->find("<dc:title>整改方案</dc:title>"), std::string::npos);
}

// The schema sequences (ECMA-376 part 1, 17.3-17.6) of the property elements we write. Word
// rejects a file whose property children are out of order.
const std::map<std::string, std::vector<std::string>> kSequences = {
    {"w:pPr",
     {"pStyle", "keepNext", "keepLines", "pageBreakBefore", "widowControl", "numPr", "pBdr", "shd", "tabs",
      "spacing", "ind", "contextualSpacing", "jc", "textAlignment", "outlineLvl", "rPr"}},
    {"w:rPr",
     {"rStyle", "rFonts", "b", "bCs", "i", "iCs", "color", "spacing", "kern", "sz", "szCs", "u", "shd",
      "vertAlign", "lang"}},
    {"w:tblPr",
     {"tblStyle", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
      "tblLook"}},
    {"w:tcPr", {"tcW", "gridSpan", "vMerge", "tcBorders", "shd", "noWrap", "tcMar", "vAlign"}},
    {"w:sectPr",
     {"headerReference", "footerReference", "pgSz", "pgMar", "pgNumType", "cols", "titlePg", "docGrid"}},
    {"w:style", {"name", "basedOn", "next", "uiPriority", "semiHidden", "qFormat", "pPr", "rPr", "tblPr"}},
};

void CheckOrder(const pugi::xml_node& node, const std::string& part) {
  for (auto child : node.children()) {
    if (child.type() != pugi::node_element) continue;
    const auto seq = kSequences.find(child.name());
    if (seq != kSequences.end()) {
      size_t last = 0;
      for (auto prop : child.children()) {
        const std::string local = std::string(prop.name()).substr(2);
        const auto at = std::ranges::find(seq->second, local);
        ASSERT_NE(at, seq->second.end())
            << part << ": unexpected <" << prop.name() << "> in <" << child.name() << ">";
        const auto index = static_cast<size_t>(at - seq->second.begin());
        EXPECT_GE(index, last) << part << ": <" << prop.name() << "> out of order in <" << child.name()
                               << ">";
        last = index;
      }
    }
    CheckOrder(child, part);
  }
}

TEST_F(DocxTest, PropertyElementsFollowSchemaOrder) {
  for (const char* part : {"word/document.xml", "word/styles.xml", "word/footer1.xml"}) {
    pugi::xml_document d;
    auto root = Load(part, d);
    CheckOrder(root, part);
  }
}

TEST(DocxWriterTest, DeterministicAndValidatesProperties) {
  EXPECT_EQ(*WriteDocx(Sample()), *WriteDocx(Sample()));
  Document doc;
  doc.properties.created = "2025-02-01";
  EXPECT_EQ(WriteDocx(doc).error().code, ErrorCode::kInvalidArgument);
  // An empty document is still a valid package.
  EXPECT_TRUE(WriteDocx(Document{}));
}

}  // namespace
}  // namespace dengbao::ooxml
