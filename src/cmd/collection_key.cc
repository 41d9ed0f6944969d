// CollectionKey: see collection_key.h.
#include "cmd/collection_key.h"

namespace ringkv::cmd {

CollectionKey::CollectionKey(CommandContext& ctx, std::string_view key, store::ValueType type)
    : ctx_(ctx), key_(key), keyspace_(ctx.keyspace(key)) {
  old_ = keyspace_.lookup(ctx.db, key, ctx.now_ms);
  wrong_type_ = old_ && old_->type != type;
  if (old_ && !wrong_type_) {
    meta_ = *old_;
  } else {
    start_empty(type);
  }
}

void CollectionKey::start_empty(store::ValueType type) {
  meta_ = store::Meta{};
  meta_.type = type;
  // A list grows both ways from the middle of the index space.
  meta_.list_head = meta_.list_tail = uint64_t{1} << 63;
  members_.reset();
}

void CollectionKey::replace() {
  start_empty(meta_.type);
  wrong_type_ = false;
}

store::Collection& CollectionKey::members() {
  if (!members_) {
    if (meta_.version == 0) meta_.version = keyspace_.new_version();
    members_.emplace(keyspace_.store(), ctx_.db, key_, meta_.version);
  }
  return *members_;
}

void CollectionKey::save() {
  if (meta_.count == 0) {
    if (!old_) return;
    // The command removed the last members itself (same version): nothing
    // is left for the sweeper. A replaced value still goes to it.
    store::Meta gone = *old_;
    if (gone.version == meta_.version) gone.count = 0;
    keyspace_.remove(ctx_.db, key_, gone);
    old_.reset();
    return;
  }
  if (meta_.version == 0) meta_.version = keyspace_.new_version();
  keyspace_.write(ctx_.db, key_, meta_, old_);
  old_ = meta_;
}

void CollectionKey::remove() {
  if (old_) keyspace_.remove(ctx_.db, key_, *old_);
  old_.reset();
  meta_.count = 0;
}

}  // namespace ringkv::cmd
