// Reading and storing string values, shared by the string and bitmap
// commands: the WRONGTYPE check, keyspace hit/miss accounting, the two ways
// a write treats the key's TTL, and the proto-max-bulk-len size limit.
//
// Like every handler helper, these run on the thread that owns the key's
// shard (see command.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cmd/command.h"

namespace ringkv::cmd {

// How a lookup counts in INFO's keyspace_hits/keyspace_misses: Redis counts
// read lookups (GET, MGET, GETRANGE...) but not write lookups (INCR, APPEND...).
enum class StringAccess { kRead, kWrite };

// Looks `key` up (nullopt when absent or expired), counting the lookup as
// a keyspace hit or miss; no type check.
std::optional<store::Meta> lookup_for_read(CommandContext& ctx, std::string_view key);

// Looks `key` up into *meta (nullopt when absent or expired). Replies
// WRONGTYPE and returns false when the key holds another type.
bool lookup_string(CommandContext& ctx, std::string_view key, StringAccess access,
                   std::optional<store::Meta>* meta);

// Stores `value` as the new string of `key` whose current metadata is `old`
// (what lookup returned). SET semantics: any previous TTL is replaced by
// `expire_at_ms` (0 = none).
void store_string(CommandContext& ctx, std::string_view key, std::string value,
                  const std::optional<store::Meta>& old, uint64_t expire_at_ms = 0);

// Stores `value` as the string of `key`, keeping the TTL `old` had: the
// commands that modify a string in place (INCR, APPEND, SETRANGE, SETBIT...).
void update_string(CommandContext& ctx, std::string_view key, std::string value,
                   const std::optional<store::Meta>& old);

// Redis's checkStringLength: false (after replying "string exceeds maximum
// allowed size (proto-max-bulk-len)") when a string of `size` bytes grown by
// `append` bytes would exceed proto-max-bulk-len.
bool check_string_length(CommandContext& ctx, int64_t size, int64_t append);

}  // namespace ringkv::cmd
