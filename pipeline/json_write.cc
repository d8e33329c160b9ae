#include "pipeline/json_write.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unicode/utf8.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stages/string_room.h"

namespace winnow {
namespace {

// 0 = copy as is, 1 = needs escaping or is non-ASCII.
constexpr auto kSpecial = [] {
  struct T { bool v[256]; } t{};
  for (int c = 0; c < 256; ++c) t.v[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}();

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  AppendJsonEscaped(s, out);
  out->push_back('"');
}

// Bit i set when p[i] (i < 16) needs attention: a control byte (< 0x20),
// '"', '\\', or, unless the text is known valid UTF-8, a non-ASCII byte.
template <bool kValidUtf8>
inline unsigned SpecialMask16(const uint8_t* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i ctl = kValidUtf8
                          ? _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(static_cast<char>(0xE0))),
                                           _mm_setzero_si128())
                          : _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));  // signed: also >= 0x80
  const __m128i m = _mm_or_si128(ctl, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(m));
#else
  unsigned m = 0;
  for (int k = 0; k < 16; ++k) m |= unsigned{kSpecial.v[p[k]] && !(kValidUtf8 && p[k] >= 0x80)} << k;
  return m;
#endif
}

// Escapes into *out through a raw cursor. Invariant: at least (input bytes
// left) + 16 bytes of room past the cursor, so plain bytes are copied 16 at a
// time with unconditional stores; an escape first makes room for its
// expansion (at most 6 bytes for one).
template <bool kValidUtf8>
void Escape(std::string_view s, std::string* out) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  const size_t base = out->size();
  ResizeForOverwrite(out, base + n + n / 16 + 64);  // room for a few escapes up front
  char* d = out->data() + base;
  char* lim = out->data() + out->size();
  size_t i = 0;
  auto room = [&](size_t extra) {
    const size_t need = (n - i) + 16 + extra;
    if (static_cast<size_t>(lim - d) >= need) return;
    const size_t off = static_cast<size_t>(d - out->data());
    ResizeForOverwrite(out, off + 2 * need);  // grows what this call appends, not all of *out
    d = out->data() + off;
    lim = out->data() + out->size();
  };
  for (;;) {
    while (i + 16 <= n) {
      std::memcpy(d, p + i, 16);
      const unsigned m = SpecialMask16<kValidUtf8>(p + i);
      if (m == 0) {
        i += 16, d += 16;
        continue;
      }
      const unsigned k = static_cast<unsigned>(__builtin_ctz(m));
      i += k, d += k;
      break;
    }
    if (i + 16 > n) {  // the tail, byte by byte
      while (i < n && (!kSpecial.v[p[i]] || (kValidUtf8 && p[i] >= 0x80))) *d++ = static_cast<char>(p[i++]);
    }
    if (i >= n) break;
    const uint8_t c = p[i];
    if (c >= 0x80) {  // only without kValidUtf8
      const size_t start = i;
      UChar32 cp;
      U8_NEXT(p, i, n, cp);
      room(3);
      if (cp < 0) {
        std::memcpy(d, "\xEF\xBF\xBD", 3);
        d += 3;
      } else {
        std::memcpy(d, p + start, i - start);
        d += i - start;
      }
      continue;
    }
    ++i;
    room(6);
    switch (c) {
      case '"': std::memcpy(d, "\\\"", 2), d += 2; break;
      case '\\': std::memcpy(d, "\\\\", 2), d += 2; break;
      case '\n': std::memcpy(d, "\\n", 2), d += 2; break;
      case '\t': std::memcpy(d, "\\t", 2), d += 2; break;
      case '\r': std::memcpy(d, "\\r", 2), d += 2; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        std::memcpy(d, u, 6);
        d += 6;
      }
    }
  }
  out->resize(static_cast<size_t>(d - out->data()));
}

void AppendJsonEscaped(std::string_view s, std::string* out) { Escape<false>(s, out); }

void AppendJsonEscapedValidUtf8(std::string_view s, std::string* out) { Escape<true>(s, out); }

void AppendUint(uint64_t v, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, r.ptr);
}

void AppendFixed(double v, std::string* out) {
  if (!std::isfinite(v)) v = 0;
  char buf[40];
  int n = std::snprintf(buf, sizeof buf, "%.4f", v);
  // Trim trailing zeros but keep one digit after the point.
  while (n > 2 && buf[n - 1] == '0' && buf[n - 2] != '.') --n;
  out->append(buf, n);
}

}  // namespace winnow
