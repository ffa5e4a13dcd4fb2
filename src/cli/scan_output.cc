#include "cli/scan_output.h"

#include <map>
#include <sstream>

#include "cli/output.h"
#include "report/document.h"

namespace dengbao::cli {
namespace {

using report::HtmlEscape;

using nlohmann::json;

using rules::CountVerdicts;
using rules::ValueText;

}  // namespace

std::string ScanText(const rules::ScanReport& r) {
  std::ostringstream os;
  os << "主机检查结果：" << r.host << "（" << (r.os_name.empty() ? r.os_family : r.os_name) << "），第"
     << r.level << "级，用时 " << static_cast<int>(r.duration_ms) << " ms"
     << (r.privileged ? "" : "，非 root 运行") << "\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& u : r.units) {
    std::string rules_text;
    for (size_t i : u.rules) {
      const auto& rr = r.rules[i];
      if (rr.status == rules::RuleStatus::kNotApplicable) continue;
      rules_text += (rules_text.empty() ? "" : " ") + rr.rule->id + ":" +
                    std::string(rules::RuleStatusNameZh(rr.status));
    }
    rows.push_back({u.item->unit, u.item->control_point.zh, std::string(rules::VerdictNameZh(u.verdict)),
                    Truncate(rules_text.empty() ? u.reason : rules_text, 70)});
  }
  PrintTable(os, {"测评单元", "控制点", "结果", "规则"}, rows);
  os << "\n不通过的检查及证据：\n";
  for (const auto& rr : r.rules) {
    if (rr.status != rules::RuleStatus::kFail && rr.status != rules::RuleStatus::kError) continue;
    os << "  [" << rules::RuleStatusNameZh(rr.status) << "] " << rr.rule->id << " " << rr.rule->title.zh
       << "\n";
    for (const auto& o : rr.evidence) {
      os << "      " << o.fact << " = "
         << Truncate(o.unknown ? "未知：" + o.unknown->ToString() : ValueText(o.value), 80) << "（要求 "
         << o.expectation << "）";
      if (!o.sources.empty() && !o.sources[0].file.empty())
        os << " @ " << o.sources[0].file
           << (o.sources[0].line ? ":" + std::to_string(o.sources[0].line) : "");
      os << "\n";
    }
    if (rr.status == rules::RuleStatus::kFail) os << "      整改：" << rr.rule->remediation.text.zh << "\n";
  }
  if (!r.skipped_rules.empty())
    os << "\n未运行的全盘检查（需加 --deep）：" << r.skipped_rules.size() << " 条\n";
  os << "\n高风险：";
  if (r.high_risk.empty()) os << "未触发\n";
  for (const auto& h : r.high_risk) os << "\n  " << h.high_risk->id << " " << h.high_risk->title.zh;
  auto counts = CountVerdicts(r);
  os << "\n\n汇总：符合 " << counts["compliant"] << "，部分符合 " << counts["partial"] << "，不符合 "
     << counts["noncompliant"] << "，不适用 " << counts["not_applicable"] << "，需人工核查 "
     << counts["manual"] << "，检查出错 " << counts["error"]
     << "\n（高风险判定未考虑补偿措施，需在整体测评中人工确认）\n";
  return os.str();
}

std::string ScanHtml(const rules::ScanReport& r) {
  std::ostringstream os;
  os << "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>主机等保检查 - "
     << HtmlEscape(r.host)
     << "</title>\n<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;"
     << "width:100%}td,th{border:1px solid "
        "#ccc;padding:4px;vertical-align:top}.noncompliant,.fail{color:#b00}"
     << ".compliant,.pass{color:#070}.partial{color:#a60}.manual,.error{color:#555}</style></head><body>\n";
  os << "<h1>主机等保检查结果</h1><p>对象：" << HtmlEscape(r.host) << "；系统：" << HtmlEscape(r.os_name)
     << "；级别：第" << r.level << "级；时间：" << HtmlEscape(r.scanned_at) << "</p>\n";
  os << "<h2>高风险</h2><ul>";
  if (r.high_risk.empty()) os << "<li>未触发</li>";
  for (const auto& h : r.high_risk)
    os << "<li>" << HtmlEscape(h.high_risk->id) << " " << HtmlEscape(h.high_risk->title.zh) << "</li>";
  os << "</ul><p>高风险判定未考虑补偿措施。</p>\n<h2>测评单元</h2><table><tr><th>编号</th><th>控制点</"
        "th><th>要求</th><th>结果</th><th>规则与证据</th></tr>\n";
  for (const auto& u : r.units) {
    os << "<tr><td>" << u.item->unit << "</td><td>" << HtmlEscape(u.item->control_point.zh) << "</td><td>"
       << HtmlEscape(u.item->text.zh) << "</td><td class=\"" << rules::VerdictName(u.verdict) << "\">"
       << rules::VerdictNameZh(u.verdict) << "</td><td>";
    if (u.rules.empty()) os << HtmlEscape(u.reason);
    for (size_t i : u.rules) {
      const auto& rr = r.rules[i];
      os << "<div class=\"" << rules::RuleStatusName(rr.status) << "\"><b>" << HtmlEscape(rr.rule->title.zh)
         << "</b>：" << rules::RuleStatusNameZh(rr.status) << "<ul>";
      for (const auto& o : rr.evidence) {
        os << "<li><code>" << HtmlEscape(o.fact)
           << "</code> = " << HtmlEscape(o.unknown ? "未知：" + o.unknown->ToString() : ValueText(o.value))
           << "（要求 " << HtmlEscape(o.expectation) << "）";
        if (!o.sources.empty() && !o.sources[0].file.empty())
          os << " <small>" << HtmlEscape(o.sources[0].file) << ":" << o.sources[0].line << "</small>";
        os << "</li>";
      }
      os << "</ul>";
      if (rr.status == rules::RuleStatus::kFail) os << "整改：" << HtmlEscape(rr.rule->remediation.text.zh);
      os << "</div>";
    }
    os << "</td></tr>\n";
  }
  os << "</table></body></html>\n";
  return os.str();
}

int ScanExitCode(const rules::ScanReport& r) {
  bool findings = false, errors = false;
  for (const auto& u : r.units) {
    findings |= u.verdict == rules::Verdict::kNoncompliant || u.verdict == rules::Verdict::kPartial;
    errors |= u.verdict == rules::Verdict::kError;
  }
  if (findings) return 1;
  return errors ? 6 : 0;
}

}  // namespace dengbao::cli
