// `dengbao grade`: GB/T 22240-2020 grading from the harm to business information and to the
// system service.
#include <nlohmann/json.hpp>

#include "catalog/grading.h"
#include "catalog/selection.h"
#include "cli/command.h"

namespace dengbao::cli {

namespace {
const char* kLevelZh[] = {"", "第一级", "第二级", "第三级", "第四级", "第五级"};
}

Status RunGrade(Context& ctx) {
  auto business_arg = ctx.args().Get("business");
  auto service_arg = ctx.args().Get("service");
  if (!business_arg || !service_arg)
    return MakeError(ErrorCode::kUsage,
                     "--business 和 --service 必填，如 --business order:serious --service order:serious "
                     "(both --business and --service are required)");
  auto business = catalog::ParseHarm(*business_arg);
  if (!business) return std::unexpected(business.error());
  auto service = catalog::ParseHarm(*service_arg);
  if (!service) return std::unexpected(service.error());
  auto date = catalog::TodayShanghai();
  if (auto d = ctx.args().Get("date")) {
    auto parsed = catalog::ParseDate(*d);
    if (!parsed) return std::unexpected(parsed.error());
    date = *parsed;
  }
  auto result = catalog::GradeSystem(*business, *service, ctx.args().Get("sector").value_or(""), date);
  if (!result) return std::unexpected(result.error());
  const auto& r = *result;
  catalog::Grade grade{r.s, r.a, r.level};

  // How many general-requirement units this grade selects, when the catalog covers the level.
  std::optional<size_t> applicable;
  if (r.level <= 4) {
    auto cat = ctx.Catalog();
    if (!cat) return std::unexpected(cat.error());
    auto items = catalog::SelectApplicable(**cat, grade, {"general"});
    if (items) applicable = items->size();
  }

  auto harm_json = [](const catalog::Harm& h, int level) {
    return nlohmann::json{{"object", catalog::ObjectName(h.object)},
                          {"object_name", catalog::ObjectNameZh(h.object)},
                          {"degree", catalog::DegreeName(h.degree)},
                          {"degree_name", catalog::DegreeNameZh(h.degree)},
                          {"level", level}};
  };
  if (ctx.json()) {
    nlohmann::json j = {
        {"s", r.s},
        {"a", r.a},
        {"level", r.level},
        {"sa", grade.Label()},
        {"business", harm_json(*business, r.s)},
        {"service", harm_json(*service, r.a)},
        {"graded_on", catalog::FormatDate(date)},
        {"filing_required", r.filing_required},
        {"filing_due",
         r.filing_due ? nlohmann::json(catalog::FormatDate(*r.filing_due)) : nlohmann::json(nullptr)},
        {"warnings", r.warnings},
        {"applicable_general_units", applicable ? nlohmann::json(*applicable) : nlohmann::json(nullptr)},
    };
    if (auto name = ctx.args().Get("name")) j["name"] = *name;
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  auto& os = ctx.out();
  os << "定级结果（GB/T 22240-2020）";
  if (auto name = ctx.args().Get("name")) os << "：" << *name;
  os << "\n  业务信息安全保护等级 S" << r.s << "：受侵害客体为" << catalog::ObjectNameZh(business->object)
     << "，" << catalog::DegreeNameZh(business->degree) << "\n"
     << "  系统服务安全保护等级 A" << r.a << "：受侵害客体为" << catalog::ObjectNameZh(service->object)
     << "，" << catalog::DegreeNameZh(service->degree) << "\n"
     << "  安全保护等级：" << kLevelZh[r.level] << "（" << grade.Label() << "）\n";
  if (applicable) os << "  适用的安全通用要求测评单元：" << *applicable << " 个\n";
  os << "  定级日期：" << catalog::FormatDate(date) << "\n";
  if (r.filing_due)
    os << "  备案：应于 " << catalog::FormatDate(*r.filing_due)
       << " 前向所在地公安机关备案（定级后 30 日内）\n";
  else
    os << "  备案：第一级系统无需备案\n";
  for (const auto& w : r.warnings) os << "  警告：" << w << "\n";
  return {};
}

}  // namespace dengbao::cli
