// The one error type of Dengbao. Every fallible function returns Result<T>; exceptions from
// third-party libraries are caught in the adapter that wraps them and become an Error.
// Thread-safety: plain values, safe to copy between threads.
#pragma once

#include <expected>
#include <string>
#include <string_view>

namespace dengbao {

// X(name, exit_code, message_zh, message_en). The exit code is what the CLI returns when this
// error ends a command; docs/cli.md lists them.
#define DENGBAO_ERROR_CODES(X)                                 \
  X(kInvalidArgument, 2, "参数无效", "invalid argument")       \
  X(kUsage, 2, "用法错误", "usage error")                      \
  X(kNotFound, 4, "未找到", "not found")                       \
  X(kIo, 5, "读写失败", "I/O error")                           \
  X(kPermissionDenied, 5, "权限不足", "permission denied")     \
  X(kTooLarge, 3, "超出大小限制", "too large")                 \
  X(kSyntax, 3, "语法错误", "syntax error")                    \
  X(kValidation, 3, "校验失败", "validation failed")           \
  X(kDuplicate, 3, "重复定义", "duplicate definition")         \
  X(kUnsupported, 2, "不支持", "unsupported")                  \
  X(kIntegrity, 7, "完整性校验失败", "integrity check failed") \
  X(kInternal, 70, "内部错误", "internal error")

enum class ErrorCode {
#define DENGBAO_ENUM(name, exit_code, zh, en) name,
  DENGBAO_ERROR_CODES(DENGBAO_ENUM)
#undef DENGBAO_ENUM
};

// Where in an input file an error sits. Line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:col", "file:line" or "file", whichever parts are known; empty if none.
  std::string ToString() const;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;    // what exactly went wrong, and what was expected
  SourceLocation where;  // optional position in an input file

  // "where: 中文类别 (english): detail", for people.
  std::string ToString() const;
};

template <typename T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

// Builds an error value ready to return from a Result function.
std::unexpected<Error> MakeError(ErrorCode code, std::string detail, SourceLocation where = {});

std::string_view ErrorCodeName(ErrorCode code);  // e.g. kNotFound -> "NotFound"
std::string_view ErrorMessageZh(ErrorCode code);
std::string_view ErrorMessageEn(ErrorCode code);
int ExitCodeFor(ErrorCode code);

}  // namespace dengbao
