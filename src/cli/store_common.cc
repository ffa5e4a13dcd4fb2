#include "cli/store_common.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "workflow/deadlines.h"

namespace dengbao::cli {

namespace fs = std::filesystem;

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

Result<std::string> Actor(Context& ctx, store::Store& db) {
  std::string os_user = "uid" + std::to_string(getuid());
  if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) os_user = pw->pw_name;
  auto as = ctx.args().Get("as");
  if (!as) return "cli:" + os_user;
  auto user = db.Get("user", {*as});
  if (!user) return std::unexpected(user.error());
  if (!*user || (**user).at("active") != "1")
    return MakeError(ErrorCode::kNotFound, "--as " + *as + ": 没有这个在用的用户 (no such active user)");
  return "cli:" + os_user + "/" + *as;
}

Result<service::Ctx> ServiceCtx(Context& ctx, store::Store& db) {
  auto actor = Actor(ctx, db);
  if (!actor) return std::unexpected(actor.error());
  return service::MakeCtx(db, *actor);
}

void PrintJsonOr(Context& ctx, const std::string& json_dump, const std::string& text) {
  const std::string& t = ctx.json() ? json_dump : text;
  ctx.out() << t << (t.ends_with('\n') ? "" : "\n");
}

Result<DbSession> OpenSession(Context& ctx) {
  DbSession s;
  auto db = OpenDb(ctx);
  if (!db) return std::unexpected(db.error());
  s.db = std::move(*db);
  auto sc = ServiceCtx(ctx, *s.db);
  if (!sc) return std::unexpected(sc.error());
  s.sc.emplace(std::move(*sc));
  return s;
}

}  // namespace dengbao::cli
