// Key spec evaluation, after Redis 7.0's getKeysUsingKeySpecs (db.c).
#include "cmd/admin_key_specs.h"

#include <algorithm>

#include "cmd/command.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

std::vector<std::string> flag_names(const DocNode& spec) {
  std::vector<std::string> names;
  if (const DocNode* flags = spec.get("flags")) {
    for (const DocNode& flag : flags->children) names.push_back(flag.text);
  }
  return names;
}

bool has_flag(const DocNode& spec, std::string_view name) {
  auto names = flag_names(spec);
  return std::find(names.begin(), names.end(), name) != names.end();
}

int64_t spec_integer(const DocNode& part, std::string_view key) {
  const DocNode* spec = part.get("spec");
  const DocNode* value = spec != nullptr ? spec->get(key) : nullptr;
  return value != nullptr ? value->integer : 0;
}

std::string spec_text(const DocNode& part, std::string_view key) {
  const DocNode* spec = part.get("spec");
  const DocNode* value = spec != nullptr ? spec->get(key) : nullptr;
  return value != nullptr ? value->text : std::string();
}

std::string part_type(const DocNode& spec, std::string_view part) {
  const DocNode* node = spec.get(part);
  const DocNode* type = node != nullptr ? node->get("type") : nullptr;
  return type != nullptr ? type->text : std::string();
}

// The first key argument of one spec; 0 when its keyword is absent (the
// spec then has no keys), -1 when the spec cannot be evaluated.
int64_t begin_search(const DocNode& spec, std::span<const std::string_view> args) {
  const DocNode& begin = *spec.get("begin_search");
  std::string type = part_type(spec, "begin_search");
  if (type == "index") return spec_integer(begin, "index");
  if (type != "keyword") return -1;
  auto argc = static_cast<int64_t>(args.size());
  int64_t start_from = spec_integer(begin, "startfrom");
  std::string keyword = spec_text(begin, "keyword");
  int64_t start = start_from > 0 ? start_from : argc + start_from;
  int64_t end = start_from > 0 ? argc - 1 : 1;
  for (int64_t i = start; i != end; i = start <= end ? i + 1 : i - 1) {
    if (i >= argc || i < 1) break;
    if (equals_ignore_case(args[static_cast<size_t>(i)], keyword)) return i + 1;
  }
  return 0;
}

// Adds the keys of one spec; false when the spec cannot be evaluated.
bool add_spec_keys(const DocNode& spec, std::span<const std::string_view> args,
                   std::vector<KeyWithFlags>* keys) {
  auto argc = static_cast<int64_t>(args.size());
  int64_t first = begin_search(spec, args);
  if (first < 0) return false;
  if (first == 0) return true;  // keyword not found: no keys from this spec
  const DocNode& find = *spec.get("find_keys");
  std::string type = part_type(spec, "find_keys");
  int64_t last = 0, step = 1;
  if (type == "range") {
    int64_t last_key = spec_integer(find, "lastkey"), limit = spec_integer(find, "limit");
    step = spec_integer(find, "keystep");
    last = last_key >= 0 ? first + last_key
           : limit == 0  ? argc + last_key
                         : first + ((argc - first) / limit + last_key);
  } else if (type == "keynum") {
    int64_t index = first + spec_integer(find, "keynumidx"), count = 0;
    if (index >= argc || !parse_int64(args[static_cast<size_t>(index)], &count) || count < 0) {
      return false;
    }
    step = spec_integer(find, "keystep");
    first += spec_integer(find, "firstkey");
    last = first + count - 1;
  } else {
    return false;
  }
  if (last >= argc || last < first || first >= argc || step <= 0) return false;
  for (int64_t i = first; i <= last; i += step) {
    keys->push_back({static_cast<size_t>(i), flag_names(spec)});
  }
  return !has_flag(spec, "incomplete");
}

}  // namespace

bool keys_from_specs(const DocNode& key_specs, std::span<const std::string_view> args,
                     std::vector<KeyWithFlags>* keys) {
  keys->clear();
  bool any_key = false;
  for (const DocNode& spec : key_specs.children) {
    if (has_flag(spec, "variable_flags")) return false;
    any_key = any_key || !has_flag(spec, "not_key");
  }
  if (!any_key) return false;
  for (const DocNode& spec : key_specs.children) {
    if (has_flag(spec, "not_key")) continue;
    if (!add_spec_keys(spec, args, keys)) {
      keys->clear();
      return false;
    }
  }
  return true;
}

std::vector<std::string> fallback_key_flags(std::string_view full_name, const DocNode& key_specs,
                                            std::span<const std::string_view> args) {
  if (full_name == "set") {
    for (size_t i = 3; i < args.size(); ++i) {
      if (equals_ignore_case(args[i], "GET")) return {"RW", "access", "update"};
    }
    return {"OW", "update"};
  }
  if (full_name == "bitfield") {
    // Read-only while only GET (and OVERFLOW) subcommands appear.
    for (size_t i = 2; i < args.size(); ++i) {
      size_t remaining = args.size() - i - 1;
      if (equals_ignore_case(args[i], "GET") && remaining >= 2) {
        i += 2;
      } else if (equals_ignore_case(args[i], "OVERFLOW") && remaining >= 1) {
        i += 1;
      } else {
        return {"RW", "access", "update"};
      }
    }
    return {"RO", "access"};
  }
  return key_specs.children.empty() ? std::vector<std::string>{}
                                    : flag_names(key_specs.children.front());
}

}  // namespace ringkv::cmd
