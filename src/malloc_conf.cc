// jemalloc's start-up options, read from this symbol when the server links
// jemalloc (meson.build): its memory is backed by transparent huge pages
// where the kernel's THP mode is "madvise" (Debian's default), jemalloc
// asking for them itself.
//
// Why: a GET or SET reaches its key through a few random accesses into
// large tables (row cache slots and entries, key filter, access clock, the
// memtable skiplist); with 4 KiB pages nearly each one also missed the TLB,
// and a page walk costs several more memory reads (more still in a VM).
// With 2 MiB pages the same accesses hit the TLB.
//
// It costs some memory: jemalloc hands out memory in 2 MiB-backed extents.
// redis-server advises against THP because its fork() for RDB/AOF rewrite
// copies whole huge pages on write; ringkv never forks.
extern "C" {
const char* malloc_conf = "thp:always,metadata_thp:auto";
}
