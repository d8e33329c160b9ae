// Counts, per source (url host, or input file when there is no url), in how
// many documents each unit key occurs, so the boilerplate stage can call a
// unit repeated across a site's pages "template". Not thread-safe: the
// pipeline fills it from its serial filter (a counting pre-pass over files,
// or a bounded look-ahead window on stdin) and reads it, const, from the
// parallel stage only once filling for those documents is finished.
#ifndef WINNOW_STAGES_TEMPLATE_COUNTS_H_
#define WINNOW_STAGES_TEMPLATE_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "stages/normalize.h"

namespace winnow {

class TemplateCounts {
 public:
  // Records that one document of `source` contains a unit whose key hashes to
  // `key_hash`. Call at most once per distinct key per document.
  void Add(uint64_t source, uint64_t key_hash);
  // Number of documents of `source` recorded as containing the key
  // (saturates at 255).
  uint32_t Count(uint64_t source, uint64_t key_hash) const;
  // Starts loading what Count or Add of (source, key_hash) reads first: one
  // cache miss per unit in a table of every short line seen, which the
  // caller can overlap with other work.
  void Prefetch(uint64_t source, uint64_t key_hash) const {
    if (slots_.empty()) return;
    const size_t j = Tag(source, key_hash) & (slots_.size() - 1);
    __builtin_prefetch(&slots_[j]);
    __builtin_prefetch(&counts_[j]);
  }

  size_t entries() const { return used_; }

  // Entries by tag, for making counts global across ranks
  // (pipeline/dist/template_exchange.h). An entry's tag is a mix of its
  // (source, key) that is never 0, and what Count looks up.
  static uint64_t Tag(uint64_t source, uint64_t key_hash) {
    uint64_t h = key_hash ^ (source * 0x9E3779B97F4A7C15ULL);
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 29;
    return h ? h : 1;  // 0 marks an empty slot
  }
  // Calls f(tag, count) for every entry, in slot order (the same order
  // twice when nothing was added in between).
  template <class F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i].tag != 0) f(slots_[i].tag, uint32_t{counts_[i]});
    }
  }
  // Sets the count of the entry with `tag` (saturating at 255). False, and
  // nothing changes, when there is no such entry.
  bool SetCount(uint64_t tag, uint32_t count);
  size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t tag = 0;  // mixed (source, key); 0 = empty
  };
  // Counts live in the low 8 bits of the tag's companion array.
  void Grow();
  std::vector<Slot> slots_;
  std::vector<uint8_t> counts_;
  size_t used_ = 0;
};

// Calls f(key, words) for each unit of CleanText(raw) under line
// segmentation (UnitMode::kLine) whose match key has 1..max_words tokens, in
// order. Lines that Normalizer::MinKeyTokens shows to be longer are never
// cleaned, so when only short units matter (template counting) this costs a
// fraction of cleaning the text. Cleaning line by line gives the units of
// cleaning the whole text: CleanText's rules are line-local, CR, LF and CRLF
// all break lines, and no character normalizes together with a line break.
// *line and *key are scratch.
template <class F>
void ForShortLineKeys(const Normalizer& norm, std::string_view raw, size_t max_words,
                      std::string* line, std::string* key, F&& f) {
  const char* p = raw.data();
  const size_t n = raw.size();
  size_t pos = 0;
  while (pos < n) {
    const void* lf = std::memchr(p + pos, '\n', n - pos);
    size_t end = lf ? static_cast<size_t>(static_cast<const char*>(lf) - p) : n;
    if (const void* cr = std::memchr(p + pos, '\r', end - pos)) {
      end = static_cast<size_t>(static_cast<const char*>(cr) - p);
    }
    const std::string_view piece(p + pos, end - pos);
    pos = end + 1;
    if (Normalizer::MinKeyTokens(piece, max_words) > max_words) continue;
    line->clear();
    norm.CleanText(piece, line);
    if (line->empty()) continue;
    key->clear();
    const size_t words = norm.MatchKey(*line, key);
    if (words > 0 && words <= max_words) f(std::string_view(*key), words);
  }
}

}  // namespace winnow

#endif  // WINNOW_STAGES_TEMPLATE_COUNTS_H_
