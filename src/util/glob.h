// Glob-style pattern matching with Redis's exact rules (KEYS, SCAN MATCH,
// CONFIG GET): * ? [set] [^set] [a-z] and backslash escapes.
#pragma once

#include <string>
#include <string_view>

namespace ringkv {

bool glob_match(std::string_view pattern, std::string_view text, bool nocase = false);

// The literal text every string matching `pattern` starts with (* ? [ start
// wildcards, a backslash makes the next byte literal). Scans seek straight
// to it and stop past it instead of walking everything.
std::string glob_literal_prefix(std::string_view pattern);

}  // namespace ringkv
