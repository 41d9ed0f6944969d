// libFuzzer target: the RESP request parser (resp/request_parser.h).
//
// Input: one byte of settings, then the client's byte stream. Two passes:
// 1. Differential: the stream parsed as one buffer and again as it would
//    arrive in chunks (sizes drawn from the settings byte), fed the way the
//    loop feeds it (unparsed tail kept, more appended, bytes_needed_hint
//    honoured). Both must yield the same requests and the same final error.
//    The inline/header length limit is off here: whether a long line trips
//    it depends on how it arrives, in Redis as well.
// 2. Small limits (bulk, multibulk, inline, unauthenticated) with chunked
//    feeding: no crash, no sanitizer report, consumed bytes within bounds.
// Any disagreement traps, which libFuzzer reports as a crash.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resp/request_parser.h"

namespace {

using ringkv::resp::ParseLimits;
using ringkv::resp::ParseStatus;
using ringkv::resp::RequestParser;

void check(bool condition) {
  if (!condition) __builtin_trap();
}

// What a parse of a whole stream produced: the requests (arguments joined
// with a separator that keeps argument boundaries visible) and how it ended.
struct Outcome {
  std::vector<std::string> requests;
  std::string error;  // empty: ended waiting for more bytes (or at the end)
};

std::string describe(const std::vector<std::string_view>& args) {
  std::string text;
  for (std::string_view arg : args) {
    text += std::to_string(arg.size());
    text += ':';
    text.append(arg);
  }
  return text;
}

// Parses what is in `buffer`, from the start, like Loop::parse_and_run;
// returns the bytes consumed. Sets *failed on a protocol error.
size_t parse_available(RequestParser& parser, std::string_view buffer, Outcome* outcome,
                       bool* failed) {
  size_t offset = 0;
  std::vector<std::string_view> args;
  while (offset < buffer.size()) {
    if (parser.bytes_needed_hint() > buffer.size() - offset) break;
    std::string_view rest = buffer.substr(offset);
    ParseStatus status = parser.parse(rest, args);
    if (status == ParseStatus::kNeedMore) break;
    if (status == ParseStatus::kError) {
      check(!parser.error().empty());
      outcome->error = parser.error();
      *failed = true;
      return buffer.size();
    }
    check(parser.consumed() > 0 && parser.consumed() <= rest.size());
    for (std::string_view arg : args) {
      // Multibulk arguments point into the buffer; inline ones may live in
      // the parser (quotes): either way they must be readable.
      volatile char sink = arg.empty() ? 0 : arg[arg.size() - 1];
      (void)sink;
    }
    if (!args.empty()) outcome->requests.push_back(describe(args));
    offset += parser.consumed();
  }
  return offset;
}

// Feeds `stream` in chunks whose sizes come from `seed` (0: all at once).
Outcome feed(std::string_view stream, uint8_t seed, ParseLimits limits, bool unauthenticated) {
  RequestParser parser(limits);
  parser.set_unauthenticated(unauthenticated);
  Outcome outcome;
  std::string pending;  // the unparsed tail, as Connection::input
  uint32_t state = seed * 2654435761u + 1;
  size_t position = 0;
  bool failed = false;
  while (position < stream.size() && !failed) {
    size_t chunk = stream.size() - position;
    if (seed != 0) {
      state = state * 1103515245u + 12345u;
      chunk = std::min<size_t>(chunk, 1 + (state >> 16) % 17);
    }
    pending.append(stream.substr(position, chunk));
    position += chunk;
    size_t used = parse_available(parser, pending, &outcome, &failed);
    check(used <= pending.size());
    pending.erase(0, used);
  }
  return outcome;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t settings = data[0];
  std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);

  ParseLimits unlimited_lines;
  unlimited_lines.max_inline_len = SIZE_MAX / 2;
  unlimited_lines.max_bulk_len = (settings & 0x80) ? 64 : 512LL * 1024 * 1024;
  bool unauthenticated = settings & 0x40;
  Outcome whole = feed(stream, 0, unlimited_lines, unauthenticated);
  Outcome chunked = feed(stream, static_cast<uint8_t>(settings | 1), unlimited_lines,
                         unauthenticated);
  check(whole.requests == chunked.requests);
  check(whole.error == chunked.error);

  ParseLimits small;
  small.max_bulk_len = 1 + settings % 32;
  small.max_multibulk_len = 1 + settings % 8;
  small.max_inline_len = 1 + settings % 64;
  feed(stream, settings, small, unauthenticated);
  return 0;
}
