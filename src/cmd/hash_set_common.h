// Helpers shared by the hash and set handlers (hashes.cc, sets.cc and their
// hash_* / set_* companions): the read/write type checks every handler opens
// with, and reading a whole (small) collection.
//
// Like every handler helper, these run on the thread that owns the key's
// shard (see command.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "cmd/collection_key.h"

namespace ringkv::cmd {

// Collections of at most this many members are what Redis 7.0 keeps in its
// compact encodings by default (hash-max-listpack-entries): HSCAN and SSCAN
// return them whole in one call with cursor 0, as Redis does for those.
inline constexpr uint64_t kSmallCollection = 128;

// For read commands: counts the lookup in INFO's keyspace_hits/misses as
// Redis's lookupKeyRead does, then replies WRONGTYPE and returns false when
// the key holds another type.
bool check_read(CommandContext& ctx, const CollectionKey& key);
// For write commands (no hit/miss accounting, as in Redis).
bool check_write(CommandContext& ctx, const CollectionKey& key);

using MemberList = std::vector<std::pair<std::string, std::string>>;
// Every member (and value) of `members` in byte order. O(members): for the
// commands whose reply is the whole collection, and for small ones.
MemberList read_all_members(store::Collection& members);

// Visits every member of `members` in byte order, reading them in bounded
// chunks so that the visitor may read other keys meanwhile (a store scan's
// visitor may not). The visitor returns false to stop.
void for_each_member(store::Collection& members,
                     const std::function<bool(const std::string& member)>& visit);

}  // namespace ringkv::cmd
