#include "pipeline/dist/dist_dedup.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/dist/comm.h"
#include "stages/dedup_resolve.h"
#include "stages/hash.h"
#include "stages/near_dup.h"
#include "stages/normalize.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

struct Unit {
  uint64_t key_hash;
  std::vector<uint64_t> sketch;
  uint64_t len;
};
struct Doc {
  std::vector<Unit> units;
  uint64_t kept_chars = 0;
};

// Pages of paragraphs drawn from a small pool of stories, exact or with a
// word changed, some pages mostly copies, some paragraphs repeated within a
// page, so that every rule of the dedup decision is exercised.
std::vector<Doc> MakeDocs(const NearDupOptions& o) {
  Normalizer norm;
  Sketcher sketcher(o);
  std::vector<std::string> pool;
  for (int i = 0; i < 40; ++i) pool.push_back(testing::MadeUpWords(300 + i, 18 + i % 25));
  auto edit = [](std::string s, int seed) {
    const size_t at = s.find(' ', (static_cast<size_t>(seed) * 7) % (s.size() / 2));
    return at == std::string::npos ? s : s.insert(at, " changed");
  };
  std::vector<Doc> docs;
  uint64_t x = 1;
  auto next = [&x](uint64_t n) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    return (x >> 33) % n;
  };
  for (int d = 0; d < 160; ++d) {
    Doc doc;
    const int n = 2 + static_cast<int>(next(7));
    for (int k = 0; k < n; ++k) {
      std::string text;
      const uint64_t kind = next(10);
      if (kind < 4) text = pool[next(pool.size())];                        // a copy
      else if (kind < 7) text = edit(pool[next(pool.size())], d * 10 + k);  // an edited copy
      else text = testing::MadeUpWords(10000 + d * 10 + k, 25);            // new
      if (k > 0 && next(12) == 0) text = pool[0];                           // repeated in the page
      std::string clean, key;
      norm.CleanText(text, &clean);
      norm.MatchKey(clean, &key);
      Unit u;
      u.key_hash = Hash64(key, kUnitKeySeed);
      sketcher.Sketch(key, &u.sketch);
      u.len = clean.size();
      doc.kept_chars += u.len;
      doc.units.push_back(std::move(u));
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

// What one process decides (as Processor::DedupDocuments does).
struct Outcome {
  bool dropped = false;
  std::vector<UnitMatch> matches;
};
std::vector<Outcome> OneProcess(const std::vector<Doc>& docs, const NearDupOptions& o) {
  DedupIndex index(o);
  std::vector<Outcome> out;
  std::vector<DedupCandidate> cands;
  std::vector<uint32_t> ends;
  std::vector<ResolveUnit> r;
  for (size_t d = 0; d < docs.size(); ++d) {
    cands.clear();
    ends.clear();
    r.assign(docs[d].units.size(), ResolveUnit{});
    const uint64_t first = index.units();
    for (size_t k = 0; k < docs[d].units.size(); ++k) {
      const Unit& u = docs[d].units[k];
      const size_t begin = cands.size();
      index.Candidates(u.key_hash, u.sketch, &cands, first);
      ends.push_back(static_cast<uint32_t>(cands.size()));
      const uint32_t uid = index.Add(u.key_hash, u.sketch, UnitRef{d, static_cast<uint32_t>(k)}, &cands, begin);
      r[k].uid = uid == DedupIndex::kNotHeld ? kNoUid : uid;
      r[k].len = u.len;
    }
    for (size_t k = 0, b = 0; k < r.size(); b = ends[k++]) r[k].cands = {cands.data() + b, ends[k] - b};
    Outcome o2;
    o2.dropped = ResolveDocument(std::span<ResolveUnit>(r), first, docs[d].kept_chars, 0.8,
                                 [&](uint64_t uid) { return index.IsOriginal(uid); },
                                 [&](uint64_t uid) { index.MarkOriginal(static_cast<uint32_t>(uid)); });
    for (const ResolveUnit& ru : r) {
      UnitMatch m;
      if (ru.match) {
        m.found = true;
        m.candidate = *ru.match;
      }
      o2.matches.push_back(m);
    }
    out.push_back(o2);
  }
  return out;
}

// On one rank, through every exchange (in slices of 5 units), the
// distributed dedup decides what one process decides.
TEST(DistDedup, OneRankDecidesWhatOneProcessDecides) {
  NearDupOptions o;
  const std::vector<Doc> docs = MakeDocs(o);
  const std::vector<Outcome> want = OneProcess(docs, o);
  std::unique_ptr<Comm> comm = Comm::Local();
  DistDedup dist(*comm, o, 0.8, 1 << 12, /*slice_units=*/5);
  for (size_t d = 0; d < docs.size(); ++d) {
    dist.Document(d, "doc" + std::to_string(d), docs[d].kept_chars);
    for (size_t k = 0; k < docs[d].units.size(); ++k) {
      const Unit& u = docs[d].units[k];
      dist.Unit(static_cast<uint32_t>(k), u.len, u.key_hash, u.sketch);
    }
  }
  dist.Decide(0);
  int dropped = 0, exact = 0, near = 0;
  for (size_t d = 0; d < docs.size(); ++d) {
    SCOPED_TRACE(d);
    bool is_dropped = false;
    std::span<const UnitMatch> got;
    dist.Next(&is_dropped, &got);
    EXPECT_EQ(is_dropped, want[d].dropped);
    dropped += is_dropped;
    ASSERT_EQ(got.size(), want[d].matches.size());
    for (size_t k = 0; k < got.size(); ++k) {
      const UnitMatch& w = want[d].matches[k];
      ASSERT_EQ(got[k].found, w.found) << k;
      if (!w.found) continue;
      EXPECT_EQ(got[k].candidate.of.doc, w.candidate.of.doc) << k;
      EXPECT_EQ(got[k].candidate.of.unit, w.candidate.of.unit) << k;
      EXPECT_EQ(got[k].candidate.exact, w.candidate.exact) << k;
      EXPECT_EQ(got[k].candidate.similarity, w.candidate.similarity) << k;
      EXPECT_EQ(got[k].of_id, "doc" + std::to_string(w.candidate.of.doc)) << k;
      (w.candidate.exact ? exact : near) += 1;
    }
  }
  // The pages do what they are for.
  EXPECT_GT(dropped, 5);
  EXPECT_GT(exact, 50);
  EXPECT_GT(near, 50);
}

}  // namespace
}  // namespace winnow
