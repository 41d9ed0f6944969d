// CollectionKey: how a command handler opens the hash, list, set or sorted
// set stored at one key, changes its members and writes its metadata back.
//
//   CollectionKey hash(ctx, key, ValueType::kHash);
//   if (hash.wrong_type()) return ctx.reply.error(resp::kErrWrongType);
//   if (!hash.exists()) ...                      // absent (or expired) key
//   hash.members().put(field, value);            // creates it on first use
//   hash.meta().count += 1;
//   hash.save();                                 // or removes the key when count == 0
//
// Redis deletes a collection the moment its last member goes; save() does
// the same, so no command can leave an empty collection behind.
#pragma once

#include <optional>
#include <string_view>

#include "cmd/command.h"
#include "store/collection.h"
#include "store/keyspace.h"

namespace ringkv::cmd {

class CollectionKey {
 public:
  CollectionKey(CommandContext& ctx, std::string_view key, store::ValueType type);

  // The key holds a value of another type: reply WRONGTYPE and touch nothing
  // (unless the command replaces the value whatever it is: see replace()).
  bool wrong_type() const { return wrong_type_; }
  // The key held a collection of this type when it was opened.
  bool exists() const { return old_.has_value() && !wrong_type_; }
  // Working metadata: the stored one, or a fresh empty collection with a new
  // version (count 0) when the key did not exist.
  store::Meta& meta() { return meta_; }
  const std::optional<store::Meta>& old_meta() const { return old_; }
  std::string_view key() const { return key_; }
  store::Keyspace& keyspace() { return keyspace_; }
  // Member access for the working version.
  store::Collection& members();

  // Writes meta() back (a new key, or count/bounds/expiry changed), or
  // removes the key when meta().count is 0. Call once per changing command.
  void save();
  // Removes the key whatever its type and count (its members go to the sweeper).
  void remove();
  // Starts a new empty collection of this type in place of whatever the key
  // holds (*STORE destinations); save() then replaces the old value.
  void replace();

 private:
  void start_empty(store::ValueType type);

  CommandContext& ctx_;
  std::string_view key_;
  store::Keyspace& keyspace_;
  std::optional<store::Meta> old_;
  store::Meta meta_;
  std::optional<store::Collection> members_;
  bool wrong_type_ = false;
};

}  // namespace ringkv::cmd
