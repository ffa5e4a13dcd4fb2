#include <array>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>

#include "catalog/loader.h"
#include "cli/command.h"

namespace dengbao::cli {
namespace {

constexpr std::string_view kVersion = "0.1.0";

constexpr OptionSpec kGlobalOptions[] = {
    {"json", "", "以 JSON 输出（适合脚本） / print JSON"},
    {"catalog", "DIR", "使用指定目录中的测评目录 / catalog folder to use"},
    {"help", "", "显示帮助 / show help"},
};

constexpr OptionSpec kListOptions[] = {
    {"level", "N", "只列出第 N 级（1–4）/ only level N"},
    {"sa", "SxAy", "按 S/A 定级选取适用单元，如 S3A2 / select by S and A grade"},
    {"scope", "S[,S]", "范围: general,cloud,mobile,iot,ics / scopes"},
    {"category", "C[,C]", "安全类代码，如 CES / category codes"},
    {"target-type", "T", "只列出适用于该测评对象类型的单元 / only units for this target type"},
};
constexpr OptionSpec kNoOptions[] = {{"", "", ""}};
constexpr OptionSpec kStatsOptions[] = {
    {"level", "N", "只统计第 N 级 / only level N"},
};
constexpr OptionSpec kExportOptions[] = {
    {"format", "json|csv|yaml", "导出格式（必填）/ output format (required)"},
    {"output", "FILE", "写入文件（默认标准输出）/ write to FILE instead of stdout"},
    {"level", "N", "只导出第 N 级 / only level N"},
    {"sa", "SxAy", "按 S/A 定级选取 / select by S and A grade"},
    {"scope", "S[,S]", "范围 / scopes"},
    {"category", "C[,C]", "安全类代码 / category codes"},
    {"target-type", "T", "测评对象类型 / target type"},
    {"bom", "", "CSV 带 UTF-8 BOM，便于 Excel 直接打开 / prefix CSV with a BOM for Excel"},
};
constexpr OptionSpec kCasesOptions[] = {
    {"level", "N", "只列出适用于第 N 级的案例 / only cases applying at level N"},
    {"family", "F", "general|cloud|mobile|iot|ics"},
};
constexpr OptionSpec kGradeOptions[] = {
    {"business", "OBJ:DEG", "业务信息受侵害客体与程度，如 order:serious（必填）/ business information harm"},
    {"service", "OBJ:DEG", "系统服务受侵害客体与程度（必填）/ system service harm"},
    {"sector", "ID", "行业底线检查，如 tertiary-hospital-core / sector floor to check"},
    {"date", "YYYY-MM-DD", "定级日期（默认今天，北京时间）/ grading date"},
    {"name", "NAME", "定级对象名称 / system name"},
};

constexpr OptionSpec kScanOptions[] = {
    {"root", "DIR", "检查离线目录（挂载的镜像或复制的 /etc 所在根目录）；缺省检查本机 / offline root tree"},
    {"level", "N", "按第 N 级（1–4，默认 3）映射测评单元 / level"},
    {"format", "table|json|html", "输出格式（默认 table）/ output format"},
    {"output", "FILE", "写入文件 / write to FILE"},
    {"rules", "DIR", "规则目录 / rules folder"},
    {"deep", "", "遍历整个文件系统（全盘可写、无属主、SUID 文件）/ whole-filesystem checks"},
    {"facts", "", "JSON 中附带采集到的全部事实 / include all facts in JSON"},
};
constexpr OptionSpec kRulesOptions[] = {
    {"rules", "DIR", "规则目录 / rules folder"},
    {"level", "N", "只列出映射到第 N 级的规则 / only rules mapped at level N"},
};

constexpr OptionSpec kAssessOptions[] = {
    {"system", "FILE", "系统描述文件 dengbao-system/1（必填）/ system description (required)"},
    {"scan", "T=FILE[,…]", "为测评对象附加已保存的 dengbao scan --json 结果 / attach saved scans"},
    {"questionnaire", "FILE[,…]",
     "导入问卷（.yaml 或 .xlsx），与系统描述中列出的合并 / import questionnaires"},
    {"rules", "DIR", "规则目录（检查 root 离线目录时使用）/ rules folder"},
    {"profiles", "DIR", "评分口径目录（默认目录旁的 scoring/）/ scoring profiles folder"},
    {"details", "", "JSON 中附带按安全类、控制点的得分 / per category and control point"},
};
constexpr OptionSpec kQuestionnaireOptions[] = {
    {"system", "FILE", "系统描述文件（必填）/ system description (required)"},
    {"format", "xlsx|yaml", "问卷格式（默认 xlsx）/ format"},
    {"output", "FILE", "写入文件（必填）/ output file (required)"},
    {"all", "", "包含已有结果的全部行（默认只含未测的行）/ every row, not only untested ones"},
    {"scan", "T=FILE[,…]", "附加已保存的检查结果 / attach saved scans"},
    {"questionnaire", "FILE[,…]", "已有问卷 / questionnaires already filled"},
    {"rules", "DIR", "规则目录 / rules folder"},
};
constexpr OptionSpec kPlanOptions[] = {
    {"system", "FILE", "系统描述文件（必填）/ system description (required)"},
    {"target", "GOAL",
     "目标结论：pass（中）、良、优、基本符合、符合 → 最省钱的整改组合 / cheapest plan for a goal"},
    {"budget", "元", "预算内得分最高的整改组合 / best score within a budget"},
    {"assume-done", "ID[,…]", "假设这些整改项已完成，给出新的得分与结论 / what-if"},
    {"scan", "T=FILE[,…]", "附加已保存的检查结果 / attach saved scans"},
    {"questionnaire", "FILE[,…]", "导入问卷 / import questionnaires"},
    {"rules", "DIR", "规则目录 / rules folder"},
    {"profiles", "DIR", "评分口径目录 / scoring profiles folder"},
};

constexpr OptionSpec kReportOptions[] = {
    {"system", "FILE", "系统描述文件（必填）/ system description (required)"},
    {"format", "docx|xlsx|html|md|oscal", "文档格式（必填）；xlsx 为测评记录表 / document format (required)"},
    {"output", "FILE", "写入文件（docx、xlsx 必填）/ output file"},
    {"kind", "full|gap|plan",
     "差距分析与整改方案（默认）、仅差距分析、仅整改方案；oscal 下 plan 为 POA&M / which document"},
    {"target", "GOAL", "推荐方案的目标结论（默认 pass）/ goal of the recommended plan"},
    {"scan", "T=FILE[,…]", "附加已保存的检查结果 / attach saved scans"},
    {"questionnaire", "FILE[,…]", "导入问卷 / import questionnaires"},
    {"rules", "DIR", "规则目录 / rules folder"},
    {"profiles", "DIR", "评分口径目录 / scoring profiles folder"},
};

constexpr OptionSpec kServeOptions[] = {
    {"listen", "HOST:PORT", "监听地址（默认 127.0.0.1:8443；端口 0 任选空闲端口）/ address to listen on"},
    {"db", "URL", "数据库：sqlite:PATH 或 postgresql://… / database"},
    {"no-tls", "", "不启用 TLS（仅限置于 TLS 反向代理之后）/ plain HTTP"},
    {"cert", "FILE", "TLS 证书（PEM；缺省自动生成自签名证书）/ certificate"},
    {"key", "FILE", "TLS 私钥（PEM）/ private key"},
    {"state-dir", "DIR", "自签名证书存放目录 / where the self-signed certificate is kept"},
    {"web", "DIR", "前端静态文件目录 / static front end"},
    {"idle-timeout", "SECONDS", "会话空闲超时（默认 900）/ session idle timeout"},
    {"threads", "N", "工作线程数（默认 64）/ worker threads"},
    {"login-rate", "N", "每个客户端地址每分钟登录次数上限（默认 10）/ login attempts per minute per address"},
    {"rules", "DIR", "规则目录 / rules folder"},
    {"self-check", "", "对照第三级应用系统要求检查本系统配置后退出 / check the product's own configuration"},
};

constexpr CommandSpec kCommands[] = {
    {"catalog list", "", "列出测评单元 / list assessment units", kListOptions, RunCatalogList},
    {"catalog show", "UNIT", "显示一个测评单元及其高风险案例 / show one unit", std::span(kNoOptions, 0),
     RunCatalogShow},
    {"catalog stats", "", "按级别×安全类×范围统计单元数 / unit counts", kStatsOptions, RunCatalogStats},
    {"catalog validate", "PATH...", "校验目录或单个目录文件 / validate a catalog or file",
     std::span(kNoOptions, 0), RunCatalogValidate},
    {"catalog export", "", "导出测评目录 / export the catalog", kExportOptions, RunCatalogExport},
    {"catalog cases", "", "列出高风险判定案例 / list high-risk cases", kCasesOptions, RunCatalogCases},
    {"grade", "", "按 GB/T 22240-2020 定级并计算备案期限 / grade a system", kGradeOptions, RunGrade},
    {"scan", "", "检查主机（本机或离线目录）并按测评单元给出结论与证据 / check a host", kScanOptions,
     RunScan},
    {"assess", "", "汇总测评结果：得分、结论、高风险与安全问题（估算）/ results, score, high risk",
     kAssessOptions, RunAssess},
    {"assess questionnaire", "", "导出待填写的问卷（xlsx 或 yaml）/ export the questionnaire to fill",
     kQuestionnaireOptions, RunAssessQuestionnaire},
    {"plan", "", "整改方案：最省钱达标组合、预算内最优、假设完成 / rectification plan, optimiser, what-if",
     kPlanOptions, RunPlan},
    {"report", "",
     "生成文档：差距分析报告与整改方案（docx/html/md）、测评记录表（xlsx）、OSCAL / write documents",
     kReportOptions, RunReport},
    {"serve", "", "启动 HTTPS 服务与 REST API；--self-check 对照第三级要求自查 / run the server",
     kServeOptions, RunServe},
    {"rules list", "", "列出主机检查规则 / list host-check rules", kRulesOptions, RunRulesList},
    {"rules validate", "PATH...", "校验规则文件或目录 / validate rule files", kRulesOptions,
     RunRulesValidate},
};

constexpr std::string_view kExitCodes =
    "退出码 / exit codes: 0 成功; 2 用法或参数错误; 3 输入文件无效（语法/校验）; 4 未找到; 5 读写失败; 7 "
    "完整性校验失败; 70 "
    "内部错误\n";

const OptionSpec* FindOption(const CommandSpec* cmd, std::string_view name) {
  for (const auto& o : kGlobalOptions)
    if (o.name == name) return &o;
  if (cmd != nullptr)
    for (const auto& o : cmd->options)
      if (o.name == name) return &o;
  return nullptr;
}

void PrintOptions(std::ostream& os, std::span<const OptionSpec> options) {
  for (const auto& o : options) {
    std::string left = "  --" + std::string(o.name) + (o.value.empty() ? "" : " " + std::string(o.value));
    os << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << o.help << "\n";
  }
}

void PrintHelp(std::ostream& os, std::string_view prefix) {
  os << "dengbao " << kVersion << " — 网络安全等级保护（等保 2.0）合规工具 / MLPS 2.0 compliance tool\n\n"
     << "用法 / usage: dengbao <命令> [选项]\n\n命令 / commands:\n";
  for (const auto& c : Commands()) {
    if (!prefix.empty() && !c.path.starts_with(prefix)) continue;
    std::string left =
        "  " + std::string(c.path) + (c.positional.empty() ? "" : " " + std::string(c.positional));
    os << left << std::string(left.size() < 28 ? 28 - left.size() : 1, ' ') << c.summary << "\n";
  }
  os << "\n全局选项 / global options:\n";
  PrintOptions(os, kGlobalOptions);
  os << "\n" << kExitCodes;
}

void PrintCommandHelp(std::ostream& os, const CommandSpec& c) {
  os << "用法 / usage: dengbao " << c.path << (c.positional.empty() ? "" : " " + std::string(c.positional))
     << " [选项]\n"
     << c.summary << "\n\n选项 / options:\n";
  PrintOptions(os, c.options);
  PrintOptions(os, kGlobalOptions);
  os << "\n" << kExitCodes;
}

int ReportError(const Error& e, bool json, std::ostream& out, std::ostream& err) {
  if (json) {
    nlohmann::json j = {{"error", {{"code", ErrorCodeName(e.code)}, {"message", e.ToString()}}}};
    if (!e.where.file.empty()) {
      j["error"]["file"] = e.where.file;
      j["error"]["line"] = e.where.line;
      j["error"]["column"] = e.where.column;
    }
    out << j.dump(2) << "\n";
  }
  err << "dengbao: " << e.ToString() << "\n";
  return ExitCodeFor(e.code);
}

}  // namespace

std::span<const CommandSpec> Commands() {
  // The core table plus the workflow modules' tables, each defined beside its handlers.
  static const std::vector<CommandSpec> all = [] {
    std::vector<CommandSpec> v(std::begin(kCommands), std::end(kCommands));
    for (auto part : {StoreCommands(), WorkflowCommands(), OperationsCommands(), IncidentCommands()})
      v.insert(v.end(), part.begin(), part.end());
    return v;
  }();
  return all;
}

std::optional<std::string> ParsedArgs::Get(std::string_view name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

int Main(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> words(argv + 1, argv + argc);
  std::filesystem::path exe_dir;
  if (argc > 0) {
    std::error_code ec;
    exe_dir = std::filesystem::canonical("/proc/self/exe", ec).parent_path();
  }

  // The command is the longest table path made of the leading non-option words.
  const CommandSpec* cmd = nullptr;
  size_t consumed = 0;
  for (const auto& c : Commands()) {
    std::istringstream path{std::string(c.path)};
    std::string part;
    size_t i = 0;
    bool match = true;
    while (path >> part) {
      if (i >= words.size() || words[i] != part) {
        match = false;
        break;
      }
      ++i;
    }
    if (match && i > consumed) {
      cmd = &c;
      consumed = i;
    }
  }

  ParsedArgs args;
  bool json = false;
  for (size_t i = consumed; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w == "-h") {
      args.options["help"] = "";
      continue;
    }
    // Global --version, unless the command has its own (drill plan --version N).
    if (w == "--version" && FindOption(cmd, "version") == nullptr) {
      out << "dengbao " << kVersion << "\n";
      return 0;
    }
    if (!w.starts_with("--") || w == "--") {
      args.positional.push_back(w);
      continue;
    }
    std::string name = w.substr(2), value;
    bool has_inline = false;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_inline = true;
    }
    const OptionSpec* spec = FindOption(cmd, name);
    if (spec == nullptr) {
      std::string known;
      if (cmd != nullptr)
        for (const auto& o : cmd->options) known += " --" + std::string(o.name);
      for (const auto& o : kGlobalOptions) known += " --" + std::string(o.name);
      return ReportError(
          Error{ErrorCode::kUsage, "未知选项 --" + name + "，可用:" + known + " (unknown option)", {}},
          json || args.Flag("json"), out, err);
    }
    if (!spec->value.empty() && !has_inline) {
      if (i + 1 >= words.size())
        return ReportError(
            Error{ErrorCode::kUsage,
                  "选项 --" + name + " 需要取值 " + std::string(spec->value) + " (option needs a value)",
                  {}},
            args.Flag("json"), out, err);
      value = words[++i];
    } else if (spec->value.empty() && has_inline) {
      return ReportError(Error{ErrorCode::kUsage, "选项 --" + name + " 不带取值 (flag takes no value)", {}},
                         args.Flag("json"), out, err);
    }
    args.options[name] = value;
  }
  json = args.Flag("json");

  if (cmd == nullptr) {
    if (args.Flag("help") || words.empty() || (words.size() == 1 && words[0] == "help")) {
      PrintHelp(out, "");
      return 0;
    }
    std::string prefix = words.empty() ? "" : words[0];
    bool any = false;
    for (const auto& c : Commands()) any = any || c.path.starts_with(prefix + " ");
    if (any && (words.size() == 1 || args.Flag("help"))) {
      PrintHelp(args.Flag("help") ? out : err, prefix + " ");
      return args.Flag("help") ? 0 : 2;
    }
    return ReportError(Error{ErrorCode::kUsage,
                             "未知命令 '" + (words.empty() ? "" : words[0]) +
                                 "'，运行 dengbao --help 查看命令 (unknown command)",
                             {}},
                       json, out, err);
  }
  if (args.Flag("help")) {
    PrintCommandHelp(out, *cmd);
    return 0;
  }
  if (cmd->positional.empty() && !args.positional.empty())
    return ReportError(
        Error{ErrorCode::kUsage, "多余的参数 '" + args.positional[0] + "' (unexpected argument)", {}}, json,
        out, err);
  if (!cmd->positional.empty() && args.positional.empty())
    return ReportError(
        Error{ErrorCode::kUsage, "缺少参数 " + std::string(cmd->positional) + " (missing argument)", {}},
        json, out, err);
  if (cmd->positional == "UNIT" && args.positional.size() > 1)
    return ReportError(Error{ErrorCode::kUsage, "只接受一个 UNIT (one UNIT expected)", {}}, json, out, err);

  Context ctx(std::move(args), out, err, exe_dir);
  Status st = cmd->run(ctx);
  if (!st) {
    if (ctx.error_reported()) return ExitCodeFor(st.error().code);
    return ReportError(st.error(), json, out, err);
  }
  return ctx.exit_code();
}

}  // namespace dengbao::cli
