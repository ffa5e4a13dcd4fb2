#include "assess/profile.h"

#include <algorithm>
#include <cmath>

#include "catalog/yaml_reader.h"

namespace dengbao::assess {

namespace fs = std::filesystem;
using catalog::Diagnostics;
using catalog::LocationOf;
using catalog::MapReader;

int64_t Profile::WeightOf(const catalog::Item& item) const {
  if (!weights_from_catalog || !item.weight) return weights_from_catalog ? missing_weight : kMilli;
  return std::llround(*item.weight * kMilli);
}

const Conclusion* Profile::FindConclusion(std::string_view key) const {
  for (const auto& c : conclusions)
    if (c.id == key || c.zh == key) return &c;
  return nullptr;
}

namespace {

int64_t Milli(MapReader& r, std::string_view key) {
  auto v = r.OptionalDouble(key, -1e-9, 1.0);
  return v ? std::llround(*v * kMilli) : -1;
}

}  // namespace

Result<Profile> ParseProfileText(std::string_view text, const std::string& file) {
  auto doc = catalog::ParseYaml(text, file);
  if (!doc) return std::unexpected(doc.error());
  Diagnostics diags;
  Profile p;
  p.file = file;
  MapReader r(*doc, file, "评分口径 (scoring profile)", diags);
  if (r.is_map()) {
    if (r.String("format") != "dengbao-scoring-profile/1")
      diags.Add(ErrorCode::kValidation, "format 应为 dengbao-scoring-profile/1 (wrong format)", r.where());
    p.id = r.String("id");
    p.name = r.LocalizedText("name");
    p.measure = r.String("measure");
    if (!p.measure.empty() && p.measure != "score" && p.measure != "rate")
      diags.Add(ErrorCode::kValidation, "measure 应为 score 或 rate (expected score|rate)",
                LocationOf(r.Raw("measure"), file));
    MapReader v(r.Map("values"), file, "values", diags);
    if (v.is_map()) {
      int64_t* fields[] = {&p.value_compliant, &p.value_partial, &p.value_noncompliant, &p.value_untested};
      const char* names[] = {"compliant", "partial", "noncompliant", "untested"};
      for (size_t i = 0; i < 4; ++i) {
        if (!v.Has(names[i])) {
          diags.Add(ErrorCode::kValidation, std::string("values 缺少 ") + names[i] + " (missing value)",
                    v.where());
          continue;
        }
        *fields[i] = Milli(v, names[i]);
      }
      v.Finish();
      if (!(p.value_compliant >= p.value_partial && p.value_partial >= p.value_noncompliant &&
            p.value_noncompliant >= 0 && p.value_untested >= 0 && p.value_untested <= p.value_partial))
        diags.Add(ErrorCode::kValidation,
                  "values 须满足 1 ≥ compliant ≥ partial ≥ noncompliant ≥ 0，且 untested ≤ partial (values "
                  "not monotone)",
                  v.where());
    }
    MapReader w(r.Map("weights"), file, "weights", diags);
    if (w.is_map()) {
      std::string from = w.String("from");
      if (from != "catalog" && from != "uniform")
        diags.Add(ErrorCode::kValidation, "weights.from 应为 catalog 或 uniform (expected catalog|uniform)",
                  w.where());
      p.weights_from_catalog = from == "catalog";
      if (auto m = w.OptionalDouble("missing", 0, 10)) p.missing_weight = std::llround(*m * kMilli);
      w.Finish();
    }
    YAML::Node cs = r.Sequence("conclusions");
    for (const auto& node : cs) {
      MapReader c(node, file, "conclusions[]", diags);
      if (!c.is_map()) continue;
      Conclusion k;
      k.id = c.String("id");
      k.zh = c.String("zh");
      k.en = c.String("en");
      k.min_score = c.OptionalDouble("min_score", -1e-9, 100);
      k.above_score = c.OptionalDouble("above_score", -1e-9, 100);
      if (auto mh = c.OptionalDouble("max_high", -1e-9, 1e6)) k.max_high = static_cast<int>(*mh);
      if (auto mm = c.OptionalDouble("max_medium", -1e-9, 1e6)) k.max_medium = static_cast<int>(*mm);
      if ((k.max_high && *k.max_high != 0) || (k.max_medium && *k.max_medium != 0))
        diags.Add(ErrorCode::kUnsupported, "max_high / max_medium 目前只支持 0 (only 0 is supported)",
                  c.where());
      k.pass = c.Bool("pass");
      c.Finish();
      p.conclusions.push_back(std::move(k));
    }
    if (p.conclusions.empty()) {
      diags.Add(ErrorCode::kValidation, "conclusions 不能为空 (no conclusions)", LocationOf(cs, file));
    } else {
      const auto& last = p.conclusions.back();
      if (last.min_score || last.above_score || last.max_high || last.max_medium)
        diags.Add(ErrorCode::kValidation,
                  "最后一条结论须无条件（兜底）(the last conclusion must be unconditional)",
                  LocationOf(cs, file));
    }
    YAML::Node src = r.Map("sources");
    if (src.IsMap())
      for (auto it = src.begin(); it != src.end(); ++it) {
        const YAML::Node key = it->first;  // copy: `it->` yields a short-lived proxy
        const YAML::Node value = it->second;
        if (key.IsScalar() && value.IsScalar()) p.sources.emplace_back(key.Scalar(), value.Scalar());
      }
    for (const char* needed : {"values", "weights", "thresholds"})
      if (std::ranges::none_of(p.sources, [&](const auto& kv) { return kv.first == needed; }))
        diags.Add(ErrorCode::kValidation,
                  std::string("sources 须说明 ") + needed + " 的出处 (every constant needs a source)",
                  LocationOf(src, file));
    r.Finish();
  }
  if (!diags.empty()) return std::unexpected(diags.errors().front());
  return p;
}

Result<std::vector<Profile>> LoadProfiles(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return MakeError(ErrorCode::kNotFound, "评分口径目录不存在 (no scoring profile folder)", {dir.string()});
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::ranges::sort(files);
  std::vector<Profile> out;
  for (const auto& f : files) {
    auto text = catalog::ReadTextFile(f, 1 << 20);
    if (!text) return std::unexpected(text.error());
    auto p = ParseProfileText(*text, f.string());
    if (!p) return std::unexpected(p.error());
    if (std::ranges::any_of(out, [&](const Profile& q) { return q.id == p->id; }))
      return MakeError(ErrorCode::kDuplicate, "评分口径 id '" + p->id + "' 重复 (duplicate profile id)",
                       {f.string()});
    out.push_back(std::move(*p));
  }
  if (out.empty()) return MakeError(ErrorCode::kNotFound, "目录中没有评分口径 (no profiles)", {dir.string()});
  return out;
}

}  // namespace dengbao::assess
