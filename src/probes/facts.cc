#include "probes/facts.h"

namespace dengbao::probes {

void Facts::Set(std::string_view path, nlohmann::json value, std::vector<Provenance> sources) {
  facts_[std::string(path)] = Fact{std::move(value), std::move(sources)};
}

void Facts::SetUnknown(std::string_view path, Error why) { unknown_[std::string(path)] = std::move(why); }

void Facts::AddWarning(std::string_view probe, std::string message, Provenance where) {
  warnings_.push_back(Warning{std::string(probe), std::move(message), std::move(where)});
}

const Fact* Facts::Find(std::string_view path) const {
  auto it = facts_.find(path);
  return it == facts_.end() ? nullptr : &it->second;
}

const Error* Facts::UnknownOf(std::string_view path) const {
  std::string_view p = path;
  while (true) {
    if (auto it = unknown_.find(p); it != unknown_.end()) return &it->second;
    auto dot = p.rfind('.');
    if (dot == std::string_view::npos) return nullptr;
    p = p.substr(0, dot);
  }
}

nlohmann::json Facts::ToJson() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [path, fact] : facts_) {
    nlohmann::json* node = &out;
    size_t start = 0;
    while (true) {
      size_t dot = path.find('.', start);
      std::string seg = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
      if (dot == std::string::npos) {
        (*node)[seg] = fact.value;
        break;
      }
      nlohmann::json& child = (*node)[seg];
      if (!child.is_object()) child = nlohmann::json::object();
      node = &child;
      start = dot + 1;
    }
  }
  return out;
}

}  // namespace dengbao::probes
