#include "pipeline/json_util.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stages/string_room.h"

namespace winnow {
namespace {

bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Reads 4 hex digits at p (caller checked that 4 bytes exist).
int Hex4(const char* p) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    int h = HexValue(p[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

// First '"' or '\\' in [p, end), or end. Eight bytes at a time: a byte equal
// to c makes (w ^ c*ones) zero, and the lowest set high bit of
// (x - ones) & ~x marks the first zero byte (higher ones may be borrows,
// which ctz ignores on little-endian loads).
inline const char* FindQuoteOrBackslash(const char* p, const char* end) {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {  // 16 bytes at a time where SSE2 is there
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const int m = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))));
    if (m != 0) return p + __builtin_ctz(static_cast<unsigned>(m));
  }
#endif
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHigh = 0x8080808080808080ULL;
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    const uint64_t q = w ^ (kOnes * '"');
    const uint64_t b = w ^ (kOnes * '\\');
    const uint64_t m = (((q - kOnes) & ~q) | ((b - kOnes) & ~b)) & kHigh;
    if (m != 0) return p + (__builtin_ctzll(m) >> 3);
    p += 8;
  }
  while (p < end && *p != '"' && *p != '\\') ++p;
  return p;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : begin_(s.data()), p_(s.data()), end_(s.data() + s.size()) {}

  bool ParseObject(std::vector<JsonField>* fields) {
    SkipWs();
    if (p_ == end_ || *p_ != '{') return Fail(p_, "not a JSON object");
    ++p_;
    SkipWs();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
    } else {
      for (;;) {
        JsonField f;
        if (!Key(&f.key)) return false;
        const char* v = p_;
        if (!Value(&f.type)) return false;
        f.value = std::string_view(v, p_ - v);
        fields->push_back(f);
        SkipWs();
        if (p_ == end_) return Fail(p_, "expected ',' or '}'");
        if (*p_ == '}') {
          ++p_;
          break;
        }
        if (*p_ != ',') return Fail(p_, "expected ',' or '}'");
        ++p_;
        SkipWs();
      }
    }
    SkipWs();
    if (p_ != end_) return Fail(p_, "trailing characters after object");
    return true;
  }

  const JsonError& error() const { return error_; }

 private:
  bool Fail(const char* at, const char* what) {
    error_.offset = static_cast<size_t>(at - begin_);
    error_.what = what;
    return false;
  }

  void SkipWs() {
    while (p_ < end_ && IsWs(*p_)) ++p_;
  }

  // A string key, whitespace, ':' and whitespace; leaves p_ at the value.
  bool Key(std::string_view* raw = nullptr) {
    if (p_ == end_ || *p_ != '"') return Fail(p_, "expected string key");
    const char* k = p_;
    if (!String()) return false;
    if (raw != nullptr) *raw = std::string_view(k, p_ - k);
    SkipWs();
    if (p_ == end_ || *p_ != ':') return Fail(p_, "expected ':'");
    ++p_;
    SkipWs();
    return true;
  }

  // p_ at the opening quote; leaves p_ after the closing quote.
  bool String() {
    const char* open = p_++;
    for (;;) {
      p_ = FindQuoteOrBackslash(p_, end_);
      if (p_ == end_) return Fail(open, "unterminated string");
      if (*p_ == '"') {
        ++p_;
        return true;
      }
      const char* esc = p_;
      if (end_ - p_ < 2) return Fail(open, "unterminated string");
      char c = p_[1];
      if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
          c == 't') {
        p_ += 2;
        continue;
      }
      if (c != 'u') return Fail(esc, "invalid escape");
      if (end_ - p_ < 6) return Fail(esc, "invalid \\u escape");
      int cp = Hex4(p_ + 2);
      if (cp < 0) return Fail(esc, "invalid \\u escape");
      p_ += 6;
      if (cp >= 0xDC00 && cp <= 0xDFFF) return Fail(esc, "lone surrogate escape");
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') {
          return Fail(esc, "lone surrogate escape");
        }
        int lo = Hex4(p_ + 2);
        if (lo < 0xDC00 || lo > 0xDFFF) return Fail(esc, "lone surrogate escape");
        p_ += 6;
      }
    }
  }

  bool Number() {
    const char* start = p_;
    if (*p_ == '-') ++p_;
    if (p_ == end_ || !IsDigit(*p_)) return Fail(start, "invalid number");
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ < end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return Fail(start, "invalid number");
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return Fail(start, "invalid number");
      while (p_ < end_ && IsDigit(*p_)) ++p_;
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0) {
      return Fail(p_, "invalid literal");
    }
    p_ += word.size();
    return true;
  }

  // One value at p_ (any nesting, iteratively). The enclosing top-level
  // object counts as depth 1.
  bool Value(JsonType* type) {
    char stack[kMaxJsonDepth];  // '{' or '[' per open container
    size_t depth = 0;
    bool first = true;
    for (;;) {
      // Expecting a value.
      SkipWs();
      if (p_ == end_) return Fail(p_, "unexpected end of line");
      char c = *p_;
      JsonType t;
      bool opened = false;
      switch (c) {
        case '"':
          t = JsonType::kString;
          if (!String()) return false;
          break;
        case '{':
        case '[':
          t = c == '{' ? JsonType::kObject : JsonType::kArray;
          if (depth + 2 > kMaxJsonDepth) return Fail(p_, "nesting deeper than 256");
          stack[depth++] = c;
          ++p_;
          SkipWs();
          if (p_ < end_ && *p_ == (c == '{' ? '}' : ']')) {
            ++p_;
            --depth;
          } else {
            opened = true;
            if (c == '{' && !Key()) return false;
          }
          break;
        case 't':
          t = JsonType::kTrue;
          if (!Literal("true")) return false;
          break;
        case 'f':
          t = JsonType::kFalse;
          if (!Literal("false")) return false;
          break;
        case 'n':
          t = JsonType::kNull;
          if (!Literal("null")) return false;
          break;
        default:
          if (c != '-' && !IsDigit(c)) return Fail(p_, "unexpected character");
          t = JsonType::kNumber;
          if (!Number()) return false;
      }
      if (first) *type = t;
      first = false;
      if (opened) continue;
      // After a value: close containers or move to the next element.
      for (;;) {
        if (depth == 0) return true;
        SkipWs();
        char open = stack[depth - 1];
        char close = open == '{' ? '}' : ']';
        if (p_ < end_ && *p_ == close) {
          ++p_;
          --depth;
          continue;
        }
        if (p_ < end_ && *p_ == ',') {
          ++p_;
          SkipWs();
          if (open == '{' && !Key()) return false;
          break;
        }
        return Fail(p_, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  JsonError error_;
};

// Writes the UTF-8 form of cp (< 0x110000; surrogates are encoded as they
// are, for CleanText to replace) at d; returns the new end.
char* PutUtf8(uint32_t cp, char* d) {
  if (cp < 0x80) {
    *d++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *d++ = static_cast<char>(0xC0 | (cp >> 6));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *d++ = static_cast<char>(0xE0 | (cp >> 12));
    *d++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *d++ = static_cast<char>(0xF0 | (cp >> 18));
    *d++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *d++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *d++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return d;
}

}  // namespace

bool ParseJsonObject(std::string_view line, std::vector<JsonField>* fields, JsonError* error) {
  fields->clear();
  Scanner s(line);
  if (s.ParseObject(fields)) return true;
  *error = s.error();
  return false;
}

void AppendJsonUnescaped(std::string_view raw, std::string* out) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
    raw = raw.substr(1, raw.size() - 2);
  }
  // Unescaping never lengthens: an escape of 2, 6 or 12 bytes becomes 1, at
  // most 3, or 4 bytes. So the output fits in the input's size, plus 16 for
  // the unconditional 16-byte stores of the copy loop.
  const size_t base = out->size();
  ResizeForOverwrite(out, base + raw.size() + 16);
  char* d = out->data() + base;
  const char* p = raw.data();
  const char* end = p + raw.size();
  while (p < end) {
#if defined(__SSE2__)
    for (; end - p >= 16; p += 16, d += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v);
      const int m = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
      if (m != 0) {
        const int k = __builtin_ctz(static_cast<unsigned>(m));
        p += k, d += k;
        break;
      }
    }
#endif
    while (p < end && *p != '\\') *d++ = *p++;
    if (end - p < 2) break;  // the end, or a lone '\\' a validated string never has
    const char c = p[1];
    p += 2;
    switch (c) {
      case 'b': *d++ = '\b'; break;
      case 'f': *d++ = '\f'; break;
      case 'n': *d++ = '\n'; break;
      case 'r': *d++ = '\r'; break;
      case 't': *d++ = '\t'; break;
      case 'u': {
        if (end - p < 4) {
          p = end;
          break;
        }
        uint32_t cp = static_cast<uint32_t>(Hex4(p));
        p += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
          uint32_t lo = static_cast<uint32_t>(Hex4(p + 2));
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          p += 6;
        }
        d = PutUtf8(cp, d);
        break;
      }
      default: *d++ = c;  // '"', '\\', '/'
    }
  }
  out->resize(static_cast<size_t>(d - out->data()));
}

bool JsonKeyEquals(std::string_view raw_key, std::string_view name) {
  if (raw_key.size() >= 2) raw_key = raw_key.substr(1, raw_key.size() - 2);
  if (raw_key.find('\\') == std::string_view::npos) return raw_key == name;
  std::string decoded;
  AppendJsonUnescaped(raw_key, &decoded);
  return decoded == name;
}

}  // namespace winnow
