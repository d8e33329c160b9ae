// Normalization with an ASCII fast path that is byte-identical to sending the
// whole text through ICU.
//
// Why the split is exact: every ASCII character has a normalization boundary
// before it in NFC, NFKC and NFKC_Casefold, and normalizes to itself (to its
// lowercase for NFKC_CF). Letters and '<' '=' '>' have no boundary *after*
// them: a following mark (U+0301, U+0338) composes with them. So ASCII text
// is copied (or lowercased) 8 bytes at a time, and each maximal non-ASCII
// run goes to ICU together with the ASCII character just before it when that
// character can combine.
//
// Most runs skip ICU too: a character with a boundary before it that is its
// own normalization (curly quotes, dashes, "é", "ü", CJK; a "stable
// starter") does not interact with anything before it, so a run of stable
// starters followed by ASCII is already normalized. Only from the first
// other character on (a mark, an uppercase letter for NFKC_CF, a ligature)
// is the run handed to ICU, starting at the stable starter before it.
//
// CleanText's cleanup (controls, zero-width, spaces, lines) is defined on the
// text *before* normalization; the spaces, line breaks and blank lines of the
// result are then collapsed. ASCII controls that are removed therefore must
// not split a non-ASCII run ("a\u0308\x01\u0304" is one run), and the ASCII
// character carried into ICU is the last one kept, i.e. the last byte
// written.
#include "stages/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <cstdio>
#include <cstdlib>

#include "stages/utf8.h"
#include "stages/string_room.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {
namespace normalize_internal {

// Facts about one code point.
enum CpFlag : uint8_t {
  kStableNfc = 1 << 0,   // boundary before it, and NFC leaves it unchanged
  kStableNfkc = 1 << 1,  // same for NFKC
  kStableCf = 1 << 2,    // same for NFKC_Casefold
  kWord = 1 << 3,       // letter, mark or decimal digit: part of a key token
  kSingle = 1 << 4,     // script written without spaces: a token on its own
  kSpace = 1 << 5,      // Unicode space that CleanText turns into ' '
  kDrop = 1 << 6,       // C1 control or zero-width character CleanText removes
  kFrame = 1 << 7,      // box drawing (U+2500..U+257F): a space unless frames are kept
};

// CleanText's class of a byte.
enum ByteClass : uint8_t {
  kText,      // printable ASCII other than space: copied
  kBlank,     // space or TAB: one space at most, none at line ends
  kLf,        // line break
  kCr,        // line break; CRLF counts once
  kControl,   // other C0 control or DEL: removed
  kNonAscii,  // lead or continuation byte
};

struct Tables {
  const icu::Normalizer2* nfc = nullptr;
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* cf = nullptr;
  uint8_t cp[0x10000] = {};           // CpFlag bits of each BMP code point
  bool joins_next[3][128] = {};       // ASCII char without a boundary after it: NFC, NFKC, NFKC_CF
  uint8_t byte_class[256] = {};
  bool ascii_word[128] = {};          // [0-9A-Za-z]
};

namespace {

bool IsUnicodeSpace(UChar32 c) {
  return c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsZeroWidth(UChar32 c) { return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF; }

bool IsWordChar(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_ND_MASK | U_GC_M_MASK)) != 0;
}

bool IsNoSpaceScript(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  const UScriptCode s = uscript_getScript(c, &ec);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_THAI ||
         s == USCRIPT_LAO || s == USCRIPT_KHMER || s == USCRIPT_MYANMAR;
}

const Tables* BuildTables() {
  auto* t = new Tables();
  UErrorCode ec = U_ZERO_ERROR;
  t->nfc = icu::Normalizer2::getNFCInstance(ec);
  t->nfkc = icu::Normalizer2::getNFKCInstance(ec);
  t->cf = icu::Normalizer2::getNFKCCasefoldInstance(ec);
  if (U_FAILURE(ec)) {
    std::fprintf(stderr, "winnow: ICU normalizer data unavailable: %s\n", u_errorName(ec));
    std::abort();
  }
  for (UChar32 c = 0; c < 0x10000; ++c) {
    if (U_IS_SURROGATE(c)) continue;  // never produced by the decoder
    uint8_t f = 0;
    const icu::UnicodeString one(c);
    if (t->nfc->hasBoundaryBefore(c) && t->nfc->isNormalized(one, ec)) f |= kStableNfc;
    if (t->nfkc->hasBoundaryBefore(c) && t->nfkc->isNormalized(one, ec)) f |= kStableNfkc;
    if (t->cf->hasBoundaryBefore(c) && t->cf->isNormalized(one, ec)) f |= kStableCf;
    if (IsWordChar(c)) f |= kWord;
    if (c >= 0x0E00 && IsNoSpaceScript(c)) f |= kSingle;
    if (IsUnicodeSpace(c)) f |= kSpace;
    if ((c >= 0x80 && c <= 0x9F) || IsZeroWidth(c)) f |= kDrop;
    if (c >= 0x2500 && c <= 0x257F) f |= kFrame;
    t->cp[c] = f;
  }
  const icu::Normalizer2* forms[3] = {t->nfc, t->nfkc, t->cf};
  for (int k = 0; k < 3; ++k) {
    for (UChar32 c = 0; c < 128; ++c) t->joins_next[k][c] = !forms[k]->hasBoundaryAfter(c);
  }
  for (int b = 0; b < 256; ++b) {
    ByteClass cls = kText;
    if (b >= 0x80) cls = kNonAscii;
    else if (b == ' ' || b == '\t') cls = kBlank;
    else if (b == '\n') cls = kLf;
    else if (b == '\r') cls = kCr;
    else if (b < 0x20 || b == 0x7F) cls = kControl;
    t->byte_class[b] = cls;
  }
  for (int b = 0; b < 128; ++b) {
    t->ascii_word[b] = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }
  return t;
}

const Tables& GetTables() {
  static const Tables* const tables = BuildTables();  // built once, never freed
  return *tables;
}

uint8_t SupplementaryFlags(UChar32 c) {
  // Not stable: supplementary characters are rare enough to go through ICU.
  uint8_t f = 0;
  if (IsWordChar(c)) f |= kWord;
  if (IsNoSpaceScript(c)) f |= kSingle;
  return f;
}

inline uint8_t Flags(const Tables& t, UChar32 c) {
  return c < 0x10000 ? t.cp[c] : SupplementaryFlags(c);
}

#if defined(__SSE2__)
// Lanes of v in [lo, hi] (lo >= 1, hi <= 0x7E). Signed compares: bytes
// >= 0x80 are negative and match nothing.
inline __m128i InRange16(__m128i v, char lo, char hi) {
  return _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(static_cast<char>(lo - 1))),
                       _mm_cmplt_epi8(v, _mm_set1_epi8(static_cast<char>(hi + 1))));
}

// Lanes of v that are ASCII letters or digits (a key token's bytes); the
// letters alone in *letter.
inline __m128i WordLanes(__m128i v, __m128i* letter) {
  *letter = InRange16(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
  return _mm_or_si128(*letter, InRange16(v, '0', '9'));
}
#endif

// Slack kept past the write cursor so that 8-byte stores never overflow.
constexpr size_t kSlack = 16;

// Extra room reserved up front, so that a few expanding characters (U+FFFD
// for a bad byte, a space around a CJK token) do not force a resize.
constexpr size_t kHeadroom = 64;

// Resizes *s to at least `need` bytes, growing what this call appends
// (from `start`) geometrically. The rest of *s is not counted: callers
// append many small results to one large buffer.
[[gnu::noinline]] void Grow(std::string* s, size_t start, size_t need) {
  ResizeForOverwrite(s, std::max(need, s->size() + (s->size() - start)));
}

struct IcuScratch {
  std::string src;
  std::string dst;
};

IcuScratch& Scratch() {
  thread_local IcuScratch scratch;
  return scratch;
}

// Normalizes `src` into `dst` (replacing it). ICU only fails on allocation
// failure; the unnormalized text is a better answer than none then.
void Normalize(const icu::Normalizer2* form, std::string_view src, std::string* dst) {
  dst->clear();
  icu::StringByteSink<std::string> sink(dst, static_cast<int32_t>(src.size()) + 8);
  UErrorCode ec = U_ZERO_ERROR;
  form->normalizeUTF8(0, icu::StringPiece(src.data(), static_cast<int32_t>(src.size())), sink,
                      nullptr, ec);
  if (U_FAILURE(ec)) dst->assign(src);
}

// Writer state shared by both passes: the output string and a cursor into it.
// Every step keeps lim - d >= (bytes of input left) + kSlack, so ASCII steps
// (which write at most what they read) need no checks.
class Cursor {
 protected:
  Cursor(std::string_view in, std::string* out)
      : s_(reinterpret_cast<const uint8_t*>(in.data())), n_(in.size()), out_(out),
        start_(out->size()) {
    ResizeForOverwrite(out_, start_ + n_ + kSlack + kHeadroom);
    Rebase(start_);
  }

  // Makes room for `extra` bytes beyond the invariant, input position i.
  void Ensure(size_t i, size_t extra) {
    const size_t need = (n_ - i) + kSlack + extra;
    if (static_cast<size_t>(lim_ - d_) < need) {
      const size_t off = static_cast<size_t>(d_ - out_->data());
      Grow(out_, start_, off + need);
      Rebase(off);
    }
  }

  void Finish() { out_->resize(static_cast<size_t>(d_ - out_->data())); }

  size_t Offset() const { return static_cast<size_t>(d_ - out_->data()); }
  void SetOffset(size_t off) { d_ = out_->data() + off; }

  const uint8_t* const s_;
  const size_t n_;
  std::string* const out_;
  const size_t start_;
  char* d_ = nullptr;   // write cursor
  char* d0_ = nullptr;  // start of what this call appends
  char* lim_ = nullptr;

 private:
  void Rebase(size_t off) {
    char* base = out_->data();
    d0_ = base + start_;
    d_ = base + off;
    lim_ = base + out_->size();
  }
};

class Cleaner : Cursor {
 public:
  Cleaner(const Tables& t, const icu::Normalizer2* form, const NormalizeOptions& o,
          std::string_view in, std::string* out)
      : Cursor(in, out), t_(t), form_(form), stable_(o.nfkc ? kStableNfkc : kStableNfc),
        space_(o.keep_frames ? kSpace : kSpace | kFrame), joins_next_(t.joins_next[o.nfkc ? 1 : 0]) {}

  size_t Run() {
    size_t i = 0;
    while (i < n_) {
      i = AsciiRun(i);
      if (i >= n_) break;
      const uint8_t b = s_[i];
      switch (t_.byte_class[b]) {
        case kText: *d_++ = static_cast<char>(b); ++i; break;
        case kBlank: Space(); ++i; break;
        case kLf: Newline(); ++i; break;
        case kCr: Newline(); i += (i + 1 < n_ && s_[i + 1] == '\n') ? 2 : 1; break;
        case kControl: ++i; break;
        default: i = NonAscii(i); break;
      }
    }
    while (d_ != d0_ && (d_[-1] == ' ' || d_[-1] == '\n')) --d_;
    Finish();
    return bad_;
  }

  size_t cjk_leads() const { return cjk_leads_; }
  size_t blanks() const { return blanks_; }

 private:
  bool AtSpace() const { return d_ == d0_ || d_[-1] == ' ' || d_[-1] == '\n'; }

  void Space() {
    if (!AtSpace()) {
      *d_++ = ' ';
    } else {
      ++blanks_;
    }
  }

  void Newline() {
    if (d_ != d0_ && d_[-1] == ' ') --d_;
    if (d_ != d0_ && !(d_ - d0_ >= 2 && d_[-1] == '\n' && d_[-2] == '\n')) *d_++ = '\n';
  }

  // Copies printable ASCII 8 bytes at a time, dropping spaces that would
  // double or start a line; stops at (and returns the position of) the first
  // control or non-ASCII byte.
  size_t AsciiRun(size_t i) {
    using namespace utf8;
    const uint8_t* s = s_;
    const size_t n = n_;
    char* d = d_;
    uint64_t prev_space = AtSpace() ? 0x80 : 0;
#if defined(__SSE2__) && defined(__x86_64__)
    // 16 printable bytes per step; the 8-byte loop below finds where a
    // control or non-ASCII byte stops the run.
    for (uint32_t p = static_cast<uint32_t>(prev_space >> 7); i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      // v - 0x20 (wrapping) >= 0x5F, unsigned: outside 0x20..0x7E.
      const __m128i shifted = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - 0x20)));
      if (_mm_movemask_epi8(_mm_cmpgt_epi8(shifted, _mm_set1_epi8(static_cast<char>(0x80 + 0x5E - 0x100)))) != 0) {
        prev_space = p << 7;
        break;
      }
      const uint32_t sp = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
      const uint32_t drop = sp & ((sp << 1) | p);
      if (drop == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v);
        d += 16;
      } else {
        ++blanks_;
        d = StoreKeptBits(d, static_cast<uint64_t>(_mm_cvtsi128_si64(v)), ~drop);
        d = StoreKeptBits(d, static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v))), ~drop >> 8);
      }
      p = sp >> 15;
      prev_space = p << 7;
    }
#endif
    while (i + 8 <= n) {
      const uint64_t w = Load64(s + i);
      const uint64_t special = (InRange7(w & kLow7, 0x20, 0x7E) & ~w) ^ kHigh;
      const uint64_t sp = EqMask(w, ' ');
      uint64_t drop = sp & ((sp << 8) | prev_space);
      blanks_ += drop != 0;
      if (special != 0) {
        const unsigned k = FirstLane(special);
        d = StoreKept(d, w, LanesBefore(~drop & kHigh, k));
        i += k;
        break;
      }
      d = StoreWord(d, w, drop);
      i += 8;
      prev_space = sp >> 56;
    }
    d_ = d;
    return i;
  }

  // Handles the run of non-ASCII characters (and removed ASCII controls)
  // starting at s_[i]; returns the position of the next kept ASCII byte.
  size_t NonAscii(size_t i) {
    size_t bad = 0;
    // The last stable starter (or space) written, to restart from with ICU.
    size_t back_in = 0, back_out = 0, back_bad = 0;
    bool have_back = false;
    size_t j = i;
    while (j < n_) {
      const uint8_t b = s_[j];
      if (b < 0x80) {
        if (t_.byte_class[b] != kControl) break;
        ++j;
        continue;
      }
      Ensure(j, 8);
      const size_t cs = j;
      cjk_leads_ += utf8::IsCjkLead(b);
      const UChar32 c = utf8::Next(s_, &j, n_);
      const uint8_t f = c < 0 ? t_.cp[0xFFFD] : Flags(t_, c);
      blanks_ += f >> 7;  // kFrame
      if (c >= 0 && (f & kDrop)) continue;
      if (c >= 0 && (f & space_)) {
        back_in = cs, back_out = Offset(), back_bad = bad, have_back = true;
        Space();
        continue;
      }
      if (!(f & stable_)) {
        if (!have_back) return Icu(i, /*carry=*/true);
        SetOffset(back_out);
        bad_ += back_bad;
        return Icu(back_in, /*carry=*/false);
      }
      back_in = cs, back_out = Offset(), back_bad = bad, have_back = true;
      if (c < 0) {
        ++bad;
        d_ = utf8::Append(d_, 0xFFFD);
      } else {
        for (size_t k = cs; k < j; ++k) *d_++ = static_cast<char>(s_[k]);
      }
    }
    bad_ += bad;
    return j;
  }

  // Filters the rest of the run from s_[i] and normalizes it with ICU. With
  // `carry` (i starts the run), the last character written goes along when
  // it may combine with the run.
  size_t Icu(size_t i, bool carry) {
    IcuScratch& scratch = Scratch();
    std::string& src = scratch.src;
    src.clear();
    if (carry && d_ != d0_ && static_cast<uint8_t>(d_[-1]) < 0x80 &&
        joins_next_[static_cast<uint8_t>(d_[-1])]) {
      src.push_back(*--d_);
    }
    size_t j = i;
    while (j < n_) {
      const uint8_t b = s_[j];
      if (b < 0x80) {
        if (t_.byte_class[b] != kControl) break;
        ++j;
        continue;
      }
      const size_t cs = j;
      cjk_leads_ += utf8::IsCjkLead(b);
      const UChar32 c = utf8::Next(s_, &j, n_);
      if (c < 0) {
        ++bad_;
        src.append("\xEF\xBF\xBD");
        continue;
      }
      const uint8_t f = Flags(t_, c);
      blanks_ += f >> 7;  // kFrame
      if (f & kDrop) continue;
      if (f & space_) {
        src.push_back(' ');
        continue;
      }
      src.append(reinterpret_cast<const char*>(s_ + cs), j - cs);
    }
    std::string& dst = scratch.dst;
    Normalize(form_, src, &dst);
    Ensure(j, dst.size());
    for (char ch : dst) {
      if (ch == ' ') {
        Space();
      } else {
        *d_++ = ch;
      }
    }
    return j;
  }

  const Tables& t_;
  const icu::Normalizer2* const form_;
  const uint8_t stable_;
  const uint8_t space_;  // flags of the characters written as a space
  const bool* const joins_next_;
  size_t bad_ = 0;
  size_t cjk_leads_ = 0;  // utf8::IsCjkLead bytes read (again after an ICU restart)
  size_t blanks_ = 0;     // at least 1 when the input has two spaces in a row or a kFrame
};

class Keyer : Cursor {
 public:
  Keyer(const Tables& t, const icu::Normalizer2* form, std::string_view in, std::string* out)
      : Cursor(in, out), t_(t), form_(form) {}

  size_t Run() {
    size_t i = 0;
    while (i < n_) {
      i = AsciiRun(i);
      if (i >= n_) break;
      const uint8_t b = s_[i];
      if (b < 0x80) {
        AsciiChar(b);
        ++i;
      } else {
        i = NonAscii(i);
      }
    }
    if (d_ != d0_ && d_[-1] == ' ') --d_;
    Finish();
    return tokens_;
  }

 private:
  // The output is the tokens so far joined by ' ', plus a trailing ' ' when a
  // separator followed the last token (dropped at the end).
  bool AtSeparator() const { return d_ == d0_ || d_[-1] == ' '; }

  void Separator() {
    if (!AtSeparator()) *d_++ = ' ';
  }

  void AsciiChar(uint8_t b) {
    if (t_.ascii_word[b]) {
      tokens_ += AtSeparator();
      *d_++ = static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b);
    } else {
      Separator();
    }
  }

  void Char(const uint8_t* p, size_t len, uint8_t f) {
    if (!(f & kWord)) {
      Separator();
      return;
    }
    if (f & kSingle) {
      Separator();
      ++tokens_;
      for (size_t k = 0; k < len; ++k) *d_++ = static_cast<char>(p[k]);
      *d_++ = ' ';
      return;
    }
    tokens_ += AtSeparator();
    for (size_t k = 0; k < len; ++k) *d_++ = static_cast<char>(p[k]);
  }

  // Lowercases ASCII letters and digits and turns every other ASCII byte
  // into a separator (dropped after a separator or at the start), 8 bytes at
  // a time; stops at (and returns the position of) a non-ASCII byte.
  size_t AsciiRun(size_t i) {
    using namespace utf8;
    const uint8_t* s = s_;
    const size_t n = n_;
    char* d = d_;
    size_t tokens = tokens_;
    uint64_t prev_sep = AtSeparator() ? 0x80 : 0;
#if defined(__SSE2__) && defined(__x86_64__)
    // 16 ASCII bytes per step; the 8-byte loop below finds where a
    // non-ASCII byte stops the run.
    for (uint32_t p = static_cast<uint32_t>(prev_sep >> 7); i + 16 <= n; i += 16) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
      if (_mm_movemask_epi8(v) != 0) {
        prev_sep = p << 7;
        break;
      }
      __m128i letter;
      const __m128i word = WordLanes(v, &letter);
      // Letters lowercased, digits kept, every other byte a space.
      const __m128i key = _mm_or_si128(
          _mm_and_si128(word, _mm_or_si128(v, _mm_and_si128(letter, _mm_set1_epi8(0x20)))),
          _mm_andnot_si128(word, _mm_set1_epi8(' ')));
      const uint32_t sep = ~static_cast<uint32_t>(_mm_movemask_epi8(word)) & 0xFFFF;
      const uint32_t after_sep = (sep << 1) | p;
      const uint32_t drop = sep & after_sep;
      tokens += PopCount16(~sep & after_sep & 0xFFFF);
      if (drop == 0) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d), key);
        d += 16;
      } else {
        d = StoreKeptBits(d, static_cast<uint64_t>(_mm_cvtsi128_si64(key)), ~drop);
        d = StoreKeptBits(d, static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key))),
                          ~drop >> 8);
      }
      p = sep >> 15;
      prev_sep = p << 7;
    }
#endif
    while (i + 8 <= n) {
      const uint64_t w = Load64(s + i);
      const uint64_t x7 = w & kLow7;
      const uint64_t letter = InRange7(x7 | (kOnes * 0x20), 'a', 'z');
      const uint64_t word = (letter | InRange7(x7, '0', '9')) & ~w;
      const uint64_t sep = word ^ kHigh;
      const uint64_t drop = sep & ((sep << 8) | prev_sep);
      const uint64_t full = (word >> 7) * 0xFF;
      const uint64_t key = ((x7 | (letter >> 2)) & full) | (kOnes * ' ' & ~full);
      const uint64_t starts = word & ~((word << 8) | (prev_sep ^ 0x80));
      if (const uint64_t high = w & kHigh; high != 0) {
        const unsigned k = FirstLane(high);
        d = StoreKept(d, key, LanesBefore(~drop & kHigh, k));
        tokens += CountLanes(LanesBefore(starts, k));
        i += k;
        break;
      }
      d = StoreWord(d, key, drop);
      tokens += CountLanes(starts);
      i += 8;
      prev_sep = sep >> 56;
    }
    d_ = d;
    tokens_ = tokens;
    return i;
  }

  // Handles the maximal non-ASCII run starting at s_[i]; returns its end.
  size_t NonAscii(size_t i) {
    // The last stable starter written, to restart from with ICU.
    size_t back_in = 0, back_out = 0, back_tokens = 0;
    bool have_back = false;
    size_t j = i;
    while (j < n_ && s_[j] >= 0x80) {
      Ensure(j, 8);
      const size_t cs = j;
      const UChar32 c = utf8::Next(s_, &j, n_);
      const uint8_t f = c < 0 ? 0 : Flags(t_, c);
      if (!(f & kStableCf)) {
        if (!have_back) return Icu(i, /*carry=*/true);
        SetOffset(back_out);
        tokens_ = back_tokens;
        return Icu(back_in, /*carry=*/false);
      }
      back_in = cs, back_out = Offset(), back_tokens = tokens_, have_back = true;
      Char(s_ + cs, j - cs, f);
    }
    return j;
  }

  // Normalizes the rest of the run from s_[i] with ICU and tokenizes the
  // result. With `carry` (i starts the run), the ASCII character before it
  // goes along when it may combine with the run.
  size_t Icu(size_t i, bool carry) {
    size_t seg = i;
    if (carry && i > 0 && s_[i - 1] < 0x80 && t_.joins_next[2][s_[i - 1]]) {
      // If it was written as part of a token, take it back first ('<' '='
      // '>' were separators, and what they compose with is a symbol, so they
      // need no undoing).
      seg = i - 1;
      if (t_.ascii_word[s_[i - 1]]) {
        --d_;
        if (AtSeparator()) --tokens_;
      }
    }
    size_t j = i;
    while (j < n_ && s_[j] >= 0x80) ++j;
    std::string& dst = Scratch().dst;
    Normalize(form_, std::string_view(reinterpret_cast<const char*>(s_ + seg), j - seg), &dst);
    Ensure(j, 2 * dst.size());
    const uint8_t* p = reinterpret_cast<const uint8_t*>(dst.data());
    const size_t m = dst.size();
    size_t k = 0;
    while (k < m) {
      if (p[k] < 0x80) {
        AsciiChar(p[k++]);
        continue;
      }
      const size_t cs = k;
      const UChar32 c = utf8::Next(p, &k, m);
      Char(p + cs, k - cs, c < 0 ? 0 : Flags(t_, c));
    }
    return j;
  }

  const Tables& t_;
  const icu::Normalizer2* const form_;
  size_t tokens_ = 0;
};

}  // namespace
}  // namespace normalize_internal

using normalize_internal::Cleaner;
using normalize_internal::Keyer;
#if defined(__SSE2__)
using normalize_internal::InRange16;
using normalize_internal::WordLanes;
#endif

Normalizer::Normalizer(const NormalizeOptions& options)
    : options_(options), tables_(&normalize_internal::GetTables()) {
  text_form_ = options_.nfkc ? tables_->nfkc : tables_->nfc;
  key_form_ = tables_->cf;
}

size_t Normalizer::CleanText(std::string_view in, std::string* out, CleanTally* tally) const {
  Cleaner cleaner(*tables_, text_form_, options_, in, out);
  const size_t bad = cleaner.Run();
  if (tally != nullptr) tally->cjk_leads = cleaner.cjk_leads(), tally->blanks = cleaner.blanks();
  return bad;
}

size_t Normalizer::MatchKey(std::string_view in, std::string* out) const {
  return Keyer(*tables_, key_form_, in, out).Run();
}

size_t Normalizer::MinKeyTokens(std::string_view in, size_t limit) {
  using namespace utf8;
  const uint8_t* s = reinterpret_cast<const uint8_t*>(in.data());
  const size_t n = in.size();
  size_t tokens = 0, i = 0;
  uint64_t prev_sep = 0x80;  // the start of the text counts as a separator
#if defined(__SSE2__)
  // 16 bytes at a time: bit masks of letters/digits and separators.
  uint32_t carry = 1;
  for (; i + 16 <= n && tokens <= limit; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    __m128i letter;
    const __m128i word = WordLanes(v, &letter);
    const __m128i printable = InRange16(v, 0x20, 0x7E);
    const __m128i breaks = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                                        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                                     _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
    const uint32_t w = static_cast<uint32_t>(_mm_movemask_epi8(word));
    const uint32_t sep = static_cast<uint32_t>(_mm_movemask_epi8(_mm_or_si128(printable, breaks))) & ~w;
    tokens += PopCount16(w & ((sep << 1) | carry));
    carry = sep >> 15;
  }
  prev_sep = carry ? 0x80 : 0;
#endif
  for (; i + 8 <= n && tokens <= limit; i += 8) {
    const uint64_t w = Load64(s + i);
    const uint64_t x7 = w & kLow7;
    const uint64_t word = (InRange7(x7 | (kOnes * 0x20), 'a', 'z') | InRange7(x7, '0', '9')) & ~w;
    const uint64_t sep = (InRange7(x7, 0x20, 0x7E) | EqMask(w, '\t') | EqMask(w, '\n') |
                          EqMask(w, '\r')) & ~(word | w);
    tokens += CountLanes(word & ((sep << 8) | prev_sep));
    prev_sep = sep >> 56;
  }
  for (; i < n && tokens <= limit; ++i) {
    const uint8_t b = s[i];
    const bool word = static_cast<uint8_t>((b | 0x20) - 'a') < 26 || static_cast<uint8_t>(b - '0') < 10;
    tokens += word && prev_sep;
    prev_sep = !word && ((b >= 0x20 && b < 0x7F) || b == '\t' || b == '\n' || b == '\r');
  }
  return tokens;
}

}  // namespace winnow
