// CPU list parsing; see the header.
#include "util/cpu_list.h"

#include <charconv>

namespace ringkv {

namespace {

// No machine has this many CPUs; the bound keeps a typo like "0-99999999"
// from building a list of a hundred million entries.
constexpr int kMaxCpu = 65535;

bool parse_cpu_number(std::string_view text, int* out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, *out);
  return error == std::errc() && stop == end && *out >= 0 && *out <= kMaxCpu;
}

// One item: "a", "a-b" or "a-b:stride".
bool append_item(std::string_view item, std::vector<int>* cpus) {
  int first = 0;
  int last = 0;
  int stride = 1;
  size_t dash = item.find('-');
  if (dash == std::string_view::npos) {
    if (!parse_cpu_number(item, &first)) return false;
    cpus->push_back(first);
    return true;
  }
  std::string_view range_end = item.substr(dash + 1);
  size_t colon = range_end.find(':');
  if (colon != std::string_view::npos) {
    if (!parse_cpu_number(range_end.substr(colon + 1), &stride) || stride == 0) return false;
    range_end = range_end.substr(0, colon);
  }
  if (!parse_cpu_number(item.substr(0, dash), &first) || !parse_cpu_number(range_end, &last) ||
      first > last) {
    return false;
  }
  for (int cpu = first; cpu <= last; cpu += stride) cpus->push_back(cpu);
  return true;
}

}  // namespace

std::optional<std::vector<int>> parse_cpu_list(std::string_view text) {
  std::vector<int> cpus;
  if (text.empty()) return cpus;
  for (;;) {
    size_t comma = text.find(',');
    if (!append_item(text.substr(0, comma), &cpus)) return std::nullopt;
    if (comma == std::string_view::npos) return cpus;
    text.remove_prefix(comma + 1);
  }
}

}  // namespace ringkv
