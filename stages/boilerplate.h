// Boilerplate classification of the units of one document, from text alone:
// what a unit is (length, stopword density, punctuation, UI vocabulary),
// where it is (context smoothing, headings, the tail after the body), and how
// often it repeats across documents of one source (template counts supplied
// by the caller, see template_counts.h), combined by a model fitted on real
// labelled pages (bp_model.h).
//
// A BoilerplateClassifier is immutable after Create() and safe to share
// between threads; per-thread mutable state lives in a Scratch the caller
// owns.
#ifndef WINNOW_STAGES_BOILERPLATE_H_
#define WINNOW_STAGES_BOILERPLATE_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "stages/bp_model.h"
#include "stages/unit.h"

namespace winnow {

struct BoilerplateOptions {
  int min_words = 0;                // 0 = the classifier's default (--min-words)
  bool keep_short_headings = false; // --keep-short-headings
  std::string stoplists_dir;        // extra stoplists, one <lang>.txt per language (--stoplists)
  std::string phrases_file;         // extra boilerplate phrases, one per line (--boilerplate-phrases)
  int template_min_docs = 3;        // a unit in >= this many docs of one source is template
  // Units of more than this many words that read as body text are never
  // called template (left to dedup, which keeps the first copy); 0 = no limit.
  int template_max_words = 0;       // --template-max-words
  // Later copies of a unit are removed by dedup (false with --no-dedup). A
  // prose paragraph repeated across a source's documents is then left to
  // dedup, which keeps its first copy, instead of being template in all.
  bool repeats_deduplicated = true;
  // Stopword density against the document's detected language (true) or
  // against the union of all stoplists (false).
  bool detect_language = true;
  // The fitted model (bp_model.h) that makes the final keep/remove call.
  // Empty model_text = the built-in stages/data/bp_model.txt; use_model =
  // false leaves the rule passes alone to decide.
  bool use_model = true;
  std::string model_text;
  // Keep the feature rows of the last Classify() in the scratch (for the
  // fitting tool) and the top contributions in each decision (--explain).
  bool keep_features = false;
  bool explain = false;
};

// One unit as the classifier sees it. Views are owned by the caller and only
// need to live for the duration of Classify().
struct UnitInput {
  std::string_view text;       // output text (normalize.h CleanText)
  std::string_view key;        // match key (normalize.h MatchKey)
  uint32_t words = 0;          // tokens in key
  uint32_t template_docs = 0;  // docs of this source containing this key; 0 = unknown
};

// The classifier's verdict on one unit, and the evidence for --explain.
struct UnitDecision {
  Reason reason = Reason::kNone;  // kNone = keep
  float score = 0;                // > 0 leans body, < 0 leans boilerplate
  uint32_t features = 0;          // bit set of evidence, see AppendExplainJson
  uint16_t stop_permille = 0;     // stopword density x 1000
  uint8_t context_class = 0;      // class after context smoothing (classifier-defined)
  // With BoilerplateOptions::explain: the features that moved the model's
  // score most, as indices into ModelFeatureName(), and their contributions
  // (logit units x 20, against the feature's mean on the fitting data).
  uint8_t top_feature[3] = {0xFF, 0xFF, 0xFF};
  int8_t top_contrib[3] = {};
};

// Name of feature index i of UnitDecision::top_feature ("s1.stop", "s2.p_prev1").
std::string ModelFeatureName(int i);

class BoilerplateClassifier {
 public:
  struct Scratch;  // per-thread buffers, defined in boilerplate.cc
  struct ScratchDeleter {
    void operator()(Scratch* s) const;
  };
  using ScratchPtr = std::unique_ptr<Scratch, ScratchDeleter>;

  // Loads stoplists and phrase lists (built-in plus the option paths). On a
  // bad path returns nullptr and sets *error to a message naming the file.
  static std::unique_ptr<BoilerplateClassifier> Create(const BoilerplateOptions& options,
                                                       std::string* error);
  ~BoilerplateClassifier();

  ScratchPtr NewScratch() const;

  // Decides every unit of one document; out.size() must equal units.size().
  // `site_source`: the template counts are per site (url host). When they
  // are per input file (documents without a url), a repeated sentence is
  // more likely a story published again than page chrome, so any
  // sentence-shaped unit, not only a prose paragraph, escapes `template`
  // (when repeats_deduplicated).
  void Classify(std::span<const UnitInput> units, std::span<UnitDecision> out,
                Scratch* scratch, bool site_source) const;

  // Appends a JSON object (no trailing newline) describing the decision's
  // features, e.g. {"words":12,"stop":0.41,"flags":["ui-share"],...}.
  void AppendExplainJson(const UnitInput& unit, const UnitDecision& decision,
                         std::string* out) const;

  // With keep_features: the stage-1 feature rows (units x kStage1Features)
  // and the evidence of the last Classify() on this scratch.
  static const std::vector<float>& Stage1Rows(const Scratch* s);
  static const std::vector<UnitEvidence>& Evidence(const Scratch* s);
  // True when a fitted model decides (see BoilerplateOptions::use_model).
  bool has_model() const;

 private:
  BoilerplateClassifier();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_BOILERPLATE_H_
