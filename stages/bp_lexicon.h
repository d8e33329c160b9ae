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

inline constexpr int kMaxLangs = 16;

// Token hash (PhraseMatcher::TokenHash) -> bit set of languages listing it.
class StopTable {
 public:
  void Add(uint64_t token_hash, int lang);
  uint16_t Lookup(uint64_t h) const {
    if (slots_.empty()) return 0;
    size_t j = Slot(h);
    while (true) {
      const Entry& e = slots_[j];
      if (e.hash == h) return e.langs;
      if (e.hash == 0) return 0;
      j = (j + 1) & (slots_.size() - 1);
    }
  }
  size_t size() const { return used_; }

 private:
  struct Entry {
    uint64_t hash = 0;
    uint16_t langs = 0;
  };
  size_t Slot(uint64_t h) const { return (h ^ (h >> 29)) & (slots_.size() - 1); }
  void Grow();
  std::vector<Entry> slots_;
  size_t used_ = 0;
};

struct Lexicon {
  PhraseMatcher phrases;
  StopTable stops;
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
