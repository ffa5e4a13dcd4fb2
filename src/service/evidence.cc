#include "service/evidence.h"

#include <openssl/evp.h>

#include <algorithm>
#include <vector>

#include "ops/evidence_type.h"
#include "store/digest.h"

namespace dengbao::service {

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0)
    return MakeError(ErrorCode::kIntegrity, "存储内容不是有效的 base64 (bad base64 length)");
  std::string out(3 * (text.size() / 4), '\0');
  const int n =
      EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return MakeError(ErrorCode::kIntegrity, "存储内容不是有效的 base64 (bad base64)");
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t len = static_cast<size_t>(n);
  if (text.ends_with("==")) {
    len -= 2;
  } else if (text.ends_with("=")) {
    len -= 1;
  }
  out.resize(len);
  return out;
}

Result<Record> AddEvidence(Ctx& ctx, std::string_view bytes, std::string_view file_name) {
  auto type = ops::SniffEvidence(bytes, file_name);
  if (!type) return std::unexpected(type.error());
  const std::string sha = store::Sha256Hex(bytes);
  auto existing = ctx.db.Get("evidence", {sha});
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return **existing;  // the same bytes are stored once
  std::string name(file_name.substr(
      file_name.find_last_of('/') == std::string_view::npos ? 0 : file_name.find_last_of('/') + 1));
  Record rec{{"sha256", sha},
             {"size", std::to_string(bytes.size())},
             {"media_type", type->media_type},
             {"extension", type->extension},
             {"name", name},
             {"content_b64", Base64Encode(bytes)},
             {"added_at", ctx.now},
             {"added_by", ctx.actor}};
  if (auto st = ctx.db.Put("evidence", rec, ctx.actor, "evidence.add"); !st)
    return std::unexpected(st.error());
  return rec;
}

Status LinkEvidence(Ctx& ctx, const std::string& owner, const std::string& sha256, const std::string& name) {
  auto ev = Require(ctx.db, "evidence", {sha256}, "证据 (evidence)");
  if (!ev) return std::unexpected(ev.error());
  auto existing = ctx.db.Get("evidence_link", {owner, sha256});
  if (!existing) return std::unexpected(existing.error());
  if (*existing) return {};
  return ctx.db.Put("evidence_link",
                    {{"owner", owner},
                     {"sha256", sha256},
                     {"name", name.empty() ? ev->at("name") : name},
                     {"added_at", ctx.now},
                     {"added_by", ctx.actor}},
                    ctx.actor, "evidence.link");
}

Result<std::vector<Record>> LinkedEvidence(Ctx& ctx, const std::string& owner) {
  return ctx.db.Find("evidence_link", {{"owner", owner}});
}

Result<std::string> EvidenceBytes(Ctx& ctx, const std::string& sha256) {
  auto ev = Require(ctx.db, "evidence", {sha256}, "证据 (evidence)");
  if (!ev) return std::unexpected(ev.error());
  auto bytes = Base64Decode(ev->at("content_b64"));
  if (!bytes) return std::unexpected(bytes.error());
  if (store::Sha256Hex(*bytes) != sha256)
    return MakeError(ErrorCode::kIntegrity,
                     "证据 " + sha256 + " 的内容与其摘要不符 (content does not match digest)");
  return bytes;
}

Result<Record> FinaliseReport(Ctx& ctx, const std::string& id, const std::string& round_id,
                              const std::string& kind, const std::string& format, std::string_view bytes) {
  if (id.empty()) return MakeError(ErrorCode::kInvalidArgument, "报告编号为空 (empty report id)");
  if (bytes.empty()) return MakeError(ErrorCode::kInvalidArgument, "报告文件为空 (empty report)");
  if (bytes.size() > 64 * 1024 * 1024)
    return MakeError(ErrorCode::kTooLarge, "报告超过 64 MiB (report too large)");
  auto round = Require(ctx.db, "round", {round_id}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  Record rec;
  auto st = ctx.db.WithTransaction([&]() -> Status {
    auto versions = ctx.db.Find("report", {{"id", id}});
    if (!versions) return std::unexpected(versions.error());
    int version = 1;
    for (const auto& v : *versions) {
      if (v.at("round_id") != round_id)
        return MakeError(ErrorCode::kInvalidArgument, "报告 " + id + " 属于轮次 " + v.at("round_id") +
                                                          " (report belongs to another round)");
      version = std::max(version, std::stoi(v.at("version")) + 1);
    }
    rec = {{"id", id},
           {"version", std::to_string(version)},
           {"system_id", round->at("system_id")},
           {"round_id", round_id},
           {"kind", kind},
           {"format", format},
           {"digest", store::Sha256Hex(bytes)},
           {"size", std::to_string(bytes.size())},
           {"content_b64", Base64Encode(bytes)},
           {"created_at", ctx.now},
           {"created_by", ctx.actor}};
    return ctx.db.Insert("report", rec, ctx.actor, version == 1 ? "report.finalise" : "report.new_version");
  });
  if (!st) return std::unexpected(st.error());
  rec.erase("content_b64");
  return rec;
}

Result<std::vector<Record>> ListReports(Ctx& ctx, const std::string& id) {
  auto rows = id.empty() ? ctx.db.Find("report") : ctx.db.Find("report", {{"id", id}});
  if (!rows) return std::unexpected(rows.error());
  for (auto& r : *rows) r.erase("content_b64");
  return rows;
}

Result<std::string> ReportBytes(Ctx& ctx, const std::string& id, int version) {
  auto rows = ctx.db.Find("report", {{"id", id}});
  if (!rows) return std::unexpected(rows.error());
  const Record* pick = nullptr;
  for (const auto& r : *rows)
    if (version == 0 ? (pick == nullptr || std::stoi(r.at("version")) > std::stoi(pick->at("version")))
                     : std::stoi(r.at("version")) == version)
      pick = &r;
  if (pick == nullptr)
    return MakeError(ErrorCode::kNotFound, "报告 " + id + " 不存在该版本 (no such report version)");
  auto bytes = Base64Decode(pick->at("content_b64"));
  if (!bytes) return std::unexpected(bytes.error());
  if (store::Sha256Hex(*bytes) != pick->at("digest"))
    return MakeError(ErrorCode::kIntegrity, "报告 " + id + " 第 " + pick->at("version") +
                                                " 版的内容与其摘要不符 (content does not match digest)");
  return bytes;
}

}  // namespace dengbao::service
