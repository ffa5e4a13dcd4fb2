#include "report/ooxml/zip.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dengbao::ooxml {
namespace {

std::vector<ZipEntry> Sample() {
  return {{"[Content_Types].xml", "<Types/>"}, {"xl/sheet1.xml", std::string(5000, 'a') + "中文"}};
}

TEST(ZipTest, RoundTripKeepsOrderAndBytes) {
  auto bytes = WriteZip(Sample());
  ASSERT_TRUE(bytes) << bytes.error().ToString();
  auto archive = ReadZip(*bytes);
  ASSERT_TRUE(archive) << archive.error().ToString();
  ASSERT_EQ(archive->entries.size(), 2u);
  EXPECT_EQ(archive->entries[0].name, "[Content_Types].xml");
  EXPECT_EQ(archive->entries[1].data, std::string(5000, 'a') + "中文");
  // Deflated: 5000 repeated bytes shrink well below their size.
  EXPECT_LT(bytes->size(), 1000u);
}

TEST(ZipTest, StoredEntriesReadBack) {
  auto stored = WriteZip(Sample(), ZipMethod::kStore);
  ASSERT_TRUE(stored);
  EXPECT_GT(stored->size(), 5000u);
  auto archive = ReadZip(*stored);
  ASSERT_TRUE(archive);
  EXPECT_EQ(archive->entries[1].data, Sample()[1].data);
}

TEST(ZipTest, OutputIsDeterministic) {
  auto a = WriteZip(Sample());
  auto b = WriteZip(Sample());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(ZipTest, FindIsCaseInsensitiveFallback) {
  auto archive = ReadZip(*WriteZip(Sample()));
  ASSERT_TRUE(archive);
  EXPECT_NE(archive->Find("XL/Sheet1.xml"), nullptr);
  EXPECT_EQ(archive->Find("xl/sheet2.xml"), nullptr);
}

TEST(ZipTest, WriterRejectsEmptyAndDuplicateNames) {
  EXPECT_EQ(WriteZip({}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(WriteZip({{"a", "1"}, {"a", "2"}}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(WriteZip({{"", "1"}}).error().code, ErrorCode::kInvalidArgument);
}

TEST(ZipTest, GarbageAndTruncatedInputAreSyntaxErrors) {
  EXPECT_EQ(ReadZip("").error().code, ErrorCode::kSyntax);
  EXPECT_EQ(ReadZip("hello, this is not a zip file at all").error().code, ErrorCode::kSyntax);
  auto bytes = *WriteZip(Sample());
  for (size_t cut : {size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    auto r = ReadZip(std::string_view(bytes).substr(0, cut));
    ASSERT_FALSE(r) << "cut at " << cut;
    EXPECT_EQ(r.error().code, ErrorCode::kSyntax) << r.error().ToString();
  }
}

TEST(ZipTest, CorruptedDataIsReported) {
  auto bytes = *WriteZip({{"a.txt", std::string(20000, 'x')}});
  // Flip a byte inside the compressed data of the only entry (after its 30-byte local header
  // and 5-byte name).
  bytes[40] = static_cast<char>(bytes[40] ^ 0x55);
  auto r = ReadZip(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSyntax) << r.error().ToString();
}

TEST(ZipTest, LimitsAreEnforced) {
  std::vector<ZipEntry> many;
  for (int i = 0; i < 20; ++i) many.push_back({"f" + std::to_string(i), "x"});
  auto bytes = *WriteZip(many);
  ZipLimits limits;
  limits.max_entries = 10;
  EXPECT_EQ(ReadZip(bytes, limits).error().code, ErrorCode::kTooLarge);

  auto big = *WriteZip({{"a", std::string(4096, 'a')}, {"b", std::string(4096, 'b')}});
  limits = {};
  limits.max_entry_size = 4095;
  EXPECT_EQ(ReadZip(big, limits).error().code, ErrorCode::kTooLarge);
  limits = {};
  limits.max_total_size = 8191;
  auto r = ReadZip(big, limits);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().detail.find("总大小"), std::string::npos);
}

// Patches the uncompressed size fields (local header and central directory) of a one-entry
// archive to `size`, so the entry claims less than it inflates to.
std::string PatchDeclaredSize(std::string bytes, uint32_t size) {
  auto put32 = [&](size_t at) {
    for (int k = 0; k < 4; ++k) bytes[at + k] = static_cast<char>((size >> (8 * k)) & 0xFF);
  };
  put32(22);  // local file header: uncompressed size
  const size_t central = bytes.find("PK\x01\x02");
  put32(central + 24);  // central directory: uncompressed size
  return bytes;
}

TEST(ZipTest, EntryInflatingPastDeclaredSizeIsRefused) {
  // 1 MiB of zeros deflates to about 1 KiB; the archive then claims 100 bytes.
  auto bytes = *WriteZip({{"bomb.xml", std::string(1 << 20, '\0')}});
  auto r = ReadZip(PatchDeclaredSize(bytes, 100));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge) << r.error().ToString();
  EXPECT_NE(r.error().detail.find("bomb.xml"), std::string::npos);
}

TEST(ZipTest, FileWriteAndRead) {
  auto path = std::filesystem::path(testing::TempDir()) / "ooxml_zip_test.zip";
  ASSERT_TRUE(WriteZipFile(path, Sample()));
  auto bytes = ReadFileBytes(path, 1 << 20);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(*bytes, *WriteZip(Sample()));
  EXPECT_EQ(ReadFileBytes(path, 10).error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(ReadFileBytes(path.string() + ".missing", 10).error().code, ErrorCode::kNotFound);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace dengbao::ooxml
