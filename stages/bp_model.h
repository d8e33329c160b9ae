// The fitted part of the boilerplate classifier: two logistic models over
// features of a unit and of its neighbours, with weights read from text
// (stages/data/bp_model.txt, written by bench/tools/bp_fit).
//
// Stage 1 sees what the unit is and what the rule passes of boilerplate.cc
// said about it and its neighbours; stage 2 sees the stage-1 scores of the
// neighbours (a window before and after, the densest block), so that a short
// line inside a run of body text is kept and a prose paragraph among other
// stories is not. Pure functions over arrays; the model is immutable after
// Parse() and shared between threads.
#ifndef WINNOW_STAGES_BP_MODEL_H_
#define WINNOW_STAGES_BP_MODEL_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stages/unit.h"

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

namespace winnow {

// What the rule passes know about one unit.
struct UnitEvidence {
  uint32_t words = 0;
  uint32_t eff_len = 0;    // chars, no-space-script chars x3
  uint32_t chars = 0;
  uint32_t digits = 0;
  uint32_t caps = 0, alpha = 0;
  uint32_t template_docs = 0;
  uint32_t flags = 0;      // BpFlag, with the context flags of the rule passes
  float stop = 0;          // stopword density in the document's language
  Reason hard = Reason::kNone;  // the rule passes' hard reason (phrases, template...)
  Reason rule = Reason::kNone;  // the rule passes' verdict (kNone = keep)
  uint8_t cf = 0;          // context-free class: 0 bad, 1 short, 2 near-good, 3 good
};

inline constexpr int kStage1Features = 60;
inline constexpr int kStage2Features = 17;
extern const char* const kStage1Names[kStage1Features];
extern const char* const kStage2Names[kStage2Features];

// Scratch of the feature passes (per thread).
struct ModelScratch {
  std::vector<float> p;      // run lengths (stage 1), stage-1 probabilities (stage 2)
  std::vector<double> cum;   // prefix sums over the document
  // For the reasons of removed units: after a comments marker (stage 1), and
  // the densest block of stage-1 scores [dense_begin, dense_end) (stage 2).
  std::vector<uint8_t> after_comments;
  size_t dense_begin = 0, dense_end = 0;
};

// The stage-1 features of the n units of one document: with weights w,
// z[i] = w . x_i; with rows, the rows are kept there (n * kStage1Features,
// row-major). Either may be null.
void Stage1Features(std::span<const UnitEvidence> ev, ModelScratch* s, const float* w, float* z,
                    std::vector<float>* rows);
// The stage-2 features, from the stage-1 logits z1 of the units; as above.
void Stage2Features(std::span<const UnitEvidence> ev, std::span<const float> z1, ModelScratch* s,
                    const float* w, float* z, std::vector<float>* rows);

struct BpModel {
  std::vector<float> w1, w2;  // kStage1Features, kStage2Features weights on raw features
  std::vector<float> m1, m2;  // the features' means on the fitting data (for --explain)
  float threshold = 0;        // keep when the stage-2 logit is above this
  uint32_t veto = 0;          // bit set of hard reasons that remove a unit whatever its score
  std::string fitted_on;      // description line from the file

  bool empty() const { return w1.empty(); }
  // Parses the text format that bp_fit writes:
  //   # comments
  //   fitted_on <text>
  //   threshold <t>
  //   veto <reason>,<reason>,...      (optional: hand rules kept as rules)
  //   s1 <feature name> <weight> <mean>   (every stage-1 feature, in order)
  //   s2 <feature name> <weight> <mean>
  // Returns false and sets *error on a malformed file or unknown feature.
  bool Parse(std::string_view text, std::string* error);
  std::string Serialize() const;

  // Four running sums, so that the adds do not wait on each other: sum k
  // adds the products of features i = k mod 4 in order. With SSE the four
  // sums are the lanes of one register (the same products and adds, so the
  // same bits).
  static float Dot(const float* w, const float* x, int d) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int i = 0;
#if defined(__SSE2__)
    __m128 acc = _mm_setzero_ps();
    for (; i + 4 <= d; i += 4)
      acc = _mm_add_ps(acc, _mm_mul_ps(_mm_loadu_ps(w + i), _mm_loadu_ps(x + i)));
    alignas(16) float lane[4];
    _mm_store_ps(lane, acc);
    s0 = lane[0], s1 = lane[1], s2 = lane[2], s3 = lane[3];
#endif
    for (; i + 4 <= d; i += 4) {
      s0 += w[i] * x[i];
      s1 += w[i + 1] * x[i + 1];
      s2 += w[i + 2] * x[i + 2];
      s3 += w[i + 3] * x[i + 3];
    }
    for (; i < d; ++i) s0 += w[i] * x[i];
    return (s0 + s1) + (s2 + s3);
  }
};

}  // namespace winnow

#endif  // WINNOW_STAGES_BP_MODEL_H_
