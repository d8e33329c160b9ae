// Context-free evidence about one unit for the boilerplate classifier: what
// its characters, words and phrases say, with no look at its neighbours.
// Computed in two passes over the unit (the key through the phrase automaton
// with stopword lookup riding along, the text for character shape), with no
// allocation.
#ifndef WINNOW_STAGES_BP_FEATURES_H_
#define WINNOW_STAGES_BP_FEATURES_H_

#include <cstdint>
#include <string_view>

#include "stages/bp_lexicon.h"
#include "stages/phrase_matcher.h"

namespace winnow {

// Feature bits (UnitDecision::features, --explain "flags").
enum BpFlag : uint32_t {
  kFlagTerminal = 1u << 0,     // ends a sentence (. ! ? 。 or a closing quote)
  kFlagEllipsis = 1u << 1,     // ends with "..." or "…"
  kFlagColon = 1u << 2,        // ends with ':'
  kFlagQuestion = 1u << 3,     // ends with '?' or '!'
  kFlagBullet = 1u << 4,       // starts with a bullet or list number
  kFlagUpperStart = 1u << 5,   // first letter is upper case (or a digit/quote)
  kFlagCurrency = 1u << 6,     // currency sign or code
  kFlagUrl = 1u << 7,          // http(s):// or www.
  kFlagEmail = 1u << 8,        // name@host.tld
  kFlagCopyrightSign = 1u << 9,  // © or (c)
  kFlagSeparators = 1u << 10,  // two or more of | • · » › / >
  kFlagTitleCase = 1u << 11,   // most words capitalised
  kFlagCjk = 1u << 12,         // mostly characters of scripts without spaces
  kFlagHeading = 1u << 13,     // heading-shaped (short, no sentence end)
  kFlagTail = 1u << 14,        // inside a tail block (context)
  kFlagHeadingKept = 1u << 15, // kept as a heading of following text (context)
  kFlagListItem = 1u << 16,    // kept as an item of a list in the body (context)
  kFlagUnknownLang = 1u << 17, // document has no stoplist language (context)
  kFlagTemplate = 1u << 18,    // template_docs reached the threshold
  kFlagQuoteEnd = 1u << 19,    // ends with a closing quote
  kFlagComma = 1u << 20,       // ends with ',' or ';' or a dash (continues)
  kFlagCredit = 1u << 21,      // agency/photographer credit ("REUTERS/Name")
  kFlagBestBlock = 1u << 22,   // kept as the document's best block when nothing else was
};

struct UnitFeatures {
  PhraseMatcher::Result ph;
  uint32_t words = 0;     // key tokens
  uint32_t chars = 0;     // code points of the text
  uint32_t eff_len = 0;   // chars, with no-space-script chars weighted x3
  uint32_t flags = 0;     // BpFlag
  uint16_t stop_any = 0;  // tokens in any stoplist
  uint16_t caps = 0;      // words starting with an upper-case letter
  uint16_t alpha = 0;     // words starting with a letter
  uint16_t digit_runs = 0;
  uint16_t digits = 0;
  uint16_t seps = 0;
  uint16_t stop_lang[kMaxLangs] = {};
};

// Fills *f for one unit (text = CleanText output, key = MatchKey output).
void ComputeFeatures(const Lexicon& lex, std::string_view text, std::string_view key,
                     UnitFeatures* f);

}  // namespace winnow

#endif  // WINNOW_STAGES_BP_FEATURES_H_
