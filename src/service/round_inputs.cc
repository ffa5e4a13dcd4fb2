#include "service/round_inputs.h"

#include <algorithm>

#include "assess/assessment.h"
#include "assess/inputs.h"
#include "report/questionnaire.h"
#include "service/evidence.h"

namespace dengbao::service {
namespace {

std::string Owner(const std::string& round_id) { return "round-input:" + round_id; }

// Replaces the round's input called `name` with `bytes` (stored as evidence named `file_name`).
Status PutInput(Ctx& ctx, const std::string& round_id, const std::string& name, std::string_view bytes,
                const std::string& file_name) {
  return ctx.db.WithTransaction([&]() -> Status {
    auto added = AddEvidence(ctx, bytes, file_name);
    if (!added) return std::unexpected(added.error());
    auto links = ctx.db.Find("evidence_link", {{"owner", Owner(round_id)}, {"name", name}});
    if (!links) return std::unexpected(links.error());
    for (const auto& l : *links) {
      if (l.at("sha256") == added->at("sha256")) return {};  // the same input again
      if (auto st = ctx.db.Delete("evidence_link", {l.at("owner"), l.at("sha256")}, ctx.actor,
                                  "round.input_replace");
          !st)
        return st;
    }
    return LinkEvidence(ctx, Owner(round_id), added->at("sha256"), name);
  });
}

Result<std::string> InputBytes(Ctx& ctx, const std::string& round_id, const std::string& name) {
  auto links = ctx.db.Find("evidence_link", {{"owner", Owner(round_id)}, {"name", name}});
  if (!links) return std::unexpected(links.error());
  if (links->empty())
    return MakeError(ErrorCode::kNotFound, "轮次 " + round_id + " 没有输入 " + name + " (no such input)");
  return EvidenceBytes(ctx, links->back().at("sha256"));
}

Result<assess::SystemSpec> StoredSystem(Ctx& ctx, const std::string& round_id, const catalog::Catalog& cat) {
  auto yaml = InputBytes(ctx, round_id, "system.yaml");
  if (!yaml) {
    if (yaml.error().code == ErrorCode::kNotFound)
      return MakeError(ErrorCode::kNotFound,
                       "轮次 " + round_id + " 尚未上传系统描述 (no system description stored for the round)");
    return std::unexpected(yaml.error());
  }
  auto spec = assess::ParseSystemText(*yaml, "system.yaml", "/nonexistent", cat);
  if (!spec) return std::unexpected(spec.error());
  // Stored rounds use stored inputs only.
  for (auto& t : spec->targets) {
    t.scan.clear();
    t.root.clear();
  }
  spec->questionnaires.clear();
  return spec;
}

}  // namespace

Status PutRoundSystem(Ctx& ctx, const std::string& round_id, std::string_view yaml,
                      const catalog::Catalog& cat) {
  auto round = Require(ctx.db, "round", {round_id}, "测评轮次 (round)");
  if (!round) return std::unexpected(round.error());
  if (yaml.size() > assess::kMaxInputBytes)
    return MakeError(ErrorCode::kTooLarge, "系统描述过大 (too large)");
  auto spec = assess::ParseSystemText(yaml, "system.yaml", "/nonexistent", cat);
  if (!spec) return std::unexpected(spec.error());
  if (spec->id != round->at("system_id"))
    return MakeError(ErrorCode::kInvalidArgument, "系统描述的 id 为 " + spec->id + "，而轮次属于 " +
                                                      round->at("system_id") +
                                                      " (description of another system)");
  return PutInput(ctx, round_id, "system.yaml", yaml, round_id + "-system.yaml");
}

Status PutRoundScan(Ctx& ctx, const std::string& round_id, const std::string& target, std::string_view json,
                    const catalog::Catalog& cat) {
  auto spec = StoredSystem(ctx, round_id, cat);
  if (!spec) return std::unexpected(spec.error());
  if (std::ranges::none_of(spec->targets, [&](const assess::TargetSpec& t) { return t.id == target; }))
    return MakeError(ErrorCode::kNotFound, "系统中没有测评对象 " + target + " (no such target)");
  auto parsed = assess::ParseScanJson(json, "scan/" + target + ".json");
  if (!parsed) return std::unexpected(parsed.error());
  return PutInput(ctx, round_id, "scan/" + target + ".json", json, round_id + "-" + target + "-scan.json");
}

Status PutRoundQuestionnaire(Ctx& ctx, const std::string& round_id, const std::string& name,
                             std::string_view bytes, const catalog::Catalog& cat) {
  auto spec = StoredSystem(ctx, round_id, cat);
  if (!spec) return std::unexpected(spec.error());
  const bool xlsx = name.ends_with(".xlsx");
  if (!xlsx && !name.ends_with(".yaml") && !name.ends_with(".yml"))
    return MakeError(ErrorCode::kInvalidArgument,
                     "问卷应为 .xlsx 或 .yaml (questionnaire must be .xlsx or .yaml): " + name);
  auto answers = xlsx ? report::ParseQuestionnaireXlsx(bytes, name, *spec, cat)
                      : assess::ParseQuestionnaireText(bytes, name, *spec, cat);
  if (!answers) return std::unexpected(answers.error());
  return PutInput(ctx, round_id, "questionnaire/" + name, bytes, name);
}

Result<RoundInputs> GetRoundInputs(Ctx& ctx, const std::string& round_id) {
  auto links = ctx.db.Find("evidence_link", {{"owner", Owner(round_id)}});
  if (!links) return std::unexpected(links.error());
  RoundInputs in;
  for (const auto& l : *links) {
    const std::string& n = l.at("name");
    if (n == "system.yaml") {
      in.system_sha = l.at("sha256");
    } else if (n.starts_with("scan/")) {
      in.scans.emplace_back(n.substr(5, n.size() - 5 - 5), l.at("sha256"));  // "scan/<target>.json"
    } else if (n.starts_with("questionnaire/")) {
      in.questionnaires.emplace_back(n.substr(14), l.at("sha256"));
    }
  }
  return in;
}

Result<RoundAssessment> AssessRound(Ctx& ctx, const std::string& round_id, const catalog::Catalog& cat,
                                    const plan::CostDefaults& costs) {
  auto spec = StoredSystem(ctx, round_id, cat);
  if (!spec) return std::unexpected(spec.error());
  auto inputs = GetRoundInputs(ctx, round_id);
  if (!inputs) return std::unexpected(inputs.error());
  std::vector<std::optional<assess::ScanSummary>> scans(spec->targets.size());
  for (const auto& [target, sha] : inputs->scans) {
    auto it =
        std::ranges::find_if(spec->targets, [&](const assess::TargetSpec& t) { return t.id == target; });
    if (it == spec->targets.end()) continue;  // the description no longer lists it
    auto bytes = EvidenceBytes(ctx, sha);
    if (!bytes) return std::unexpected(bytes.error());
    auto parsed = assess::ParseScanJson(*bytes, "scan/" + target + ".json");
    if (!parsed) return std::unexpected(parsed.error());
    scans[static_cast<size_t>(it - spec->targets.begin())] = std::move(*parsed);
  }
  std::vector<assess::Answer> answers;
  for (const auto& [name, sha] : inputs->questionnaires) {
    auto bytes = EvidenceBytes(ctx, sha);
    if (!bytes) return std::unexpected(bytes.error());
    auto parsed = name.ends_with(".xlsx") ? report::ParseQuestionnaireXlsx(*bytes, name, *spec, cat)
                                          : assess::ParseQuestionnaireText(*bytes, name, *spec, cat);
    if (!parsed) return std::unexpected(parsed.error());
    answers.insert(answers.end(), parsed->begin(), parsed->end());
  }
  auto a = assess::BuildAssessment(*spec, scans, answers, cat);
  if (!a) return std::unexpected(a.error());
  auto p = plan::BuildPlan(*a, costs);
  if (!p) return std::unexpected(p.error());
  return RoundAssessment{std::move(*a), std::move(*p)};
}

}  // namespace dengbao::service
