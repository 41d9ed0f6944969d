// The generic key commands are split by concern: keys.cc (existence,
// deletion, type, rename, copy, move), key_scan.cc (KEYS, SCAN, RANDOMKEY)
// and key_object.cc (OBJECT). keys.cc's add_key_commands() registers all of
// them; this header joins the three files.
#pragma once

#include <string_view>
#include <vector>

#include "cmd/command.h"
#include "store/encoding.h"

namespace ringkv::cmd {

void add_key_scan_commands(std::vector<CommandSpec>* table);    // key_scan.cc
void add_key_object_commands(std::vector<CommandSpec>* table);  // key_object.cc
void add_key_memory_commands(std::vector<CommandSpec>* table);  // key_memory.cc

// The name TYPE replies and SCAN's TYPE option matches.
std::string_view type_name(store::ValueType type);

// Whether `meta`'s deadline has passed at `now_ms` (the key is logically gone).
inline bool is_expired(const store::Meta& meta, uint64_t now_ms) {
  return meta.expire_at_ms != 0 && meta.expire_at_ms <= now_ms;
}

}  // namespace ringkv::cmd
