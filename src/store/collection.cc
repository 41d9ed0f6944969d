// Collection: member keys of one collection version; see collection.h.
#include "store/collection.h"

#include <vector>

namespace ringkv::store {

namespace {

std::string with_suffix(const std::string& prefix, std::string_view suffix) {
  std::string key;
  key.reserve(prefix.size() + suffix.size());
  key.append(prefix);
  key.append(suffix);
  return key;
}

std::string with_index(const std::string& prefix, uint64_t index) {
  std::string key = prefix;
  append_u64_be(&key, index);
  return key;
}

std::string with_score(const std::string& prefix, double score, std::string_view member) {
  std::string key = prefix;
  append_ordered_double(&key, score);
  key.append(member);
  return key;
}

// Index entries sort -0.0 and 0.0 together; the member entry keeps the sign.
double index_score(double score) { return score == 0 ? 0.0 : score; }

}  // namespace

Collection::Collection(ShardStore& store, int db, std::string_view key, uint64_t version)
    : store_(store),
      member_prefix_(member_key_prefix(static_cast<uint8_t>(db), key, version)),
      list_prefix_(list_key_prefix(static_cast<uint8_t>(db), key, version)),
      score_prefix_(score_key_prefix(static_cast<uint8_t>(db), key, version)) {}

bool Collection::get(std::string_view member, std::string* value) {
  return store_.get(with_suffix(member_prefix_, member), value);
}

void Collection::put(std::string_view member, std::string_view value) {
  store_.put(with_suffix(member_prefix_, member), value);
}

void Collection::del(std::string_view member) { store_.del(with_suffix(member_prefix_, member)); }

void Collection::scan(std::string_view from, const MemberVisitor& visit) {
  std::string start = from.empty() ? std::string() : with_suffix(member_prefix_, from);
  size_t skip = member_prefix_.size();
  store_.scan(member_prefix_, start, [&](std::string_view key, std::string_view value) {
    return visit(key.substr(skip), value);
  });
}

void Collection::scan_reverse(std::string_view below, const MemberVisitor& visit) {
  std::string end = below.empty() ? std::string() : with_suffix(member_prefix_, below);
  size_t skip = member_prefix_.size();
  store_.scan_reverse(member_prefix_, end, [&](std::string_view key, std::string_view value) {
    return visit(key.substr(skip), value);
  });
}

bool Collection::get_element(uint64_t index, std::string* element) {
  return store_.get(with_index(list_prefix_, index), element);
}

void Collection::put_element(uint64_t index, std::string_view element) {
  store_.put(with_index(list_prefix_, index), element);
}

void Collection::del_element(uint64_t index) { store_.del(with_index(list_prefix_, index)); }

void Collection::scan_elements(uint64_t from, const ElementVisitor& visit) {
  size_t skip = list_prefix_.size();
  store_.scan(list_prefix_, with_index(list_prefix_, from),
              [&](std::string_view key, std::string_view value) {
                if (key.size() != skip + 8) return true;
                return visit(read_u64_be(key.data() + skip), value);
              });
}

void Collection::scan_elements_reverse(uint64_t below, const ElementVisitor& visit) {
  size_t skip = list_prefix_.size();
  store_.scan_reverse(list_prefix_, with_index(list_prefix_, below),
                      [&](std::string_view key, std::string_view value) {
                        if (key.size() != skip + 8) return true;
                        return visit(read_u64_be(key.data() + skip), value);
                      });
}

void Collection::put_score(double score, std::string_view member) {
  store_.put(with_score(score_prefix_, index_score(score), member), {});
}

void Collection::del_score(double score, std::string_view member) {
  store_.del(with_score(score_prefix_, index_score(score), member));
}

void Collection::scan_scores(std::optional<double> min, const ScoreVisitor& visit) {
  std::string start = min ? with_score(score_prefix_, index_score(*min), {}) : std::string();
  size_t skip = score_prefix_.size();
  store_.scan(score_prefix_, start, [&](std::string_view key, std::string_view) {
    if (key.size() < skip + 8) return true;
    return visit(decode_ordered_double(key.substr(skip, 8)), key.substr(skip + 8));
  });
}

void Collection::scan_scores_reverse(std::optional<double> max, const ScoreVisitor& visit) {
  std::string end;
  if (max) {
    // Every key with score == max sorts below the next ordered value.
    std::string bound = prefix_successor(with_score(score_prefix_, index_score(*max), {}));
    if (bound.size() > score_prefix_.size()) end = std::move(bound);
  }
  size_t skip = score_prefix_.size();
  store_.scan_reverse(score_prefix_, end, [&](std::string_view key, std::string_view) {
    if (key.size() < skip + 8) return true;
    return visit(decode_ordered_double(key.substr(skip, 8)), key.substr(skip + 8));
  });
}

std::optional<double> Collection::score_of(std::string_view member) {
  std::string raw;
  double score;
  if (!get(member, &raw) || !decode_score_value(raw, &score)) return std::nullopt;
  return score;
}

std::optional<double> Collection::set_score(std::string_view member, double score) {
  std::optional<double> previous = score_of(member);
  if (previous) del_score(*previous, member);
  put(member, encode_score_value(score));
  put_score(score, member);
  return previous;
}

bool Collection::remove_scored(std::string_view member) {
  std::optional<double> previous = score_of(member);
  if (!previous) return false;
  del_score(*previous, member);
  del(member);
  return true;
}

namespace {

// Copies the records under `from_prefix` to the same suffixes under `to_prefix`.
void copy_prefix(ShardStore& from, const std::string& from_prefix, ShardStore& to,
                 const std::string& to_prefix) {
  constexpr size_t kChunk = 1024;
  std::vector<std::pair<std::string, std::string>> chunk;
  std::string resume;
  bool more = true;
  while (more) {
    chunk.clear();
    more = false;
    from.scan(from_prefix, resume, [&](std::string_view key, std::string_view value) {
      if (chunk.size() == kChunk) {
        resume = key;
        more = true;
        return false;
      }
      chunk.emplace_back(key.substr(from_prefix.size()), value);
      return true;
    });
    for (const auto& [suffix, value] : chunk) to.put(with_suffix(to_prefix, suffix), value);
  }
}

}  // namespace

void copy_members(ShardStore& from, int db, std::string_view key, const Meta& meta,
                  ShardStore& to, int to_db, std::string_view to_key, uint64_t to_version) {
  auto db8 = static_cast<uint8_t>(db);
  auto to_db8 = static_cast<uint8_t>(to_db);
  if (meta.type == ValueType::kList) {
    copy_prefix(from, list_key_prefix(db8, key, meta.version), to,
                list_key_prefix(to_db8, to_key, to_version));
    return;
  }
  copy_prefix(from, member_key_prefix(db8, key, meta.version), to,
              member_key_prefix(to_db8, to_key, to_version));
  if (meta.type == ValueType::kZset) {
    copy_prefix(from, score_key_prefix(db8, key, meta.version), to,
                score_key_prefix(to_db8, to_key, to_version));
  }
}

}  // namespace ringkv::store
