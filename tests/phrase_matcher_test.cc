#include "stages/phrase_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

// Every token, at any offset and of any length (short, exactly 8, over 8 and
// over 16 bytes, empty between two spaces), is reported with TokenHash and
// its data, and long tokens match exactly (not by their first 8 bytes).
TEST(PhraseMatcher, TokenHashesAndDataAtEveryLength) {
  PhraseMatcher m;
  m.Add("abcdefghijklmnopqr", 1, PhraseMatcher::kAnywhere);
  m.Add("abcdefgh", 2, PhraseMatcher::kAnywhere);
  m.AddTokenData("abcdefghijklmnopqr", 0x5);
  m.AddTokenData("abcdefgh", 0x2);
  m.AddTokenData("the", 0x8);
  m.AddTokenData("the", 0x1);
  m.Build();
  const std::vector<std::string> words = {"the", "a", "abcdefgh", "abcdefghi",
                                          "abcdefghijklmnopq", "abcdefghijklmnopqr",
                                          "abcdefghijklmnopqs", "xyzxyzxyzxyzxyzxyzxyzxyz"};
  for (size_t lead = 0; lead < 9; ++lead) {
    for (size_t i = 0; i < words.size(); ++i) {
      std::vector<std::string> toks(lead, "x");
      toks.push_back(words[i]);
      toks.push_back(words[(i + 3) % words.size()]);
      std::string key;
      for (const std::string& t : toks) key += (key.empty() ? "" : " ") + t;
      std::vector<std::pair<uint64_t, uint16_t>> got;
      PhraseMatcher::Result r;
      m.Scan(key, &r, [&](uint64_t h, uint16_t d) { got.emplace_back(h, d); });
      ASSERT_EQ(got.size(), toks.size()) << key;
      uint32_t any = 0;
      for (size_t k = 0; k < toks.size(); ++k) {
        EXPECT_EQ(got[k].first, PhraseMatcher::TokenHash(toks[k])) << key << " token " << k;
        const uint16_t want = toks[k] == "the" ? 0x9
                              : toks[k] == "abcdefgh" ? 0x2
                              : toks[k] == "abcdefghijklmnopqr" ? 0x5 : 0;
        EXPECT_EQ(got[k].second, want) << key << " token " << k;
        if (toks[k] == "abcdefghijklmnopqr") any |= 1u << 1;
        if (toks[k] == "abcdefgh") any |= 1u << 2;
      }
      EXPECT_EQ(r.any, any) << key;
    }
  }
  // Empty tokens (not produced by MatchKey, but well defined).
  std::vector<uint64_t> hs;
  PhraseMatcher::Result r;
  m.Scan(" a  b ", &r, [&](uint64_t h) { hs.push_back(h); });
  const uint64_t e = PhraseMatcher::TokenHash(""), a = PhraseMatcher::TokenHash("a"),
                 b = PhraseMatcher::TokenHash("b");
  EXPECT_EQ(hs, (std::vector<uint64_t>{e, a, e, b, e}));
}

// A phrase counts only if its trailing space lies in the first
// max_match_bytes of the key; one ending at the end of the key needs it all.
TEST(PhraseMatcher, MatchPrefixLimit) {
  PhraseMatcher m;
  m.Add("read also", 1, PhraseMatcher::kAnywhere);
  m.Build();
  const std::string key = "please read also this";  // the space after "also" is at 16
  PhraseMatcher::Result r;
  int tokens = 0;
  m.Scan(key, &r, [&](uint64_t) { ++tokens; }, 16);
  EXPECT_EQ(r.any, 0u);
  EXPECT_EQ(tokens, 4);
  m.Scan(key, &r, [](uint64_t) {}, 17);
  EXPECT_EQ(r.any, 1u << 1);
  EXPECT_EQ(r.first_end, 16u);
  m.Scan("read also", &r, [](uint64_t) {}, 8);
  EXPECT_EQ(r.any, 0u);
  m.Scan("read also", &r, [](uint64_t) {}, 9);
  EXPECT_EQ(r.whole, 1u << 1);
}

// Coverage of overlapping matches, the longest at each end first, and the
// counted weak category.
TEST(PhraseMatcher, CoverageAndCountedCategory) {
  PhraseMatcher m;
  m.Add("home", 1, PhraseMatcher::kWeak);
  m.Add("news", 1, PhraseMatcher::kWeak);
  m.Add("home news", 1, PhraseMatcher::kWeak);
  m.Add("monday", 30, PhraseMatcher::kWeak);
  m.SetCountedCategory(30);
  m.Build();
  PhraseMatcher::Result r;
  m.Scan("home news sport monday monday", &r);
  EXPECT_EQ(r.covered, 9u);  // "home news"
  EXPECT_EQ(r.counted, 2u);
  EXPECT_EQ(r.weak, (1u << 1) | (1u << 30));
  EXPECT_EQ(r.any, 0u);
}

}  // namespace
}  // namespace winnow
