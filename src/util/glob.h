// Glob-style pattern matching with Redis's exact rules (KEYS, SCAN MATCH,
// CONFIG GET): * ? [set] [^set] [a-z] and backslash escapes.
#pragma once

#include <string_view>

namespace ringkv {

bool glob_match(std::string_view pattern, std::string_view text, bool nocase = false);

}  // namespace ringkv
