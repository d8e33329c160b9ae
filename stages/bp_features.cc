#include "stages/bp_features.h"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {
namespace {

constexpr size_t kMatchBytes = 800;

// Bytes the text pass must look at; everything else (lower-case ASCII,
// common punctuation, UTF-8 continuation bytes) takes the fast path.
enum : uint8_t { kPlain = 0, kSpecial = 1 };
struct ByteKinds {
  uint8_t k[256];
  constexpr ByteKinds() : k() {
    for (int c = 0; c < 256; ++c) k[c] = kPlain;
    for (int c = 'A'; c <= 'Z'; ++c) k[c] = kSpecial;
    for (int c = '0'; c <= '9'; ++c) k[c] = kSpecial;
    for (char c : {' ', '|', '$', '/', '>', '@', ':', 'w', '('}) k[static_cast<unsigned char>(c)] = kSpecial;
    for (int c = 0xC0; c < 0x100; ++c) k[c] = kSpecial;  // lead bytes of non-ASCII
  }
};
constexpr ByteKinds kByteKinds;
constexpr const uint8_t* kByteKind = kByteKinds.k;

// Byte j of v[b] = bit j of b.
struct ByteBits {
  uint64_t v[256];
  constexpr ByteBits() : v() {
    for (int b = 0; b < 256; ++b)
      for (int j = 0; j < 8; ++j)
        if (b >> j & 1) v[b] |= uint64_t{1} << (8 * j);
  }
};
constexpr ByteBits kByteBits;

inline bool IsAsciiUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
inline bool IsAsciiLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Strips trailing closing quotes and brackets; reports whether any was seen.
std::string_view StripClosers(std::string_view t, bool* quote) {
  *quote = false;
  while (!t.empty()) {
    const unsigned char c = t.back();
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == '*') {
      *quote |= c == '"' || c == '\'';
      t.remove_suffix(1);
      continue;
    }
    if (t.size() >= 3 && static_cast<unsigned char>(t[t.size() - 3]) == 0xE2 &&
        static_cast<unsigned char>(t[t.size() - 2]) == 0x80 &&
        (c == 0x9D || c == 0x99 || c == 0xBA)) {  // ” ’ ›
      *quote = true;
      t.remove_suffix(3);
      continue;
    }
    if (t.size() >= 2 && static_cast<unsigned char>(t[t.size() - 2]) == 0xC2 && c == 0xBB) {  // »
      *quote = true;
      t.remove_suffix(2);
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      continue;
    }
    break;
  }
  return t;
}

void EndShape(std::string_view text, UnitFeatures* f) {
  if (text.size() >= 3 && text.substr(text.size() - 3) == "...") {
    f->flags |= kFlagEllipsis;
    return;
  }
  if (text.size() >= 3 && text.substr(text.size() - 3) == "\xE2\x80\xA6") {
    f->flags |= kFlagEllipsis;
    return;
  }
  bool quote = false;
  std::string_view t = StripClosers(text, &quote);
  if (t.size() >= 3 && (t.substr(t.size() - 3) == "..." || t.substr(t.size() - 3) == "\xE2\x80\xA6")) {
    f->flags |= kFlagEllipsis;
    return;
  }
  if (t.empty()) return;
  const unsigned char c = t.back();
  if (c == '.' || c == '!' || c == '?') f->flags |= kFlagTerminal;
  if (c == '!' || c == '?') f->flags |= kFlagQuestion;
  if (c == ':') f->flags |= kFlagColon;
  if (c == ',' || c == ';' || c == '-') f->flags |= kFlagComma;
  if (t.size() >= 3 && static_cast<unsigned char>(t[t.size() - 3]) == 0xE3 &&
      static_cast<unsigned char>(t[t.size() - 2]) == 0x80 && c == 0x82)  // 。
    f->flags |= kFlagTerminal;
  if (t.size() >= 3 && static_cast<unsigned char>(t[t.size() - 3]) == 0xEF &&
      static_cast<unsigned char>(t[t.size() - 2]) == 0xBC && (c == 0x81 || c == 0x9F))  // ！ ？
    f->flags |= kFlagTerminal | kFlagQuestion;
  if (quote && t.size() < text.size()) {
    f->flags |= kFlagQuoteEnd;
    // A quotation closing a line ends a sentence even without a full stop
    // before the quote mark (C4 counts closing quotes as terminal).
    if (f->words >= 6) f->flags |= kFlagTerminal;
  }
}

void StartShape(std::string_view text, UnitFeatures* f) {
  if (text.empty()) return;
  const unsigned char c = text[0];
  if (c == '*' || c == '-' || c == '+' || c == '>') {
    if (text.size() > 1 && text[1] == ' ') f->flags |= kFlagBullet;
  } else if (c == 0xE2 && text.size() >= 3) {
    const unsigned char c1 = text[1], c2 = text[2];
    // • ‣ – — ▪ ► ▶ ■ ● ◦ ✓ ✔ → and friends
    if ((c1 == 0x80 && (c2 == 0xA2 || c2 == 0xA3 || c2 == 0x93 || c2 == 0x94)) || c1 == 0x96 ||
        c1 == 0x97 || c1 == 0x9C || c1 == 0x86)
      f->flags |= kFlagBullet;
  } else if (c == 0xC2 && text.size() >= 2 && static_cast<unsigned char>(text[1]) == 0xB7) {
    f->flags |= kFlagBullet;
  } else if (IsDigit(c)) {
    size_t i = 0;
    while (i < text.size() && i < 3 && IsDigit(text[i])) ++i;
    if (i < text.size() - 1 && (text[i] == '.' || text[i] == ')') && text[i + 1] == ' ')
      f->flags |= kFlagBullet;
  }
  // First letter (skipping bullets, quotes and digits) is upper case.
  for (size_t i = 0; i < text.size() && i < 8; ++i) {
    const unsigned char b = text[i];
    if (IsAsciiUpper(b) || IsDigit(b)) { f->flags |= kFlagUpperStart; break; }
    if (IsAsciiLower(b)) break;
    if (b == 0xC3 && i + 1 < text.size()) {
      const unsigned char n = text[i + 1];
      if (n >= 0x80 && n <= 0x9E && n != 0x97) f->flags |= kFlagUpperStart;
      break;
    }
    if (b >= 0xE3 && b <= 0xED) { f->flags |= kFlagUpperStart; break; }  // no case: CJK etc.
  }
}

// "Photograph:", "Foto:", "Credit:"... : a capitalised credit label before a colon.
bool IsCreditLabel(std::string_view before) {
  static constexpr std::string_view kLabels[] = {"Photograph", "Photo", "Photos", "Picture",
                                                 "Image", "Credit", "Foto", "Fotos", "Bild",
                                                 "Illustration", "Crédit", "Crédits"};
  const size_t sp = before.rfind(' ');
  const std::string_view w = sp == std::string_view::npos ? before : before.substr(sp + 1);
  for (std::string_view l : kLabels)
    if (w == l) return true;
  return false;
}


// Counters of the text pass that are not UnitFeatures fields.
struct TextShape {
  uint32_t chars = 0, cjk = 0, seps = 0, currency = 0;
  bool guillemet_open = false;
};

// The punctuation and non-ASCII bytes that say something on their own
// (separators, currency, URL, e-mail, credit, copyright); any other byte at
// i is ignored. Calls must come in increasing i (guillemet_open).
void RareByte(std::string_view text, size_t i, UnitFeatures* f, TextShape* st) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const unsigned char c = p[i];
  if (c < 0x80) {
    switch (c) {
      case '|': ++st->seps; break;
      case '$': ++st->currency; break;
      case '/': case '>':
        if (i > 0 && i + 1 < n && p[i - 1] == ' ' && p[i + 1] == ' ') ++st->seps;
        else if (c == '/' && i >= 2 && i + 1 < n && IsAsciiUpper(p[i + 1]) &&
                 IsAsciiUpper(p[i - 1]) && IsAsciiUpper(p[i - 2]))
          f->flags |= kFlagCredit;  // "REUTERS/Name", "AP Photo/Name" styles
        else if (c == '/' && i >= 5 && i + 1 < n && IsAsciiUpper(p[i + 1]) &&
                 std::memcmp(p + i - 5, "Photo", 5) == 0)
          f->flags |= kFlagCredit;
        break;
      case '@':
        if (i > 0 && i + 3 < n && p[i - 1] != ' ' && p[i + 1] != ' ' &&
            std::memchr(p + i + 1, '.', n - i - 1))
          f->flags |= kFlagEmail;
        break;
      case ':':
        if (i + 2 < n && p[i + 1] == '/' && p[i + 2] == '/') f->flags |= kFlagUrl;
        else if (IsCreditLabel(text.substr(0, i))) f->flags |= kFlagCredit;
        break;
      case 'w':
        if (i + 3 < n && p[i + 1] == 'w' && p[i + 2] == 'w' && p[i + 3] == '.' &&
            (i == 0 || p[i - 1] == ' ' || p[i - 1] == '/'))
          f->flags |= kFlagUrl;
        break;
      case '(':
        if (i + 2 < n && (p[i + 1] == 'c' || p[i + 1] == 'C') && p[i + 2] == ')')
          f->flags |= kFlagCopyrightSign;
        break;
      default: break;
    }
  } else if (c == 0xC2 && i + 1 < n) {
    const unsigned char d = p[i + 1];
    if (d == 0xA9) f->flags |= kFlagCopyrightSign;
    else if (d == 0xA3 || d == 0xA5) ++st->currency;
    else if (d == 0xB7) ++st->seps;
    else if (d == 0xAB) st->guillemet_open = true;
    else if (d == 0xBB && !st->guillemet_open) ++st->seps;
  } else if (c == 0xE2 && i + 2 < n) {
    const unsigned char d = p[i + 1], e = p[i + 2];
    if (d == 0x82 && (e == 0xAC || e == 0xB9 || e == 0xBD)) ++st->currency;  // € ₹ ₽
    else if (d == 0x80 && (e == 0xA2 || e == 0xBA)) ++st->seps;              // • ›
  }
}

// The text pass over bytes [from, to), one byte at a time. A word starts
// after a space (or at 0); words counted as alphabetic are those whose first
// byte is an upper-case ASCII letter, a lower-case one, or
// the lead byte 0xC3 (Latin-1 letters).
void ShapeBytes(std::string_view text, size_t from, size_t to, UnitFeatures* f, TextShape* st) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  bool word_start = from == 0 || p[from - 1] == ' ';
  bool in_digits = from > 0 && IsDigit(p[from - 1]);
  for (size_t i = from; i < to; ++i) {
    const unsigned char c = p[i];
    st->chars += (c & 0xC0) != 0x80;
    const uint8_t kind = kByteKind[c];
    if (kind == kPlain) {  // the common case: lower-case letters and plain punctuation
      if (word_start) f->alpha += IsAsciiLower(c), word_start = false;
      in_digits = false;
      continue;
    }
    if (c == ' ') { word_start = true; in_digits = false; continue; }
    if (IsDigit(c)) {
      ++f->digits;
      if (!in_digits) ++f->digit_runs;
      in_digits = true;
    } else {
      in_digits = false;
    }
    if (word_start) {
      word_start = false;
      if (IsAsciiUpper(c)) ++f->caps, ++f->alpha;
      else if (IsAsciiLower(c)) ++f->alpha;  // 'w', which takes this slow path
      else if (c == 0xC3 && i + 1 < n) {
        const unsigned char d = p[i + 1];
        ++f->alpha;
        if (d >= 0x80 && d <= 0x9E && d != 0x97) ++f->caps;
      }
    }
    if (c >= 0xE3 && c <= 0xE9) ++st->cjk;
    else if (c == 0xE0 && i + 1 < n && (p[i + 1] == 0xB8 || p[i + 1] == 0xB9)) ++st->cjk;  // Thai
    else if (c < 0x80 || c == 0xC2 || c == 0xE2) RareByte(text, i, f, st);
  }
}

#if defined(__SSE2__)
// Byte lanes equal to 0xFF where lo <= v <= hi (unsigned, hi - lo < 127).
inline __m128i InRange(__m128i v, unsigned char lo, unsigned char hi) {
  const __m128i t = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
  return _mm_cmplt_epi8(t, _mm_set1_epi8(static_cast<char>(-128 + (hi - lo + 1))));
}
inline __m128i Eq(__m128i v, unsigned char c) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(c)));
}
inline uint64_t LaneSum(__m128i acc) {  // acc holds counts per byte lane
  const __m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());
  return static_cast<uint64_t>(_mm_cvtsi128_si64(s)) +
         static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(s, s)));
}

// ShapeBytes over 16-byte blocks from offset 1 on, with the same result:
// each block's previous and next bytes come from overlapping loads, and the
// few bytes RareByte cares about are handed to it in order. Needs 18 bytes
// or more; returns the end of the last block.
size_t ShapeBlocks(std::string_view text, UnitFeatures* f, TextShape* st) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const __m128i zero = _mm_setzero_si128();
  __m128i a_alpha = zero, a_caps = zero, a_digits = zero, a_runs = zero, a_chars = zero,
          a_cjk = zero;
  uint64_t alpha = 0, caps = 0, digits = 0, runs = 0, chars = 0, cjk = 0;
  auto flush = [&] {
    alpha += LaneSum(a_alpha), caps += LaneSum(a_caps), digits += LaneSum(a_digits);
    runs += LaneSum(a_runs), chars += LaneSum(a_chars), cjk += LaneSum(a_cjk);
    a_alpha = a_caps = a_digits = a_runs = a_chars = a_cjk = zero;
  };
  size_t i = 1;
  for (int blocks = 0; i + 17 <= n; i += 16) {
    const __m128i cur = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const __m128i prev = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i - 1));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
    const __m128i word_start = _mm_andnot_si128(Eq(cur, ' '), Eq(prev, ' '));
    const __m128i upper = InRange(cur, 'A', 'Z');
    const __m128i lower = InRange(cur, 'a', 'z');
    const __m128i latin = Eq(cur, 0xC3);
    const __m128i latin_upper =
        _mm_and_si128(latin, _mm_andnot_si128(Eq(next, 0x97), InRange(next, 0x80, 0x9E)));
    const __m128i digit = InRange(cur, '0', '9');
    a_alpha = _mm_sub_epi8(a_alpha, _mm_and_si128(word_start, _mm_or_si128(_mm_or_si128(upper, lower), latin)));
    a_caps = _mm_sub_epi8(a_caps, _mm_and_si128(word_start, _mm_or_si128(upper, latin_upper)));
    a_digits = _mm_sub_epi8(a_digits, digit);
    a_runs = _mm_sub_epi8(a_runs, _mm_andnot_si128(InRange(prev, '0', '9'), digit));
    a_chars = _mm_sub_epi8(a_chars, _mm_cmpgt_epi8(cur, _mm_set1_epi8(-65)));  // not 0x80..0xBF
    a_cjk = _mm_sub_epi8(a_cjk, InRange(cur, 0xE3, 0xE9));
    a_cjk = _mm_sub_epi8(a_cjk, _mm_and_si128(Eq(cur, 0xE0), InRange(next, 0xB8, 0xB9)));  // Thai
    __m128i rare = _mm_or_si128(_mm_or_si128(Eq(cur, '|'), Eq(cur, '$')),
                                _mm_or_si128(Eq(cur, '/'), Eq(cur, '>')));
    rare = _mm_or_si128(rare, _mm_or_si128(_mm_or_si128(Eq(cur, '@'), Eq(cur, ':')),
                                           _mm_or_si128(Eq(cur, '('), Eq(cur, 0xC2))));
    rare = _mm_or_si128(rare, _mm_or_si128(Eq(cur, 0xE2), _mm_and_si128(Eq(cur, 'w'), Eq(next, 'w'))));
    for (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(rare)); m; m &= m - 1)
      RareByte(text, i + static_cast<size_t>(__builtin_ctz(m)), f, st);
    if (++blocks == 255) flush(), blocks = 0;
  }
  flush();
  f->alpha = static_cast<uint16_t>(f->alpha + alpha);
  f->caps = static_cast<uint16_t>(f->caps + caps);
  f->digits = static_cast<uint16_t>(f->digits + digits);
  f->digit_runs = static_cast<uint16_t>(f->digit_runs + runs);
  st->chars += static_cast<uint32_t>(chars);
  st->cjk += static_cast<uint32_t>(cjk);
  return i;
}
#else
size_t ShapeBlocks(std::string_view, UnitFeatures*, TextShape*) { return 1; }
#endif

}  // namespace

void ComputeFeatures(const Lexicon& lex, std::string_view text, std::string_view key,
                     UnitFeatures* f) {
  // Field by field: the whole struct at once compiles to `rep stos`, whose
  // start-up costs more than the rest of a short unit's features.
  f->ph = PhraseMatcher::Result{};
  f->words = f->chars = f->eff_len = f->flags = 0;
  f->stop_any = f->caps = f->alpha = f->digit_runs = f->digits = f->seps = 0;
#if defined(__SSE2__)
  static_assert(sizeof(f->stop_lang) == 64);
  for (int k = 0; k < 4; ++k)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(f->stop_lang) + k, _mm_setzero_si128());
#else
  for (uint16_t& c : f->stop_lang) c = 0;
#endif
  // Pass 1: phrases and stopwords over the key.
  uint32_t words = 0;
  // Built-in phrases only decide units of up to ~90 words, so the automaton
  // reads the first kMatchBytes of longer keys; user phrases count anywhere.
  const size_t limit = lex.user_phrases ? SIZE_MAX : kMatchBytes;
  // Per-language counts as 32 byte counters in four words: a stopword token
  // adds the byte expansion of each byte of its language mask (one add per
  // 8 languages instead of one memory increment per listing language);
  // the bytes go to the 16-bit counters before any can overflow.
  uint64_t acc[4] = {0, 0, 0, 0};
  uint32_t pending = 0;
  auto flush = [&] {
#if defined(__SSE2__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    // Byte lanes widened to 16 bits and added to the counts, 16 at a time.
    static_assert(kMaxLangs == 32);
    const __m128i zero = _mm_setzero_si128();
    for (int k = 0; k < 2; ++k) {
      const __m128i b = _mm_set_epi64x(static_cast<long long>(acc[2 * k + 1]),
                                       static_cast<long long>(acc[2 * k]));
      __m128i* out = reinterpret_cast<__m128i*>(f->stop_lang + 16 * k);
      _mm_storeu_si128(out, _mm_add_epi16(_mm_loadu_si128(out), _mm_unpacklo_epi8(b, zero)));
      _mm_storeu_si128(out + 1, _mm_add_epi16(_mm_loadu_si128(out + 1), _mm_unpackhi_epi8(b, zero)));
    }
#else
    for (int k = 0; k < 4; ++k)
      for (int j = 0; acc[k] && j < 8; ++j)
        f->stop_lang[k * 8 + j] = static_cast<uint16_t>(f->stop_lang[k * 8 + j] + ((acc[k] >> (8 * j)) & 0xFF));
#endif
    acc[0] = acc[1] = acc[2] = acc[3] = 0;
    f->stop_any = static_cast<uint16_t>(f->stop_any + pending);
    pending = 0;
  };
  lex.phrases.Scan(key, &f->ph, [&](uint64_t, uint32_t m) {
    // Without a branch on m: whether a token is a stopword is what a
    // branch predictor cannot guess in prose (m = 0 adds zeros).
    ++words;
    acc[0] += kByteBits.v[m & 0xFF];
    acc[1] += kByteBits.v[(m >> 8) & 0xFF];
    acc[2] += kByteBits.v[(m >> 16) & 0xFF];
    acc[3] += kByteBits.v[m >> 24];
    pending += m != 0;
    if (pending == 255) flush();
  }, limit);
  if (pending) flush();
  f->words = words;
  // Pass 2: character shape over the text.
  TextShape st;
  size_t done = 0;
  if (text.size() >= 18) {  // byte 0, blocks, tail: RareByte sees bytes in order
    ShapeBytes(text, 0, 1, f, &st);
    done = ShapeBlocks(text, f, &st);
  }
  ShapeBytes(text, done, text.size(), f, &st);
  const uint32_t chars = st.chars, cjk = st.cjk, seps = st.seps, currency = st.currency;
  f->chars = chars;
  f->eff_len = chars + 2 * cjk;
  f->seps = static_cast<uint16_t>(seps);
  if (seps >= 2) f->flags |= kFlagSeparators;
  if (currency) f->flags |= kFlagCurrency;
  if (cjk * 2 > chars) f->flags |= kFlagCjk;
  if (f->alpha >= 3 && f->caps * 10 >= f->alpha * 6) f->flags |= kFlagTitleCase;
  EndShape(text, f);
  StartShape(text, f);
}

}  // namespace winnow
