// RequestParser: multibulk and inline parsing; see the header's contract.
#include "resp/request_parser.h"

#include <cctype>
#include <cstring>

#include "util/numbers.h"

namespace ringkv::resp {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_blank(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0'; }

// Splits an inline line the way Redis's sdssplitargs does. False on
// unbalanced quotes.
bool split_inline(std::string_view line, std::vector<std::string>* out) {
  size_t i = 0;
  for (;;) {
    while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
    if (i >= line.size()) return true;
    std::string current;
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      if (in_double) {
        if (i >= line.size()) return false;
        if (line[i] == '\\' && i + 3 < line.size() && line[i + 1] == 'x' &&
            hex_value(line[i + 2]) >= 0 && hex_value(line[i + 3]) >= 0) {
          current.push_back(static_cast<char>(hex_value(line[i + 2]) * 16 + hex_value(line[i + 3])));
          i += 3;
        } else if (line[i] == '\\' && i + 1 < line.size()) {
          ++i;
          char c = line[i];
          switch (c) {
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'b': c = '\b'; break;
            case 'a': c = '\a'; break;
            default: break;
          }
          current.push_back(c);
        } else if (line[i] == '"') {
          // The closing quote must be followed by a space or the end.
          if (i + 1 < line.size() && !std::isspace(static_cast<unsigned char>(line[i + 1]))) {
            return false;
          }
          done = true;
        } else {
          current.push_back(line[i]);
        }
      } else if (in_single) {
        if (i >= line.size()) return false;
        if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
          current.push_back('\'');
        } else if (line[i] == '\'') {
          if (i + 1 < line.size() && !std::isspace(static_cast<unsigned char>(line[i + 1]))) {
            return false;
          }
          done = true;
        } else {
          current.push_back(line[i]);
        }
      } else {
        if (i >= line.size() || is_blank(line[i])) {
          done = true;
        } else if (line[i] == '"') {
          in_double = true;
        } else if (line[i] == '\'') {
          in_single = true;
        } else {
          current.push_back(line[i]);
        }
      }
      if (i < line.size()) ++i;
    }
    out->push_back(std::move(current));
  }
}

// Like strchr(data + from, target) on Redis's NUL-terminated query buffer:
// npos when a NUL byte or the end of the data comes first.
size_t find_before_nul(std::string_view data, size_t from, char target) {
  for (size_t i = from; i < data.size(); ++i) {
    if (data[i] == target) return i;
    if (data[i] == '\0') break;
  }
  return std::string_view::npos;
}

}  // namespace

void RequestParser::reset() {
  in_multibulk_ = false;
  expected_args_ = 0;
  bulk_len_ = -1;
  position_ = 0;
  arg_offsets_.clear();
  needed_ = 0;
}

ParseStatus RequestParser::fail(std::string text) {
  error_ = std::move(text);
  reset();
  return ParseStatus::kError;
}

ParseStatus RequestParser::parse(std::string_view data, std::vector<std::string_view>& args) {
  args.clear();
  consumed_ = 0;
  if (data.empty()) return ParseStatus::kNeedMore;
  if (in_multibulk_ || data[0] == '*') return parse_multibulk(data, args);
  return parse_inline(data, args);
}

ParseStatus RequestParser::parse_inline(std::string_view data,
                                        std::vector<std::string_view>& args) {
  size_t newline = find_before_nul(data, 0, '\n');
  if (newline == std::string_view::npos) {
    if (data.size() > limits_.max_inline_len) return fail("ERR Protocol error: too big inline request");
    needed_ = data.size() + 1;
    return ParseStatus::kNeedMore;
  }
  std::string_view line = data.substr(0, newline);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  inline_args_.clear();
  if (!split_inline(line, &inline_args_)) {
    return fail("ERR Protocol error: unbalanced quotes in request");
  }
  for (const std::string& arg : inline_args_) args.emplace_back(arg);
  consumed_ = newline + 1;
  needed_ = 0;
  return ParseStatus::kComplete;
}

ParseStatus RequestParser::parse_multibulk(std::string_view data,
                                           std::vector<std::string_view>& args) {
  if (!in_multibulk_) {
    size_t line_end = 0;
    ParseStatus status = find_header_end(data, 0, "too big mbulk count string", &line_end);
    if (status != ParseStatus::kComplete) return status;
    int64_t count = 0;
    if (!parse_int64(data.substr(1, line_end - 1), &count) ||
        count > limits_.max_multibulk_len) {
      return fail("ERR Protocol error: invalid multibulk length");
    }
    if (count > 10 && unauthenticated_) {
      return fail("ERR Protocol error: unauthenticated multibulk length");
    }
    position_ = line_end + 2;
    if (count <= 0) {
      consumed_ = position_;
      reset();
      return ParseStatus::kComplete;
    }
    in_multibulk_ = true;
    expected_args_ = count;
    bulk_len_ = -1;
    arg_offsets_.clear();
    // Reserve modestly: the count is the client's claim, not yet data.
    arg_offsets_.reserve(static_cast<size_t>(count < 1024 ? count : 1024));
  }
  while (static_cast<int64_t>(arg_offsets_.size()) < expected_args_) {
    if (bulk_len_ < 0) {
      ParseStatus status = parse_bulk_header(data);
      if (status != ParseStatus::kComplete) return status;
    }
    size_t end = position_ + static_cast<size_t>(bulk_len_) + 2;
    if (data.size() < end) {
      needed_ = end;
      return ParseStatus::kNeedMore;
    }
    // Like Redis, the two bytes after the payload are skipped unchecked.
    arg_offsets_.emplace_back(position_, static_cast<size_t>(bulk_len_));
    position_ = end;
    bulk_len_ = -1;
  }
  for (auto [offset, length] : arg_offsets_) args.emplace_back(data.data() + offset, length);
  consumed_ = position_;
  reset();
  return ParseStatus::kComplete;
}

ParseStatus RequestParser::find_header_end(std::string_view data, size_t from,
                                           std::string_view too_big, size_t* line_end) {
  *line_end = find_before_nul(data, from, '\r');
  if (*line_end == std::string_view::npos) {
    if (data.size() - from > limits_.max_inline_len) {
      return fail("ERR Protocol error: " + std::string(too_big));
    }
    needed_ = data.size() + 1;
    return ParseStatus::kNeedMore;
  }
  // The byte after '\r' must have arrived (Redis skips it unread).
  if (*line_end + 2 > data.size()) {
    needed_ = *line_end + 2;
    return ParseStatus::kNeedMore;
  }
  return ParseStatus::kComplete;
}

ParseStatus RequestParser::parse_bulk_header(std::string_view data) {
  size_t line_end = 0;
  ParseStatus status = find_header_end(data, position_, "too big bulk count string", &line_end);
  if (status != ParseStatus::kComplete) return status;
  // Redis looks at the '$' only once the whole line is there.
  if (data[position_] != '$') {
    return fail(std::string("ERR Protocol error: expected '$', got '") + data[position_] + "'");
  }
  int64_t length = 0;
  if (!parse_int64(data.substr(position_ + 1, line_end - position_ - 1), &length) ||
      length < 0 || length > limits_.max_bulk_len) {
    return fail("ERR Protocol error: invalid bulk length");
  }
  if (length > 16384 && unauthenticated_) {
    return fail("ERR Protocol error: unauthenticated bulk length");
  }
  bulk_len_ = length;
  position_ = line_end + 2;
  return ParseStatus::kComplete;
}

}  // namespace ringkv::resp
