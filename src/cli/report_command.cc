// `dengbao report`: the gap analysis and rectification plan as DOCX, HTML or Markdown, the
// 测评记录表 as XLSX, and OSCAL JSON (assessment results, or the POA&M with --kind plan).
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "cli/assess_common.h"
#include "cli/output.h"
#include "report/reports.h"

namespace dengbao::cli {

namespace {

// Now in UTC, or $SOURCE_DATE_EPOCH when set (reproducible documents).
std::string GeneratedAt() {
  std::time_t t = std::time(nullptr);
  if (const char* e = std::getenv("SOURCE_DATE_EPOCH"); e != nullptr && *e != '\0') {
    char* end = nullptr;
    long long v = std::strtoll(e, &end, 10);
    if (end != nullptr && *end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

Status RunReport(Context& ctx) {
  auto format = ctx.args().Get("format");
  if (!format)
    return MakeError(ErrorCode::kUsage, "缺少 --format docx|xlsx|html|md|oscal (--format is required)");
  if (*format != "docx" && *format != "xlsx" && *format != "html" && *format != "md" && *format != "oscal")
    return MakeError(ErrorCode::kUsage, "--format 取值 docx|xlsx|html|md|oscal (expected one of them)");
  std::string kind_text = ctx.args().Get("kind").value_or("full");
  if (kind_text != "full" && kind_text != "gap" && kind_text != "plan")
    return MakeError(ErrorCode::kUsage, "--kind 取值 full|gap|plan (expected full, gap or plan)");
  auto output = ctx.args().Get("output");
  if (!output && (*format == "docx" || *format == "xlsx"))
    return MakeError(ErrorCode::kUsage,
                     "--format " + *format + " 须给出 --output FILE (binary formats need --output)");

  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  auto rendered = report::RenderDocument(loaded->assessment, loaded->profiles, loaded->plan,
                                         {.format = *format,
                                          .kind = kind_text,
                                          .goal = ctx.args().Get("target").value_or("pass"),
                                          .generated_at = GeneratedAt()});
  if (!rendered) return std::unexpected(rendered.error());
  std::string content = std::move(*rendered);
  if (!output) {
    ctx.out() << content;
    return {};
  }
  Status st = WriteFileAtomic(*output, content);
  if (!st) return st;
  if (ctx.json())
    ctx.out() << nlohmann::json{{"output", *output},
                                {"format", *format},
                                {"kind", kind_text},
                                {"bytes", content.size()}}
                     .dump()
              << "\n";
  else
    ctx.out() << "已写入 " << *output << "（" << content.size() << " 字节）\n";
  return {};
}

}  // namespace dengbao::cli
