// What an evidence file is, judged from its bytes (issue #5): the evidence store accepts only
// document and image types people attach as proof, and the file name's extension must agree with
// the content. Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace dengbao::ops {

inline constexpr size_t kMaxEvidenceBytes = 32 * 1024 * 1024;

struct EvidenceType {
  std::string media_type;  // e.g. "application/pdf"
  std::string extension;   // canonical, without dot: pdf, png, jpg, gif, docx, xlsx, pptx, zip?, txt,
                           // csv, json, log, xml
};

// Accepted: PDF, PNG, JPEG, GIF, WebP, DOCX/XLSX/PPTX (zip with the matching OOXML part),
// plain text / CSV / JSON / log / XML (valid UTF-8, no NUL). Rejected with kValidation: empty
// files, files over kMaxEvidenceBytes (kTooLarge), executables (ELF, PE "MZ", Mach-O, shebang
// scripts), archives that are not OOXML, unknown binary content, and a file name whose
// extension names a different type than the content (e.g. "report.pdf" holding a PNG). The
// message is zh-first and names the detected type.
Result<EvidenceType> SniffEvidence(std::string_view bytes, std::string_view file_name);

}  // namespace dengbao::ops
