// Tokens of a match key (normalize.h MatchKey: tokens joined by single
// spaces), each found and hashed in one step per 8 bytes: a SWAR search for
// the space, then one multiply per 8-byte chunk. Shared by the phrase
// matcher (token lookup) and the Sketcher (word shingles), so both read a
// key the same way: split at every space, an empty token between two spaces
// (or at the end of a key that ends in one) included.
//
// The hashes are a fixed function of the token's bytes (no seed from
// outside, little-endian byte order on every host), and shingle hashes are
// built from them; changing a constant here changes every sketch.
#ifndef WINNOW_STAGES_KEY_TOKENS_H_
#define WINNOW_STAGES_KEY_TOKENS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace winnow::key_tokens {

inline constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
inline constexpr uint64_t kSeed = 0x243F6A8885A308D3ULL;

inline uint64_t Step(uint64_t h, uint64_t w) {
  h = (h ^ w) * kMul;
  return h ^ (h >> 29);
}
inline uint64_t Finish(uint64_t h) { return h ? h : 1; }  // never 0
inline uint64_t LowBytes(size_t k) { return k >= 8 ? ~0ULL : (1ULL << (8 * k)) - 1; }

inline uint64_t FromLittle(uint64_t w) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  return __builtin_bswap64(w);
#else
  return w;
#endif
}

// Bytes p[i .. min(i+8, n)) as a little-endian word, zero-padded; never
// reads outside [p, p+n). Requires i < n.
inline uint64_t Load(const unsigned char* p, size_t n, size_t i) {
  uint64_t w = 0;
  if (i + 8 <= n) {
    std::memcpy(&w, p + i, 8);
  } else if (n >= 8) {
    std::memcpy(&w, p + n - 8, 8);
    return FromLittle(w) >> (8 * (i + 8 - n));
  } else {
    std::memcpy(&w, p + i, n - i);
  }
  return FromLittle(w);
}

// One bit (0x80) per space byte below the first space; exact up to and
// including the lowest set bit.
inline uint64_t SpaceBits(uint64_t w) {
  const uint64_t x = w ^ 0x2020202020202020ULL;
  return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

struct Token {
  uint64_t hash;  // never 0
  uint64_t w0;    // the first 8 bytes, zero-padded
  size_t end;     // offset of the space after it, or n
};

// The token of p[0, n) that starts at b (b <= n): the general case, one
// 8-byte chunk at a time.
[[gnu::noinline]] inline Token AtLong(const unsigned char* p, size_t n, size_t b) {
  uint64_t h = kSeed, w0 = 0;
  size_t e = b;
  if (b == n) h = Step(h, 0);  // the empty token at the end
  while (e < n) {
    uint64_t w = Load(p, n, e);
    const size_t avail = n - e;
    const uint64_t sp = SpaceBits(w) & LowBytes(avail);
    const size_t len = sp ? static_cast<size_t>(__builtin_ctzll(sp)) >> 3 : (avail < 8 ? avail : 8);
    if (len == 0) {
      if (e == b) h = Step(h, 0);  // the empty token
      break;
    }
    w &= LowBytes(len);
    if (e == b) w0 = w;
    h = Step(h, w);
    e += len;
    if (len < 8) break;
  }
  return Token{Finish(h), w0, e};
}

// The same, inline for the common cases: a space within the next 8 or 16
// bytes.
[[gnu::always_inline]] inline Token At(const unsigned char* p, size_t n, size_t b) {
  if (b + 16 <= n) {
    uint64_t w, w2;
    std::memcpy(&w, p + b, 8);
    std::memcpy(&w2, p + b + 8, 8);
    w = FromLittle(w);
    if (const uint64_t sp = SpaceBits(w); sp != 0) {
      const size_t len = static_cast<size_t>(__builtin_ctzll(sp)) >> 3;
      const uint64_t w0 = w & LowBytes(len);
      return Token{Finish(Step(kSeed, w0)), w0, b + len};
    }
    w2 = FromLittle(w2);
    if (const uint64_t sp = SpaceBits(w2); sp != 0) {
      const size_t len = static_cast<size_t>(__builtin_ctzll(sp)) >> 3;
      const uint64_t h = Step(kSeed, w);  // a full first chunk: the second may be empty
      return Token{Finish(len == 0 ? h : Step(h, w2 & LowBytes(len))), w, b + 8 + len};
    }
  }
  return AtLong(p, n, b);
}

// The hash of one token on its own (a key without spaces).
inline uint64_t Hash(std::string_view tok) {
  return At(reinterpret_cast<const unsigned char*>(tok.data()), tok.size(), 0).hash;
}

}  // namespace winnow::key_tokens

#endif  // WINNOW_STAGES_KEY_TOKENS_H_
