// PFSELFTEST's checks, as Redis runs them: packed register access on random
// values, then 10 million distinct elements added to a dense and a sparse
// HyperLogLog side by side, checking at 1, 10, 100... that the sparse one
// stays sparse while small, that both estimate the same and that the error
// stays within six standard errors. Takes about a second; pure code.
#pragma once

#include <cstddef>
#include <string>

namespace ringkv::cmd::hll {

// The error reply text ("TESTFAILED ...") or an empty string on success.
std::string run_self_test(size_t sparse_max_bytes);

}  // namespace ringkv::cmd::hll
