// Sketch comparison shared by DedupIndex, tests and the evaluation tool.
// The Sketcher itself is declared in stages/near_dup.h and defined in
// stages/shingle.cc. Pure functions, thread-safe.
#ifndef WINNOW_STAGES_SHINGLE_H_
#define WINNOW_STAGES_SHINGLE_H_

#include <algorithm>
#include <cstdint>
#include <span>

#include "stages/hash.h"

namespace winnow {

// A shingle's hash: its n token hashes t_1 .. t_n (key_tokens::Hash) read
// as a polynomial, H = t_1 P^(n-1) + ... + t_n (mod 2^64), so that a sliding
// window updates it in O(1), then avalanched (MurmurHash3's 64-bit
// finaliser, after XOR with a fixed seed) so that every bit of the result is
// uniform: the sample bounds and Shingle32 rely on it.
inline constexpr uint64_t kShinglePoly = 0xC2B2AE3D27D4EB4FULL;
inline uint64_t ShingleFinish(uint64_t poly) {
  uint64_t h = poly ^ kShingleSeed;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 33);
}

// Index and verification work on the high 32 bits of shingle hashes; the
// order of the sketch is kept (h >> 32 is monotone).
inline uint32_t Shingle32(uint64_t h) { return static_cast<uint32_t>(h >> 32); }

// A sketch as the index stores it: ascending 32-bit sampled hashes, the
// sampling bound (UINT32_MAX = the sample holds the whole unit) and the
// unit's number of shingles.
struct Sketch32 {
  std::span<const uint32_t> hashes;
  uint32_t tau = UINT32_MAX;
  uint32_t shingles = 0;
};

struct Overlap {
  float containment = 0;  // |L ∩ E| / |L| over the common sample
  float jaccard = 0;      // |L ∩ E| / |L ∪ E| over the common sample
  uint32_t sampled = 0;   // |L| in the common sample (0: nothing to compare)
  uint32_t shared = 0;    // |L ∩ E| in the common sample
};

// `later` is a Sketcher::Sketch output (hashes then the tau trailer). With
// need > 0 the comparison may stop once a containment of `need` is out of
// reach: then containment < need, shared is partial and jaccard 0.
Overlap CompareSketches(std::span<const uint64_t> later, const Sketch32& earlier, float need = 0);
// The same with the later unit's sketch in the stored form (same answer).
Overlap CompareSketches(const Sketch32& later, const Sketch32& earlier, float need = 0);

// The parts of a Sketcher::Sketch output: hashes, shingle count, tau.
inline std::span<const uint64_t> SketchHashes(std::span<const uint64_t> s) {
  return s.size() < 2 ? s.first(0) : s.first(s.size() - 2);
}
inline uint32_t SketchShingles(std::span<const uint64_t> s) {
  return s.size() < 2 ? 0 : static_cast<uint32_t>(std::min<uint64_t>(s[s.size() - 2], UINT32_MAX));
}
inline uint32_t SketchTau(std::span<const uint64_t> s) {
  return s.empty() || s.back() == UINT64_MAX ? UINT32_MAX : Shingle32(s.back());
}

// A sketch in its stored form, 3 + hashes words: [tau, n, shingles,
// h_1 .. h_n] (32-bit). Keeps the max_hashes smallest (still a valid
// sample, with tau lowered to the last kept). Returns the words written.
inline size_t WriteSketch32(std::span<const uint64_t> sketch, size_t max_hashes, uint32_t* p) {
  std::span<const uint64_t> h = SketchHashes(sketch);
  uint32_t tau = SketchTau(sketch);
  if (h.size() > max_hashes) {
    h = h.first(max_hashes);
    tau = Shingle32(h.back());
  }
  p[0] = tau;
  p[1] = static_cast<uint32_t>(h.size());
  p[2] = SketchShingles(sketch);
  for (size_t i = 0; i < h.size(); ++i) p[3 + i] = Shingle32(h[i]);
  return h.size() + 3;
}
inline Sketch32 ReadSketch32(const uint32_t* p) {
  return Sketch32{std::span<const uint32_t>(p + 3, p[1]), p[0], p[2]};
}

}  // namespace winnow

#endif  // WINNOW_STAGES_SHINGLE_H_
