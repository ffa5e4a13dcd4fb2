// `dengbao report`: the gap analysis and rectification plan as DOCX, HTML or Markdown, the
// 测评记录表 as XLSX, and OSCAL JSON (assessment results, or the POA&M with --kind plan).
#include <chrono>
#include <cstdlib>
#include <ctime>

#include "cli/assess_common.h"
#include "cli/output.h"
#include "report/oscal.h"
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
  report::ReportKind kind = report::ReportKind::kFull;
  if (kind_text == "gap")
    kind = report::ReportKind::kGap;
  else if (kind_text == "plan")
    kind = report::ReportKind::kPlan;
  else if (kind_text != "full")
    return MakeError(ErrorCode::kUsage, "--kind 取值 full|gap|plan (expected full, gap or plan)");
  auto output = ctx.args().Get("output");
  if (!output && (*format == "docx" || *format == "xlsx"))
    return MakeError(ErrorCode::kUsage,
                     "--format " + *format + " 须给出 --output FILE (binary formats need --output)");

  auto loaded = LoadForCommand(ctx);
  if (!loaded) return std::unexpected(loaded.error());
  auto goal = plan::ResolveGoal(ctx.args().Get("target").value_or("pass"), loaded->profiles);
  if (!goal) return std::unexpected(goal.error());
  auto recommended = plan::CheapestFor(loaded->assessment, loaded->plan, *goal);
  if (!recommended) return std::unexpected(recommended.error());
  report::ReportInputs in{.assessment = &loaded->assessment,
                          .profiles = &loaded->profiles,
                          .plan = &loaded->plan,
                          .goal = &*goal,
                          .recommended = &*recommended,
                          .generated_at = GeneratedAt()};
  std::string content;
  if (*format == "xlsx") {
    auto bytes = report::RecordWorkbookXlsx(in);
    if (!bytes) return std::unexpected(bytes.error());
    content = std::move(*bytes);
  } else if (*format == "oscal") {
    if (kind == report::ReportKind::kPlan) {
      if (loaded->plan.items.empty())
        return MakeError(
            ErrorCode::kInvalidArgument,
            "没有整改项，无法生成 POA&M（OSCAL 要求至少一项）(no plan items: a POA&M needs at least one)");
      std::vector<std::string> ids;
      for (const auto* i : recommended->items) ids.push_back(i->id);
      content = report::OscalPoam(loaded->assessment, loaded->plan, ids, in.generated_at).dump(2) + "\n";
    } else {
      content =
          report::OscalAssessmentResults(loaded->assessment, loaded->profiles, loaded->plan, in.generated_at)
              .dump(2) +
          "\n";
    }
  } else {
    report::Doc doc = report::BuildReport(in, kind);
    if (*format == "docx") {
      auto bytes = report::RenderDocx(doc);
      if (!bytes) return std::unexpected(bytes.error());
      content = std::move(*bytes);
    } else {
      content = *format == "html" ? report::RenderHtml(doc) : report::RenderMarkdown(doc);
    }
  }
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
