#include "pipeline/dist/shares.h"

#include <algorithm>

namespace winnow {
namespace {

uint64_t Weight(const InputFile& f) { return f.size + kFileWeight; }

// Greedy fill with at most `cap` per share: each share takes files while
// they fit and enough files remain for the shares after it to get one each
// (every share takes at least one file while any is left). False when the
// files do not fit into n shares of `cap`.
bool Fill(const std::vector<InputFile>& files, int n, uint64_t cap, std::vector<Share>* out) {
  out->assign(n, Share{});
  size_t i = 0;
  for (int r = 0; r < n; ++r) {
    Share& s = (*out)[r];
    s.begin = i;
    uint64_t w = 0;
    const size_t later = static_cast<size_t>(n - 1 - r);  // ranks after this one
    while (i < files.size() && w + Weight(files[i]) <= cap && (files.size() - i > later || i == s.begin)) {
      w += Weight(files[i]);
      s.bytes += files[i].size;
      ++i;
    }
    s.end = i;
  }
  return i == files.size();
}

}  // namespace

std::vector<Share> SplitShares(const std::vector<InputFile>& files, int n) {
  n = std::max(n, 1);
  uint64_t lo = 0, hi = 0;
  for (const InputFile& f : files) {
    lo = std::max(lo, Weight(f));  // no share is lighter than its heaviest file
    hi += Weight(f);
  }
  // The smallest feasible cap, by bisection: feasibility is monotone in it,
  // and the greedy fill decides it (a share that closes early to leave a
  // file for each later rank only ever closes on a file that fits alone).
  std::vector<Share> shares;
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (Fill(files, n, mid, &shares)) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  Fill(files, n, lo, &shares);
  return shares;
}

}  // namespace winnow
