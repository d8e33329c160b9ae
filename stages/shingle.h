// Sketch comparison shared by DedupIndex, tests and the evaluation tool.
// The Sketcher itself is declared in stages/near_dup.h and defined in
// stages/shingle.cc. Pure functions, thread-safe.
#ifndef WINNOW_STAGES_SHINGLE_H_
#define WINNOW_STAGES_SHINGLE_H_

#include <cstdint>
#include <span>

namespace winnow {

// Index and verification work on the high 32 bits of shingle hashes; the
// order of the sketch is kept (h >> 32 is monotone).
inline uint32_t Shingle32(uint64_t h) { return static_cast<uint32_t>(h >> 32); }

// A sketch as the index stores it: ascending 32-bit sampled hashes and the
// sampling bound (UINT32_MAX = the sample holds the whole unit).
struct Sketch32 {
  std::span<const uint32_t> hashes;
  uint32_t tau = UINT32_MAX;
};

struct Overlap {
  float containment = 0;  // |L ∩ E| / |L| over the common sample
  float jaccard = 0;      // |L ∩ E| / |L ∪ E| over the common sample
  uint32_t sampled = 0;   // |L| in the common sample (0: nothing to compare)
};

// `later` is a Sketcher::Sketch output (hashes then the tau trailer).
Overlap CompareSketches(std::span<const uint64_t> later, const Sketch32& earlier);

// The hashes part and the tau of a Sketcher::Sketch output.
inline std::span<const uint64_t> SketchHashes(std::span<const uint64_t> s) {
  return s.empty() ? s : s.first(s.size() - 1);
}
inline uint32_t SketchTau(std::span<const uint64_t> s) {
  return s.empty() || s.back() == UINT64_MAX ? UINT32_MAX : Shingle32(s.back());
}

}  // namespace winnow

#endif  // WINNOW_STAGES_SHINGLE_H_
