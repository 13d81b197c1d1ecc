#include "framework/core/attrs.h"

#include "framework/core/error.h"

namespace dendrite {

namespace {
const char* kind_name(const AttrValue& v) {
  switch (v.index()) {
    case 0: return "int";
    case 1: return "float";
    default: return "string";
  }
}

template <class T>
const T& typed(const AttrValue& v, const std::string& name, const char* want) {
  const T* p = std::get_if<T>(&v);
  DENDRITE_CHECK(p != nullptr, "attribute '{}' is {}, expected {}", name, kind_name(v), want);
  return *p;
}
}  // namespace

const AttrValue& Attrs::get(const std::string& name) const {
  auto it = values_.find(name);
  DENDRITE_CHECK(it != values_.end(), "missing attribute '{}'", name);
  return it->second;
}

std::int64_t Attrs::get_int(const std::string& name) const {
  return typed<std::int64_t>(get(name), name, "int");
}
std::int64_t Attrs::get_int(const std::string& name, std::int64_t fallback) const {
  return has(name) ? get_int(name) : fallback;
}
double Attrs::get_float(const std::string& name) const {
  const AttrValue& v = get(name);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return typed<double>(v, name, "float");
}
double Attrs::get_float(const std::string& name, double fallback) const {
  return has(name) ? get_float(name) : fallback;
}
const std::string& Attrs::get_string(const std::string& name) const {
  return typed<std::string>(get(name), name, "string");
}
std::string Attrs::get_string(const std::string& name, const std::string& fallback) const {
  return has(name) ? get_string(name) : fallback;
}

}  // namespace dendrite
