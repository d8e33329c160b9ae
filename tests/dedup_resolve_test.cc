#include "stages/dedup_resolve.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace winnow {
namespace {

DedupCandidate Cand(uint64_t uid, bool exact) {
  DedupCandidate c;
  c.uid = uid;
  c.of = UnitRef{uid, 0};
  c.similarity = exact ? 1.0f : 0.6f;
  c.exact = exact;
  return c;
}

struct Doc {
  std::vector<std::vector<DedupCandidate>> cands;
  std::vector<ResolveUnit> units;
  void Unit(uint64_t uid, uint64_t len, std::vector<DedupCandidate> c) {
    cands.push_back(std::move(c));
    ResolveUnit u;
    u.uid = uid;
    u.len = len;
    units.push_back(u);
  }
  bool Resolve(uint64_t first_uid, uint64_t kept, std::set<uint64_t>* originals) {
    for (size_t i = 0; i < units.size(); ++i) units[i].cands = cands[i];
    return ResolveDocument(
        std::span<ResolveUnit>(units), first_uid, kept, 0.8,
        [&](uint64_t uid) { return originals->count(uid) > 0; },
        [&](uint64_t uid) { originals->insert(uid); });
  }
};

// The first original candidate wins, exact before near; candidates that
// are no originals are passed over.
TEST(ResolveDocument, FirstOriginalCandidateExactFirst) {
  std::set<uint64_t> originals{1, 4, 7};
  Doc d;
  d.Unit(10, 100, {Cand(2, true), Cand(1, false), Cand(4, false)});  // 2 is no original: near 1
  d.Unit(11, 100, {Cand(4, true), Cand(1, false)});                  // exact 4 before near 1
  d.Unit(12, 100, {Cand(3, false)});                                 // nothing original
  d.Unit(13, 300, {});
  EXPECT_FALSE(d.Resolve(10, 600, &originals));
  ASSERT_NE(d.units[0].match, nullptr);
  EXPECT_EQ(d.units[0].match->uid, 1u);
  EXPECT_FALSE(d.units[0].match->exact);
  ASSERT_NE(d.units[1].match, nullptr);
  EXPECT_EQ(d.units[1].match->uid, 4u);
  EXPECT_EQ(d.units[2].match, nullptr);
  EXPECT_EQ(d.units[3].match, nullptr);
  // The new units became originals, the copies did not.
  EXPECT_EQ(originals, (std::set<uint64_t>{1, 4, 7, 12, 13}));
}

// Copies holding 80% of the kept text drop the document: the copies are
// reported, and nothing of it becomes an original, not even its new unit.
TEST(ResolveDocument, MostlyCopiedDocumentIsDroppedAndHoldsNothing) {
  std::set<uint64_t> originals{1, 2};
  Doc d;
  d.Unit(10, 400, {Cand(1, true)});
  d.Unit(11, 400, {Cand(2, false)});
  d.Unit(12, 150, {});
  EXPECT_TRUE(d.Resolve(10, 1000, &originals));
  EXPECT_EQ(d.units[0].match->uid, 1u);
  EXPECT_EQ(d.units[1].match->uid, 2u);
  EXPECT_EQ(d.units[2].match, nullptr);
  EXPECT_EQ(originals, (std::set<uint64_t>{1, 2}));
  // Below the share it stays, and the new unit is an original.
  std::set<uint64_t> o2{1, 2};
  Doc e;
  e.Unit(10, 400, {Cand(1, true)});
  e.Unit(11, 400, {Cand(2, false)});
  e.Unit(12, 150, {});
  EXPECT_FALSE(e.Resolve(10, 1001 + 200, &o2));
  EXPECT_EQ(o2, (std::set<uint64_t>{1, 2, 12}));
}

// A paragraph repeated within its page: the second copy duplicates the
// first, which became an original in this same resolution; units of the
// document count only after the share of earlier documents is decided.
TEST(ResolveDocument, RepeatWithinTheDocument) {
  std::set<uint64_t> originals;
  Doc d;
  d.Unit(20, 100, {});
  d.Unit(21, 100, {Cand(20, true)});
  d.Unit(kNoUid, 50, {Cand(20, true)});  // a copy not held (the text's fourth)
  EXPECT_FALSE(d.Resolve(20, 250, &originals));
  EXPECT_EQ(d.units[0].match, nullptr);
  ASSERT_NE(d.units[1].match, nullptr);
  EXPECT_EQ(d.units[1].match->uid, 20u);
  ASSERT_NE(d.units[2].match, nullptr);
  EXPECT_EQ(originals, (std::set<uint64_t>{20}));
}

}  // namespace
}  // namespace winnow
