// Copying a key's value; see key_copy.h.
#include "cmd/key_copy.h"

#include "store/collection.h"

namespace ringkv::cmd {

void copy_value(store::Keyspace& from, int source_db, std::string_view source_key,
                const store::Meta& source, store::Keyspace& to, int target_db,
                std::string_view target_key, const std::optional<store::Meta>& target_old) {
  store::Meta copy = source;
  switch (source.type) {
    case store::ValueType::kString:
      break;  // the value is in the metadata itself
    case store::ValueType::kHash:
    case store::ValueType::kList:
    case store::ValueType::kSet:
    case store::ValueType::kZset:
      copy.version = to.new_version();
      store::copy_members(from.store(), source_db, source_key, source, to.store(), target_db,
                          target_key, copy.version);
      break;
  }
  to.write(target_db, target_key, copy, target_old);
}

}  // namespace ringkv::cmd
