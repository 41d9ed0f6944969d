// Number parsing and formatting with Redis's exact rules, so replies and
// errors match redis-server byte for byte.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv {

// Strict integers like Redis's string2ll: no spaces, no '+', no leading
// zeros, no "-0", range-checked.
bool parse_int64(std::string_view text, int64_t* out);
bool parse_uint64(std::string_view text, uint64_t* out);
// Doubles like Redis's getDoubleFromObject: no spaces, no NaN; "inf",
// "-inf", "+inf" accepted.
bool parse_double(std::string_view text, double* out);
// Long doubles like string2ld (INCRBYFLOAT): no spaces, no NaN.
bool parse_long_double(std::string_view text, long double* out);

std::string format_int64(int64_t value);
// A double as Redis 7.0 replies it ("%.17g", "inf", "-inf").
std::string format_double(double value);
// A long double as INCRBYFLOAT stores it (Redis's ld2string, human mode).
std::string format_long_double(long double value);

}  // namespace ringkv
