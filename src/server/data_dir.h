// DataDir: the on-disk layout — DIR/ringkv.format records the format
// version and the shard count fixed at creation; DIR/shard-NN/ holds one
// LevelDB per shard. A directory written with another format or shard count
// is refused, never silently misread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/keyspace.h"

namespace ringkv::server {

// Opens (creating if needed) the data dir. `requested_shards` is used only
// for a new dir (0 = `default_shards`); an existing dir must agree when
// requested_shards != 0. On failure returns false with *error set.
bool open_data_dir(const std::string& dir, int requested_shards, int default_shards,
                   int databases, size_t cache_bytes,
                   std::vector<std::unique_ptr<store::Keyspace>>* shards, std::string* error);

}  // namespace ringkv::server
