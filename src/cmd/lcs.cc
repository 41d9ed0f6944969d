// LCS: the longest common subsequence of two string keys, by the same
// dynamic programming table as Redis (so ties resolve to the same string and
// the same IDX ranges), bounded by proto-max-bulk-len like Redis's
// transient table.
#include <algorithm>
#include <cstdint>
#include <new>
#include <optional>
#include <vector>

#include "cmd/args.h"
#include "cmd/string_commands.h"
#include "cmd/string_value.h"
#include "server/engine.h"

namespace ringkv::cmd {

namespace {

using store::Meta;
using store::ValueType;

struct LcsOptions {
  bool length_only = false;   // LEN
  bool with_indexes = false;  // IDX
  bool with_match_length = false;
  int64_t min_match_length = 0;
};

bool parse_lcs_options(CommandContext& ctx, LcsOptions* options) {
  for (size_t i = 3; i < ctx.argc(); ++i) {
    std::string_view option = ctx.arg(i);
    bool has_next = i + 1 < ctx.argc();
    if (is_option(option, "IDX")) {
      options->with_indexes = true;
    } else if (is_option(option, "LEN")) {
      options->length_only = true;
    } else if (is_option(option, "WITHMATCHLEN")) {
      options->with_match_length = true;
    } else if (is_option(option, "MINMATCHLEN") && has_next) {
      if (!parse_integer_arg(ctx, ctx.arg(++i), &options->min_match_length)) return false;
      if (options->min_match_length < 0) options->min_match_length = 0;
    } else {
      ctx.reply.error(resp::kErrSyntax);
      return false;
    }
  }
  if (options->with_indexes && options->length_only) {
    ctx.reply.error("ERR If you want both the length and indexes, please just use IDX.");
    return false;
  }
  return true;
}

// table[i * (b.size() + 1) + j] = LCS length of a[0..i) and b[0..j).
class LcsTable {
 public:
  LcsTable(std::string_view a, std::string_view b, std::vector<uint32_t>* cells)
      : a_(a), b_(b), width_(b.size() + 1), cells_(*cells) {
    for (size_t i = 0; i <= a.size(); ++i) {
      for (size_t j = 0; j <= b.size(); ++j) {
        if (i == 0 || j == 0) {
          cell(i, j) = 0;
        } else if (a[i - 1] == b[j - 1]) {
          cell(i, j) = at(i - 1, j - 1) + 1;
        } else {
          cell(i, j) = std::max(at(i - 1, j), at(i, j - 1));
        }
      }
    }
  }
  uint32_t at(size_t i, size_t j) const { return cells_[i * width_ + j]; }
  uint32_t length() const { return at(a_.size(), b_.size()); }

 private:
  uint32_t& cell(size_t i, size_t j) { return cells_[i * width_ + j]; }

  std::string_view a_, b_;
  size_t width_;
  std::vector<uint32_t>& cells_;
};

struct MatchRange {
  uint32_t a_start, a_end, b_start, b_end;
};

// Walks the table back from the end as Redis does, building the LCS string
// and the ranges of contiguous matches (last match first).
void walk_back(std::string_view a, std::string_view b, const LcsTable& table,
               std::string* result, std::vector<MatchRange>* ranges) {
  auto index = table.length();
  result->assign(index, '\0');
  auto a_length = static_cast<uint32_t>(a.size());
  MatchRange range{a_length, 0, 0, 0};  // a_start == a_length: no open range
  auto i = static_cast<uint32_t>(a.size());
  auto j = static_cast<uint32_t>(b.size());
  while (i > 0 && j > 0) {
    bool emit = false;
    if (a[i - 1] == b[j - 1]) {
      (*result)[index - 1] = a[i - 1];
      if (range.a_start == a_length) {
        range = {i - 1, i - 1, j - 1, j - 1};
      } else if (range.a_start == i && range.b_start == j) {
        --range.a_start;  // the match extends the open range backwards
        --range.b_start;
      } else {
        emit = true;
      }
      // A range touching the start of either string cannot grow further.
      if (range.a_start == 0 || range.b_start == 0) emit = true;
      --index;
      --i;
      --j;
    } else {
      if (table.at(i - 1, j) > table.at(i, j - 1)) {
        --i;
      } else {
        --j;
      }
      if (range.a_start != a_length) emit = true;
    }
    if (emit) {
      ranges->push_back(range);
      range.a_start = a_length;
    }
  }
}

void reply_ranges(CommandContext& ctx, const LcsOptions& options, uint32_t length,
                  const std::vector<MatchRange>& ranges) {
  size_t emitted = 0;
  for (const MatchRange& range : ranges) {
    if (range.a_end - range.a_start + 1 >= options.min_match_length) ++emitted;
  }
  ctx.reply.map(2);
  ctx.reply.bulk("matches");
  ctx.reply.array(emitted);
  for (const MatchRange& range : ranges) {
    uint32_t match_length = range.a_end - range.a_start + 1;
    if (match_length < options.min_match_length) continue;
    ctx.reply.array(options.with_match_length ? 3 : 2);
    ctx.reply.array(2);
    ctx.reply.integer(range.a_start);
    ctx.reply.integer(range.a_end);
    ctx.reply.array(2);
    ctx.reply.integer(range.b_start);
    ctx.reply.integer(range.b_end);
    if (options.with_match_length) ctx.reply.integer(match_length);
  }
  ctx.reply.bulk("len");
  ctx.reply.integer(length);
}

// The two values, an absent key reading as "". False after the error reply.
bool lcs_inputs(CommandContext& ctx, std::string* a, std::string* b) {
  auto first = lookup_for_read(ctx, ctx.arg(1));
  auto second = lookup_for_read(ctx, ctx.arg(2));
  if ((first && first->type != ValueType::kString) ||
      (second && second->type != ValueType::kString)) {
    ctx.reply.error("ERR The specified keys must contain string values");
    return false;
  }
  if (first) *a = std::move(first->value);
  if (second) *b = std::move(second->value);
  return true;
}

// Allocates the (a+1)*(b+1) table within Redis's limits.
bool allocate_table(CommandContext& ctx, size_t a_length, size_t b_length,
                    std::vector<uint32_t>* cells) {
  if (a_length >= UINT32_MAX - 1 || b_length >= UINT32_MAX - 1) {
    ctx.reply.error("ERR String too long for LCS");
    return false;
  }
  uint64_t count = static_cast<uint64_t>(a_length + 1) * (b_length + 1);
  if (count * sizeof(uint32_t) >
      static_cast<uint64_t>(ctx.engine.proto_max_bulk_len.load(std::memory_order_relaxed))) {
    ctx.reply.error(
        "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
    return false;
  }
  try {
    cells->resize(count);
  } catch (const std::bad_alloc&) {
    ctx.reply.error("ERR Insufficient memory, failed allocating transient memory for LCS");
    return false;
  }
  return true;
}

void lcs(CommandContext& ctx) {
  std::string a, b;
  if (!lcs_inputs(ctx, &a, &b)) return;
  LcsOptions options;
  if (!parse_lcs_options(ctx, &options)) return;
  std::vector<uint32_t> cells;
  if (!allocate_table(ctx, a.size(), b.size(), &cells)) return;
  LcsTable table(a, b, &cells);
  if (options.length_only) {
    ctx.reply.integer(table.length());
    return;
  }
  std::string result;
  std::vector<MatchRange> ranges;
  walk_back(a, b, table, &result, &ranges);
  if (options.with_indexes) {
    reply_ranges(ctx, options, table.length(), ranges);
  } else {
    ctx.reply.bulk(result);
  }
}

}  // namespace

void add_lcs_command(std::vector<CommandSpec>* table) {
  table->push_back({"lcs", -3, kReadonly, 1, 2, 1, lcs, "string",
                    "Find longest common substring", "7.0.0"});
}

}  // namespace ringkv::cmd
