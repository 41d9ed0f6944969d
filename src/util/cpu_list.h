// CPU lists as Redis's server_cpulist and taskset take them: comma-separated
// CPUs ("0,2"), ranges ("0-3") and strided ranges ("0-7:2").
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace ringkv {

// The listed CPUs in the order written (a CPU listed twice appears twice),
// or nothing for text that is not a CPU list. Empty text is an empty list.
std::optional<std::vector<int>> parse_cpu_list(std::string_view text);

}  // namespace ringkv
