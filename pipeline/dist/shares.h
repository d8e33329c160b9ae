// Splitting the run's inputs between ranks. Each rank takes a contiguous
// range of the global input order (so that keep-first across ranks is
// "first in rank order, then in file order"), and the ranges are balanced by
// bytes: the largest share is as small as any contiguous split can make it.
//
// A file's weight is its size plus kFileWeight, so that many empty or tiny
// files (whose cost is opening them) are spread too. Streams (stdin, pipes)
// have size 0 and cannot be read by two ranks; the driver reads them on
// rank 0 only and does not call this with them.
#ifndef WINNOW_PIPELINE_DIST_SHARES_H_
#define WINNOW_PIPELINE_DIST_SHARES_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "pipeline/input/reader.h"

namespace winnow {

struct Share {
  size_t begin = 0, end = 0;  // files [begin, end) of the input list
  uint64_t bytes = 0;         // their sizes summed
};

// Bytes a file counts for besides its size (about what opening it costs).
inline constexpr uint64_t kFileWeight = 4096;

// `n` (>= 1) shares of `files`, share r for rank r, covering the list in
// order. Among the splits that minimise the largest weight, rank r's share
// ends as late as it can while every later rank still gets a file (so a
// share is empty only when there are fewer files than ranks: the last
// ranks). Deterministic: every rank computes the same split.
std::vector<Share> SplitShares(const std::vector<InputFile>& files, int n);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_SHARES_H_
