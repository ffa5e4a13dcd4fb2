#include "rules/evaluate.h"

#include <algorithm>

namespace dengbao::rules {
namespace {

using nlohmann::json;

bool Equal(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

bool Member(const json& x, const json& list) {
  return std::any_of(list.begin(), list.end(), [&](const json& e) { return Equal(x, e); });
}

// Returns nullopt when the comparison does not apply (e.g. a string compared with lt).
std::optional<bool> Compare(Op op, const json& v, const json& operand) {
  if (!v.is_number() || !operand.is_number()) return std::nullopt;
  double a = v.get<double>(), b = operand.get<double>();
  switch (op) {
    case Op::kLt:
      return a < b;
    case Op::kLe:
      return a <= b;
    case Op::kGt:
      return a > b;
    case Op::kGe:
      return a >= b;
    default:
      return std::nullopt;
  }
}

size_t SizeOf(const json& v) {
  if (v.is_array() || v.is_object()) return v.size();
  if (v.is_string()) return v.get_ref<const std::string&>().size();
  return 0;
}

bool IsEmpty(const json& v) {
  if (v.is_null()) return true;
  if (v.is_array() || v.is_object()) return v.empty();
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  return false;
}

// A leaf on a known value (null for an absent fact). Absent facts fail comparisons: a setting
// that is not configured does not meet a requirement.
bool Leaf(const Condition& c, const json& v) {
  switch (c.op) {
    case Op::kEq:
      return Equal(v, c.operand);
    case Op::kNe:
      return !Equal(v, c.operand);
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
      return Compare(c.op, v, c.operand).value_or(false);
    case Op::kIn:
      return !v.is_null() && Member(v, c.operand);
    case Op::kNotIn:
      return v.is_null() || !Member(v, c.operand);
    case Op::kMatches:
      return v.is_string() && c.regex && std::regex_search(v.get_ref<const std::string&>(), *c.regex);
    case Op::kNotMatches:
      return !v.is_string() || !c.regex || !std::regex_search(v.get_ref<const std::string&>(), *c.regex);
    case Op::kExists:
      return (!v.is_null()) == c.operand.get<bool>();
    case Op::kEmpty:
      return IsEmpty(v) == c.operand.get<bool>();
    case Op::kContains:
      if (v.is_array()) return Member(c.operand, v);
      if (v.is_string() && c.operand.is_string())
        return v.get_ref<const std::string&>().find(c.operand.get_ref<const std::string&>()) !=
               std::string::npos;
      return false;
    case Op::kNotContains:
      if (v.is_array()) return !Member(c.operand, v);
      if (v.is_string() && c.operand.is_string())
        return v.get_ref<const std::string&>().find(c.operand.get_ref<const std::string&>()) ==
               std::string::npos;
      return true;
    case Op::kSubsetOf:
      if (v.is_null()) return true;
      return v.is_array() &&
             std::all_of(v.begin(), v.end(), [&](const json& e) { return Member(e, c.operand); });
    case Op::kDisjointWith:
      if (v.is_null()) return true;
      return v.is_array() &&
             std::none_of(v.begin(), v.end(), [&](const json& e) { return Member(e, c.operand); });
    case Op::kIntersects:
      return v.is_array() &&
             std::any_of(v.begin(), v.end(), [&](const json& e) { return Member(e, c.operand); });
    case Op::kSizeLe:
      return SizeOf(v) <= c.operand.get<size_t>();
    case Op::kSizeGe:
      return SizeOf(v) >= c.operand.get<size_t>();
    default:
      return false;
  }
}

void Eval(const Condition& c, const probes::Facts& facts, Evaluation& out, Tri& result) {
  switch (c.op) {
    case Op::kAll:
    case Op::kAny:
    case Op::kNone: {
      bool any_true = false, any_false = false, any_unknown = false;
      for (const auto& child : c.children) {
        Tri t = Tri::kUnknown;
        Eval(child, facts, out, t);
        any_true |= t == Tri::kTrue;
        any_false |= t == Tri::kFalse;
        any_unknown |= t == Tri::kUnknown;
      }
      if (c.op == Op::kAll)
        result = any_false ? Tri::kFalse : any_unknown ? Tri::kUnknown : Tri::kTrue;
      else if (c.op == Op::kAny)
        result = any_true ? Tri::kTrue : any_unknown ? Tri::kUnknown : Tri::kFalse;
      else
        result = any_true ? Tri::kFalse : any_unknown ? Tri::kUnknown : Tri::kTrue;
      return;
    }
    case Op::kNot: {
      Tri t = Tri::kUnknown;
      Eval(c.children.front(), facts, out, t);
      result = t == Tri::kUnknown ? Tri::kUnknown : t == Tri::kTrue ? Tri::kFalse : Tri::kTrue;
      return;
    }
    default:
      break;
  }
  Observation o;
  o.fact = c.fact;
  o.expectation = DescribeExpectation(c);
  if (const Error* why = facts.UnknownOf(c.fact)) {
    o.unknown = *why;
    if (!out.unknown) out.unknown = *why;
    result = Tri::kUnknown;
  } else {
    const probes::Fact* f = facts.Find(c.fact);
    json value = f ? f->value : json(nullptr);
    if (f) o.sources = f->sources;
    result = Leaf(c, value) ? Tri::kTrue : Tri::kFalse;
    o.value = std::move(value);
  }
  o.held = result;
  out.observations.push_back(std::move(o));
}

}  // namespace

std::string DescribeExpectation(const Condition& c) {
  std::string s(OpName(c.op));
  if (!c.fact.empty()) s += " " + c.operand.dump();
  return s;
}

Evaluation Evaluate(const Condition& condition, const probes::Facts& facts) {
  Evaluation out;
  Eval(condition, facts, out, out.value);
  return out;
}

}  // namespace dengbao::rules
