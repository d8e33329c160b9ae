// Byte-level helpers for the text stages: 8-byte SWAR masks over ASCII and
// one-code-point UTF-8 decoding with ICU's U8_NEXT semantics.
//
// SWAR masks put 0x80 in each byte lane that satisfies the test and 0 in the
// others; byte 0 of a word is the first byte in memory on every host (Load64
// and Store64 swap on big-endian ones). All functions are pure.
#ifndef WINNOW_STAGES_UTF8_H_
#define WINNOW_STAGES_UTF8_H_

#include <unicode/utf8.h>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace winnow::utf8 {

inline constexpr uint64_t kOnes = 0x0101010101010101ULL;
inline constexpr uint64_t kHigh = 0x8080808080808080ULL;
inline constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7FULL;

inline uint64_t Load64(const void* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

inline void Store64(void* p, uint64_t w) {
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  std::memcpy(p, &w, 8);
}

// Lanes equal to `c`. Exact for any byte values (no carries between lanes).
inline uint64_t EqMask(uint64_t w, uint8_t c) {
  const uint64_t x = w ^ (kOnes * c);
  return ~(((x & kLow7) + kLow7) | x) & kHigh;
}

// Lanes of `x7` in [lo, hi]. Every lane of x7 must be < 0x80 (mask the input
// with kLow7 first) and 1 <= lo <= hi <= 0x7F; then no sum carries.
inline uint64_t InRange7(uint64_t x7, uint8_t lo, uint8_t hi) {
  return (x7 + kOnes * static_cast<uint8_t>(0x80 - lo)) &
         ~(x7 + kOnes * static_cast<uint8_t>(0x7F - hi)) & kHigh;
}

// Index of the first flagged lane; `mask` must be non-zero.
inline unsigned FirstLane(uint64_t mask) { return std::countr_zero(mask) >> 3; }

// Number of flagged lanes (a lane holds 0x80 or 0).
inline unsigned CountLanes(uint64_t mask) { return static_cast<unsigned>(((mask >> 7) * kOnes) >> 56); }

// Set bits of a 16-bit mask (a movemask), without the POPCNT instruction
// that the baseline x86-64 target lacks (std::popcount is a libgcc call there).
inline unsigned PopCount16(uint32_t x) {
  x = x - ((x >> 1) & 0x5555);
  x = (x & 0x3333) + ((x >> 2) & 0x3333);
  x = (x + (x >> 4)) & 0x0F0F;
  return (x + (x >> 8)) & 0x1F;
}

// Flagged lanes strictly before lane k (0 <= k < 8).
inline uint64_t LanesBefore(uint64_t mask, unsigned k) {
  return k == 0 ? 0 : mask & (~uint64_t{0} >> (64 - 8 * k));
}

// Writes the lanes of w flagged in `keep`, in order, to d and returns the
// new end. Branch-free; it may write up to 8 bytes at d whatever `keep` is.
inline char* StoreKept(char* d, uint64_t w, uint64_t keep) {
#pragma GCC unroll 8
  for (unsigned l = 0; l < 8; ++l) {
    *d = static_cast<char>(w >> (8 * l));
    d += (keep >> (8 * l + 7)) & 1;
  }
  return d;
}

// StoreKept with the lanes to keep as bits 0..7 of `keep`.
inline char* StoreKeptBits(char* d, uint64_t w, uint32_t keep) {
#pragma GCC unroll 8
  for (unsigned l = 0; l < 8; ++l) {
    *d = static_cast<char>(w >> (8 * l));
    d += (keep >> l) & 1;
  }
  return d;
}

// Writes the 8 lanes of w less those flagged in `drop`: a plain 8-byte store
// when nothing is dropped (the common case), else StoreKept.
inline char* StoreWord(char* d, uint64_t w, uint64_t drop) {
  if (drop == 0) {
    Store64(d, w);
    return d + 8;
  }
  return StoreKept(d, w, ~drop & kHigh);
}

// Offset of the first byte >= 0x80 in s[0, n), or n.
inline size_t FindNonAscii(const uint8_t* s, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t h = Load64(s + i) & kHigh;
    if (h != 0) return i + FirstLane(h);
  }
  while (i < n && s[i] < 0x80) ++i;
  return i;
}

// Decodes the code point at s[*i] (s[*i] >= 0x80 is not required) and
// advances *i past it. An ill-formed sequence yields a negative value and
// *i advances past its maximal subpart, exactly as ICU's U8_NEXT does.
inline int32_t Next(const uint8_t* s, size_t* i, size_t n) {
  // A code point is at most 4 bytes, so clamping the length to 4 keeps
  // U8_NEXT's int32_t indexing safe for any input size without changing
  // its result.
  const int32_t len = static_cast<int32_t>(std::min<size_t>(n - *i, 4));
  const uint8_t* p = s + *i;
  int32_t k = 0;
  UChar32 c;
  U8_NEXT(p, k, len, c);
  *i += static_cast<size_t>(k);
  return c;
}

// Number of ill-formed sequences in s[0, n), each maximal subpart counted
// once as Next() decodes them (what Normalizer::CleanText replaces).
inline size_t CountIllFormed(const uint8_t* s, size_t n) {
  size_t bad = 0;
  for (size_t i = 0; i < n;) {
    i += FindNonAscii(s + i, n - i);
    while (i < n && s[i] >= 0x80) bad += Next(s, &i, n) < 0;
  }
  return bad;
}

// Whether b leads the UTF-8 form of a code point in U+3000..U+9FFF (E3..E9)
// or U+F000..U+FFFF (EF): CJK punctuation, kana, Han, fullwidth forms. Such
// a byte is never a continuation byte.
inline bool IsCjkLead(uint8_t b) { return (b >= 0xE3 && b <= 0xE9) || b == 0xEF; }

// CountIllFormed, also counting the IsCjkLead bytes into *cjk_leads.
inline size_t CountIllFormed(const uint8_t* s, size_t n, size_t* cjk_leads) {
  size_t bad = 0, leads = 0;
  for (size_t i = 0; i < n;) {
    i += FindNonAscii(s + i, n - i);
    while (i < n && s[i] >= 0x80) {
      leads += IsCjkLead(s[i]);
      bad += Next(s, &i, n) < 0;
    }
  }
  *cjk_leads = leads;
  return bad;
}

// Appends the UTF-8 form of a valid scalar value c to d; returns the new end.
inline char* Append(char* d, UChar32 c) {
  const uint32_t u = static_cast<uint32_t>(c);
  if (u < 0x80) {
    *d++ = static_cast<char>(u);
  } else if (u < 0x800) {
    *d++ = static_cast<char>(0xC0 | (u >> 6));
    *d++ = static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    *d++ = static_cast<char>(0xE0 | (u >> 12));
    *d++ = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (u & 0x3F));
  } else {
    *d++ = static_cast<char>(0xF0 | (u >> 18));
    *d++ = static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    *d++ = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (u & 0x3F));
  }
  return d;
}

}  // namespace winnow::utf8

#endif  // WINNOW_STAGES_UTF8_H_
