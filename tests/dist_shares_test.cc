// Shares: contiguous ranges of the input order, one per rank, covering every
// file once, with the largest share as small as any contiguous split allows.
#include "pipeline/dist/shares.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace winnow {
namespace {

std::vector<InputFile> Files(const std::vector<uint64_t>& sizes) {
  std::vector<InputFile> files;
  for (size_t i = 0; i < sizes.size(); ++i) {
    InputFile f;
    f.path = "f" + std::to_string(i);
    f.regular = true;
    f.size = sizes[i];
    files.push_back(f);
  }
  return files;
}

uint64_t Weight(const std::vector<uint64_t>& sizes, size_t b, size_t e) {
  uint64_t w = 0;
  for (size_t i = b; i < e; ++i) w += sizes[i] + kFileWeight;
  return w;
}

// The smallest possible largest share, by trying every split (small inputs).
uint64_t BestMax(const std::vector<uint64_t>& sizes, size_t from, int n) {
  if (n == 1) return Weight(sizes, from, sizes.size());
  uint64_t best = UINT64_MAX;
  for (size_t cut = from; cut <= sizes.size(); ++cut) {
    best = std::min(best, std::max(Weight(sizes, from, cut), BestMax(sizes, cut, n - 1)));
  }
  return best;
}

void ExpectCovers(const std::vector<Share>& shares, const std::vector<uint64_t>& sizes, int n) {
  ASSERT_EQ(shares.size(), static_cast<size_t>(n));
  size_t at = 0;
  for (const Share& s : shares) {
    EXPECT_EQ(s.begin, at);
    EXPECT_LE(s.begin, s.end);
    uint64_t bytes = 0;
    for (size_t i = s.begin; i < s.end; ++i) bytes += sizes[i];
    EXPECT_EQ(s.bytes, bytes);
    at = s.end;
  }
  EXPECT_EQ(at, sizes.size());
}

TEST(DistShares, BalancedByBytesAndOptimal) {
  const std::vector<uint64_t> sizes = {100000, 5000, 5000, 90000, 20000, 20000, 20000, 60000, 1000, 1000};
  for (int n = 1; n <= 6; ++n) {
    const std::vector<Share> shares = SplitShares(Files(sizes), n);
    ExpectCovers(shares, sizes, n);
    uint64_t largest = 0;
    for (const Share& s : shares) largest = std::max(largest, Weight(sizes, s.begin, s.end));
    EXPECT_EQ(largest, BestMax(sizes, 0, n)) << n << " shares";
    for (const Share& s : shares) EXPECT_LT(s.begin, s.end) << "no rank idles with files to spare";
  }
}

TEST(DistShares, EqualFilesSplitEvenly) {
  const std::vector<uint64_t> sizes(12, 1 << 20);
  const std::vector<Share> shares = SplitShares(Files(sizes), 4);
  ExpectCovers(shares, sizes, 4);
  for (const Share& s : shares) EXPECT_EQ(s.end - s.begin, 3u);
}

TEST(DistShares, FewerFilesThanRanksLeavesTheLastRanksEmpty) {
  const std::vector<uint64_t> sizes = {10, 20};
  const std::vector<Share> shares = SplitShares(Files(sizes), 4);
  ExpectCovers(shares, sizes, 4);
  EXPECT_EQ(shares[0].end - shares[0].begin, 1u);
  EXPECT_EQ(shares[1].end - shares[1].begin, 1u);
  EXPECT_EQ(shares[2].begin, shares[2].end);
  EXPECT_EQ(shares[3].begin, shares[3].end);
}

TEST(DistShares, OneHugeFileTakesARankAlone) {
  const std::vector<uint64_t> sizes = {1, 1, uint64_t{1} << 40, 1, 1, 1};
  const std::vector<Share> shares = SplitShares(Files(sizes), 3);
  ExpectCovers(shares, sizes, 3);
  EXPECT_EQ(shares[1].begin, 2u);
  EXPECT_EQ(shares[1].end, 3u);
}

TEST(DistShares, EmptyFilesAreSpreadByCount) {
  const std::vector<uint64_t> sizes(8, 0);
  const std::vector<Share> shares = SplitShares(Files(sizes), 4);
  ExpectCovers(shares, sizes, 4);
  for (const Share& s : shares) EXPECT_EQ(s.end - s.begin, 2u);
}

TEST(DistShares, NoFiles) {
  const std::vector<Share> shares = SplitShares({}, 3);
  ExpectCovers(shares, {}, 3);
}

}  // namespace
}  // namespace winnow
