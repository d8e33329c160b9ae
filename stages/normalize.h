// Unicode normalization: the two forms of every text (DESIGN.md).
//
// 1. Output text (CleanText): what winnow writes. Valid UTF-8 (each maximal
//    ill-formed subsequence becomes U+FFFD and is counted), NFC (or NFKC),
//    CRLF and lone CR become LF, control characters other than LF and TAB and
//    zero-width characters (U+200B..U+200D, U+2060, U+FEFF) are removed, every
//    Unicode space (TAB, NBSP, U+2000..U+200A, U+202F, U+205F, U+3000) becomes
//    an ASCII space, runs of spaces collapse to one, lines are trimmed, runs of
//    blank lines collapse to one blank line, and leading/trailing blank lines
//    are dropped. The soft hyphen U+00AD is kept in the output text.
//    Box-drawing characters (U+2500..U+257F), which w3m and lynx draw around
//    table cells, become spaces too, so a bordered cell reads as its text
//    and a border row as a blank line (NormalizeOptions::keep_frames).
// 2. Match key (MatchKey): never written out; all hashing and dedup use it.
//    NFKC_Casefold of the text, then split into tokens: maximal runs of
//    letters, marks and digits. Every other character (punctuation, quotes,
//    dashes, symbols, spaces) separates tokens, and characters of scripts
//    written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer,
//    Myanmar) are one token each. Tokens are joined by exactly one ASCII
//    space, with no leading or trailing space. So "The “Backdoor” — Claims!"
//    and "the backdoor claims" have the same key.
//
// Order, for CleanText: decoding, the CR/LF, control, zero-width and space
// mappings apply to the input; NFC/NFKC applies to the result of that (so a
// mark separated from its base only by a removed character still composes);
// space collapsing, trimming and blank-line rules apply last (so spaces that
// NFKC produces, as from U+00A8, collapse too).
//
// Pure-ASCII stretches take a fast path that never enters ICU and whose
// result is byte-identical to ICU's (tests/normalize_test.cc checks this
// against a whole-text ICU reference). A Normalizer is immutable after
// construction and safe to share between threads; ICU work uses a
// thread_local scratch buffer. Both calls append to *out.
#ifndef WINNOW_STAGES_NORMALIZE_H_
#define WINNOW_STAGES_NORMALIZE_H_

#include <unicode/uversion.h>

#include <cstddef>
#include <string>
#include <string_view>

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace winnow {

namespace normalize_internal {
struct Tables;  // per-code-point facts computed once from ICU (normalize.cc)
}  // namespace normalize_internal

struct NormalizeOptions {
  bool nfkc = false;  // output text in NFKC instead of NFC (--nfkc)
  // Box-drawing characters (U+2500..U+257F: the borders text renderers draw
  // around table cells) are kept instead of becoming spaces (--keep-frames).
  bool keep_frames = false;
};

// What Normalizer::CleanText saw on its way.
struct CleanTally {
  // The bytes E3..E9 and EF of the input (those that lead the UTF-8 form of
  // U+3000..U+9FFF and U+F000..U+FFFF); at least their number (a few may
  // count twice).
  size_t cjk_leads = 0;
  // Not 0 when the input holds two spaces in a row or a box-drawing
  // character (U+2500..U+257F).
  size_t blanks = 0;
};

class Normalizer {
 public:
  explicit Normalizer(const NormalizeOptions& options = {});

  // Appends the output form of `in` (any bytes) to *out. Returns the number
  // of ill-formed UTF-8 sequences replaced by U+FFFD. With `tally`, also
  // counts what the layout passes (stages/rendered_text.h) look for, at no
  // cost for ASCII.
  size_t CleanText(std::string_view in, std::string* out, CleanTally* tally = nullptr) const;

  // Appends the match key of `in` to *out. `in` must be valid UTF-8 (for
  // example CleanText's output); ill-formed bytes are not an error but only
  // separate tokens. Returns the number of tokens appended.
  size_t MatchKey(std::string_view in, std::string* out) const;

  // A lower bound on the token count of MatchKey(CleanText(in)) for any
  // bytes `in`, exact for text CleanText leaves as ASCII: the ASCII letters
  // and digits that start the text or follow printable ASCII punctuation, a
  // space, TAB, CR or LF. Each starts a token of the key whatever surrounds
  // it, since those stay separators under cleaning and NFKC_Casefold (a
  // removed control byte does not: "a<DEL>b" is one token). Stops counting
  // once the count exceeds `limit`. Far cheaper than MatchKey: callers that
  // only care about short keys skip the rest.
  static size_t MinKeyTokens(std::string_view in, size_t limit);

  const NormalizeOptions& options() const { return options_; }

 private:
  NormalizeOptions options_;
  // ICU singletons (owned by ICU, never freed) and shared tables, cached so
  // that the hot path does no lookups.
  const icu::Normalizer2* text_form_ = nullptr;  // NFC or NFKC
  const icu::Normalizer2* key_form_ = nullptr;   // NFKC_Casefold
  const normalize_internal::Tables* tables_ = nullptr;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_NORMALIZE_H_
