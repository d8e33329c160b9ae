// The vocabulary of the boilerplate classifier: stoplists per language and
// the phrase automaton (built-in stages/data/bp_phrases.txt plus the user's
// --boilerplate-phrases file). Built once by LoadLexicon, then immutable and
// shared between threads.
#ifndef WINNOW_STAGES_BP_LEXICON_H_
#define WINNOW_STAGES_BP_LEXICON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stages/phrase_matcher.h"

namespace winnow {

class Normalizer;

// Phrase categories are Reason values (< 32); these are the extra ones.
inline constexpr uint8_t kCatDateWord = 30;

inline constexpr int kMaxLangs = 32;

struct Lexicon {
  // Phrases, and stoplist membership as token data: bit i = listed by the
  // stoplist of langs[i].
  PhraseMatcher phrases;
  std::vector<std::string> langs;  // language code per stoplist bit
  size_t user_phrases = 0;
};

// Loads built-in data plus `stoplists_dir` (every <lang>.txt in it; empty =
// none) and `phrases_file` (one phrase per line, optional "^"/"=" prefix for
// start-of-unit/whole-unit; empty = none). Returns false and sets *error,
// naming the file, when a path cannot be read.
bool LoadLexicon(const Normalizer& norm, const std::string& stoplists_dir,
                 const std::string& phrases_file, Lexicon* lex, std::string* error);

}  // namespace winnow

#endif  // WINNOW_STAGES_BP_LEXICON_H_
