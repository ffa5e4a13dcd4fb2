#include "ops/evidence_type.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace dengbao::ops {
namespace {

void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
void Put32(std::string& out, uint32_t v) {
  Put16(out, static_cast<uint16_t>(v & 0xFFFF));
  Put16(out, static_cast<uint16_t>(v >> 16));
}

// A stored (uncompressed) zip of empty entries with these names: enough for name sniffing.
std::string Zip(const std::vector<std::string>& names) {
  std::string out;
  std::vector<uint32_t> offsets;
  for (const auto& n : names) {
    offsets.push_back(static_cast<uint32_t>(out.size()));
    out += "PK\x03\x04";
    Put16(out, 20);                             // version needed
    for (int i = 0; i < 5; ++i) Put16(out, 0);  // flags, method, time, date, (crc low)
    Put16(out, 0);                              // crc high
    Put32(out, 0);                              // compressed size
    Put32(out, 0);                              // uncompressed size
    Put16(out, static_cast<uint16_t>(n.size()));
    Put16(out, 0);
    out += n;
  }
  const auto cd_offset = static_cast<uint32_t>(out.size());
  for (size_t i = 0; i < names.size(); ++i) {
    out += "PK\x01\x02";
    Put16(out, 20);
    Put16(out, 20);
    for (int k = 0; k < 4; ++k) Put16(out, 0);  // flags, method, time, date
    Put32(out, 0);                              // crc
    Put32(out, 0);
    Put32(out, 0);
    Put16(out, static_cast<uint16_t>(names[i].size()));
    Put16(out, 0);  // extra
    Put16(out, 0);  // comment
    Put16(out, 0);  // disk
    Put16(out, 0);  // internal attrs
    Put32(out, 0);  // external attrs
    Put32(out, offsets[i]);
    out += names[i];
  }
  const auto cd_size = static_cast<uint32_t>(out.size() - cd_offset);
  out += "PK\x05\x06";
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint16_t>(names.size()));
  Put16(out, static_cast<uint16_t>(names.size()));
  Put32(out, cd_size);
  Put32(out, cd_offset);
  Put16(out, 0);
  return out;
}

const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n";

struct Good {
  std::string bytes;
  std::string name;
  std::string extension;
  std::string media_type;
};

TEST(Evidence, AcceptsDocumentsImagesAndText) {
  const Good cases[] = {
      {kPdf, "报告.pdf", "pdf", "application/pdf"},
      {kPng, "机房.PNG", "png", "image/png"},
      {"\xFF\xD8\xFF\xE0\0\x10JFIF", "photo.jpeg", "jpg", "image/jpeg"},
      {"\xFF\xD8\xFF\xE1", "photo.JPG", "jpg", "image/jpeg"},
      {"GIF89a\x01\0\x01\0", "a.gif", "gif", "image/gif"},
      {std::string("RIFF\x10\0\0\0WEBPVP8 ", 16), "a.webp", "webp", "image/webp"},
      {Zip({"[Content_Types].xml", "_rels/.rels", "word/document.xml"}), "方案.docx", "docx",
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {Zip({"[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"}), "台账.xlsx", "xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {Zip({"[Content_Types].xml", "ppt/presentation.xml"}), "培训.pptx", "pptx",
       "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
      {"巡检记录\n温度 22℃\n", "记录.txt", "txt", "text/plain"},
      {"姓名,签到\n张三,是\n", "签到.CSV", "csv", "text/csv"},
      {"{\"a\": 1}", "scan.json", "json", "application/json"},
      {"\x1B[31mERROR\x1B[0m disk\n", "sys.log", "log", "text/plain"},
      {"<?xml version=\"1.0\"?><a/>", "x.xml", "xml", "application/xml"},
      {"# 标题\n", "README.md", "md", "text/markdown"},
      {"no extension text", "notes", "txt", "text/plain"},
      {kPng, "dir.v2/screenshot", "png", "image/png"},  // the dot in a folder is not an extension
      {"MZ 区域巡检记录", "mz.txt", "txt", "text/plain"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto t = SniffEvidence(c.bytes, c.name);
    ASSERT_TRUE(t) << t.error().ToString();
    EXPECT_EQ(t->extension, c.extension);
    EXPECT_EQ(t->media_type, c.media_type);
  }
}

struct Bad {
  std::string label;
  std::string bytes;
  std::string name;
  std::string needle;
};

TEST(Evidence, RejectsWithTheDetectedType) {
  const Bad cases[] = {
      {"empty", "", "a.pdf", "empty file"},
      {"png named pdf", kPng, "report.pdf", "PNG"},
      {"pdf named txt", kPdf, "a.txt", "PDF"},
      {"text named png", "hello", "a.png", "文本文件"},
      {"elf",
       std::string("\x7F"
                   "ELF\x02\x01\x01\0",
                   8),
       "tool", "ELF"},
      {"pe", std::string("MZ\x90\0\x03\0\0\0", 8), "setup.pdf", "PE"},
      {"mach-o", std::string("\xCF\xFA\xED\xFE\x07\0\0\x01", 8), "a", "Mach-O"},
      {"shebang", "#!/bin/sh\nrm -rf /\n", "run.txt", "shebang"},
      {"plain zip", Zip({"a.txt"}), "a.zip", "not an Office document"},
      {"zip without content types", Zip({"word/document.xml"}), "a.docx", "not an Office document"},
      {"docx named xlsx", Zip({"[Content_Types].xml", "word/document.xml"}), "a.xlsx", "DOCX"},
      {"gzip", std::string("\x1F\x8B\x08\0", 4), "a.gz", "archive"},
      {"7z", std::string("7z\xBC\xAF\x27\x1C\0\x04", 8), "a.7z", "archive"},
      {"legacy office", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8), "a.doc", "legacy Office"},
      {"nul in text", std::string("abc\0def", 7), "a.txt", "unknown binary"},
      {"invalid utf-8", "\xC0\xAF", "a.txt", "unknown binary"},
      {"utf-16", std::string("\xFF\xFEh\0i\0", 6), "a.txt", "unknown binary"},
      {"surrogate", "\xED\xA0\x80", "a.txt", "unknown binary"},
      {"truncated utf-8", "\xE4\xB8", "a.txt", "unknown binary"},
      {"script extension", "echo hi\n", "a.sh", "扩展名 .sh"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.label);
    auto t = SniffEvidence(c.bytes, c.name);
    ASSERT_FALSE(t) << t->extension;
    EXPECT_EQ(t.error().code, ErrorCode::kValidation);
    EXPECT_EQ(t.error().where.file, c.name);
    EXPECT_NE(t.error().ToString().find(c.needle), std::string::npos) << t.error().ToString();
  }
}

TEST(Evidence, TooLarge) {
  const std::string big(kMaxEvidenceBytes + 1, 'a');
  auto t = SniffEvidence(big, "big.txt");
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kTooLarge);
}

TEST(Evidence, TruncatedZipDirectoryIsNotOoxml) {
  std::string zip = Zip({"[Content_Types].xml", "word/document.xml"});
  // Point the central directory past the end-of-directory record.
  const size_t eocd = zip.rfind("PK\x05\x06");
  zip[eocd + 16] = '\x7F';
  auto t = SniffEvidence(zip, "a.docx");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().detail.find("not an Office document"), std::string::npos);
}

}  // namespace
}  // namespace dengbao::ops
