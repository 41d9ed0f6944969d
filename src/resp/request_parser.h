// RequestParser: turns a client's bytes into command argument vectors —
// RESP multibulk requests and inline commands — with Redis 7.0's limits and
// exact protocol error texts.
//
// Line ends are found the way Redis 7.0 finds them (strchr on the query
// buffer): a header line ends at its first '\r' and the byte after it is
// skipped unread; an inline line ends at its first '\n'; a NUL byte before
// the line end hides it, so such a request waits until a size limit trips.
//
// Contract: parse() looks at one request starting at data[0]. After
// kNeedMore the caller passes the same request's bytes again, with more
// appended (the buffer may have moved: progress is kept as offsets), so a
// huge request arriving in small pieces is scanned once, not once per piece.
// Multibulk arguments are views into `data` (no copy); inline arguments
// with quotes live in the parser and stay valid until the next parse().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringkv::resp {

enum class ParseStatus { kComplete, kNeedMore, kError };

struct ParseLimits {
  int64_t max_bulk_len = 512LL * 1024 * 1024;  // proto-max-bulk-len
  int64_t max_multibulk_len = 2147483647;      // Redis 7.0 allows up to INT_MAX
  size_t max_inline_len = 64 * 1024;           // PROTO_INLINE_MAX_SIZE
};

class RequestParser {
 public:
  explicit RequestParser(ParseLimits limits = {}) : limits_(limits) {}
  void set_limits(ParseLimits limits) { limits_ = limits; }
  // While a client must still AUTH, Redis refuses multibulk counts over 10
  // and bulk lengths over 16384 ("unauthenticated ... length").
  void set_unauthenticated(bool unauthenticated) { unauthenticated_ = unauthenticated; }

  // kComplete: `args` holds the request (empty for a blank line, "*0" or
  // "*-1": skip it) and consumed() its length; the parser is reset.
  // kNeedMore: nothing consumed. kError: error() holds the reply text (no
  // leading '-'); the caller replies and closes the connection.
  ParseStatus parse(std::string_view data, std::vector<std::string_view>& args);

  size_t consumed() const { return consumed_; }
  // Minimum length `data` must reach before parse() can progress.
  size_t bytes_needed_hint() const { return needed_; }
  const std::string& error() const { return error_; }
  void reset();

 private:
  ParseStatus parse_inline(std::string_view data, std::vector<std::string_view>& args);
  ParseStatus parse_multibulk(std::string_view data, std::vector<std::string_view>& args);
  // Finds the '\r' ending the header line that starts at `from`
  // (kComplete), or says why not: more bytes needed, or `too_big`.
  ParseStatus find_header_end(std::string_view data, size_t from, std::string_view too_big,
                              size_t* line_end);
  // Reads a "$len\r\n" line at position_ into bulk_len_ (kComplete).
  ParseStatus parse_bulk_header(std::string_view data);
  ParseStatus fail(std::string text);

  ParseLimits limits_;
  bool unauthenticated_ = false;
  // Progress through the current multibulk request.
  bool in_multibulk_ = false;
  int64_t expected_args_ = 0;
  int64_t bulk_len_ = -1;  // -1: the next "$len" header is not read yet
  size_t position_ = 0;
  std::vector<std::pair<size_t, size_t>> arg_offsets_;
  std::vector<std::string> inline_args_;
  size_t consumed_ = 0;
  size_t needed_ = 0;
  std::string error_;
};

}  // namespace ringkv::resp
