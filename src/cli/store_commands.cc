// Store-backed commands for the registry itself (issue #5): systems with their grading and filing
// records, sites, users, the audit trail, backup and restore.
#include <termios.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "assess/inputs.h"
#include "auth/auth.h"
#include "catalog/yaml_reader.h"
#include "cli/command.h"
#include "cli/output.h"
#include "cli/store_common.h"
#include "service/records.h"
#include "store/store.h"

namespace dengbao::cli {
namespace {

// Each file is its own transaction and is reported as soon as it commits, so an import that is
// interrupted (or fails on a later file) keeps every file reported before it.
Status RunSystemImport(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto actor = Actor(ctx, **db);
  if (!actor) return std::unexpected(actor.error());
  for (const auto& file : ctx.args().positional) {
    auto spec = assess::LoadSystem(file, **cat);
    if (!spec) return std::unexpected(spec.error());
    auto before = (*db)->AuditLog();
    if (!before) return std::unexpected(before.error());
    if (auto st = (*db)->UpsertSystem(*spec, *actor); !st) return st;
    auto after = (*db)->AuditLog();
    if (!after) return std::unexpected(after.error());
    const size_t changes = after->size() - before->size();
    if (ctx.json()) {
      ctx.out() << nlohmann::json{{"system", spec->id},
                                  {"targets", spec->targets.size()},
                                  {"changes", changes}}
                       .dump()
                << std::endl;
    } else {
      ctx.out() << "已导入系统 " << spec->id << "（" << spec->targets.size() << " 个测评对象，" << changes
                << " 处变更）/ imported" << std::endl;
    }
  }
  return {};
}

nlohmann::json FilingJson(const service::FilingStatus& f) {
  nlohmann::json j = {{"grading", f.grading ? RecordJson(*f.grading) : nlohmann::json(nullptr)},
                      {"filing", f.filing ? RecordJson(*f.filing) : nlohmann::json(nullptr)},
                      {"warnings", f.warnings}};
  if (f.dates) {
    j["filing_due"] = workflow::FormatDate(f.dates->filing_due);
    if (f.dates->certificate_expiry)
      j["certificate_expiry"] = workflow::FormatDate(*f.dates->certificate_expiry);
    if (f.dates->renewal_due) j["renewal_due"] = workflow::FormatDate(*f.dates->renewal_due);
  }
  if (f.filing_due) j["filing_state"] = StateJson(*f.filing_due);
  if (f.renewal) j["renewal_state"] = StateJson(*f.renewal);
  return j;
}

std::string FilingText(const service::FilingStatus& f) {
  std::string t;
  if (f.grading)
    t += "定级: 第" + f.grading->at("level") + "级 S" + f.grading->at("business_level") + "A" +
         f.grading->at("service_level") + "，" + f.grading->at("graded_on") + "\n";
  if (f.dates) t += "备案期限: " + workflow::FormatDate(f.dates->filing_due) + "\n";
  if (f.filing_due) t += "备案状态: 未备案，" + StateText(*f.filing_due) + "\n";
  if (f.filing)
    t += "备案: " + f.filing->at("filing_no") + "（" + f.filing->at("police_office") + "，" +
         f.filing->at("filed_on") + "）\n";
  if (f.dates && f.dates->certificate_expiry)
    t += "证明有效期至: " + workflow::FormatDate(*f.dates->certificate_expiry) + "，复核/换证提醒自 " +
         workflow::FormatDate(*f.dates->renewal_due) + "\n";
  if (f.renewal) t += "换证状态: " + StateText(*f.renewal) + "\n";
  for (const auto& w : f.warnings) t += "注意: " + w + "\n";
  return t;
}

Status RunSystemShow(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  const std::string& id = ctx.args().positional[0];
  auto sys = (*db)->GetSystem(id);
  if (!sys) return std::unexpected(sys.error());
  auto filing = service::GetFilingStatus(*sc, id);
  if (!filing) return std::unexpected(filing.error());
  if (ctx.json()) {
    nlohmann::json targets = nlohmann::json::array();
    for (const auto& t : sys->targets)
      targets.push_back({{"id", t.id}, {"name", t.name}, {"type", t.type}, {"note", t.note}});
    nlohmann::json j = {{"id", sys->id},
                        {"name", sys->name},
                        {"organisation", sys->organisation},
                        {"level", sys->level},
                        {"grade", sys->grade},
                        {"extensions", sys->extensions},
                        {"targets", targets},
                        {"today", workflow::FormatDate(sc->today)}};
    j.update(FilingJson(*filing));
    ctx.out() << j.dump(2) << "\n";
    return {};
  }
  ctx.out() << sys->id << " " << sys->name << "（" << sys->organisation << "，第" << sys->level << "级 "
            << sys->grade << "，" << sys->targets.size() << " 个测评对象）\n"
            << FilingText(*filing);
  return {};
}

Status RunSystemGrade(Context& ctx) {
  auto business_arg = ctx.args().Get("business");
  auto service_arg = ctx.args().Get("service");
  if (!business_arg || !service_arg)
    return MakeError(ErrorCode::kUsage,
                     "--business 和 --service 必填 (both --business and --service are required)");
  auto business = catalog::ParseHarm(*business_arg);
  if (!business) return std::unexpected(business.error());
  auto service = catalog::ParseHarm(*service_arg);
  if (!service) return std::unexpected(service.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  service::GradingInput in{ctx.args().positional[0],
                           *business,
                           *service,
                           ctx.args().Get("sector").value_or(""),
                           ctx.args().Get("date").value_or(""),
                           ctx.args().Get("rationale").value_or(""),
                           ctx.args().Get("expert-review").value_or(""),
                           ctx.args().Get("approved-by").value_or(""),
                           ctx.args().Get("site").value_or("")};
  auto rec = service::RecordGrading(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  auto filing = service::GetFilingStatus(*sc, in.system_id);
  if (!filing) return std::unexpected(filing.error());
  PrintJsonOr(ctx, FilingJson(*filing).dump(2), "已记录定级 / grading recorded\n" + FilingText(*filing));
  return {};
}

Status RunSystemFile(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  service::FilingInput in{ctx.args().positional[0], ctx.args().Get("number").value_or(""),
                          ctx.args().Get("police").value_or(""),
                          ctx.args().Get("date").value_or(workflow::FormatDate(sc->today)),
                          ctx.args().Get("certificate").value_or("")};
  auto rec = service::RecordFiling(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  auto filing = service::GetFilingStatus(*sc, in.system_id);
  if (!filing) return std::unexpected(filing.error());
  PrintJsonOr(ctx, FilingJson(*filing).dump(2), "已记录备案 / filing recorded\n" + FilingText(*filing));
  return {};
}

Status RunSiteAdd(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  auto org = ctx.args().Get("org");
  if (!org) return MakeError(ErrorCode::kUsage, "--org 必填 (organisation id required)");
  auto rec = service::UpsertSite(*sc, *org, ctx.args().positional[0], ctx.args().Get("name").value_or(""),
                                 ctx.args().Get("address").value_or(""));
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2), "已保存院区/校区 " + rec->at("id") + " / site saved");
  return {};
}

Status RunSiteList(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto rows = (*db)->Find("site");
  if (!rows) return std::unexpected(rows.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *rows) {
    arr.push_back(RecordJson(r));
    table.push_back({r.at("organisation_id"), r.at("id"), r.at("name"), r.at("address")});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"单位", "编号", "名称", "地址"}, table);
  }
  return {};
}

Status RunUserAdd(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto sc = ServiceCtx(ctx, **db);
  if (!sc) return std::unexpected(sc.error());
  service::UserInput in{ctx.args().positional[0],
                        ctx.args().Get("name").value_or(""),
                        ctx.args().Get("role").value_or(""),
                        ctx.args().Get("org").value_or(""),
                        ctx.args().Get("site").value_or(""),
                        ctx.args().Get("manager").value_or(""),
                        ctx.args().Get("email").value_or("")};
  auto rec = service::UpsertUser(*sc, in);
  if (!rec) return std::unexpected(rec.error());
  PrintJsonOr(ctx, RecordJson(*rec).dump(2),
              "已保存用户 " + rec->at("id") + "（" + std::string(service::RoleLabel(rec->at("role"))) +
                  "）/ user saved");
  return {};
}

Status RunUserList(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto rows = (*db)->Find("user");
  if (!rows) return std::unexpected(rows.error());
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const auto& r : *rows) {
    arr.push_back(RecordJson(r));
    table.push_back({r.at("id"), r.at("name"), std::string(service::RoleLabel(r.at("role"))),
                     r.at("manager_id"), r.at("organisation_id")});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"用户", "姓名", "角色", "上级", "单位"}, table);
  }
  return {};
}

// The first line of stdin, without its line end. On a terminal the prompt goes to stderr and
// echo is off; passwords never come from argv, where `ps` and shell history would see them.
Result<std::string> ReadPasswordLine(Context& ctx) {
  const bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    ctx.err() << "新口令 / password: " << std::flush;
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    ctx.err() << "\n";
  }
  if (!got)
    return MakeError(ErrorCode::kUsage,
                     "请从标准输入给出新口令（第一行）(the password is expected on stdin, first line)");
  if (line.ends_with('\r')) line.pop_back();
  return line;
}

Status RunUserPassword(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto actor = Actor(ctx, **db);
  if (!actor) return std::unexpected(actor.error());
  // A second word is most likely a password typed on the command line: refuse before reading.
  if (ctx.args().positional.size() > 1)
    return MakeError(
        ErrorCode::kUsage,
        "口令只从标准输入读取，不能写在命令行上 (the password is read from stdin, never from arguments)");
  const std::string& login = ctx.args().positional[0];
  auto password = ReadPasswordLine(ctx);
  if (!password) return std::unexpected(password.error());
  const bool must_change = ctx.args().Flag("must-change");
  auth::Authenticator authn(**db);
  if (auto st = authn.SetPassword(*actor, login, *password, must_change, std::time(nullptr)); !st) return st;
  PrintJsonOr(ctx, nlohmann::json{{"user", login}, {"must_change", must_change}}.dump(2),
              "已设置用户 " + login + " 的口令" + (must_change ? "（下次登录时须修改）" : "") +
                  "，其会话已结束 / password set");
  return {};
}

Status RunUserUnlock(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto actor = Actor(ctx, **db);
  if (!actor) return std::unexpected(actor.error());
  const std::string& login = ctx.args().positional[0];
  auth::Authenticator authn(**db);
  if (auto st = authn.Unlock(*actor, login, std::time(nullptr)); !st) return st;
  PrintJsonOr(ctx, nlohmann::json{{"user", login}, {"unlocked", true}}.dump(2),
              "已解锁用户 " + login + " / account unlocked");
  return {};
}

Status RunAuditLog(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto log = (*db)->AuditLog();
  if (!log) return std::unexpected(log.error());
  auto limit = ctx.IntOption("limit", 1, 1000000);
  if (!limit) return std::unexpected(limit.error());
  const std::string prefix = ctx.args().Get("object").value_or("");
  std::vector<const store::AuditEntry*> picked;
  for (const auto& e : *log)
    if (e.object.starts_with(prefix)) picked.push_back(&e);
  const size_t n = limit->value_or(50);
  if (picked.size() > n) picked.erase(picked.begin(), picked.end() - static_cast<std::ptrdiff_t>(n));
  nlohmann::json arr = nlohmann::json::array();
  std::vector<std::vector<std::string>> table;
  for (const auto* e : picked) {
    arr.push_back({{"id", e->id},
                   {"at", e->at},
                   {"actor", e->actor},
                   {"action", e->action},
                   {"object", e->object},
                   {"before_digest", e->before_digest},
                   {"after_digest", e->after_digest},
                   {"hash", e->hash}});
    table.push_back({std::to_string(e->id), e->at, e->actor, e->action, e->object, e->hash.substr(0, 12)});
  }
  if (ctx.json()) {
    ctx.out() << arr.dump(2) << "\n";
  } else {
    PrintTable(ctx.out(), {"序号", "时间(UTC)", "操作者", "操作", "对象", "哈希"}, table);
  }
  return {};
}

nlohmann::json BackupJson(const store::BackupStats& s) {
  return {{"schema_version", s.schema_version},
          {"rows", s.rows},
          {"audit_entries", s.audit_entries},
          {"bytes", s.bytes},
          {"sha256", s.sha256},
          {"tables", s.per_table}};
}

Status RunBackup(Context& ctx) {
  auto out = ctx.args().Get("output");
  if (!out) return MakeError(ErrorCode::kUsage, "--output FILE 必填 (backup file required)");
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto stats = (*db)->Backup(*out);
  if (!stats) return std::unexpected(stats.error());
  PrintJsonOr(ctx, BackupJson(*stats).dump(2),
              "已备份 " + std::to_string(stats->rows) + " 行（含审计条目 " +
                  std::to_string(stats->audit_entries) + " 条）到 " + *out + "，SHA-256 " + stats->sha256 +
                  " / backup written");
  return {};
}

Status RunRestore(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto stats = (*db)->Restore(ctx.args().positional[0]);
  if (!stats) return std::unexpected(stats.error());
  PrintJsonOr(
      ctx, BackupJson(*stats).dump(2),
      "已恢复 " + std::to_string(stats->rows) + " 行，审计链校验通过 / restored, audit trail verified");
  return {};
}

Status RunSystemList(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto systems = (*db)->ListSystems();
  if (!systems) return std::unexpected(systems.error());
  if (ctx.json()) {
    auto arr = nlohmann::json::array();
    for (const auto& s : *systems)
      arr.push_back({{"id", s.id},
                     {"name", s.name},
                     {"organisation", s.organisation},
                     {"level", s.level},
                     {"grade", s.grade},
                     {"extensions", s.extensions},
                     {"assessed_on", s.assessed_on},
                     {"kind", s.kind}});
    ctx.out() << arr.dump(2) << "\n";
    return {};
  }
  if (systems->empty()) ctx.out() << "（没有系统，先运行 dengbao system import FILE）/ no systems\n";
  for (const auto& s : *systems)
    ctx.out() << s.id << "\t第" << s.level << "级 " << s.grade << "\t" << s.name << "\t" << s.organisation
              << "\n";
  return {};
}

// Anchors are "<entry id> <hash>" lines written by `audit head` to somewhere the database's
// writers cannot reach (another host, WORM storage, a printed log). A chain rewritten
// consistently, or cut short, no longer has those hashes at those ids.
Status CheckAnchors(const std::string& path, const std::vector<store::AuditEntry>& log,
                    store::AuditVerdict& v) {
  auto text = catalog::ReadTextFile(path, 16 * 1024 * 1024);
  if (!text) return std::unexpected(text.error());
  std::istringstream in(*text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    long long id = 0;
    std::string hash;
    if (!(fields >> id >> hash) || id < 1 || hash.size() != 64)
      return MakeError(ErrorCode::kSyntax, "每行应为「条目编号 哈希」(expected \"<entry id> <64 hex hash>\")",
                       {path, line_no, 0});
    if (static_cast<size_t>(id) > log.size()) {
      v = {false, static_cast<int64_t>(log.size()), id, "",
           "审计链比锚点记录的短，第 " + std::to_string(id) +
               " 条已不存在（链被截断）(chain truncated below an anchor)"};
      return {};
    }
    const auto& e = log[static_cast<size_t>(id - 1)];
    if (e.hash != hash) {
      v = {
          false, static_cast<int64_t>(log.size()), id, e.object,
          "该条目的哈希与锚点记录的不同，审计链被重写 (hash differs from the anchored one: chain rewritten)"};
      return {};
    }
  }
  return {};
}

Status RunAuditVerify(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto v = (*db)->VerifyAudit();
  if (!v) return std::unexpected(v.error());
  int anchors_checked = 0;
  if (auto anchor = ctx.args().Get("anchor"); anchor && v->ok) {
    auto log = (*db)->AuditLog();
    if (!log) return std::unexpected(log.error());
    if (auto st = CheckAnchors(*anchor, *log, *v); !st) return st;
    anchors_checked = 1;
  }
  if (ctx.json()) {
    nlohmann::json j = {{"ok", v->ok}, {"entries", v->entries}, {"algorithm", (*db)->AuditHash()}};
    if (anchors_checked) j["anchors"] = *ctx.args().Get("anchor");
    if (!v->ok) {
      j["entry"] = v->entry_id;
      j["object"] = v->object;
      j["problem"] = v->problem;
    }
    ctx.out() << j.dump(2) << "\n";
  }
  if (v->ok) {
    if (!ctx.json())
      ctx.out() << "审计链完整，共 " << v->entries << " 条（"
                << ((*db)->AuditHash() == "sm3" ? "SM3" : "SHA-256")
                << (anchors_checked ? "，与锚点一致" : "") << "）/ audit trail intact\n";
    return {};
  }
  std::string where = v->entry_id > 0 ? "第 " + std::to_string(v->entry_id) + " 条审计条目 (entry " +
                                            std::to_string(v->entry_id) + ")"
                                      : "无对应审计条目 (no entry)";
  Error e{ErrorCode::kIntegrity, where + ", " + v->object + ": " + v->problem, {}};
  if (ctx.json()) {  // the verdict above is the JSON report; people still get the line on stderr
    ctx.err() << "dengbao: " << e.ToString() << "\n";
    ctx.MarkErrorReported();
  }
  return std::unexpected(e);
}

// The chain's latest entry as an anchor line, to keep outside the database.
Status RunAuditHead(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto log = (*db)->AuditLog();
  if (!log) return std::unexpected(log.error());
  if (log->empty()) return MakeError(ErrorCode::kNotFound, "审计链为空 (no audit entries yet)");
  const auto& e = log->back();
  PrintJsonOr(
      ctx,
      nlohmann::json{{"entry", e.id}, {"hash", e.hash}, {"at", e.at}, {"algorithm", (*db)->AuditHash()}}.dump(
          2),
      std::to_string(e.id) + " " + e.hash);
  return {};
}

constexpr OptionSpec kDbOptions[] = {kDbOption,
                                     {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"}};
constexpr OptionSpec kGradeOptions[] = {
    kDbOption,
    {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"},
    {"business", "OBJ:DEG", "业务信息受侵害客体与程度，如 order:serious（必填）/ business information harm"},
    {"service", "OBJ:DEG", "系统服务受侵害客体与程度（必填）/ system service harm"},
    {"sector", "ID", "行业底线检查 / sector floor"},
    {"date", "YYYY-MM-DD", "定级日期（默认今天）/ grading date"},
    {"rationale", "TEXT", "定级理由 / rationale"},
    {"expert-review", "YYYY-MM-DD", "专家评审日期 / expert review date"},
    {"approved-by", "NAME", "主管部门审核 / approved by"},
    {"site", "ID", "所在院区/校区 / site"},
};
constexpr OptionSpec kFileOptions[] = {
    kDbOption,
    {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"},
    {"number", "NO", "备案编号（必填）/ filing number"},
    {"police", "OFFICE", "受理公安机关（必填）/ police office"},
    {"date", "YYYY-MM-DD", "备案日期（默认今天）/ filing date"},
    {"certificate", "NO", "备案证明编号 / certificate number"},
};
constexpr OptionSpec kSiteOptions[] = {
    kDbOption,
    {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"},
    {"org", "ORG", "所属单位（必填）/ organisation"},
    {"name", "NAME", "名称 / name"},
    {"address", "TEXT", "地址 / address"},
};
constexpr OptionSpec kUserOptions[] = {
    kDbOption,
    {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"},
    {"role", "ROLE", "sysadmin|secadmin|auditor|owner|viewer（必填）/ role"},
    {"name", "NAME", "姓名 / name"},
    {"org", "ORG", "所属单位 / organisation"},
    {"site", "ID", "院区/校区 / site"},
    {"manager", "LOGIN", "上级（督办对象）/ manager, who escalations go to"},
    {"email", "ADDR", "邮箱 / email"},
};
constexpr OptionSpec kUserPasswordOptions[] = {
    kDbOption,
    {"as", "LOGIN", "以该用户身份记录操作 / act as this stored user"},
    {"must-change", "", "下次登录时须修改口令 / must change it at next login"},
};
constexpr OptionSpec kAuditLogOptions[] = {
    kDbOption,
    {"object", "PREFIX", "只列出对象以此开头的条目，如 item: / only objects with this prefix"},
    {"limit", "N", "最近 N 条（默认 50）/ latest N entries"},
};
constexpr OptionSpec kAuditVerifyOptions[] = {
    kDbOption,
    {"anchor", "FILE", "同时核对 audit head 保存的锚点行 / also check anchors saved by audit head"}};
constexpr OptionSpec kBackupOptions[] = {kDbOption, {"output", "FILE", "备份文件（必填）/ backup file"}};

constexpr CommandSpec kStoreCommands[] = {
    {"system import", "FILE...", "把系统描述文件导入数据库（每个文件一个事务）/ import system files",
     kDbOptions, RunSystemImport},
    {"system list", "", "列出数据库中的系统 / list stored systems", kDbOptions, RunSystemList},
    {"system show", "SYSTEM", "系统详情：测评对象、定级与备案状态 / one system with grading and filing",
     kDbOptions, RunSystemShow},
    {"system grade", "SYSTEM", "记录定级（GB/T 22240），给出备案期限 / record the grading", kGradeOptions,
     RunSystemGrade},
    {"system file", "SYSTEM", "记录备案，给出证明有效期与复核提醒 / record the filing", kFileOptions,
     RunSystemFile},
    {"site add", "SITE", "新增或修改院区/校区 / add or update a site", kSiteOptions, RunSiteAdd},
    {"site list", "", "列出院区/校区 / list sites", kDbOptions, RunSiteList},
    {"user add", "LOGIN", "新增或修改用户与角色 / add or update a user", kUserOptions, RunUserAdd},
    {"user list", "", "列出用户 / list users", kDbOptions, RunUserList},
    {"user password", "LOGIN",
     "设置或重置登录口令（从标准输入读第一行），并结束其会话 / set a password, read from stdin",
     kUserPasswordOptions, RunUserPassword},
    {"user unlock", "LOGIN", "解除登录失败造成的锁定 / unlock an account locked by failed logins", kDbOptions,
     RunUserUnlock},
    {"audit verify", "", "校验审计哈希链与被审计的数据行，指出第一条不符的条目 / verify the audit trail",
     kAuditVerifyOptions, RunAuditVerify},
    {"audit log", "", "列出审计条目 / list audit entries", kAuditLogOptions, RunAuditLog},
    {"audit head", "", "输出审计链最新条目的锚点行（请另行保存）/ print the chain head to keep elsewhere",
     kDbOptions, RunAuditHead},
    {"backup", "", "在线一致性备份数据库（含证据）/ consistent online backup", kBackupOptions, RunBackup},
    {"restore", "FILE", "把备份恢复到空数据库并校验审计链 / restore a backup into an empty database",
     kDbOptions, RunRestore},
};

}  // namespace

std::span<const CommandSpec> StoreCommands() { return kStoreCommands; }

}  // namespace dengbao::cli
