// Redis-exact number parsing and formatting.
#include "util/numbers.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ringkv {

bool parse_int64(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  if (text == "0") {
    *out = 0;
    return true;
  }
  size_t i = 0;
  bool negative = text[0] == '-';
  if (negative) i = 1;
  if (i >= text.size() || text[i] < '1' || text[i] > '9') return false;
  uint64_t value = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    auto digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  if (negative) {
    if (value > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = value == static_cast<uint64_t>(INT64_MAX) + 1 ? INT64_MIN : -static_cast<int64_t>(value);
  } else {
    if (value > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(value);
  }
  return true;
}

bool parse_uint64(std::string_view text, uint64_t* out) {
  if (text.empty() || text.size() > 20) return false;
  if (text == "0") {
    *out = 0;
    return true;
  }
  if (text[0] < '1' || text[0] > '9') return false;
  uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    auto digit = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - digit) / 10) return false;
    value = value * 10 + digit;
  }
  *out = value;
  return true;
}

namespace {
bool blank_edge(std::string_view text) {
  return std::isspace(static_cast<unsigned char>(text.front())) ||
         std::isspace(static_cast<unsigned char>(text.back()));
}
}  // namespace

// Like Redis's string2d: no length limit. Overflow to inf and underflow to
// zero are errors (a literal "inf" is not); a denormal result is accepted.
bool parse_double(std::string_view text, double* out) {
  if (text.empty() || blank_edge(text)) return false;
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || std::isnan(value)) return false;
  if (errno == ERANGE && (std::isinf(value) || value == 0)) return false;
  *out = value;
  return true;
}

// Like Redis's string2ld: shorter than MAX_LONG_DOUBLE_CHARS (5 KB), with
// the same range rules as parse_double.
bool parse_long_double(std::string_view text, long double* out) {
  constexpr size_t kMaxLongDoubleChars = 5 * 1024;
  if (text.empty() || text.size() >= kMaxLongDoubleChars || blank_edge(text)) return false;
  std::string copy(text);
  char* end = nullptr;
  errno = 0;
  long double value = std::strtold(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size() || std::isnan(value)) return false;
  if (errno == ERANGE && (std::isinf(value) || value == 0)) return false;
  *out = value;
  return true;
}

std::string format_int64(int64_t value) {
  char buffer[24];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

std::string format_double(double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[128];
  int length = std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return std::string(buffer, static_cast<size_t>(length));
}

std::string format_long_double(long double value) {
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[5600];
  int length = std::snprintf(buffer, sizeof buffer, "%.17Lf", value);
  if (length <= 0 || static_cast<size_t>(length) >= sizeof buffer) return "0";
  std::string text(buffer, static_cast<size_t>(length));
  // Human mode: drop trailing zeros and a bare decimal point.
  if (text.find('.') != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == '.') text.pop_back();
  }
  if (text == "-0") return std::string(1, '0');
  return text;
}

}  // namespace ringkv
