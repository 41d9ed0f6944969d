// HSCAN and SSCAN: incremental iteration over the fields of a hash or the
// members of a set (Redis's scanGenericCommand for one object).
//
// Members are kept in byte order, so a position is "the last member
// returned": the next call resumes at the first member after it, whatever
// was added or removed meanwhile. A member does not fit in a 64-bit cursor,
// hence a server-wide ScanCursorTable (scan_cursor.h) of its own, whose
// entries hold the key and the last member. A cursor the table no longer
// holds, or one issued for another key, restarts at the first member: that
// may repeat members but never skips one, so every member present for the
// whole iteration is returned at least once, as Redis guarantees.
//
// COUNT bounds the members examined per call (matching MATCH or not). MATCH
// seeks straight to the pattern's literal prefix. Collections of at most
// kSmallCollection members come back whole with cursor 0, as Redis returns
// its listpack and intset encodings.
#pragma once

#include "cmd/command.h"
#include "store/encoding.h"

namespace ringkv::cmd {

// The handler body of HSCAN (type kHash: field, value pairs) and SSCAN
// (type kSet: members).
void scan_members(CommandContext& ctx, store::ValueType type);

}  // namespace ringkv::cmd
