// Phrase and token lookup over match keys (normalize.h MatchKey): finds, in
// one pass over a key, every listed phrase that starts and ends on a token
// boundary, and reports every token of the key with its hash and the caller's
// data for it (e.g. stoplist languages).
//
// A phrase is a sequence of whole tokens, so matching works on tokens, not
// bytes: the key is split at each space (a key is tokens joined by single
// spaces), each token is hashed once, 8 bytes at a time, and looked up in one
// dictionary (exact: the bytes are compared on a hash hit). Tokens that occur
// in no phrase reset an Aho-Corasick automaton over token ids; the others
// step it. Offsets in Result are byte offsets, as if " phrase " were matched
// inside " key ".
//
// Each phrase carries a category (0..31) and an anchor: anywhere, at the
// start of the key, or the whole key. A fourth kind, kWeak, only counts
// towards the share of the key covered by listed vocabulary (menus made of
// words that are harmless inside prose).
//
// Build once (Add..., AddTokenData..., Build), then Scan is const,
// thread-safe and allocation-free.
#ifndef WINNOW_STAGES_PHRASE_MATCHER_H_
#define WINNOW_STAGES_PHRASE_MATCHER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "stages/key_tokens.h"

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
  // ORs `data` into the 32 bits Scan reports with `token` (one token of a
  // match key, no spaces).
  void AddTokenData(std::string_view token, uint32_t data);
  void Build();

  // Scans `key` (replaces *r) and calls on_token(hash) or on_token(hash, data)
  // for every token of the key, in order, with TokenHash(token) and the data
  // given to AddTokenData (0 if none). Phrases are looked for in the first
  // `max_match_bytes` of the key only (tokens are still all reported); a
  // phrase ending at the end of the key, and so a whole-key match, needs the
  // whole key.
  template <typename TokenFn>
  void Scan(std::string_view key, Result* r, TokenFn&& on_token,
            size_t max_match_bytes = SIZE_MAX) const;
  void Scan(std::string_view key, Result* r) const {
    Scan(key, r, [](uint64_t) {});
  }

  size_t patterns() const { return patterns_.size(); }
  size_t states() const { return fail_.size(); }
  size_t bytes() const;

  // 64-bit hash of one token (never 0): key_tokens::Hash.
  static uint64_t TokenHash(std::string_view tok) { return key_tokens::Hash(tok); }

 private:
  struct Pattern {
    std::string text;  // the key
    uint8_t category;
    Anchor anchor;
  };
  struct Out {
    uint16_t len;       // pattern length in the virtual " key " string
    uint8_t category;
    Anchor anchor;
    int32_t next;       // next output in this state's chain, -1 = end
  };
  // Dictionary entry: a token of some phrase (id > 0) and/or with data.
  struct alignas(32) Token {
    uint64_t hash = 0;  // 0 = empty slot
    uint64_t w0 = 0;    // first 8 bytes, zero-padded
    uint32_t len = 0;
    uint32_t id = 0;    // phrase token id, 0 = in no phrase
    uint32_t pool = 0;  // offset of the bytes in pool_ (tokens over 8 bytes)
    uint32_t data = 0;
  };
  // The lookup table Scan probes, built from toks_ by Build(): 16 bytes an
  // entry, with a 1-byte probe key per slot (7 hash bits, 0 = empty) in an
  // array of its own that fits the L1 cache; toks_ (32 bytes
  // an entry, at most half full) is only the build-time table. A token of up
  // to 8 bytes is identified by its zero-padded bytes and length; a longer
  // one also by its bytes in pool_ (long_, per slot).
  struct Look {
    uint64_t w0 = 0;
    uint32_t data = 0;
    uint32_t id_len = 0;  // phrase token id << 8 | min(length, 255)
  };
  struct LongTok {
    uint32_t pool = 0;
    uint32_t len = 0;
  };
  static uint8_t ProbeKey(uint64_t h) { return static_cast<uint8_t>(h >> 56) | 1; }
  static uint32_t IdLen(uint32_t id, size_t len) { return id << 8 | (len < 255 ? len : 255); }
  void BuildLookup();

  struct Edge {
    uint64_t key = 0;  // state << 32 | token id; 0 = empty (state 0 uses root_)
    uint32_t next = 0;
  };

  static constexpr uint64_t kMulA = key_tokens::kMul;
  static uint32_t Tag(uint64_t h) { return static_cast<uint32_t>(h >> 32) | 1; }  // never 0

  Token* Insert(std::string_view tok);  // finds or adds (build time)
  uint32_t Goto(uint32_t s, uint32_t t) const {  // 0 = no edge
    if (s == 0) return root_[t];
    const uint64_t key = static_cast<uint64_t>(s) << 32 | t;
    for (size_t j = (key * kMulA) >> edge_shift_;; j = (j + 1) & edge_mask_) {
      const Edge& e = edges_[j];
      if (e.key == key) return e.next;
      if (e.key == 0) return 0;
    }
  }
  uint32_t Step(uint32_t s, uint32_t t) const {
    for (;;) {
      const uint32_t n = Goto(s, t);
      if (n != 0 || s == 0) return n;
      s = fail_[s];
    }
  }
  void Report(int32_t o, uint32_t end, uint32_t total, Result* r, uint32_t* cov_end) const;

  std::vector<Pattern> patterns_;
  uint8_t counted_category_ = 255;
  std::vector<Token> toks_ = std::vector<Token>(16);
  std::vector<uint32_t> tags_ = std::vector<uint32_t>(16);  // Tag(hash) per slot, 0 = empty
  size_t tok_mask_ = 15;
  size_t tok_used_ = 0;
  std::vector<uint8_t> look_keys_ = std::vector<uint8_t>(16);  // ProbeKey per slot, 0 = empty
  std::vector<Look> look_ = std::vector<Look>(16);
  std::vector<LongTok> long_ = std::vector<LongTok>(16);
  size_t look_mask_ = 15;
  uint32_t ntok_ids_ = 0;
  std::string pool_;
  std::vector<uint32_t> root_;   // state 0's edges by token id
  std::vector<Edge> edges_;      // other states' edges
  size_t edge_mask_ = 0;
  int edge_shift_ = 64;
  std::vector<uint32_t> fail_;   // suffix link per state
  std::vector<int32_t> out_;     // first output of each state (own or via suffix links), -1
  std::vector<Out> outs_;
};

template <typename TokenFn>
void PhraseMatcher::Scan(std::string_view key, Result* r, TokenFn&& on_token,
                         size_t max_match_bytes) const {
  *r = Result{};
  const unsigned char* p = reinterpret_cast<const unsigned char*>(key.data());
  const size_t n = key.size();
  if (n == 0) return;
  const uint32_t total = static_cast<uint32_t>(n + 2);
  // A match ending at e (the offset of its trailing space, or n) is reported
  // while e <= lim: its trailing space lies in the scanned prefix. Past
  // that, no later one is either.
  size_t lim = max_match_bytes >= n ? n : max_match_bytes - 1;
  bool matching = !fail_.empty() && max_match_bytes > 0;
  const Look* look = look_.data();
  const uint8_t* keys = look_keys_.data();
  const size_t look_mask = look_mask_;
  const int32_t* out = out_.data();
  uint32_t s = 0, cov_end = 0;
  for (size_t b = 0;; ++b) {
    // One token [b, e), hashed 8 bytes at a time; w0 = its first 8 bytes.
    const key_tokens::Token tok = key_tokens::At(p, n, b);
    const uint64_t h = tok.hash, w0 = tok.w0;
    const size_t e = tok.end;
    // Probe the 2-byte keys (small enough to stay in L1); read the entry
    // only when tag and length agree.
    const size_t len = e - b;
    const uint8_t pk = ProbeKey(h);
    const uint32_t len8 = len < 255 ? static_cast<uint32_t>(len) : 255;
    const Look* t = nullptr;
    for (size_t j = h & look_mask; keys[j] != 0; j = (j + 1) & look_mask) {
      if (keys[j] != pk) continue;
      const Look& c = look[j];
      if (c.w0 == w0 && (c.id_len & 0xFF) == len8 && (len <= 8 || (long_[j].len == len &&
                                      std::memcmp(pool_.data() + long_[j].pool, p + b, len) == 0))) {
        t = &c;
        break;
      }
    }
    if constexpr (std::is_invocable_v<TokenFn&, uint64_t, uint32_t>) {
      on_token(h, t ? t->data : uint32_t{0});
    } else {
      on_token(h);
    }
    if (matching) {
      if (e > lim) {
        matching = false;
      } else if (t && t->id_len >> 8) {
        s = Step(s, t->id_len >> 8);
        if (out[s] >= 0) Report(out[s], static_cast<uint32_t>(e + 2), total, r, &cov_end);
      } else {
        s = 0;
      }
    }
    if (e >= n) break;
    b = e;
  }
}

}  // namespace winnow

#endif  // WINNOW_STAGES_PHRASE_MATCHER_H_
