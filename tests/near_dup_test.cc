#include "stages/near_dup.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <vector>

#include "stages/dedup_index.h"
#include "stages/hash.h"
#include "stages/key_tokens.h"
#include "stages/normalize.h"
#include "stages/shingle.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

// Feeds units through Normalizer -> Sketcher -> DedupIndex the way the
// pipeline does: probe; insert when not found.
class Feeder {
 public:
  explicit Feeder(NearDupOptions o = {}) : options_(o), sketcher_(o), index_(o) {}

  DedupMatch Probe(const std::string& text) {
    Prepare(text);
    return index_.Probe(Hash64(key_, kUnitKeySeed), sketch_);
  }
  // Probes, inserts when new; returns the match.
  DedupMatch Feed(const std::string& text) {
    DedupMatch m = Probe(text);
    if (!m.found) index_.Insert(Hash64(key_, kUnitKeySeed), sketch_, UnitRef{next_doc_, 0});
    ++next_doc_;
    return m;
  }
  DedupIndex& index() { return index_; }
  const std::vector<uint64_t>& sketch() const { return sketch_; }

 private:
  void Prepare(const std::string& text) {
    clean_.clear();
    key_.clear();
    sketch_.clear();
    norm_.CleanText(text, &clean_);
    norm_.MatchKey(clean_, &key_);
    sketcher_.Sketch(key_, &sketch_);
  }
  NearDupOptions options_;
  Normalizer norm_;
  Sketcher sketcher_;
  DedupIndex index_;
  std::string clean_, key_;
  std::vector<uint64_t> sketch_;
  uint64_t next_doc_ = 0;
};

const char* kStory =
    "The central bank raised its benchmark interest rate by a quarter of a percentage point on "
    "Wednesday, the third increase this year, as policymakers tried to cool inflation that has "
    "stayed well above their target despite slowing growth in manufacturing and retail sales.";
const char* kOther =
    "Firefighters in the northern hills battled a wildfire that forced hundreds of families from "
    "their homes overnight, officials said, as strong winds pushed the flames toward a highway "
    "and power lines that serve much of the valley below.";
const char* kSameTopic =
    "Economists had expected the move after a string of strong jobs reports, although several "
    "lenders warned that higher borrowing costs would weigh on home buyers and small businesses "
    "already struggling with rising prices for energy and food.";

TEST(NearDupTest, ExactCopyIsFound) {
  Feeder f;
  EXPECT_FALSE(f.Feed(kStory).found);
  DedupMatch m = f.Feed(kStory);
  EXPECT_TRUE(m.found);
  EXPECT_TRUE(m.exact);
  EXPECT_EQ(m.of.doc, 0u);
  EXPECT_FLOAT_EQ(m.similarity, 1.0f);
}

TEST(NearDupTest, PunctuationAndCaseOnlyAreExact) {
  Feeder f;
  f.Feed(kStory);
  std::string loud = "THE CENTRAL BANK RAISED ITS BENCHMARK INTEREST RATE — by a quarter of a "
                     "percentage point on Wednesday; the third increase this year, as policymakers "
                     "tried to cool inflation that has stayed well above their target despite "
                     "slowing growth in manufacturing and retail sales!!";
  EXPECT_TRUE(f.Feed(loud).exact);
}

TEST(NearDupTest, TwentyPercentOfWordsChanged) {
  Feeder f;
  f.Feed(kStory);
  // 40 words, 8 changed.
  DedupMatch m = f.Feed(
      "The central bank lifted its key interest rate by a quarter of a percentage point on "
      "Tuesday, the fourth increase this year, as officials tried to cool inflation that has "
      "remained well above their goal despite slowing growth in factory and retail sales.");
  EXPECT_TRUE(m.found);
  EXPECT_FALSE(m.exact);
  EXPECT_EQ(m.of.doc, 0u);
  EXPECT_GE(m.containment, 0.45f);
  EXPECT_GT(m.jaccard, 0.0f);
  EXPECT_LE(m.jaccard, m.containment + 1e-6f);
}

TEST(NearDupTest, AttributionAddedOrRemoved) {
  Feeder f;
  f.Feed(kStory);
  EXPECT_TRUE(f.Feed(std::string("FRANKFURT, March 3 (Reuters) - ") + kStory).found);
  EXPECT_TRUE(f.Feed(std::string(kStory) + " - AFP").found);
  Feeder g;
  g.Feed(std::string("LONDON (AP) — ") + kStory);
  DedupMatch m = g.Feed(kStory);
  EXPECT_TRUE(m.found);
  EXPECT_FALSE(m.exact);
}

TEST(NearDupTest, NumbersAndDatesChanged) {
  Feeder f;
  f.Feed("Officials said 1,240 people had been evacuated by 6 p.m. on Monday, March 4, and that "
         "another 300 were expected to leave before the river crests at 31 feet on Thursday "
         "morning, according to the county emergency office.");
  DedupMatch m =
      f.Feed("Officials said 1,315 people had been evacuated by 7 p.m. on Tuesday, March 5, and "
             "that another 450 were expected to leave before the river crests at 33 feet on "
             "Friday morning, according to the county emergency office.");
  EXPECT_TRUE(m.found);
}

TEST(NearDupTest, SentencesReordered) {
  Feeder f;
  f.Feed("The mayor opened the new bridge on Saturday. Thousands of residents walked across it "
         "before cars were allowed. The project took six years and cost more than planned. "
         "Critics said the money should have gone to schools.");
  EXPECT_TRUE(f.Feed("The project took six years and cost more than planned. Critics said the "
                     "money should have gone to schools. The mayor opened the new bridge on "
                     "Saturday. Thousands of residents walked across it before cars were allowed.")
                  .found);
}

TEST(NearDupTest, TeaserAfterFullLineIsDuplicate) {
  Feeder f;
  f.Feed(kStory);
  DedupMatch m = f.Feed(
      "The central bank raised its benchmark interest rate by a quarter of a percentage point on "
      "Wednesday, the third increase this year, as policy…");
  EXPECT_TRUE(m.found);
  EXPECT_EQ(m.of.doc, 0u);
}

TEST(NearDupTest, FullLineAfterTeaserIsKept) {
  Feeder f;
  f.Feed("The central bank raised its benchmark interest rate by a quarter of a percentage point "
         "on Wednesday, the third...");
  EXPECT_FALSE(f.Feed(kStory).found);
}

TEST(NearDupTest, SharedQuotedSentenceIsNotMerged) {
  Feeder f;
  const std::string quote =
      "“We will do whatever it takes to bring prices back under control,” the governor said.";
  f.Feed(quote + " Markets rose after the announcement, with bank shares leading gains, while "
                 "the currency strengthened against the dollar and bond yields climbed to their "
                 "highest level since the spring.");
  EXPECT_FALSE(f.Feed("Union leaders, who have demanded wage increases to match the cost of "
                      "living, were unimpressed and said strikes planned for next month at ports "
                      "and rail depots would go ahead. " + quote)
                   .found);
}

TEST(NearDupTest, HardNegativesAreNotMerged) {
  Feeder f;
  f.Feed(kStory);
  EXPECT_FALSE(f.Feed(kSameTopic).found);
  EXPECT_FALSE(f.Feed(kOther).found);
}

TEST(NearDupTest, ShortAndNumericUnitsAreExactOnly) {
  Feeder f;
  f.Feed("Updated 10:45 a.m. EST, March 3, 2024");
  EXPECT_FALSE(f.Feed("Updated 11:05 a.m. EST, March 4, 2024").found);
  f.Feed("Reporting by Mary Smith; Editing by Paul Jones");
  EXPECT_FALSE(f.Feed("Reporting by Mary Smith; Editing by Paul Brown").found);
  EXPECT_TRUE(f.Feed("Reporting by Mary Smith; Editing by Paul Jones").exact);
  // Fewer tokens than the n-gram length: no sketch.
  std::vector<uint64_t> out;
  EXPECT_EQ(Sketcher(NearDupOptions{}).Sketch("hello", &out), 0u);
  EXPECT_TRUE(out.empty());
}

TEST(NearDupTest, ExactOnlyMode) {
  NearDupOptions o;
  o.near = false;
  Feeder f(o);
  f.Feed(kStory);
  EXPECT_TRUE(f.sketch().empty());
  EXPECT_FALSE(f.Feed(std::string("FRANKFURT (Reuters) - ") + kStory).found);
  EXPECT_TRUE(f.Feed(kStory).exact);
  EXPECT_EQ(f.index().units(), 2u);
}

TEST(NearDupTest, FirstInsertedWins) {
  Feeder f;
  f.Feed(kOther);                                          // doc 0
  f.Feed(kStory);                                          // doc 1
  f.Feed(std::string("PARIS (AFP) - ") + kStory + " The decision was unanimous.");  // doc 2, dup
  f.index().Insert(Hash64("unrelated key", kUnitKeySeed), {}, UnitRef{3, 0});
  DedupMatch m = f.Feed(std::string(kStory) + " (Reuters)");
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.of.doc, 1u);
  // A unit of the same document may duplicate an earlier unit of it.
  DedupIndex idx{NearDupOptions{}};
  idx.Insert(42, {}, UnitRef{7, 0});
  idx.Insert(42, {}, UnitRef{8, 3});  // same key again: the first stays
  EXPECT_EQ(idx.units(), 1u);
  EXPECT_EQ(idx.Probe(42, {}).of.doc, 7u);
}

TEST(NearDupTest, UnitNumbersAndDocsRoundTrip) {
  DedupIndex idx{NearDupOptions{.near = false}};
  for (uint32_t u = 0; u < 600; ++u) idx.Insert(1000 + u, {}, UnitRef{uint64_t{1} << 40, u});
  for (uint32_t u = 0; u < 600; u += 37) {
    DedupMatch m = idx.Probe(1000 + u, {});
    ASSERT_TRUE(m.found);
    EXPECT_EQ(m.of.doc, uint64_t{1} << 40);
    EXPECT_EQ(m.of.unit, u);
  }
  EXPECT_FALSE(idx.Probe(5, {}).found);
}

TEST(NearDupTest, MemoryLimitStopsInsertsButKeepsMatching) {
  NearDupOptions o;
  o.memory_limit = 1 << 20;
  Feeder f(o);
  f.Feed(kStory);
  EXPECT_FALSE(f.index().full());
  size_t fed = 1;
  for (; fed < 100000 && !f.index().full(); ++fed) {
    std::string para;  // distinct words: never a duplicate of an earlier one
    for (size_t w = 0; w < 40; ++w) para += " w" + std::to_string(fed * 40 + w);
    f.Feed(para);
  }
  EXPECT_TRUE(f.index().full());
  EXPECT_LE(f.index().bytes(), o.memory_limit);
  const size_t units = f.index().units();
  f.Feed(kOther);  // ignored
  EXPECT_EQ(f.index().units(), units);
  EXPECT_FALSE(f.Probe(kOther).found);
  EXPECT_TRUE(f.Probe(kStory).exact);
  EXPECT_TRUE(f.Probe(std::string("(AP) - ") + kStory).found);
}

TEST(NearDupTest, BytesPerUnitAreCompact) {
  NearDupOptions o;
  Sketcher s(o);
  DedupIndex near(o), exact(NearDupOptions{.near = false});
  std::vector<uint64_t> sk;
  std::string key;
  const int kUnits = 200000;
  for (int i = 0; i < kUnits; ++i) {
    key.clear();
    for (int w = 0; w < 60; ++w) key += (w ? " w" : "w") + std::to_string((i * 131 + w * 7919) % 100003);
    sk.clear();
    s.Sketch(key, &sk);
    near.Insert(Hash64(key, kUnitKeySeed), sk, UnitRef{uint64_t(i), 0});
    exact.Insert(Hash64(key, kUnitKeySeed), {}, UnitRef{uint64_t(i), 0});
  }
  EXPECT_LE(double(near.bytes()) / kUnits, 256.0);
  EXPECT_LE(double(exact.bytes()) / kUnits, 20.0);
}

// The sketch as its definition states it: all shingle hashes, tau = max(k-th
// smallest with repeats, 2^64 / sample_one_in), every distinct h <= tau.
std::vector<uint64_t> ReferenceSketch(const NearDupOptions& o, const std::string& key) {
  std::vector<size_t> starts, ends;
  size_t words = 0;
  for (size_t p = 0; p <= key.size();) {
    size_t e = key.find(' ', p);
    if (e == std::string::npos) e = key.size();
    starts.push_back(p);
    ends.push_back(e);
    const bool digits = std::isdigit(static_cast<unsigned char>(key[p])) &&
                        std::isdigit(static_cast<unsigned char>(key[e - 1]));
    words += e - p >= 2 && !digits;
    p = e + 1;
  }
  const size_t n = static_cast<size_t>(o.ngram);
  if (starts.size() < n || words < static_cast<size_t>(o.min_words)) return {};
  std::vector<uint64_t> h;
  for (size_t t = n - 1; t < starts.size(); ++t) {
    // Horner's rule over the n-gram's token hashes, first token first.
    uint64_t poly = 0;
    for (size_t j = t + 1 - n; j <= t; ++j) {
      poly = poly * kShinglePoly +
             key_tokens::Hash(std::string_view(key).substr(starts[j], ends[j] - starts[j]));
    }
    h.push_back(ShingleFinish(poly));
  }
  const size_t m = h.size(), k = static_cast<size_t>(o.sketch_size);
  uint64_t tau = UINT64_MAX;
  std::vector<uint64_t> sorted = h;
  std::sort(sorted.begin(), sorted.end());
  if (m > k) {
    tau = std::max(sorted[k - 1], UINT64_MAX / static_cast<uint64_t>(o.sample_one_in));
    if (sorted.back() <= tau) tau = UINT64_MAX;
  }
  std::vector<uint64_t> out;
  for (uint64_t x : sorted) {
    if (x <= tau && (out.empty() || out.back() != x)) out.push_back(x);
  }
  out.push_back(m);
  out.push_back(tau);
  return out;
}

// Probing a batch ahead against an index nothing writes to, then inserting
// in order (the pipeline on many threads): an ahead answer is reused only
// where ChangedFor is false, and there it equals what a probe at that point
// answers; copies of units inserted earlier in the same batch, which the
// ahead probe could not see, are flagged.
TEST(DedupIndexTest, AheadAnswersHoldUnlessChangedFor) {
  NearDupOptions o;
  Normalizer norm;
  Sketcher sketcher(o);
  DedupIndex index(o);
  struct Unit {
    uint64_t hash;
    std::vector<uint64_t> sketch;
  };
  auto make = [&](const std::string& text) {
    std::string clean, key;
    norm.CleanText(text, &clean);
    norm.MatchKey(clean, &key);
    Unit u{Hash64(key, kUnitKeySeed), {}};
    sketcher.Sketch(key, &u.sketch);
    return u;
  };
  // Every 7th word replaced: containment ~0.7 with 2-word shingles.
  auto edit = [](const std::string& text, int seed) {
    std::string out;
    size_t word = 0, b = 0;
    while (b <= text.size()) {
      size_t e = std::min(text.find(' ', b), text.size());
      if (!out.empty()) out += ' ';
      out += word++ % 7 == 3 ? "zq" + std::to_string(seed * 100 + word) : text.substr(b, e - b);
      b = e + 1;
    }
    return out;
  };
  std::vector<std::string> before, batch;
  for (int i = 0; i < 300; ++i) before.push_back(testing::MadeUpWords(i, 40));
  for (int i = 0; i < 600; ++i) {
    if (i % 3 == 0) batch.push_back(edit(before[i / 2], i));            // copies an indexed unit
    else if (i % 3 == 1 && i > 26) batch.push_back(edit(batch[i - 26], i));  // copies a new one of this batch
    else batch.push_back(testing::MadeUpWords(1000 + i, 40));           // new
  }
  for (size_t i = 0; i < before.size(); ++i) {
    Unit u = make(before[i]);
    if (!index.Probe(u.hash, u.sketch).found) index.Insert(u.hash, u.sketch, UnitRef{i, 0});
  }
  std::vector<Unit> units;
  std::vector<DedupMatch> ahead;
  for (const std::string& t : batch) {
    units.push_back(make(t));
    ahead.push_back(index.Probe(units.back().hash, units.back().sketch));
  }
  index.Snapshot();
  int reused = 0, flagged_changes = 0;
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    const DedupMatch now = index.Probe(u.hash, u.sketch);
    if (!index.ChangedFor(u.hash, u.sketch)) {
      ++reused;
      ASSERT_EQ(ahead[i].found, now.found) << i;
      EXPECT_EQ(ahead[i].exact, now.exact) << i;
      EXPECT_EQ(ahead[i].of.doc, now.of.doc) << i;
      EXPECT_EQ(ahead[i].similarity, now.similarity) << i;
    } else if (ahead[i].found != now.found || ahead[i].of.doc != now.of.doc) {
      ++flagged_changes;
    }
    if (!now.found) index.Insert(u.hash, u.sketch, UnitRef{1000 + i, 0});
  }
  EXPECT_GE(flagged_changes, 150);  // the in-batch copies: ~190
  EXPECT_GE(reused, 350);
}

// The table under both indexes, at growth steps and loads other than the
// defaults: every entry is found, in insertion order among equal keys, and
// the per-key cap holds.
TEST(BucketTableTest, GrowsAtAnyStepAndLoadAndFindsEverything) {
  for (auto [div, load] : {std::pair<size_t, double>{2, 0.9}, {4, 0.95}, {8, 0.9}, {16, 0.97}}) {
    SCOPED_TRACE(div);
    BucketTable t(div, load);
    std::mt19937 rng(5);
    std::vector<uint32_t> fps;
    for (uint32_t i = 0; i < 60000; ++i) {
      const uint32_t fp = i % 7 == 0 && i > 0 ? fps[rng() % fps.size()] : static_cast<uint32_t>(rng());
      fps.push_back(fp);
      t.Put(fp, i, /*max_same=*/3);
    }
    for (uint32_t i = 0; i < fps.size(); i += 97) {
      std::vector<uint32_t> got;
      t.Find(fps[i], [&](uint32_t idx) { got.push_back(idx); });
      std::vector<uint32_t> want;
      for (uint32_t j = 0; j < fps.size() && want.size() < 3; ++j) {
        if (fps[j] == fps[i]) want.push_back(j);
      }
      ASSERT_EQ(got, want) << i;
    }
    EXPECT_GE(static_cast<double>(t.size()) / static_cast<double>(t.bytes() / 8), load * 0.75);
  }
}

// A Sketcher-layout sketch of 32-bit shingle values (ascending), holding
// every shingle of its unit.
std::vector<uint64_t> SketchOfValues(std::vector<uint32_t> v) {
  std::sort(v.begin(), v.end());
  std::vector<uint64_t> s;
  for (uint32_t x : v) s.push_back(uint64_t{x} << 32);
  s.push_back(v.size());
  s.push_back(UINT64_MAX);
  return s;
}

// An index key shared by 4 earlier units is a common phrase:
// it stops proposing candidates, in a full probe and in a reprobe, while
// the same key in 3 units still does. The later unit below shares 21 of its
// 26 shingles with the first earlier unit, but of that unit's 6 index keys
// only the shared smallest one is among its own.
TEST(DedupIndexTest, KeyOfFourUnitsProposesNoCandidates) {
  NearDupOptions o;
  auto earlier = [](uint32_t i) {
    std::vector<uint32_t> v{1};                                    // the shared key
    for (uint32_t j = 0; j < 5; ++j) v.push_back(10 + 5 * i + j);  // own index keys
    for (uint32_t j = 0; j < 20; ++j) v.push_back(1000 + 100 * i + j);
    return SketchOfValues(v);
  };
  std::vector<uint32_t> lv{1};
  for (uint32_t j = 0; j < 20; ++j) lv.push_back(1000 + j);  // unit 0's unindexed shingles
  for (uint32_t j = 0; j < 5; ++j) lv.push_back(5000 + j);
  const std::vector<uint64_t> later = SketchOfValues(lv);
  for (uint32_t units : {3u, 4u, 5u}) {
    SCOPED_TRACE(units);
    DedupIndex index(o);
    for (uint32_t i = 0; i < units; ++i) index.Insert(100 + i, earlier(i), UnitRef{i, 0});
    const DedupMatch m = index.Probe(7, later);
    EXPECT_EQ(m.found, units < 4);
    if (m.found) EXPECT_EQ(m.of.doc, 0u);
  }
  // Every representative counts toward the key, original or not: three
  // held units keep proposing, the original among them is the answer; a
  // fourth held unit makes the key common even though it is no original.
  for (uint32_t units : {3u, 4u}) {
    SCOPED_TRACE(units);
    DedupIndex index(o);
    std::vector<uint32_t> l1{1};
    for (uint32_t j = 0; j < 20; ++j) l1.push_back(1100 + j);  // unit 1's shingles
    for (uint32_t i = 0; i < units; ++i) {
      const uint32_t uid = index.Add(100 + i, earlier(i), UnitRef{i, 0});
      if (i == 1) index.MarkOriginal(uid);
    }
    std::vector<DedupCandidate> c;
    index.Candidates(8, SketchOfValues(l1), &c);
    ASSERT_EQ(c.size(), units < 4 ? 1u : 0u);
    if (!c.empty()) EXPECT_EQ(c[0].of.doc, 1u);
    EXPECT_EQ(index.Probe(8, SketchOfValues(l1)).found, units < 4);
  }
}

// Copies of one text: the first three are held (exact candidates of later
// copies, in order); a near match of the text is a candidate through each
// of them, so when the first copy is no original the second answers.
TEST(DedupIndexTest, CopiesAreMembersOfTheirRepresentative) {
  const std::string story =
      "The council voted on Tuesday to close the old bridge to cars while engineers inspect its cables.";
  NearDupOptions o;
  DedupIndex index(o);
  Sketcher sk(o);
  Normalizer norm;
  auto unit = [&](const std::string& text, std::vector<uint64_t>* sketch) {
    std::string clean, key;
    norm.CleanText(text, &clean);
    norm.MatchKey(clean, &key);
    sketch->clear();
    sk.Sketch(key, sketch);
    return Hash64(key, kUnitKeySeed);
  };
  std::vector<uint64_t> s;
  const uint64_t h = unit(story, &s);
  std::vector<uint32_t> uids;
  for (uint64_t d = 0; d < 4; ++d) uids.push_back(index.Add(h, s, UnitRef{d, 0}));
  EXPECT_EQ(uids, (std::vector<uint32_t>{0, 1, 2, DedupIndex::kNotHeld}));
  std::vector<DedupCandidate> c;
  index.Candidates(h, s, &c);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(c[i].exact);
    EXPECT_EQ(c[i].of.doc, i);
  }
  std::vector<uint64_t> s2;
  const uint64_t h2 = unit("(AP) - " + story + " Officials said.", &s2);
  c.clear();
  index.Candidates(h2, s2, &c);
  ASSERT_EQ(c.size(), 3u);
  for (size_t i = 0; i < 3; ++i) EXPECT_FALSE(c[i].exact);
  EXPECT_FALSE(index.Probe(h2, s2).found);  // no original yet
  index.MarkOriginal(1);
  const DedupMatch m = index.Probe(h2, s2);
  ASSERT_TRUE(m.found);
  EXPECT_EQ(m.of.doc, 1u);
  EXPECT_FALSE(m.exact);
}

TEST(KeySetTest, HoldsWhatWasInsertedAndNothingElse) {
  KeySet set;
  EXPECT_FALSE(set.Has(0));
  EXPECT_FALSE(set.Has(42));
  std::mt19937 rng(9);
  std::vector<uint32_t> in;
  for (int i = 0; i < 20000; ++i) in.push_back(static_cast<uint32_t>(rng()));
  in.push_back(0);
  for (uint32_t k : in) {
    set.Insert(k);
    set.Insert(k);  // twice: still one key
  }
  std::sort(in.begin(), in.end());
  in.erase(std::unique(in.begin(), in.end()), in.end());
  EXPECT_EQ(set.size(), in.size());
  for (uint32_t k : in) ASSERT_TRUE(set.Has(k)) << k;
  for (int i = 0; i < 20000; ++i) {
    const uint32_t k = static_cast<uint32_t>(rng());
    EXPECT_EQ(set.Has(k), std::binary_search(in.begin(), in.end(), k)) << k;
  }
  EXPECT_LE(set.bytes(), in.size() * 4 * sizeof(uint32_t));
}

TEST(ShingleTest, SketchMatchesItsDefinition) {
  std::mt19937_64 rng(7);
  for (int ngram : {1, 2, 3}) {
    for (int size : {4, 32}) {
      NearDupOptions o;
      o.ngram = ngram;
      o.sketch_size = size;
      Sketcher s(o);
      for (int unit = 0; unit < 300; ++unit) {
        // Lengths around the sketch size and far past the stack buffer;
        // a small vocabulary repeats shingles.
        const size_t words = unit < 200 ? 1 + rng() % 90 : 100 + rng() % 3000;
        const size_t vocab = rng() % 2 ? 20 : 5000;
        std::string key;
        for (size_t w = 0; w < words; ++w) {
          if (w) key += ' ';
          key += "w" + std::to_string(rng() % vocab);
        }
        std::vector<uint64_t> got;
        s.Sketch(key, &got);
        ASSERT_EQ(got, ReferenceSketch(o, key)) << "ngram " << ngram << " words " << words;
      }
    }
  }
}

TEST(ShingleTest, SketchLayoutAndOverlap) {
  NearDupOptions o;
  o.sketch_size = 4;
  Sketcher s(o);
  std::vector<uint64_t> a = {7};  // existing content is kept
  const std::string key = "one two three four five six seven eight nine ten eleven twelve";
  size_t n = s.Sketch(key, &a);
  ASSERT_GE(n, 6u);  // >= 4 hashes + 2 trailer words
  EXPECT_EQ(a[0], 7u);
  std::span<const uint64_t> sk(a.data() + 1, n);
  EXPECT_EQ(SketchShingles(sk), 11u);
  EXPECT_TRUE(std::is_sorted(SketchHashes(sk).begin(), SketchHashes(sk).end()));
  EXPECT_NE(SketchTau(sk), UINT32_MAX);
  std::vector<uint32_t> e;
  for (uint64_t h : SketchHashes(sk)) e.push_back(Shingle32(h));
  Overlap ov = CompareSketches(sk, Sketch32{e, SketchTau(sk), 11});
  EXPECT_FLOAT_EQ(ov.containment, 1.0f);
  EXPECT_FLOAT_EQ(ov.jaccard, 1.0f);
}

// Stopping once the threshold is out of reach must not change what
// verifies: on pairs of edited paragraphs (from untouched to rewritten),
// the comparison with `need` agrees with the full one on every pair at
// and above the threshold, and says below it on every pair below.
TEST(ShingleTest, ComparisonThatStopsEarlyDecidesAsTheFullOne) {
  NearDupOptions o;
  Sketcher s(o);
  std::mt19937 rng(7);
  std::vector<std::string> vocab;
  for (int i = 0; i < 400; ++i) vocab.push_back("w" + std::to_string(i));
  size_t above = 0, below = 0;
  for (int pair = 0; pair < 400; ++pair) {
    std::vector<std::string> words;
    const size_t n = 20 + rng() % 200;
    for (size_t i = 0; i < n; ++i) words.push_back(vocab[rng() % vocab.size()]);
    std::string earlier, later;
    const int edit = pair % 5 * 10;  // percent of words replaced
    for (size_t i = 0; i < n; ++i) {
      earlier += (i ? " " : "") + words[i];
      later += (i ? " " : "") + (static_cast<int>(rng() % 100) < edit ? vocab[rng() % vocab.size()] : words[i]);
    }
    std::vector<uint64_t> a, b;
    s.Sketch(later, &a);
    s.Sketch(earlier, &b);
    std::vector<uint32_t> e;
    for (uint64_t h : SketchHashes(b)) e.push_back(Shingle32(h));
    const Sketch32 stored{e, SketchTau(b), SketchShingles(b)};
    const float need = static_cast<float>(o.threshold);
    const Overlap full = CompareSketches(a, stored);
    const Overlap quick = CompareSketches(a, stored, need);
    EXPECT_EQ(quick.sampled, full.sampled);
    if (full.containment >= need) {
      ++above;
      EXPECT_EQ(quick.containment, full.containment);
      EXPECT_EQ(quick.shared, full.shared);
      EXPECT_EQ(quick.jaccard, full.jaccard);
    } else {
      ++below;
      EXPECT_LT(quick.containment, need);
    }
  }
  EXPECT_GT(above, 50u);
  EXPECT_GT(below, 50u);
}

}  // namespace
}  // namespace winnow
