#include "ops/evidence_type.h"

#include <array>
#include <cstdint>
#include <optional>

namespace dengbao::ops {

namespace {

struct TypeInfo {
  std::string_view extension;
  std::string_view media_type;
  std::string_view label;  // zh first, for messages
};

constexpr std::array<TypeInfo, 15> kTypes{{
    {"pdf", "application/pdf", "PDF 文档 (PDF)"},
    {"png", "image/png", "PNG 图片 (PNG image)"},
    {"jpg", "image/jpeg", "JPEG 图片 (JPEG image)"},
    {"gif", "image/gif", "GIF 图片 (GIF image)"},
    {"webp", "image/webp", "WebP 图片 (WebP image)"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word 文档 (DOCX)"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel 表格 (XLSX)"},
    {"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
     "PowerPoint 演示文稿 (PPTX)"},
    {"txt", "text/plain", "文本文件 (text)"},
    {"csv", "text/csv", "CSV 文本 (CSV)"},
    {"json", "application/json", "JSON 文本 (JSON)"},
    {"log", "text/plain", "日志文本 (log)"},
    {"xml", "application/xml", "XML 文本 (XML)"},
    {"md", "text/markdown", "Markdown 文本 (Markdown)"},
    {"yaml", "application/yaml", "YAML 文本 (YAML)"},  // system descriptions, questionnaires
}};

const TypeInfo* FindType(std::string_view ext) {
  for (const auto& t : kTypes)
    if (t.extension == ext) return &t;
  return nullptr;
}

bool IsTextExtension(std::string_view ext) {
  return ext == "txt" || ext == "csv" || ext == "json" || ext == "log" || ext == "xml" || ext == "md" ||
         ext == "yaml";
}

// What the bytes are: an accepted type (by canonical extension) or the reason they are refused.
struct Detected {
  std::string_view extension;  // empty when rejected
  std::string_view rejected;   // label of a refused kind of content
};

uint16_t Le16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) |
                               (static_cast<unsigned char>(b[at + 1]) << 8));
}
uint32_t Le32(std::string_view b, size_t at) {
  return Le16(b, at) | (static_cast<uint32_t>(Le16(b, at + 2)) << 16);
}

// The OOXML kind of a zip, judged from the names in its central directory; "" when it is some
// other archive or the directory cannot be read. Only names are read, nothing is inflated.
std::string_view OoxmlKind(std::string_view zip) {
  constexpr size_t kEocdSize = 22;
  constexpr size_t kMaxComment = 0xFFFF;
  if (zip.size() < kEocdSize) return {};
  // The end-of-central-directory record sits in the last 22 + comment bytes.
  const size_t lowest = zip.size() > kEocdSize + kMaxComment ? zip.size() - kEocdSize - kMaxComment : 0;
  std::optional<size_t> eocd;
  for (size_t at = zip.size() - kEocdSize + 1; at-- > lowest;) {
    if (zip.compare(at, 4, "PK\x05\x06") == 0) {
      eocd = at;
      break;
    }
  }
  if (!eocd) return {};
  const size_t entries = Le16(zip, *eocd + 10);
  const size_t cd_size = Le32(zip, *eocd + 12);
  const size_t cd_offset = Le32(zip, *eocd + 16);
  if (cd_offset > *eocd || cd_size > *eocd - cd_offset) return {};
  bool content_types = false;
  std::string_view kind;
  size_t at = cd_offset;
  for (size_t i = 0; i < entries; ++i) {
    constexpr size_t kHeader = 46;
    if (at + kHeader > cd_offset + cd_size || zip.compare(at, 4, "PK\x01\x02") != 0) return {};
    const size_t name_len = Le16(zip, at + 28);
    const size_t extra_len = Le16(zip, at + 30);
    const size_t comment_len = Le16(zip, at + 32);
    const size_t next = at + kHeader + name_len + extra_len + comment_len;
    if (next > cd_offset + cd_size) return {};
    const std::string_view name = zip.substr(at + kHeader, name_len);
    if (name == "[Content_Types].xml") content_types = true;
    if (name == "word/document.xml") kind = "docx";
    if (name == "xl/workbook.xml") kind = "xlsx";
    if (name == "ppt/presentation.xml") kind = "pptx";
    at = next;
  }
  return content_types ? kind : std::string_view();
}

// Strict UTF-8 (no overlong forms, surrogates or code points past U+10FFFF) without NUL or
// control characters other than tab, line breaks, form feed and ESC (colour codes in logs).
bool IsUtf8Text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B)
        return false;
      ++i;
      continue;
    }
    size_t len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

bool StartsWith(std::string_view b, std::string_view magic) { return b.starts_with(magic); }

Detected Detect(std::string_view b, std::string_view ext) {
  using namespace std::string_view_literals;
  if (StartsWith(b, "%PDF-")) return {"pdf", {}};
  if (StartsWith(b, "\x89PNG\r\n\x1A\n")) return {"png", {}};
  if (StartsWith(b, "\xFF\xD8\xFF")) return {"jpg", {}};
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return {"gif", {}};
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") return {"webp", {}};
  if (StartsWith(b, "PK\x03\x04") || StartsWith(b, "PK\x05\x06")) {
    const auto kind = OoxmlKind(b);
    if (!kind.empty()) return {kind, {}};
    return {{}, "非 Office 文档的压缩包 (archive that is not an Office document)"};
  }
  if (StartsWith(b,
                 "\x7F"
                 "ELF"))
    return {{}, "ELF 可执行文件 (ELF executable)"};
  // A PE header holds NUL bytes, so text that merely begins with "MZ" stays text.
  if (StartsWith(b, "MZ") && !IsUtf8Text(b)) return {{}, "Windows 可执行文件 (PE executable)"};
  for (auto magic : {"\xFE\xED\xFA\xCE"sv, "\xFE\xED\xFA\xCF"sv, "\xCE\xFA\xED\xFE"sv, "\xCF\xFA\xED\xFE"sv,
                     "\xCA\xFE\xBA\xBE"sv})
    if (StartsWith(b, magic)) return {{}, "Mach-O 可执行文件 (Mach-O executable)"};
  if (StartsWith(b, "#!") || StartsWith(b, "\xEF\xBB\xBF#!")) return {{}, "脚本文件 (shebang script)"};
  for (auto magic : {"7z\xBC\xAF\x27\x1C"sv, "Rar!\x1A\x07"sv, "\x1F\x8B"sv,
                     "\xFD"
                     "7zXZ\x00"sv,
                     "\x28\xB5\x2F\xFD"sv})
    if (StartsWith(b, magic)) return {{}, "压缩包 (archive)"};
  if (b.size() >= 10 && StartsWith(b, "BZh") && b.substr(4, 6) == "\x31\x41\x59\x26\x53\x59")
    return {{}, "压缩包 (archive)"};
  if (b.size() > 262 && b.substr(257, 5) == "ustar") return {{}, "tar 归档 (tar archive)"};
  if (StartsWith(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"))
    return {{}, "旧版 Office 文档，请另存为 DOCX/XLSX/PPTX 或 PDF (legacy Office file)"};
  if (IsUtf8Text(b)) return {IsTextExtension(ext) ? ext : "txt"sv, {}};
  return {{}, "未知二进制内容；文本须为 UTF-8 编码 (unknown binary content; text must be UTF-8)"};
}

// Lower-case extension of the last path component without the dot; "" when there is none.
std::string ExtensionOf(std::string_view file_name) {
  const size_t slash = file_name.find_last_of("/\\");
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  const size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};  // ".profile" has no extension
  std::string ext(file_name.substr(dot + 1));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if (ext == "jpeg") ext = "jpg";
  if (ext == "yml") ext = "yaml";
  return ext;
}

}  // namespace

Result<EvidenceType> SniffEvidence(std::string_view bytes, std::string_view file_name) {
  const std::string name(file_name);
  if (bytes.empty()) return MakeError(ErrorCode::kValidation, "证据文件为空 (empty file)", {name});
  if (bytes.size() > kMaxEvidenceBytes)
    return MakeError(ErrorCode::kTooLarge,
                     "证据文件超过 " + std::to_string(kMaxEvidenceBytes >> 20) +
                         " MiB (file too large): " + std::to_string(bytes.size()) + " bytes",
                     {name});
  const std::string ext = ExtensionOf(file_name);
  const Detected d = Detect(bytes, ext);
  if (d.extension.empty())
    return MakeError(
        ErrorCode::kValidation,
        "不接受的证据文件类型：检测为 " + std::string(d.rejected) + " (evidence type not accepted)", {name});
  const TypeInfo* type = FindType(d.extension);
  if (!ext.empty() && ext != d.extension)
    return MakeError(ErrorCode::kValidation,
                     "扩展名 ." + ext + " 与内容不符：内容检测为 " + std::string(type->label) +
                         " (extension does not match the content)",
                     {name});
  return EvidenceType{std::string(type->media_type), std::string(type->extension)};
}

}  // namespace dengbao::ops
