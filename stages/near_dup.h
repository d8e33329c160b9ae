// Exact and near-duplicate detection of units (paragraphs or lines).
//
// Sketcher (pure, thread-safe, runs in the parallel stage): turns a match key
// into the fingerprints the index stores and probes: hashes of word n-gram
// shingles (each token of the key hashed once, stages/key_tokens.h; an
// n-gram's hash combines its tokens' hashes, stages/shingle.h), reduced to a
// sketch.
//
// DedupIndex (not thread-safe; owned by the pipeline's serial in-order
// filter, so its answers never depend on thread timing): remembers the first
// occurrence of every indexed unit and answers, for a later unit, which
// earlier unit it duplicates (exact key hash, or sketch overlap verified
// against --near-threshold) and how similar they are.
//
// Method (chosen by measurement on bench/neardup, see bench/neardup/README.md):
// shingle containment over a content-defined sample (a "bottom-k" sketch).
//  * Sketch: the distinct shingle hashes h <= tau of the unit, where tau is
//    the larger of (a) the sketch_size-th smallest shingle hash and (b)
//    2^64 / sample_one_in. So short units keep every shingle, typical
//    paragraphs keep sketch_size of them, and long units keep a fixed share.
//    Which shingles are kept depends only on their hash (their content), so
//    two copies of a passage keep the same shingles of that passage.
//  * Index: each unit's index_keys smallest sketch hashes go into a multimap
//    (hash -> unit). A probe looks up the probe_keys smallest hashes of its
//    sketch, so an earlier unit is a candidate when one of its smallest
//    hashes occurs among the later unit's smallest: the miss rate is about
//    (1 - share of the earlier unit's shingles found in the later one)^
//    index_keys, small even for heavy edits. Looking up only the smallest
//    loses almost nothing: when the later unit L is contained in the earlier
//    E, a key of E found in L ranks in L no lower than in E (at most
//    index_keys), and edits push it down only by the new shingles of L
//    below it. (Measured on the labelled set: probing 12, 16 or every hash
//    gives the same recall; 16 cuts end-to-end CPU by 15%.) A key
//    proposes at most 3 units (the first ones); a key that a 4th unrelated
//    unit has is a common phrase, which would make every probe verify the
//    same units: it goes to a small set of common keys and probes ignore it
//    (measured: 5x faster Probe+Insert on Zipf text, recall on the labelled
//    set 0.982 -> 0.980). The 4th unit is unrelated when it shares no other
//    index key with the key's 3 units; one that does is an edited copy of
//    one of them (a wire story's versions share most of their smallest
//    shingles), and copies must not silence the text they copy.
//  * Verification: below t = min(tau_later, tau_earlier) both sketches hold
//    every shingle of their unit, so the shingles below t are a uniform
//    sample of each unit and their overlap is known exactly (it is the exact
//    overlap when both units have at most sketch_size shingles):
//      containment = |L ∩ E| / |L|   (share of the later unit found earlier)
//      jaccard     = |L ∩ E| / |L ∪ E|
//    A later unit is a near duplicate when containment >= threshold and it
//    is not much longer than the earlier one (max_growth). This is
//    asymmetric on purpose: a truncated teaser that comes after its full
//    line is contained in it (duplicate), while a full paragraph that comes
//    after its teaser has new content (kept).
//  * Units whose key has fewer than `ngram` tokens, or fewer than min_words
//    words (tokens of two or more characters that are not all digits), get
//    no sketch and are matched by exact key only: dates, scores, bylines.
// MinHash + LSH banding was rejected: at the low Jaccard of lightly edited
// short paragraphs (0.3-0.5 with 2-3-gram shingles) banding needs one-row
// bands, i.e. many independent hashes per shingle (slower) and many band
// entries per unit (more memory), and it estimates Jaccard, not containment.
// Winnowing keeps ~2/(w+1) of all shingles, several times this sketch's size
// for typical paragraphs.
//
// Answer (deterministic): among the candidates (see DedupIndex), the first
// original exact one, else the first original near one in input order.
#ifndef WINNOW_STAGES_NEAR_DUP_H_
#define WINNOW_STAGES_NEAR_DUP_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "stages/shingle.h"

namespace winnow {

struct NearDupOptions {
  bool near = true;          // false with --exact-only
  int ngram = 2;             // --ngram: words per shingle (1..16)
  double threshold = 0.45;   // --near-threshold: containment of the later unit
  size_t memory_limit = 0;   // --index-memory in bytes; 0 = unlimited
  // Sketch and index shape (see the comment above).
  int sketch_size = 32;      // shingles every sketch keeps (if the unit has them)
  int sample_one_in = 4;     // long units keep at least 1 in this many shingles
  int index_keys = 6;        // smallest sketch hashes indexed per unit
  int probe_keys = 16;       // smallest sketch hashes a probe looks up
  int min_words = 10;        // fewer words: exact match only
  // A later unit with more than max(max_growth * n, 6) shingles beyond the n
  // of the earlier unit carries new content (a full line after its teaser):
  // it is not a near duplicate of it, however much of the earlier it contains.
  double max_growth = 0.2;
  // Fill DedupMatch::of. Resolving a unit number to its (document, unit)
  // costs a lookup per match; callers that report nothing turn it off.
  bool resolve_refs = true;
};

class Sketcher {
 public:
  explicit Sketcher(const NearDupOptions& options);
  // Appends the sketch of `key` to *out and returns how many words were
  // appended (0 when the unit is matched by exact key only, or near=false).
  // Layout: the sampled distinct shingle hashes in ascending order, then two
  // trailer words: the unit's number of shingles, and tau (every shingle
  // hash <= tau is in the sample; UINT64_MAX when it holds every shingle). *out is used
  // as scratch beyond its initial size; nothing else is allocated.
  size_t Sketch(std::string_view key, std::vector<uint64_t>* out) const;

  const NearDupOptions& options() const { return options_; }

 private:
  NearDupOptions options_;
  uint64_t pow_n_ = 1;  // kShinglePoly^ngram
};

// A unit by its document's global input ordinal and its index among that
// document's non-empty units.
struct UnitRef {
  uint64_t doc = 0;
  uint32_t unit = 0;
};

struct DedupMatch {
  bool found = false;
  bool exact = false;       // same key hash
  UnitRef of;               // the earlier unit
  float similarity = 0;     // 1 for exact; verified containment for near
  float containment = 0;    // share of this unit's shingles found in `of`
  float jaccard = 0;        // shingle Jaccard similarity with `of`
};

// An earlier unit that a later one may duplicate: a holder of the same key
// hash (exact), or a holder of a text whose sketch verified against the
// later unit's (near). `uid` orders holders: global input order.
struct DedupCandidate {
  uint64_t uid = 0;
  UnitRef of;               // filled when NearDupOptions::resolve_refs
  float similarity = 0;     // 1 for exact; verified containment for near
  float jaccard = 0;        // shingle Jaccard similarity (1 for exact)
  bool exact = false;
};

// Whether a later unit (Sketcher output) is a near duplicate of an earlier
// one (its sketch as the index stores it): containment >= threshold over a
// common sample large enough to say so, and not much longer. The overlap in
// *o when it is; when not, *o may be partial (the comparison stops once the
// threshold is out of reach).
bool VerifyNear(std::span<const uint64_t> later, const Sketch32& earlier, const NearDupOptions& options,
                Overlap* o);
// The same with the later unit's sketch in the stored form, every hash kept
// (WriteSketch32 without a cap): the same answer.
bool VerifyNear(const Sketch32& later, const Sketch32& earlier, const NearDupOptions& options, Overlap* o);

// Which earlier units a unit is compared with does not depend on what was
// decided about them (which documents were dropped, which units were
// duplicates): every unit that dedup looks at is a *holder*, in input
// order, and the decision among the candidates (the first that is an
// original: stages/dedup_resolve.h) is taken afterwards. This is what lets
// ranks of a distributed run find the candidates of their units in
// parallel and agree byte for byte with one process (pipeline/dist/).
//  * A text's holders are the first kMaxMembers units with its key hash
//    (its "members"); later copies are not held. The first member is the
//    text's representative: only it is sketched and indexed for near
//    matches, so copies of one text never make its keys common.
//  * Exact candidates of U: the members of U's key hash (held before U).
//  * Near candidates of U: for each probe key, the representatives held
//    before U that index that key, unless there are 4 or more of them (a
//    common phrase); those whose sketch verifies, expanded to their
//    members.
class DedupIndex {
 public:
  static constexpr uint32_t kNotHeld = UINT32_MAX;
  static constexpr size_t kMaxMembers = 3;

  explicit DedupIndex(const NearDupOptions& options);
  ~DedupIndex();

  // Appends the candidates of a unit with this key hash and sketch: the
  // exact ones in holder order, then the near ones in holder order (a
  // holder appears once). uid is the holder number. Does not modify the index.
  // Holders below `settled` are settled (IsOriginal is final for them): once
  // one of those is an original candidate, no later candidate can be the
  // answer, and the list may end there (exact: near ones are not verified).
  void Candidates(uint64_t key_hash, std::span<const uint64_t> sketch,
                  std::vector<DedupCandidate>* out, uint64_t settled = 0) const;
  // Starts loading the table lines that Candidates and Add of this unit
  // will read: called a unit or two ahead, their cache misses overlap
  // with the work on the units before.
  void Prefetch(uint64_t key_hash, std::span<const uint64_t> sketch) const;

  // Holds a unit after its Candidates were taken; returns its holder number,
  // or kNotHeld (kMaxMembers copies held already, or memory_limit reached:
  // full() turns true and nothing more is held). `cands`, when given, are the
  // unit's candidates, taken since the last Add of its key hash: their exact
  // ones spare looking the key up again.
  uint32_t Add(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref,
               const std::vector<DedupCandidate>* cands = nullptr, size_t cands_begin = 0);
  // Marks a holder as an original (kept, in a kept document).
  void MarkOriginal(uint32_t uid);
  bool IsOriginal(uint64_t uid) const;

  // For callers where every held unit is an original (tests, benches):
  // the first original candidate (exact first), and Add + MarkOriginal of a
  // unit whose key hash has no original yet.
  DedupMatch Probe(uint64_t key_hash, std::span<const uint64_t> sketch) const;
  void Insert(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref);

  // Probing ahead: Candidates is const and reads only what Add writes, so
  // many threads may probe at once while nothing adds. To probe a batch of
  // units ahead and then add in order, call Snapshot() when the ahead
  // answers were taken; until the next Snapshot(), ChangedFor(unit) is false
  // only if no Add since can have changed that unit's candidates (none
  // touched its exact key or the index keys it looks up), so the ahead
  // answer still stands. Without a Snapshot() it is always true.
  void Snapshot();
  bool ChangedFor(uint64_t key_hash, std::span<const uint64_t> sketch) const;

  size_t units() const;   // holders
  size_t bytes() const;   // memory held by the index
  bool full() const;      // memory_limit reached; later units not held

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_NEAR_DUP_H_
