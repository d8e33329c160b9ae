#include "stages/phrase_matcher.h"

#include <gtest/gtest.h>

namespace winnow {
namespace {

TEST(PhraseMatcher, WordBoundariesAndAnchors) {
  PhraseMatcher m;
  m.Add("read also", 1, PhraseMatcher::kAnywhere);
  m.Add("share", 2, PhraseMatcher::kWhole);
  m.Add("follow", 3, PhraseMatcher::kStart);
  m.Add("facebook", 4, PhraseMatcher::kWeak);
  m.Build();
  PhraseMatcher::Result r;
  m.Scan("please read also this", &r);
  EXPECT_EQ(r.any, 1u << 1);
  m.Scan("bread also", &r);  // not on a token boundary
  EXPECT_EQ(r.any, 0u);
  m.Scan("read alsoo", &r);
  EXPECT_EQ(r.any, 0u);
  m.Scan("share", &r);
  EXPECT_EQ(r.whole, 1u << 2);
  m.Scan("share this", &r);
  EXPECT_EQ(r.any, 0u);
  m.Scan("follow us", &r);
  EXPECT_EQ(r.start, 1u << 3);
  m.Scan("we follow us", &r);
  EXPECT_EQ(r.any, 0u);
  m.Scan("facebook", &r);
  EXPECT_EQ(r.weak, 1u << 4);
  EXPECT_EQ(r.any, 0u);
  EXPECT_EQ(r.covered, 8u);
}

TEST(PhraseMatcher, OverlappingPhrasesAndTokenHashes) {
  PhraseMatcher m;
  m.Add("a b c", 1, PhraseMatcher::kAnywhere);
  m.Add("b", 2, PhraseMatcher::kAnywhere);
  m.Add("c d", 3, PhraseMatcher::kAnywhere);
  m.Build();
  PhraseMatcher::Result r;
  int tokens = 0;
  uint64_t last = 0;
  m.Scan("a b c d", &r, [&](uint64_t h) { ++tokens, last = h; });
  EXPECT_EQ(r.any, (1u << 1) | (1u << 2) | (1u << 3));
  EXPECT_EQ(tokens, 4);
  EXPECT_EQ(last, PhraseMatcher::TokenHash("d"));
}

}  // namespace
}  // namespace winnow
