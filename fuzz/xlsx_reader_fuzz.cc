// libFuzzer target for the XLSX reader: arbitrary bytes as an uploaded workbook. The reader must
// return a value or an error on any input: no crash, hang, sanitizer report or runaway memory.
// Limits are smaller than the defaults so one input stays fast; the code paths are the same.
//
// Mutated zip bytes mostly fail the CRC check, so an input starting with 'X' is instead split
// at NUL bytes into the parts of a package (content types, root rels, workbook, workbook rels,
// sheet, shared strings) and zipped first: that reaches the relationship and XML handling.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "report/ooxml/xlsx_reader.h"
#include "report/ooxml/zip.h"

namespace {

using namespace dengbao::ooxml;

void Read(std::string_view bytes) {
  XlsxReadLimits limits;
  limits.zip.max_entries = 200;
  limits.zip.max_entry_size = 4u << 20;
  limits.zip.max_total_size = 16u << 20;
  limits.max_cells = 100'000;
  auto book = ReadXlsx(bytes, limits);
  if (!book) return;
  // Touch every value so the sanitizers see any bad reference.
  size_t total = 0;
  for (const auto& sheet : book->sheets)
    for (const auto& [pos, value] : sheet.cells) total += value.size() + static_cast<size_t>(pos.first);
  (void)total;
}

std::string PackageFromParts(std::string_view text) {
  static const char* const kParts[] = {"[Content_Types].xml",      "_rels/.rels",
                                       "xl/workbook.xml",          "xl/_rels/workbook.xml.rels",
                                       "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
  std::vector<ZipEntry> entries;
  for (const char* name : kParts) {
    const size_t end = std::min(text.find('\0'), text.size());
    entries.push_back({name, std::string(text.substr(0, end))});
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  auto zip = WriteZip(entries, ZipMethod::kStore);
  return zip ? *zip : std::string();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!input.empty() && input.front() == 'X') {
    Read(PackageFromParts(input.substr(1)));
  } else {
    Read(input);
  }
  return 0;
}
