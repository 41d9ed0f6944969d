// Copying one key's value to another name, db or shard: the step RENAME,
// RENAMENX, COPY and MOVE share, so that how a value moves is decided in one
// place.
//
// A string lives wholly in its metadata. A collection also owns member
// records keyed by (db, key, version); its copy gets a fresh version in the
// target shard and its own copy of the records (store::copy_members), so it
// is independent of the source and of the value it replaces, whose records
// the garbage sweeper reclaims.
//
// Threading: the caller owns both keyspaces (the dispatcher guarantees it
// for the keys of the running command).
#pragma once

#include <optional>
#include <string_view>

#include "store/encoding.h"
#include "store/keyspace.h"

namespace ringkv::cmd {

// Writes a copy of `source` — the live metadata of `source_key` in
// `source_db` of `from` — as `target_key` in `target_db` of `to`, keeping its
// expiry. `target_old` is what lookup() returned for the target (replaced).
// The source is left untouched; the caller removes it for a rename or move.
// O(1) for strings, O(members) for collections.
void copy_value(store::Keyspace& from, int source_db, std::string_view source_key,
                const store::Meta& source, store::Keyspace& to, int target_db,
                std::string_view target_key, const std::optional<store::Meta>& target_old);

}  // namespace ringkv::cmd
