// A compact Aho-Corasick automaton over match keys (normalize.h MatchKey):
// finds, in one pass over a key, every listed phrase that starts and ends on
// a token boundary. Phrases are matched as " phrase " inside " key ", so the
// boundary check costs nothing. Each phrase carries a category (0..31) and an
// anchor: anywhere, at the start of the key, or the whole key. A fourth kind,
// kWeak, only counts towards the share of the key covered by listed
// vocabulary (menus made of words that are harmless inside prose).
//
// Build once (Add..., Build), then Scan is const and thread-safe. The DFA has
// full transitions over byte classes (bytes that occur in some phrase; every
// other byte is one class), stored as premultiplied row offsets: no
// allocation per scan, one dependent load per byte.
#ifndef WINNOW_STAGES_PHRASE_MATCHER_H_
#define WINNOW_STAGES_PHRASE_MATCHER_H_

#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

class PhraseMatcher {
 public:
  enum Anchor : uint8_t { kAnywhere = 0, kStart = 1, kWhole = 2, kWeak = 3 };

  struct Result {
    uint32_t any = 0;      // categories matched anywhere (anchored ones included)
    uint32_t start = 0;    // categories matched at the start of the key
    uint32_t whole = 0;    // categories matching the whole key
    uint32_t weak = 0;     // categories of kWeak vocabulary seen
    uint32_t covered = 0;  // key bytes covered by some phrase (spaces inside count)
    uint32_t first_end = 0;  // key offset just past the earliest-ending strong match
    uint32_t counted = 0;    // kWeak matches of the counted category (not in `covered`)
  };

  // Weak matches of `category` are counted in Result::counted instead of
  // `covered` (e.g. date words, whose share is judged separately).
  void SetCountedCategory(uint8_t category) { counted_category_ = category; }

  // `key` must already be a match key (lower case, single spaces). Empty keys
  // and keys longer than 255 bytes are ignored. Returns false if ignored.
  bool Add(std::string_view key, uint8_t category, Anchor anchor);
  void Build();

  // Scans `key` (replaces *r) and calls on_token(hash) for every token of the
  // key with its FNV-1a hash (stopword lookup rides on the same pass).
  // Phrases are looked for in the first `max_match_bytes` of the key only
  // (tokens are still all reported); the trailing-space boundary, and so
  // whole-key matches, only exist when the whole key was scanned.
  template <typename TokenFn>
  void Scan(std::string_view key, Result* r, TokenFn&& on_token,
            size_t max_match_bytes = SIZE_MAX) const;
  void Scan(std::string_view key, Result* r) const {
    Scan(key, r, [](uint64_t) {});
  }

  size_t patterns() const { return patterns_.size(); }
  size_t states() const { return nstates_; }
  size_t bytes() const { return delta_.size() * sizeof(uint32_t) + out_.size() * sizeof(int32_t); }

  static constexpr uint64_t kFnvBasis = 0xcbf29ce484222325ULL;
  static constexpr uint64_t kFnvPrime = 0x100000001b3ULL;
  static uint64_t TokenHash(std::string_view tok) {
    uint64_t h = kFnvBasis;
    for (unsigned char c : tok) h = (h ^ c) * kFnvPrime;
    return h;
  }

 private:
  static constexpr uint32_t kOutBit = 0x80000000u;
  static constexpr uint32_t kStateMask = 0x7fffffffu;
  struct Pattern {
    std::string text;  // " key "
    uint8_t category;
    Anchor anchor;
  };
  struct Out {
    uint16_t len;       // pattern length in the virtual " key " string
    uint8_t category;
    Anchor anchor;
    int32_t next;       // next output in this state's chain, -1 = end
  };
  void Report(int32_t o, uint32_t end, uint32_t total, Result* r, uint32_t* cov_end) const;

  std::vector<Pattern> patterns_;
  uint8_t counted_category_ = 255;
  uint8_t cls_[256] = {};
  uint32_t nclasses_ = 1;
  uint32_t nstates_ = 0;
  std::vector<uint32_t> delta_;   // nstates_ x nclasses_ row offsets, see Scan
  std::vector<int32_t> out_;      // first output of each state (own or via suffix links), -1
  std::vector<Out> outs_;
};

template <typename TokenFn>
void PhraseMatcher::Scan(std::string_view key, Result* r, TokenFn&& on_token,
                         size_t max_match_bytes) const {
  *r = Result{};
  const unsigned char* p = reinterpret_cast<const unsigned char*>(key.data());
  const uint32_t n = static_cast<uint32_t>(key.size());
  uint64_t h = kFnvBasis;
  uint32_t i = 0;
  if (nstates_ != 0) {
    // Entries of delta_ are row offsets (state x classes) of the next state,
    // with kOutBit set when it has outputs: the hot loop is one load and one
    // add per byte and never touches out_.
    const uint32_t* d = delta_.data();
    const uint32_t total = n + 2;
    const bool whole = max_match_bytes >= n;
    const uint32_t limit = whole ? n : static_cast<uint32_t>(max_match_bytes);
    uint32_t cov_end = 0;
    const uint32_t space = cls_[static_cast<unsigned char>(' ')];
    uint32_t s = d[space];  // the virtual leading space
    if (s & kOutBit) s &= kStateMask, Report(out_[s / nclasses_], 1, total, r, &cov_end);
    for (; i < limit; ++i) {
      const unsigned char c = p[i];
      if (c == ' ') { on_token(h); h = kFnvBasis; } else { h = (h ^ c) * kFnvPrime; }
      s = d[s + cls_[c]];
      if (__builtin_expect(s & kOutBit, 0))
        s &= kStateMask, Report(out_[s / nclasses_], i + 2, total, r, &cov_end);
    }
    if (whole) {
      s = d[s + space];  // the virtual trailing space
      if (s & kOutBit) s &= kStateMask, Report(out_[s / nclasses_], total, total, r, &cov_end);
    }
  }
  for (; i < n; ++i) {
    const unsigned char c = p[i];
    if (c == ' ') { on_token(h); h = kFnvBasis; } else { h = (h ^ c) * kFnvPrime; }
  }
  if (n) on_token(h);
}

}  // namespace winnow

#endif  // WINNOW_STAGES_PHRASE_MATCHER_H_
