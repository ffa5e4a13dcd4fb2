// The 网络安全事件报告 draft (IncidentReportDraft in incidents.h). Every line comes from a stored
// record or is marked （待填写） for the reporter to complete; nothing is guessed.
#include <string>

#include "service/incidents.h"

namespace dengbao::service {
namespace {

constexpr std::string_view kToFill = "（待填写）";

std::string Or(const std::string& value) { return value.empty() ? std::string(kToFill) : value; }

// One Markdown table cell: pipes escaped, line breaks flattened.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::string> BothTimes(const std::string& utc) {
  auto bj = BeijingTime(utc);
  if (!bj) return std::unexpected(bj.error());
  return *bj + "（北京时间）/ " + utc + "（UTC）";
}

Result<std::string> StatusLine(const IncidentView& v) {
  const Record& r = v.row;
  std::string s(IncidentStatusLabel(r.at("status")));
  if (!r.at("reported_at").empty()) {
    auto when = BothTimes(r.at("reported_at"));
    if (!when) return std::unexpected(when.error());
    s += "；已于 " + *when + " 报告" + (v.late ? "（超过报告时限，迟报）" : "（在时限内）");
  } else if (v.seconds_left) {
    const long long minutes = (*v.seconds_left < 0 ? -*v.seconds_left : *v.seconds_left) / 60;
    s += *v.seconds_left < 0 ? "；尚未报告，已超过报告时限 " + std::to_string(minutes) + " 分钟"
                             : "；尚未报告，距报告时限还有 " + std::to_string(minutes) + " 分钟";
  } else {
    s += "；尚未报告";
  }
  return s;
}

}  // namespace

Result<std::string> IncidentReportDraft(Ctx& ctx, std::string_view id) {
  auto v = GetIncident(ctx, id);
  if (!v) return std::unexpected(v.error());
  const Record& r = v->row;
  auto sys = ctx.db.Get("system", {r.at("system_id")});
  if (!sys) return std::unexpected(sys.error());
  std::string org, system_line = r.at("system_id") + "（系统记录已不存在）", level_line(kToFill), filing_no;
  if (*sys) {
    const Record& s = **sys;
    system_line = s.at("name") + "（" + s.at("id") + "）";
    level_line = "第" + s.at("level") + "级（" + s.at("grade") + "）";
    auto o = ctx.db.Get("organisation", {s.at("organisation_id")});
    if (!o) return std::unexpected(o.error());
    org = *o ? (**o).at("name") : s.at("organisation_id");
    auto f = ctx.db.Get("filing", {s.at("id")});
    if (!f) return std::unexpected(f.error());
    if (*f) filing_no = (**f).at("filing_no");
  }
  auto grade = workflow::ParseGrade(r.at("grade"));
  auto op = workflow::ParseOperator(r.at("operator_type"));
  if (!grade) return std::unexpected(grade.error());
  if (!op) return std::unexpected(op.error());
  const std::string grade_label(workflow::GradeLabel(*grade));
  const std::string op_label(workflow::OperatorLabel(*op));
  std::string reason = v->deadline_hours ? "本事件为" + grade_label + "网络安全事件，" + op_label +
                                               "须在发现后 " + std::to_string(*v->deadline_hours) +
                                               " 小时内报告（《国家网络安全事件报告管理办法》）"
                                         : "本事件为一般网络安全事件，无法定小时时限，按常规渠道报告";
  auto discovered = BothTimes(r.at("discovered_at"));
  if (!discovered) return std::unexpected(discovered.error());
  std::string deadline = "无法定小时时限";
  if (!r.at("deadline_at").empty()) {
    auto d = BothTimes(r.at("deadline_at"));
    if (!d) return std::unexpected(d.error());
    deadline = *d;
  }
  auto status = StatusLine(*v);
  if (!status) return std::unexpected(status.error());
  auto generated = BeijingTime(ctx.now);
  if (!generated) return std::unexpected(generated.error());

  std::string md = "# 网络安全事件报告（草稿）\n\n";
  md += "> 由 dengbao 根据事件登记记录生成于 " + *generated + "（北京时间）。标注“" + std::string(kToFill) +
        "”的内容须由报告人补充，报送前请逐项核对。\n\n";
  md += "## 一、报告单位\n\n";
  md += "- 单位名称：" + Or(org) + "\n";
  md += "- 联系人及联系方式：" + std::string(kToFill) + "\n\n";
  md += "## 二、涉事系统\n\n";
  md += "- 系统名称：" + system_line + "\n";
  md += "- 安全保护等级：" + level_line + "\n";
  md += "- 备案编号：" + Or(filing_no) + "\n\n";
  md += "## 三、事件基本情况\n\n";
  md += "- 事件编号：" + r.at("id") + "\n";
  md += "- 事件名称：" + r.at("title") + "\n";
  md += "- 事件级别：" + grade_label + "\n";
  md += "- 运营者类型：" + op_label + "\n";
  md += "- 报告依据：" + reason + "\n";
  md += "- 发现时间：" + *discovered + "\n";
  md += "- 报告时限：" + deadline + "\n";
  md += "- 当前状态：" + *status + "\n";
  md += "- 事件类型及原因：" + std::string(kToFill) + "\n\n";
  md += "## 四、影响范围\n\n" + std::string(kToFill) + "\n\n";
  md += "## 五、已采取的处置措施\n\n" + std::string(kToFill) + "\n\n";
  md += "## 六、事件经过\n\n| 序号 | 时间（北京时间） | 记录人 | 内容 |\n|---|---|---|---|\n";
  for (const auto& e : v->events) {
    auto at = BeijingTime(e.at("at"));
    if (!at) return std::unexpected(at.error());
    md +=
        "| " + e.at("seq") + " | " + *at + " | " + Cell(e.at("actor")) + " | " + Cell(e.at("text")) + " |\n";
  }
  md += "\n## 七、处置总结\n\n" + Or(r.at("summary")) + "\n";
  return md;
}

}  // namespace dengbao::service
