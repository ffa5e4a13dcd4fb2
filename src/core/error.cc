#include "core/error.h"

#include <array>

namespace dengbao {
namespace {

struct ErrorInfo {
  std::string_view name;
  int exit_code;
  std::string_view zh;
  std::string_view en;
};

constexpr std::array kErrorTable = {
#define DENGBAO_ROW(name, exit_code, zh, en) ErrorInfo{#name, exit_code, zh, en},
    DENGBAO_ERROR_CODES(DENGBAO_ROW)
#undef DENGBAO_ROW
};

const ErrorInfo& Info(ErrorCode code) { return kErrorTable[static_cast<size_t>(code)]; }

}  // namespace

std::string SourceLocation::ToString() const {
  if (file.empty()) return {};
  std::string out = file;
  if (line > 0) {
    out += ":" + std::to_string(line);
    if (column > 0) out += ":" + std::to_string(column);
  }
  return out;
}

std::string Error::ToString() const {
  std::string out;
  std::string loc = where.ToString();
  if (!loc.empty()) out += loc + ": ";
  out += ErrorMessageZh(code);
  out += " (";
  out += ErrorMessageEn(code);
  out += ")";
  if (!detail.empty()) out += ": " + detail;
  return out;
}

std::unexpected<Error> MakeError(ErrorCode code, std::string detail, SourceLocation where) {
  return std::unexpected(Error{code, std::move(detail), std::move(where)});
}

std::string_view ErrorCodeName(ErrorCode code) {
  std::string_view n = Info(code).name;
  return n.substr(1);  // drop the leading 'k'
}
std::string_view ErrorMessageZh(ErrorCode code) { return Info(code).zh; }
std::string_view ErrorMessageEn(ErrorCode code) { return Info(code).en; }
int ExitCodeFor(ErrorCode code) { return Info(code).exit_code; }

}  // namespace dengbao
