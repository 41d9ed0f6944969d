// ReplyWriter: the one place that turns reply values into RESP2 or RESP3
// bytes. It appends to a caller-owned string, so a handler's reply can go
// straight into a connection's output buffer (local fast path) or into a
// message for another loop (remote execution) without a second copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringkv::resp {

class ReplyWriter {
 public:
  // `protocol` is 2 or 3 (the client's HELLO version).
  ReplyWriter(std::string* out, int protocol) : out_(out), protocol_(protocol) {}

  int protocol() const { return protocol_; }
  std::string* buffer() { return out_; }

  void ok() { out_->append("+OK\r\n"); }
  void simple(std::string_view text);
  // `text` without the leading '-' (e.g. "ERR syntax error").
  void error(std::string_view text);
  void integer(int64_t value);
  void bulk(std::string_view value);
  void null();        // $-1 in RESP2, _ in RESP3
  void null_array();  // *-1 in RESP2, _ in RESP3
  void array(size_t count);
  void map(size_t pairs);  // RESP2: a flat array of 2*pairs
  void set(size_t count);  // RESP2: an array
  void double_value(double value);  // RESP2: bulk of Redis's %.17g text
  void boolean(bool value);         // RESP2: integer 0/1
  void verbatim(std::string_view text);  // RESP3 verbatim txt, RESP2 bulk

 private:
  void header(char type, int64_t length);

  std::string* out_;
  int protocol_;
};

// Common error texts, verbatim from Redis 7.0.
inline constexpr std::string_view kErrSyntax = "ERR syntax error";
inline constexpr std::string_view kErrNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kErrNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kErrWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kErrNoSuchKey = "ERR no such key";
inline constexpr std::string_view kErrOverflow = "ERR increment or decrement would overflow";

}  // namespace ringkv::resp
