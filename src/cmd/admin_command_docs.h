// Redis 7.0's documentation of its commands — what COMMAND INFO and COMMAND
// DOCS report beyond a command's name and arity: flags, legacy key range,
// ACL categories, tips, key specs, complexity, history, arguments. Redis
// generates this from its src/commands/*.json; ringkv keeps the same data,
// recorded from redis-server 7.0.15's own COMMAND INFO and COMMAND DOCS by
// gen_command_docs.py into admin_command_docs_table_{a,b}.cc, one record per
// command and subcommand. COMMAND shows a record only for commands that
// ringkv's table has, so the documentation appears with each family.
//
// Records hold reply trees in a compact encoding that write_encoded()
// replays through a ReplyWriter (so RESP2 and RESP3 both come out as Redis
// sends them): "%n;" map of n pairs, "*n;" array, "~n;" set, "$n;" bulk
// string of n bytes, "+n;" status of n bytes, ":v;" integer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resp/reply_writer.h"

namespace ringkv::cmd {

struct CommandDocRecord {
  const char* name;  // Redis's full name: "get", "config|get"
  const char* summary;
  const char* since;
  const char* group;  // as COMMAND DOCS prints it ("sorted-set")
  // COMMAND INFO after name and arity, without subcommands: seven nodes
  // (flags, first key, last key, key step, ACL categories, tips, key specs).
  const char* info;
  // COMMAND DOCS fields after summary, since and group, without
  // subcommands: one map node (complexity, doc_flags, history, arguments...).
  const char* docs;
};

// The record of a full name (lower case), nullptr when Redis has none.
const CommandDocRecord* find_command_docs(std::string_view full_name);

// Writes the node at the front of *encoded and removes it from there.
void write_encoded(resp::ReplyWriter& reply, std::string_view* encoded);
// Removes the node at the front of *encoded without writing it.
void skip_encoded(std::string_view* encoded);

// A decoded node, for the few places that read records (key specs, ACL
// categories) rather than replay them.
struct DocNode {
  char kind = 0;  // '%', '*', '~', '$', '+', ':'
  std::string text;
  int64_t integer = 0;
  std::vector<DocNode> children;  // a map's keys and values alternate

  // A map's value for `key`, nullptr when absent.
  const DocNode* get(std::string_view key) const;
};
DocNode decode_encoded(std::string_view* encoded);

}  // namespace ringkv::cmd
