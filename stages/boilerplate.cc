// Boilerplate classification in four steps:
//  1. context-free: per-unit features (bp_features.h) give either a hard
//     verdict with a specific reason (phrase, price, link, date, template...)
//     or a jusText-style class: bad / short / near-good / good;
//  2. context: headings followed by text, jusText smoothing of short and
//     near-good units, lists introduced by a colon, and the tail rule (after
//     a related/comments/shopping marker only resumed body text survives);
//  3. the fitted model (bp_model.h) takes all of that as evidence, with the
//     unit's neighbours, and decides; hard reasons the weights file names
//     as vetoes still remove a unit, and a page is never emptied;
//  4. within the document: truncated teasers of another line and repeats of
//     an earlier kept line.
#include "stages/boilerplate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "stages/bp_features.h"
#include "stages/bp_lexicon.h"
#include "stages/embedded.h"
#include "stages/hash.h"
#include "stages/normalize.h"

namespace winnow {
namespace {

enum Cls : uint8_t { kBad = 0, kShort = 1, kNearGood = 2, kGood = 3 };

// jusText defaults (justext/core.py), measured on lines of text dumps.
constexpr uint32_t kLenLow = 70;
constexpr uint32_t kLenHigh = 200;
// Stopword densities against our compact stoplists (about 50-160 function
// words per language; jusText's larger lists use 0.30/0.32).
constexpr float kStopGood = 0.24f;      // prose
constexpr float kStopLow = 0.18f;       // long unpunctuated text
constexpr float kStopSentence = 0.12f;  // a sentence (ends in . ! ?) with this much is text
constexpr float kStopNone = 0.08f;      // below this, a 70+ char line is a keyword list
constexpr int kDefaultMinWords = 4;
constexpr uint32_t kResumeWords = 60;      // one tail paragraph this long resumes the body
constexpr uint32_t kResumeRunWords = 80;   // or consecutive good paragraphs this long
constexpr uint32_t kMaxTitleRepeats = 10;  // a title seen on more pages is chrome
constexpr uint32_t kMarkerWords = 6;       // a tail marker is heading-sized
constexpr uint32_t kCreditWords = 12;
// Headings: up to 20 words in sentence case; a title-case headline, as many
// news sites write them, up to 30 words.
constexpr uint32_t kSentenceCaseHeadingWords = 20;
constexpr uint32_t kHeadingWords = 30;
constexpr uint32_t kHeadingLen = 220;
constexpr uint32_t kShortHeadingLen = 160;      // a credit names a source, it does not describe
constexpr size_t kScanTeaserUnits = 256;   // longer documents sort their keys for teasers

constexpr uint32_t Bit(Reason r) { return 1u << static_cast<uint32_t>(r); }

struct PhraseRule {
  Reason reason;
  uint16_t start_max;  // max words when the phrase starts the unit
  uint16_t any_max;    // max words when the phrase is anywhere
};
// Order = priority when several categories match.
constexpr PhraseRule kPhraseRules[] = {
    {Reason::kCookie, 90, 90},     {Reason::kPaywall, 60, 60},
    {Reason::kComments, 12, 20},   {Reason::kNewsletter, 60, 50},
    {Reason::kShopping, 15, 45},   {Reason::kCopyright, 40, 40},
    {Reason::kRelated, 25, 12},    {Reason::kShare, 15, 20},
    {Reason::kAd, 15, 15},         {Reason::kByline, 12, 25},
    {Reason::kDate, 12, 8},        {Reason::kCredit, 20, 25},
    {Reason::kCaption, 30, 45},
    {Reason::kNav, 10, 12},
};

// Hard reasons of units that sit inside an article body (a date line, a
// caption, an "Advertisement" slot, an inline "Read also"): their
// neighbours' context looks through them.
constexpr uint32_t kInlineReasons = Bit(Reason::kDate) | Bit(Reason::kByline) |
                                    Bit(Reason::kCaption) | Bit(Reason::kCredit) | Bit(Reason::kAd) |
                                    Bit(Reason::kNewsletter) | Bit(Reason::kRelated);
constexpr uint8_t kTransparent = 0xFF;  // cls value of such units during smoothing

const char* ClsName(uint8_t c) {
  switch (c) {
    case kBad: return "bad";
    case kShort: return "short";
    case kNearGood: return "neargood";
    default: return "good";
  }
}

}  // namespace

struct BoilerplateClassifier::Impl {
  BoilerplateOptions options;
  Normalizer norm;
  Lexicon lex;
  uint32_t min_words = kDefaultMinWords;
  BpModel model;

  Reason HardReason(const UnitInput& u, const UnitFeatures& f) const;
  // The fitted model's verdicts over the rule passes' verdicts in *out.
  void ApplyModel(std::span<const UnitInput> units, std::span<UnitDecision> out,
                  BoilerplateClassifier::Scratch* s) const;
  uint8_t ContextFree(const UnitFeatures& f, float stop, bool unknown_lang) const;
  float Stop(const UnitFeatures& f, int lang) const {
    if (f.words == 0) return 0;
    const uint32_t hits = lang < 0 ? f.stop_any : f.stop_lang[lang];
    return static_cast<float>(hits) / static_cast<float>(f.words);
  }
};

struct BoilerplateClassifier::Scratch {
  std::vector<UnitFeatures> f;
  std::vector<uint8_t> cf, cls;
  std::vector<Reason> hard;
  std::vector<uint32_t> flags;
  std::vector<uint64_t> seen;
  // Context passes in linear time (a document may hold 10^5 units):
  // classes of the nearest units after each unit, runs of unremoved units,
  // units in key order.
  std::vector<uint8_t> next_strict, next_loose;
  std::vector<uint32_t> run_good, run_words;
  std::vector<uint32_t> by_key;
  // The fitted model's inputs and scores.
  std::vector<UnitEvidence> ev;
  ModelScratch ms;
  std::vector<float> x1, x2, z1, z2;
};

namespace {

// "Related posts", "More from X", "Comments (3)": a heading that opens a
// block of links or comments. An inline "Read also: <headline>" is not one.
bool IsTailMarker(Reason h, const UnitFeatures& f) {
  if (h != Reason::kRelated && h != Reason::kComments) return false;
  const uint32_t b = Bit(h);
  return (f.ph.whole & b) || ((f.ph.start & b) && f.words <= kMarkerWords);
}

// Removed units that sit inside an article body; see kInlineReasons. A
// sentence-long affiliate disclosure is one too, a price line is not.
bool IsInline(Reason h, const UnitFeatures& f) {
  if (h == Reason::kNone || IsTailMarker(h, f)) return false;
  if (Bit(h) & kInlineReasons) return true;
  return h == Reason::kShopping && f.words >= 15;
}

// A heading: no sentence end, capitalised, at most 20 words without a comma.
// With `long_titles` a title-case headline may have up to kHeadingWords
// words and commas ("Council Approves Plan After Debate Over Costs, Traffic
// and Parking"), where most words are capitalised; in a sentence-case line a
// comma marks a clause or a list. Long titles are for the rule passes
// deciding alone (--rules-only): the model's weights were fitted on the
// short-heading evidence (with long titles as rule evidence its site-split
// F1 falls from 0.889 to 0.885), and it keeps a long headline before its
// article from the context features.
bool HeadingShaped(const UnitFeatures& f, bool long_titles) {
  const uint32_t max_words = long_titles ? kHeadingWords : kSentenceCaseHeadingWords;
  if (f.words == 0 || f.words > max_words || f.eff_len > (long_titles ? kHeadingLen : kShortHeadingLen)) return false;
  if ((f.flags & kFlagTerminal) && !(f.flags & kFlagQuestion)) return false;
  if (f.flags & (kFlagEllipsis | kFlagUrl | kFlagEmail)) return false;
  const bool title_case = long_titles && f.caps * 3 >= f.alpha * 2;
  if ((f.flags & kFlagComma) && !title_case) return false;
  if (f.words > kSentenceCaseHeadingWords && !title_case) return false;
  return (f.flags & kFlagUpperStart) != 0;
}

}  // namespace

Reason BoilerplateClassifier::Impl::HardReason(const UnitInput& u, const UnitFeatures& f) const {
  const uint32_t w = f.words;
  const PhraseMatcher::Result& ph = f.ph;
  if (ph.any & Bit(Reason::kUserPhrase)) return Reason::kUserPhrase;
  if (w == 0) return Reason::kShort;
  if (ph.whole) {
    for (const PhraseRule& r : kPhraseRules)
      if (ph.whole & Bit(r.reason)) return r.reason;
  }
  const bool terminal = f.flags & kFlagTerminal;
  if ((f.flags & (kFlagUrl | kFlagEmail)) && !terminal && w <= 40 && f.stop_any * 5 < w)
    return Reason::kLink;
  if ((f.flags & kFlagCopyrightSign) && w <= 40) return Reason::kCopyright;
  // "Photo: AP/Name", "REUTERS/Name", "Credit: ...": who made or supplied the
  // picture or the facts, a credit; a label before a longer description
  // ("Photo: The mayor opens the new ferry terminal.") is a caption.
  if ((f.flags & kFlagCredit) && w <= 50) {
    return w <= kCreditWords && !(terminal && f.stop_any * 4 >= w) ? Reason::kCredit : Reason::kCaption;
  }
  if (ph.any) {
    for (const PhraseRule& r : kPhraseRules) {
      const uint32_t b = Bit(r.reason);
      if (!(ph.any & b)) continue;
      if (r.reason == Reason::kByline && (ph.start & b) && w <= r.start_max) {
        // "By Jane Doe": names are capitalised and do not end a sentence.
        if (!terminal && f.caps * 2 + 2 >= f.alpha) return r.reason;
        continue;
      }
      if ((ph.start & b) && w <= r.start_max) return r.reason;
      if (w <= r.any_max) {
        // Anywhere-matches that are really start-only patterns do not count.
        if ((ph.start & b) && w > r.start_max) continue;
        return r.reason;
      }
    }
  }
  if ((f.flags & kFlagCurrency) && f.digit_runs && w <= 6) return Reason::kShopping;
  if ((f.flags & kFlagSeparators) && !terminal && w <= (f.seps + 1u) * 4u) return Reason::kNav;
  if (w <= 12 && !terminal && (ph.counted >= 1 || f.digit_runs >= 2) &&
      (ph.counted + f.digit_runs) * 10 >= w * 6)
    return Reason::kDate;
  if (w <= 15 && !terminal && (ph.weak & (Bit(Reason::kNav) | Bit(Reason::kShare))) &&
      ph.covered * 10 >= u.key.size() * 7) {
    return (ph.weak & Bit(Reason::kShare)) && !(ph.weak & Bit(Reason::kNav)) ? Reason::kShare
                                                                              : Reason::kNav;
  }
  if (options.template_min_docs > 0 &&
      u.template_docs >= static_cast<uint32_t>(options.template_min_docs)) {
    const bool body_like = options.template_max_words > 0 &&
                           w > static_cast<uint32_t>(options.template_max_words) && terminal;
    if (!body_like) return Reason::kTemplate;
  }
  return Reason::kNone;
}

uint8_t BoilerplateClassifier::Impl::ContextFree(const UnitFeatures& f, float stop,
                                                 bool unknown_lang) const {
  const bool terminal = f.flags & (kFlagTerminal | kFlagColon);
  const uint32_t len = f.eff_len;
  const bool cjk = f.flags & kFlagCjk;
  if (f.words < min_words && !cjk) return kShort;
  if (unknown_lang || cjk) {
    // No stopword evidence: a sentence-shaped line of some length is text.
    if (terminal) return len >= kLenLow ? kGood : (len >= kLenLow / 2 ? kNearGood : kShort);
    return len >= 2 * kLenHigh ? kNearGood : kShort;
  }
  if (len < kLenLow) {
    if (terminal && stop >= kStopSentence) return kNearGood;  // one-sentence paragraph
    return kShort;
  }
  if (terminal) {
    if (stop >= kStopGood) return len >= 100 ? kGood : kNearGood;
    if (stop >= kStopSentence) return kNearGood;
    return kBad;
  }
  // No sentence end: long prose is still text, shorter lines are headline-
  // shaped and left to the context (headings, lists, smoothing).
  if (len >= kLenHigh) {
    if (stop >= kStopGood) return len >= 2 * kLenHigh ? kGood : kNearGood;
    if (stop >= kStopLow) return kNearGood;
    return kBad;
  }
  if (stop < kStopNone) return kBad;
  return kShort;
}

BoilerplateClassifier::BoilerplateClassifier() : impl_(new Impl) {}
BoilerplateClassifier::~BoilerplateClassifier() = default;

std::unique_ptr<BoilerplateClassifier> BoilerplateClassifier::Create(
    const BoilerplateOptions& options, std::string* error) {
  std::unique_ptr<BoilerplateClassifier> c(new BoilerplateClassifier());
  c->impl_->options = options;
  if (options.min_words > 0) c->impl_->min_words = static_cast<uint32_t>(options.min_words);
  std::string err;
  if (!LoadLexicon(c->impl_->norm, options.stoplists_dir, options.phrases_file, &c->impl_->lex,
                   &err)) {
    if (error) *error = err;
    return nullptr;
  }
  if (options.use_model) {
    const std::string_view text =
        options.model_text.empty() ? EmbeddedFile("bp_model.txt") : std::string_view(options.model_text);
    if (!c->impl_->model.Parse(text, &err)) {
      if (error) *error = err;
      return nullptr;
    }
  }
  return c;
}

void BoilerplateClassifier::ScratchDeleter::operator()(Scratch* s) const { delete s; }

BoilerplateClassifier::ScratchPtr BoilerplateClassifier::NewScratch() const {
  return ScratchPtr(new Scratch());
}

namespace {

// Neighbours as jusText's _get_neighbour sees them: the nearest class
// before/after a unit, skipping short and transparent units, and near-good
// ones too when `strict`; the document edges count as bad.
bool Skipped(uint8_t c, bool strict) {
  return c == kShort || c == kTransparent || (strict && c == kNearGood);
}
// The nearest class after each unit, for both kinds of skipping, in one
// backward pass.
void NextClasses(const std::vector<uint8_t>& cls, std::vector<uint8_t>* strict,
                 std::vector<uint8_t>* loose) {
  const size_t n = cls.size();
  strict->resize(n);
  loose->resize(n);
  uint8_t s = kBad, l = kBad;
  for (size_t i = n; i-- > 0;) {
    (*strict)[i] = s;
    (*loose)[i] = l;
    if (!Skipped(cls[i], true)) s = cls[i];
    if (!Skipped(cls[i], false)) l = cls[i];
  }
}

// True when `teaser` (without its last, possibly cut token) is a token-prefix
// of `full`, and the cut token is a prefix of full's token at that place.
bool IsTeaserOf(std::string_view teaser, std::string_view full) {
  if (full.size() <= teaser.size()) return false;
  const size_t sp = teaser.rfind(' ');
  if (sp == std::string_view::npos) return false;
  const std::string_view head = teaser.substr(0, sp + 1);  // includes the space
  if (full.substr(0, head.size()) != head) return false;
  const std::string_view last = teaser.substr(sp + 1);
  return full.substr(head.size(), last.size()) == last;
}

// A short author bio: "Jane Doe is a reporter who...", "Jane Doe writes
// about...": one to four words, then one of these, near the start of the
// match key.
bool LooksLikeBio(std::string_view key, const UnitEvidence& e) {
  // Bios are sentences; headlines ("X Is a Disaster") are not.
  if (e.words < 6 || e.words > 80 || !(e.flags & kFlagUpperStart) || !(e.flags & kFlagTerminal) ||
      (e.flags & (kFlagTitleCase | kFlagBullet)))
    return false;
  static constexpr std::string_view kCues[] = {" is a ", " is an ", " is the ", " writes ",
                                               " has written ", " covers ", " has been a "};
  size_t spaces = 0, i = 0;
  for (; i < key.size() && spaces < 5; ++i) {
    if (key[i] != ' ') continue;
    ++spaces;
    if (spaces < 2) continue;  // at least two words of name
    for (std::string_view c : kCues)
      if (key.compare(i, c.size(), c) == 0) return true;
  }
  return false;
}

// A removed unit's reason when the rule passes had none: where it is and
// what it looks like.
Reason ModelReason(const UnitEvidence& e, std::string_view key, bool after_comments,
                   bool outside_dense) {
  if (e.hard != Reason::kNone) return e.hard;
  if (after_comments) return Reason::kComments;
  if (e.flags & kFlagTail) return Reason::kTail;
  if (outside_dense && LooksLikeBio(key, e)) return Reason::kByline;  // author bio
  if (e.cf >= kNearGood && outside_dense) return Reason::kOtherArticle;  // prose away from the article
  if (e.rule != Reason::kNone) return e.rule;
  return e.cf == kShort || e.words < 4 ? Reason::kShort : Reason::kLowText;
}

constexpr UnitDecision kFreshDecision{};

// Units whose score is this close (logit) to the best one are kept with it
// when a document would otherwise lose every unit.
constexpr float kBestBlockMargin = 1.0f;

}  // namespace

void BoilerplateClassifier::Impl::ApplyModel(std::span<const UnitInput> units,
                                             std::span<UnitDecision> out, Scratch* s) const {
  const size_t n = units.size();
  s->ev.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const UnitFeatures& f = s->f[i];
    UnitEvidence& e = s->ev[i];
    e.words = f.words;
    e.eff_len = f.eff_len;
    e.chars = f.chars;
    e.digits = f.digits;
    e.caps = f.caps;
    e.alpha = f.alpha;
    // A repeated prose paragraph the rule passes leave to dedup (see
    // repeats_deduplicated) is no template evidence for the model either.
    const bool left_to_dedup = (s->flags[i] & kFlagTemplate) && s->hard[i] != Reason::kTemplate;
    e.template_docs = left_to_dedup ? 1 : units[i].template_docs;
    e.flags = s->flags[i];
    e.stop = out[i].stop_permille / 1000.0f;
    e.hard = s->hard[i];
    e.rule = out[i].reason;
    e.cf = s->cf[i] & 0x7f;
  }
  const bool model_on = options.use_model && !model.empty();
  // Feature rows are kept only for the fitting tool and --explain.
  const bool rows = options.keep_features || options.explain;
  s->z1.resize(n);
  s->z2.resize(n);
  Stage1Features(s->ev, &s->ms, model_on ? model.w1.data() : nullptr, s->z1.data(),
                 rows ? &s->x1 : nullptr);
  if (!model_on) return;
  constexpr int D1 = kStage1Features, D2 = kStage2Features;
  Stage2Features(s->ev, s->z1, &s->ms, model.w2.data(), s->z2.data(), rows ? &s->x2 : nullptr);
  // User phrases, and the hand rules the model file keeps, remove a unit
  // whatever its score; the tail rule (a unit after a related/comments
  // marker, before the body resumes) can be kept the same way.
  auto vetoed = [&](size_t i) {
    const Reason h = s->hard[i];
    if (h == Reason::kUserPhrase) return true;
    if (h != Reason::kNone) return (model.veto & (1u << static_cast<uint32_t>(h))) != 0;
    return s->ev[i].rule == Reason::kTail && (model.veto & (1u << static_cast<uint32_t>(Reason::kTail)));
  };
  size_t kept = 0, best = n;
  for (size_t i = 0; i < n; ++i) {
    const float z = s->z2[i] - model.threshold;
    s->z2[i] = z;
    UnitDecision& d = out[i];
    d.score = z;
    const bool veto = vetoed(i);
    if (!veto && (best == n || z > s->z2[best])) best = i;
    if (z > 0 && !veto) {
      d.reason = Reason::kNone;
      ++kept;
    } else {
      d.reason = ModelReason(s->ev[i], units[i].key, s->ms.after_comments[i],
                             i < s->ms.dense_begin || i >= s->ms.dense_end);
    }
  }
  // A page is never emptied: keep its best unit and the units next to it
  // that score almost as well.
  if (kept == 0 && best < n) {
    const float floor = s->z2[best] - kBestBlockMargin;
    size_t a = best, b = best + 1;
    while (a > 0 && s->z2[a - 1] >= floor && !vetoed(a - 1)) --a;
    while (b < n && s->z2[b] >= floor && !vetoed(b)) ++b;
    for (size_t i = a; i < b; ++i) {
      out[i].reason = Reason::kNone;
      s->flags[i] |= kFlagBestBlock;
      out[i].features |= kFlagBestBlock;
    }
  }
  if (!options.explain) return;
  // The features that moved each score most, against their means: stage-1
  // features reach the final score through stage 2's weight on z1.
  const float w_z1 = model.w2[1];
  for (size_t i = 0; i < n; ++i) {
    float top[3] = {0, 0, 0};
    int idx[3] = {-1, -1, -1};
    auto offer = [&](int k, float c) {
      int slot = -1;
      for (int t = 0; t < 3; ++t)
        if (std::fabs(c) > std::fabs(top[t]) && (slot < 0 || std::fabs(top[t]) < std::fabs(top[slot])))
          slot = t;
      if (slot >= 0) top[slot] = c, idx[slot] = k;
    };
    const float* x1 = s->x1.data() + i * D1;
    const float* x2 = s->x2.data() + i * D2;
    for (int k = 1; k < D1; ++k) offer(k, w_z1 * model.w1[k] * (x1[k] - model.m1[k]));
    for (int k = 2; k < D2; ++k) offer(D1 + k, model.w2[k] * (x2[k] - model.m2[k]));
    // Largest first.
    for (int a = 0; a < 3; ++a)
      for (int b = a + 1; b < 3; ++b)
        if (std::fabs(top[b]) > std::fabs(top[a])) std::swap(top[a], top[b]), std::swap(idx[a], idx[b]);
    for (int t = 0; t < 3; ++t) {
      out[i].top_feature[t] = idx[t] < 0 ? 0xFF : static_cast<uint8_t>(idx[t]);
      out[i].top_contrib[t] = static_cast<int8_t>(std::clamp(top[t] * 20.0f, -127.0f, 127.0f));
    }
  }
}

std::string ModelFeatureName(int i) {
  if (i >= 0 && i < kStage1Features) return std::string("s1.") + kStage1Names[i];
  if (i >= kStage1Features && i < kStage1Features + kStage2Features)
    return std::string("s2.") + kStage2Names[i - kStage1Features];
  return "?";
}

const std::vector<float>& BoilerplateClassifier::Stage1Rows(const Scratch* s) { return s->x1; }
const std::vector<UnitEvidence>& BoilerplateClassifier::Evidence(const Scratch* s) { return s->ev; }
bool BoilerplateClassifier::has_model() const {
  return impl_->options.use_model && !impl_->model.empty();
}

void BoilerplateClassifier::Classify(std::span<const UnitInput> units, std::span<UnitDecision> out,
                                     Scratch* s, bool site_source) const {
  const Impl& im = *impl_;
  const size_t n = units.size();
  s->f.resize(n);
  s->cf.resize(n);
  s->cls.resize(n);
  s->hard.resize(n);
  s->flags.resize(n);
  // 1. Context-free evidence.
  uint32_t lang_hits[kMaxLangs] = {};
  uint32_t doc_words = 0, doc_any = 0;
  for (size_t i = 0; i < n; ++i) {
    UnitFeatures& f = s->f[i];
    ComputeFeatures(im.lex, units[i].text, units[i].key, &f);
    s->hard[i] = im.HardReason(units[i], f);
    s->flags[i] = f.flags;
    if (s->hard[i] == Reason::kTemplate) s->flags[i] |= kFlagTemplate;
    doc_words += f.words;
    doc_any += f.stop_any;
    for (int l = 0; l < kMaxLangs; ++l) lang_hits[l] += f.stop_lang[l];  // unused ones are 0
  }
  // A bare name next to a date or byline line is the author's name.
  for (size_t i = 0; i < n; ++i) {
    const UnitFeatures& f = s->f[i];
    if (s->hard[i] != Reason::kNone || f.words < 2 || f.words > 4 || f.stop_any || f.digits ||
        f.caps != f.alpha || f.alpha != f.words || (f.flags & (kFlagTerminal | kFlagColon)))
      continue;
    auto meta = [&](size_t j) { return s->hard[j] == Reason::kDate || s->hard[j] == Reason::kByline; };
    if ((i > 0 && meta(i - 1)) || (i + 1 < n && meta(i + 1))) s->hard[i] = Reason::kByline;
  }
  int lang = -1;
  uint32_t best = 0;
  if (im.options.detect_language) {
    for (int l = 0; l < kMaxLangs; ++l)
      if (lang_hits[l] > best) best = lang_hits[l], lang = l;
  } else {
    best = doc_any;
  }
  const bool unknown_lang = doc_words >= 20 && best * 100 < doc_words * 6;
  const bool long_titles = !im.options.use_model && !im.options.keep_features;
  for (size_t i = 0; i < n; ++i) {
    const UnitFeatures& f = s->f[i];
    const float stop = im.Stop(f, lang);
    out[i] = kFreshDecision;  // copied from memory: no store-forwarding stall on the padding
    out[i].stop_permille = static_cast<uint16_t>(std::min(1000.0f, stop * 1000.0f));
    if (unknown_lang) s->flags[i] |= kFlagUnknownLang;
    if (HeadingShaped(f, long_titles)) s->flags[i] |= kFlagHeading;
    const uint8_t cf = im.ContextFree(f, stop, unknown_lang);
    if (s->hard[i] == Reason::kTemplate && im.options.repeats_deduplicated &&
        (cf == kGood || (!site_source && cf == kNearGood))) {
      // A prose paragraph repeated across a source's documents is a story
      // published again, not page chrome: dedup keeps its first copy. With
      // no url the source is the input file, so any sentence counts.
      s->hard[i] = Reason::kNone;
    }
    s->cf[i] = s->hard[i] != Reason::kNone ? static_cast<uint8_t>(kBad) : cf;
    s->cls[i] = s->cf[i];
  }
  // 2a. Headings followed by text (before smoothing, as jusText does).
  // The article's own title often repeats in the site's related-headline
  // lists on other pages and so counts as template there: a template heading
  // of several words that sits right before the first body paragraph is
  // this document's title and is kept, unless it repeats on so many pages
  // that it is site chrome (a slogan, a standing headline).
  // j: the first unit after i that is not inline. It only moves forward: the
  // loop changes no unit after i.
  for (size_t i = 0, j = 0; i < n; ++i) {
    if (s->cf[i] == kGood) break;
    if (s->hard[i] != Reason::kTemplate || !(s->flags[i] & kFlagHeading) || s->f[i].words < 4 ||
        units[i].template_docs >= kMaxTitleRepeats)
      continue;
    j = std::max(j, i + 1);
    while (j < n && IsInline(s->hard[j], s->f[j])) ++j;
    if (j < n && s->hard[j] == Reason::kNone &&
        (s->cf[j] == kGood || (s->cf[j] == kNearGood && s->f[j].words >= 15))) {
      s->hard[i] = Reason::kNone;
      s->cf[i] = s->cls[i] = kNearGood;
      s->flags[i] |= kFlagHeadingKept;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!(s->flags[i] & kFlagHeading) || s->hard[i] != Reason::kNone || s->cf[i] == kGood) continue;
    int headings = 0, skipped = 0;
    for (size_t j = i + 1; j < n && skipped <= 8; ++j) {
      if (IsInline(s->hard[j], s->f[j])) { ++skipped; continue; }
      if (s->hard[j] != Reason::kNone) break;
      if ((s->flags[j] & kFlagHeading) && s->cf[j] < kNearGood && headings++ < 1) continue;
      if (s->cf[j] == kGood || (s->cf[j] == kNearGood && (s->flags[j] & kFlagTerminal))) {
        s->cls[i] = kNearGood;
        s->flags[i] |= kFlagHeadingKept;
      }
      break;
    }
  }
  // 2b. Short units take the class of their neighbours.
  std::vector<uint8_t>& cls = s->cls;
  for (size_t i = 0; i < n; ++i)
    if (IsInline(s->hard[i], s->f[i])) cls[i] = kTransparent;
  NextClasses(cls, &s->next_strict, &s->next_loose);
  uint8_t prev_strict = kBad, prev_loose = kBad;  // cls does not change in this loop
  for (size_t i = 0; i < n; ++i) {
    const uint8_t here = cls[i];
    const uint8_t prev = prev_strict, prev_any = prev_loose;
    if (!Skipped(here, true)) prev_strict = here;
    if (!Skipped(here, false)) prev_loose = here;
    if (here != kShort) continue;
    const uint8_t next = s->next_strict[i];
    uint8_t c;
    if (prev == kGood && next == kGood) c = kGood;
    else if (prev == kBad && next == kBad) c = kBad;
    else if ((prev == kBad && prev_any == kNearGood) || (next == kBad && s->next_loose[i] == kNearGood))
      c = kGood;
    else c = kBad;
    s->cf[i] |= 0x80;  // remember "was short" while cls is rewritten below
    out[i].context_class = c;
  }
  for (size_t i = 0; i < n; ++i) {
    if (s->cf[i] & 0x80) {
      s->cf[i] &= 0x7f;
      cls[i] = out[i].context_class;
    }
  }
  // 2c. Near-good units are bad only between bad neighbours; in a document
  // without any good unit (a short note, one-paragraph text) they are its text.
  bool any_good = false;
  for (size_t i = 0; i < n; ++i) any_good |= s->cf[i] == kGood;
  // Units after i are not changed yet when i is decided, units before are.
  NextClasses(cls, &s->next_strict, &s->next_loose);
  uint8_t prev = kBad;
  for (size_t i = 0; i < n; ++i) {
    if (cls[i] == kNearGood) {
      cls[i] = !any_good || prev != kBad || s->next_strict[i] != kBad ? kGood : kBad;
    }
    if (!Skipped(cls[i], true)) prev = cls[i];
  }
  for (size_t i = 0; i < n; ++i) {
    if (s->flags[i] & kFlagHeadingKept) cls[i] = kGood;
    if (cls[i] == kTransparent) cls[i] = kBad;
  }
  // 2d. A kept line ending in ':' introduces a list: keep its short items.
  for (size_t i = 0; i + 1 < n; ++i) {
    if (cls[i] != kGood || !(s->flags[i] & kFlagColon) || s->hard[i] != Reason::kNone) continue;
    for (size_t j = i + 1, k = 0; j < n && k < 30; ++j, ++k) {
      if (s->hard[j] != Reason::kNone || s->cf[j] == kGood) break;
      if (cls[j] != kGood) cls[j] = kGood, s->flags[j] |= kFlagListItem;
    }
  }
  // Optional: heading-shaped units inside the body are kept.
  if (im.options.keep_short_headings) {
    size_t first = n, last = 0;
    for (size_t i = 0; i < n; ++i)
      if (s->cf[i] == kGood) first = std::min(first, i), last = i;
    for (size_t i = first; i < last; ++i)
      if (s->hard[i] == Reason::kNone && (s->flags[i] & kFlagHeading)) cls[i] = kGood;
  }
  // 2e. Tail: after the body started, a related/comments/shopping marker
  // starts a block where only resumed body text (two good paragraphs, or a
  // long one) is kept.
  {
    bool body = false, tail = false, runs = false;
    for (size_t i = 0; i < n; ++i) {
      const Reason h = s->hard[i];
      const UnitFeatures& f = s->f[i];
      if (tail) {
        if (h == Reason::kNone && s->cf[i] == kGood) {
          // The good paragraphs that follow, through subheads, quotes and
          // list items but not through other removed units: counted once
          // for every unit, backwards.
          if (!runs) {
            runs = true;
            s->run_good.assign(n + 1, 0);
            s->run_words.assign(n + 1, 0);
            for (size_t j = n; j-- > 0;) {
              if (s->hard[j] != Reason::kNone) continue;
              const bool good = s->cf[j] == kGood;
              s->run_good[j] = s->run_good[j + 1] + good;
              s->run_words[j] = s->run_words[j + 1] + (good ? s->f[j].words : 0);
            }
          }
          if ((s->run_good[i] >= 2 && s->run_words[i] >= kResumeRunWords) || f.words >= kResumeWords)
            tail = false;
        }
        if (tail) {
          s->flags[i] |= kFlagTail;
          cls[i] = kBad;
        }
      }
      if (!tail && body && IsTailMarker(h, f)) tail = true;
      if (!tail && cls[i] == kGood && s->cf[i] == kGood && h == Reason::kNone) body = true;
    }
  }
  // Verdicts.
  for (size_t i = 0; i < n; ++i) {
    UnitDecision& d = out[i];
    d.context_class = cls[i];
    d.features = s->flags[i];
    d.score = s->hard[i] != Reason::kNone ? -2.0f
                                         : static_cast<float>(cls[i]) - 1.5f +
                                               0.5f * (static_cast<float>(s->cf[i]) - 1.5f);
    if (s->hard[i] != Reason::kNone) d.reason = s->hard[i];
    else if (s->flags[i] & kFlagTail) d.reason = Reason::kTail;
    else if (cls[i] != kGood) d.reason = s->cf[i] == kBad ? Reason::kLowText : Reason::kShort;
  }
  // 3. The fitted model.
  if (im.options.use_model || im.options.keep_features) im.ApplyModel(units, out, s);
  // 4. Within the document: teasers, then repeats of an earlier kept unit.
  // A teaser's key is a proper prefix of some other key (IsTeaserOf). In a
  // long document the units are sorted by key once: the first key greater
  // than a teaser's is the only one it can be a prefix of. A short one is
  // scanned (cheaper than sorting it).
  bool sorted = false;
  for (size_t i = 0; i < n; ++i) {
    const Reason r = out[i].reason;
    if (!(r == Reason::kNone || r == Reason::kShort || r == Reason::kLowText ||
          r == Reason::kTail) ||
        !(s->flags[i] & kFlagEllipsis) || s->f[i].words < 3)
      continue;
    if (n <= kScanTeaserUnits) {
      for (size_t j = 0; j < n; ++j) {
        if (j != i && IsTeaserOf(units[i].key, units[j].key)) {
          out[i].reason = Reason::kTeaser;
          break;
        }
      }
      continue;
    }
    if (!sorted) {
      sorted = true;
      s->by_key.resize(n);
      for (size_t j = 0; j < n; ++j) s->by_key[j] = static_cast<uint32_t>(j);
      std::sort(s->by_key.begin(), s->by_key.end(),
                [&](uint32_t a, uint32_t b) { return units[a].key < units[b].key; });
    }
    const std::string_view key = units[i].key;
    auto after = std::upper_bound(s->by_key.begin(), s->by_key.end(), key,
                                  [&](std::string_view k, uint32_t b) { return k < units[b].key; });
    if (after != s->by_key.end() && IsTeaserOf(key, units[*after].key)) out[i].reason = Reason::kTeaser;
  }
  size_t cap = 16;
  while (cap < 2 * n) cap <<= 1;
  s->seen.assign(cap, 0);
  for (size_t i = 0; i < n; ++i) {
    if (out[i].reason != Reason::kNone || units[i].key.empty()) continue;
    uint64_t h = Hash64(units[i].key, kUnitKeySeed);
    if (h == 0) h = 1;
    size_t j = h & (cap - 1);
    while (s->seen[j] != 0 && s->seen[j] != h) j = (j + 1) & (cap - 1);
    if (s->seen[j] == h) out[i].reason = Reason::kRepeat;
    else s->seen[j] = h;
  }
}

void BoilerplateClassifier::AppendExplainJson(const UnitInput& unit, const UnitDecision& decision,
                                              std::string* out) const {
  UnitFeatures f;
  ComputeFeatures(impl_->lex, unit.text, unit.key, &f);
  char buf[64];
  out->append("{\"words\":");
  out->append(std::to_string(f.words));
  out->append(",\"chars\":");
  out->append(std::to_string(f.chars));
  snprintf(buf, sizeof buf, ",\"stop\":%.3f", decision.stop_permille / 1000.0);
  out->append(buf);
  static const char* const kFlagNames[] = {
      "terminal", "ellipsis", "colon", "question", "bullet", "upper-start", "currency", "url",
      "email", "copyright-sign", "separators", "title-case", "cjk", "heading", "tail",
      "heading-kept", "list-item", "unknown-lang", "template", "quote-end", "continues",
      "credit", "best-block"};
  out->append(",\"flags\":[");
  bool first = true;
  for (size_t b = 0; b < sizeof(kFlagNames) / sizeof(kFlagNames[0]); ++b) {
    if (!(decision.features & (1u << b))) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    out->append(kFlagNames[b]);
    out->push_back('"');
  }
  out->append("],\"phrases\":[");
  first = true;
  for (uint32_t b = 1; b < 32; ++b) {
    if (!((f.ph.any | f.ph.weak) & (1u << b))) continue;
    if (!first) out->push_back(',');
    first = false;
    out->push_back('"');
    if (b == kCatDateWord) out->append("dateword");
    else out->append(ReasonName(static_cast<Reason>(b)));
    if (!(f.ph.any & (1u << b))) out->append("~");
    else if (f.ph.whole & (1u << b)) out->append("=");
    else if (f.ph.start & (1u << b)) out->append("^");
    out->push_back('"');
  }
  out->append("],\"class\":\"");
  out->append(ClsName(decision.context_class));
  out->append("\",\"template_docs\":");
  out->append(std::to_string(unit.template_docs));
  if (decision.top_feature[0] != 0xFF) {
    // The model's score and the features that moved it most.
    out->append(",\"top\":[");
    for (int t = 0; t < 3 && decision.top_feature[t] != 0xFF; ++t) {
      if (t) out->push_back(',');
      snprintf(buf, sizeof buf, "[\"%s\",%.2f]", ModelFeatureName(decision.top_feature[t]).c_str(),
               decision.top_contrib[t] / 20.0);
      out->append(buf);
    }
    out->push_back(']');
  }
  snprintf(buf, sizeof buf, ",\"score\":%.3f,\"reason\":\"", decision.score);
  out->append(buf);
  out->append(ReasonName(decision.reason));
  out->append("\"}");
}

}  // namespace winnow
