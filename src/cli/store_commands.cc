// `system import`, `system list`, `audit verify`: the first commands on the store (issue #5).
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "assess/inputs.h"
#include "cli/command.h"
#include "store/store.h"

namespace dengbao::cli {
namespace {

namespace fs = std::filesystem;

// --db, or sqlite: + $XDG_DATA_HOME/dengbao/dengbao.db (~/.local/share/… without it). The
// default's folder is created 0700; the file itself is created 0600 by the SQLite driver.
Result<std::string> DbUrl(Context& ctx) {
  if (auto db = ctx.args().Get("db")) return *db;
  fs::path base;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg == '/') {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    base = fs::path(home) / ".local" / "share";
  } else {
    return MakeError(ErrorCode::kUsage, "未设置 HOME，请用 --db 指定数据库 (no HOME: pass --db)");
  }
  fs::path dir = base / "dengbao";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!ec) fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (ec) return MakeError(ErrorCode::kIo, "无法创建 " + dir.string() + " (cannot create): " + ec.message());
  return "sqlite:" + (dir / "dengbao.db").string();
}

Result<std::unique_ptr<store::Store>> OpenDb(Context& ctx) {
  auto url = DbUrl(ctx);
  if (!url) return std::unexpected(url.error());
  return store::OpenStore(*url);
}

// Who the audit trail records: the login name of the process's user.
std::string Actor() {
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr)
    return std::string("cli:") + pw->pw_name;
  return "cli:uid" + std::to_string(getuid());
}

}  // namespace

Status RunSystemImport(Context& ctx) {
  auto cat = ctx.Catalog();
  if (!cat) return std::unexpected(cat.error());
  auto spec = assess::LoadSystem(ctx.args().positional[0], **cat);
  if (!spec) return std::unexpected(spec.error());
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto before = (*db)->AuditLog();
  if (!before) return std::unexpected(before.error());
  if (auto st = (*db)->UpsertSystem(*spec, Actor()); !st) return st;
  auto after = (*db)->AuditLog();
  if (!after) return std::unexpected(after.error());
  const size_t changes = after->size() - before->size();
  if (ctx.json()) {
    ctx.out() << nlohmann::json{{"system", spec->id}, {"targets", spec->targets.size()}, {"changes", changes}}
                     .dump(2)
              << "\n";
  } else {
    ctx.out() << "已导入系统 " << spec->id << "（" << spec->targets.size() << " 个测评对象，" << changes
              << " 处变更）/ imported\n";
  }
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

Status RunAuditVerify(Context& ctx) {
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  auto v = (*db)->VerifyAudit();
  if (!v) return std::unexpected(v.error());
  if (ctx.json()) {
    nlohmann::json j = {{"ok", v->ok}, {"entries", v->entries}};
    if (!v->ok) {
      j["entry"] = v->entry_id;
      j["object"] = v->object;
      j["problem"] = v->problem;
    }
    ctx.out() << j.dump(2) << "\n";
  }
  if (v->ok) {
    if (!ctx.json()) ctx.out() << "审计链完整，共 " << v->entries << " 条 / audit trail intact\n";
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

}  // namespace dengbao::cli
