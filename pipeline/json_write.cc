#include "pipeline/json_write.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

#include <unicode/utf8.h>

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

// Index of the first byte in the 8-byte word `w` that needs attention: a
// control byte (< 0x20), '"', '\\', or a non-ASCII byte; 8 when none. The
// lowest flagged byte is exact (borrows only flag bytes above a real hit).
template <bool kValidUtf8>
inline int FirstSpecial(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  const uint64_t q = w ^ (kOnes * '"');
  const uint64_t b = w ^ (kOnes * '\\');
  // Valid UTF-8 needs no attention to non-ASCII bytes; ~w keeps them from
  // flagging themselves in the "< 0x20" test.
  const uint64_t lt = kValidUtf8 ? ((w - kOnes * 0x20) & ~w) : ((w - kOnes * 0x20) | w);
  const uint64_t m = (lt | ((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHigh;
  return m ? __builtin_ctzll(m) >> 3 : 8;
}

template <bool kValidUtf8>
void Escape(std::string_view s, std::string* out) {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    int32_t run = i;
    while (n - run >= 8) {
      uint64_t w;
      std::memcpy(&w, p + run, 8);
      const int k = FirstSpecial<kValidUtf8>(w);
      run += k;
      if (k < 8) break;
    }
    if (n - run < 8) {
      while (run < n && !kSpecial.v[p[run]]) ++run;
    }
    out->append(s.data() + i, run - i);
    i = run;
    if (i >= n) break;
    uint8_t c = p[i];
    if (!kSpecial.v[c] || (kValidUtf8 && c >= 0x80)) {  // nothing to escape here
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c >= 0x80) {
      int32_t start = i;
      UChar32 cp;
      U8_NEXT(p, i, n, cp);
      if (cp < 0) {
        out->append("\xEF\xBF\xBD");
      } else {
        out->append(s.data() + start, i - start);
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\t': out->append("\\t"); break;
      case '\r': out->append("\\r"); break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        out->append(buf);
      }
    }
  }
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
