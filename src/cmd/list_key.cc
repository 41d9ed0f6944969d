// ListKey: see list_key.h.
#include "cmd/list_key.h"

#include <algorithm>
#include <utility>

#include "cmd/args.h"
#include "util/numbers.h"

namespace ringkv::cmd {

namespace {

// Records are moved in chunks: a scan's visitor may not write, and a
// bounded chunk keeps memory flat however long the list is.
constexpr size_t kChunk = 512;
using Chunk = std::vector<std::pair<uint64_t, std::string>>;

// Records at absolute indexes [from, to), ascending, at most `most`.
// Neither reader steps outside the range: a LevelDB iterator pays for every
// deleted record it passes, and popped or moved-out records pile up just
// outside [head, tail) until compaction drops them.
void read_forward(store::Collection& elements, uint64_t from, uint64_t to, size_t most,
                  Chunk* chunk) {
  chunk->clear();
  if (from >= to || most == 0) return;
  elements.scan_elements(from, [&](uint64_t index, std::string_view element) {
    if (index >= to) return false;
    chunk->emplace_back(index, element);
    return chunk->size() < most && index + 1 < to;
  });
}

// Records at absolute indexes [from, to), descending, at most `most`. A
// reverse scan seeks at its exclusive bound, which may lie among deleted
// records; so the last record is read by key and the scan seeks at it.
void read_backward(store::Collection& elements, uint64_t from, uint64_t to, size_t most,
                   Chunk* chunk) {
  chunk->clear();
  if (from >= to || most == 0) return;
  std::string last;
  if (!elements.get_element(to - 1, &last)) return;
  chunk->emplace_back(to - 1, std::move(last));
  if (chunk->size() == most || to - 1 == from) return;
  elements.scan_elements_reverse(to - 1, [&](uint64_t index, std::string_view element) {
    if (index < from) return false;
    chunk->emplace_back(index, element);
    return chunk->size() < most && index > from;
  });
}

}  // namespace

bool parse_list_end(CommandContext& ctx, std::string_view text, ListEnd* end) {
  if (is_option(text, "LEFT")) {
    *end = ListEnd::kHead;
  } else if (is_option(text, "RIGHT")) {
    *end = ListEnd::kTail;
  } else {
    ctx.reply.error(resp::kErrSyntax);
    return false;
  }
  return true;
}

bool parse_non_negative(CommandContext& ctx, std::string_view text, int64_t* out,
                        std::string_view error) {
  int64_t value = 0;
  if (!parse_int64(text, &value) || value < 0) {
    ctx.reply.error(error);
    return false;
  }
  *out = value;
  return true;
}

ListKey::ListKey(CommandContext& ctx, std::string_view key)
    : ctx_(ctx), key_(ctx, key, store::ValueType::kList) {}

store::Collection& ListKey::elements() { return moved_ ? *moved_ : key_.members(); }

void ListKey::push(ListEnd end, std::string_view element) {
  if (end == ListEnd::kHead) {
    elements().put_element(--head(), element);
  } else {
    elements().put_element(tail()++, element);
  }
  ++key_.meta().count;
}

void ListKey::pop(ListEnd end, uint64_t count, const std::function<void(std::string&&)>& take) {
  // Point reads: a scan from the tail would seek among the records popped
  // before (see read_backward), and a pop takes few elements anyway.
  uint64_t popped = std::min(count, length());
  for (uint64_t i = 0; i < popped; ++i) {
    uint64_t index = end == ListEnd::kHead ? head()++ : --tail();
    std::string element;
    elements().get_element(index, &element);
    elements().del_element(index);
    --key_.meta().count;
    take(std::move(element));
  }
}

std::string ListKey::pop(ListEnd end) {
  std::string popped;
  pop(end, 1, [&](std::string&& element) { popped = std::move(element); });
  return popped;
}

std::string ListKey::get(uint64_t position) {
  std::string element;
  elements().get_element(head() + position, &element);
  return element;
}

void ListKey::set(uint64_t position, std::string_view element) {
  elements().put_element(head() + position, element);
}

void ListKey::visit(uint64_t position, const Visitor& visitor) {
  uint64_t first = head();
  uint64_t end = tail();
  if (first + position >= end) return;
  elements().scan_elements(first + position, [&](uint64_t index, std::string_view element) {
    if (index >= end) return false;
    return visitor(index - first, element) && index + 1 < end;
  });
}

void ListKey::visit_reverse(uint64_t position, const Visitor& visitor) {
  uint64_t first = head();
  uint64_t start = first + position;
  if (start >= tail()) return;
  // The same care as read_backward: read the first record by key, then
  // seek at it.
  std::string element;
  if (!elements().get_element(start, &element) || !visitor(position, element) || position == 0) {
    return;
  }
  elements().scan_elements_reverse(start, [&](uint64_t index, std::string_view value) {
    if (index < first) return false;
    return visitor(index - first, value) && index > first;
  });
}

void ListKey::shift(uint64_t from, uint64_t to, int delta) {
  Chunk chunk;
  // Moving towards the head reads ascending, towards the tail descending:
  // each write lands on a record already read.
  while (from < to) {
    if (delta < 0) {
      read_forward(elements(), from, to, kChunk, &chunk);
    } else {
      read_backward(elements(), from, to, kChunk, &chunk);
    }
    if (chunk.empty()) break;
    for (const auto& [index, element] : chunk) {
      elements().put_element(delta < 0 ? index - 1 : index + 1, element);
    }
    if (delta < 0) {
      from = chunk.back().first + 1;
    } else {
      to = chunk.back().first;
    }
  }
}

void ListKey::insert(uint64_t position, std::string_view element) {
  uint64_t at = head() + position;
  if (position < length() - position) {
    shift(head(), at, -1);
    --head();
    elements().put_element(at - 1, element);
  } else {
    shift(at, tail(), +1);
    ++tail();
    elements().put_element(at, element);
  }
  ++key_.meta().count;
}

void ListKey::remove(const std::vector<uint64_t>& positions) {
  if (positions.empty()) return;
  std::vector<uint64_t> removed;
  removed.reserve(positions.size());
  for (uint64_t position : positions) removed.push_back(head() + position);
  uint64_t k = removed.size();
  // Elements that must move when the gaps close towards either end.
  uint64_t moves_towards_head = (tail() - removed.front()) - k;
  uint64_t moves_towards_tail = (removed.back() - head() + 1) - k;
  if (moves_towards_head <= moves_towards_tail) {
    compact_towards_head(removed);
  } else {
    compact_towards_tail(removed);
  }
  key_.meta().count -= k;
}

void ListKey::compact_towards_head(const std::vector<uint64_t>& removed) {
  uint64_t write = removed.front();
  size_t next = 0;  // the next removed index not yet passed
  uint64_t cursor = removed.front();
  Chunk chunk;
  while (cursor < tail()) {
    read_forward(elements(), cursor, tail(), kChunk, &chunk);
    if (chunk.empty()) break;
    for (const auto& [index, element] : chunk) {
      if (next < removed.size() && removed[next] == index) {
        ++next;
      } else {
        if (write != index) elements().put_element(write, element);
        ++write;
      }
    }
    cursor = chunk.back().first + 1;
  }
  for (uint64_t index = write; index < tail(); ++index) elements().del_element(index);
  tail() = write;
}

void ListKey::compact_towards_tail(const std::vector<uint64_t>& removed) {
  uint64_t write = removed.back();
  size_t passed = 0;  // removed indexes passed, counted from the back
  uint64_t cursor = removed.back() + 1;
  Chunk chunk;
  while (cursor > head()) {
    read_backward(elements(), head(), cursor, kChunk, &chunk);
    if (chunk.empty()) break;
    for (const auto& [index, element] : chunk) {
      if (passed < removed.size() && removed[removed.size() - 1 - passed] == index) {
        ++passed;
      } else {
        if (write != index) elements().put_element(write, element);
        --write;
      }
    }
    cursor = chunk.back().first;
  }
  // write + 1 is the new head: every slot below it is now free.
  for (uint64_t index = head(); index <= write; ++index) elements().del_element(index);
  head() = write + 1;
}

void ListKey::trim(uint64_t first, uint64_t count) {
  uint64_t removed = length() - count;
  if (removed == 0) return;
  if (count == 0) {
    key_.remove();  // the sweeper takes every record
    return;
  }
  if (count < removed) {
    copy_to_new_version(first, count);
    return;
  }
  uint64_t keep_from = head() + first;
  uint64_t keep_to = keep_from + count;
  for (uint64_t index = head(); index < keep_from; ++index) elements().del_element(index);
  for (uint64_t index = keep_to; index < tail(); ++index) elements().del_element(index);
  head() = keep_from;
  tail() = keep_to;
  key_.meta().count = count;
}

void ListKey::copy_to_new_version(uint64_t first, uint64_t count) {
  store::Keyspace& keyspace = key_.keyspace();
  uint64_t version = keyspace.new_version();
  store::Collection& old_elements = elements();
  store::Collection fresh(keyspace.store(), ctx_.db, key_.key(), version);
  // The kept records keep their indexes; only the version changes, and
  // save() hands the old version (with the removed records) to the sweeper.
  uint64_t from = head() + first;
  uint64_t to = from + count;
  Chunk chunk;
  while (from < to) {
    read_forward(old_elements, from, to, kChunk, &chunk);
    if (chunk.empty()) break;
    for (const auto& [index, element] : chunk) fresh.put_element(index, element);
    from = chunk.back().first + 1;
  }
  moved_.emplace(keyspace.store(), ctx_.db, key_.key(), version);
  key_.meta().version = version;
  head() += first;
  tail() = head() + count;
  key_.meta().count = count;
}

}  // namespace ringkv::cmd
