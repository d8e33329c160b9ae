// Exact and near-duplicate detection of units (paragraphs or lines).
//
// Sketcher (pure, thread-safe, runs in the parallel stage): turns a match key
// into the fingerprints the index stores and probes: hashes of word n-gram
// shingles (XXH3 over each n-gram's bytes in the key, where tokens are joined
// by one space), reduced to a sketch.
//
// DedupIndex (not thread-safe; owned by the pipeline's serial in-order
// filter, so its answers never depend on thread timing): remembers the first
// occurrence of every indexed unit and answers, for a later unit, which
// earlier unit it duplicates (exact key hash, or sketch overlap verified
// against --near-threshold) and how similar they are.
#ifndef WINNOW_STAGES_NEAR_DUP_H_
#define WINNOW_STAGES_NEAR_DUP_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace winnow {

struct NearDupOptions {
  bool near = true;          // false with --exact-only
  int ngram = 3;             // --ngram: words per shingle
  double threshold = 0.5;    // --near-threshold
  size_t memory_limit = 0;   // --index-memory in bytes; 0 = unlimited
};

class Sketcher {
 public:
  explicit Sketcher(const NearDupOptions& options);
  // Appends the fingerprints of `key` to *out and returns how many. Keys with
  // fewer than `ngram` tokens get none (they are matched by exact hash only).
  size_t Sketch(std::string_view key, std::vector<uint64_t>* out) const;

 private:
  NearDupOptions options_;
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
  float similarity = 0;     // 1 for exact; verified overlap for near
};

class DedupIndex {
 public:
  explicit DedupIndex(const NearDupOptions& options);
  ~DedupIndex();

  // Returns the earliest-inserted unit that `key_hash`/`sketch` duplicates,
  // if any. Does not modify the index.
  DedupMatch Probe(uint64_t key_hash, std::span<const uint64_t> sketch) const;

  // Remembers a unit as an original. Once memory_limit is reached, inserts
  // are ignored (full() turns true) and probing goes on against what is
  // indexed.
  void Insert(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref);

  size_t units() const;   // units inserted
  size_t bytes() const;   // memory held by the index
  bool full() const;      // memory_limit reached; later inserts ignored

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_NEAR_DUP_H_
