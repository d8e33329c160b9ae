#include "stages/columns.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>

#include "stages/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace winnow {
namespace {

using Segment = ColumnScratch::Segment;
using Piece = ColumnScratch::Piece;

constexpr uint32_t kMinSeedGap = 3;   // blank columns between two texts of a seed line
constexpr uint32_t kMinBoth = 3;      // lines with text on both sides of the gutter
constexpr uint32_t kMinProseWidth = 30;  // median width of a running-text column
constexpr int kMaxDepth = 3;          // splits within splits (four columns)
constexpr size_t kBudgetPerLine = 64;  // line visits per line of text, for all growing

// Bytes of the blank character at s[i] (a space, CR, or U+2500..U+257F), or 0.
inline size_t BlankAt(const uint8_t* s, size_t i, size_t n) {
  if (s[i] == ' ' || s[i] == '\r') return 1;
  if (s[i] == 0xE2 && i + 2 < n && (s[i + 1] == 0x94 || s[i + 1] == 0x95) && (s[i + 2] & 0xC0) == 0x80)
    return 3;
  return 0;
}

class Splitter {
 public:
  Splitter(std::string_view text, ColumnScratch* s)
      : s_(reinterpret_cast<const uint8_t*>(text.data())), n_(text.size()), x_(*s) {}

  size_t Run() {
    x_.segs.clear();
    x_.pieces.clear();
    for (size_t pos = 0;;) {
      const void* lf = std::memchr(s_ + pos, '\n', n_ - pos);
      const size_t end = lf ? static_cast<size_t>(static_cast<const uint8_t*>(lf) - s_) : n_;
      x_.pieces.push_back(Measure(pos, end));
      if (!lf) break;
      pos = end + 1;
    }
    const uint32_t lines = static_cast<uint32_t>(x_.pieces.size());
    x_.budget = kBudgetPerLine * lines + 1024;
    x_.text.clear();
    x_.text.reserve(n_ + n_ / 8);
    Layout(0, lines, 0);
    if (regions_ == 0) return 0;
    x_.text.pop_back();  // the '\n' after the last line
    return regions_;
  }

 private:
  // The segments of s_[begin, end), a line starting at column 0.
  Piece Measure(size_t begin, size_t end) {
    Piece p;
    p.begin = static_cast<uint32_t>(begin);
    p.end = static_cast<uint32_t>(end);
    p.seg = static_cast<uint32_t>(x_.segs.size());
    uint32_t col = 0;
    bool in_seg = false;
    for (size_t i = begin; i < end;) {
      if (const size_t b = BlankAt(s_, i, end)) {
        in_seg = false;
        i += b;
        ++col;
        continue;
      }
      const size_t at = i;
      uint32_t w = 1;
      if (s_[i] < 0x80) {
        ++i;
      } else {
        const UChar32 c = utf8::Next(s_, &i, end);
        w = c < 0 ? 1 : static_cast<uint32_t>(DisplayColumns(c));
      }
      if (!in_seg) {
        x_.segs.push_back(Segment{col, col, static_cast<uint32_t>(at), static_cast<uint32_t>(at)});
        in_seg = true;
      }
      col += w;
      x_.segs.back().col_end = col;
      x_.segs.back().byte_end = static_cast<uint32_t>(i);
    }
    p.seg_end = static_cast<uint32_t>(x_.segs.size());
    return p;
  }

  // The longest blank span of piece p within [*lo, *hi) (the first of equal
  // ones), stored there; false when there is none.
  bool Shrink(const Piece& p, uint32_t* lo, uint32_t* hi) const {
    uint32_t best_lo = *lo, best_hi = *lo, cur = *lo;
    for (uint32_t k = p.seg; k < p.seg_end; ++k) {
      const Segment& g = x_.segs[k];
      if (g.col_end <= cur) continue;
      if (g.col >= *hi) break;
      if (g.col > cur && g.col - cur > best_hi - best_lo) best_lo = cur, best_hi = g.col;
      cur = g.col_end;
    }
    if (cur < *hi && *hi - cur > best_hi - best_lo) best_lo = cur, best_hi = *hi;
    if (best_hi == best_lo) return false;
    *lo = best_lo, *hi = best_hi;
    return true;
  }

  struct Region {
    uint32_t both = 0, begin = 0, end = 0, lo = 0, hi = 0;
  };

  // The median (the upper one) of widths[from, to).
  uint32_t Median(size_t from, size_t to) {
    if (to == from) return 0;
    const auto begin = x_.widths.begin();
    const auto mid = begin + static_cast<std::ptrdiff_t>(from + (to - from) / 2);
    std::nth_element(begin + static_cast<std::ptrdiff_t>(from), mid, begin + static_cast<std::ptrdiff_t>(to));
    return *mid;
  }

  // The region grown from the gap [lo, hi) of piece i among pieces
  // [floor, last); its `both` is 0 when it may not be split.
  Region Grow(uint32_t i, uint32_t floor, uint32_t last, uint32_t lo, uint32_t hi) {
    Region r;
    uint32_t j = i + 1;
    for (; j < last && x_.budget > 0; ++j, --x_.budget) {
      if (!Shrink(x_.pieces[j], &lo, &hi)) break;
    }
    uint32_t k = i;
    for (; k > floor && x_.budget > 0; --k, --x_.budget) {
      if (!Shrink(x_.pieces[k - 1], &lo, &hi)) break;
    }
    uint32_t both = 0;
    x_.widths.resize(2 * size_t{j - k});  // left widths, then right widths
    size_t nl = 0, nr = j - k;
    for (uint32_t t = k; t < j; ++t) {
      const Piece& p = x_.pieces[t];
      uint32_t l0 = UINT32_MAX, l1 = 0, r0 = UINT32_MAX, r1 = 0;
      for (uint32_t g = p.seg; g < p.seg_end; ++g) {
        const Segment& sg = x_.segs[g];
        if (sg.col < lo) l0 = std::min(l0, sg.col), l1 = sg.col_end;
        else if (r0 == UINT32_MAX) r0 = sg.col, r1 = sg.col_end;
        else r1 = sg.col_end;
      }
      if (l1 > 0) x_.widths[nl++] = l1 - l0;
      if (r1 > 0) x_.widths[nr++] = r1 - r0;
      both += l1 > 0 && r1 > 0;
    }
    const uint32_t left_median = Median(0, nl), right_median = Median(j - k, nr);
    if (both >= kMinBoth && std::max(left_median, right_median) >= kMinProseWidth) r.both = both;
    r.begin = k, r.end = j, r.lo = lo, r.hi = hi;
    return r;
  }

  void Emit(const Piece& p) {
    x_.text.append(reinterpret_cast<const char*>(s_) + p.begin, p.end - p.begin);
    x_.text += '\n';
  }

  // Writes pieces [first, first + count) of one level in reading order.
  void Layout(uint32_t first, uint32_t count, int depth) {
    const uint32_t last = first + count;
    if (depth > kMaxDepth || count < kMinBoth) {
      for (uint32_t i = first; i < last; ++i) Emit(x_.pieces[i]);
      return;
    }
    uint32_t emitted = first;  // pieces before this are written
    for (uint32_t i = first; i < last;) {
      Region best;
      const Piece p = x_.pieces[i];
      for (uint32_t g = p.seg; g + 1 < p.seg_end && x_.budget > 0; ++g) {
        const uint32_t gap_lo = x_.segs[g].col_end, gap_hi = x_.segs[g + 1].col;
        if (gap_hi - gap_lo < kMinSeedGap) continue;
        const Region r = Grow(i, emitted, last, gap_lo, gap_hi);
        if (r.both > best.both) best = r;
      }
      if (best.both == 0) {
        ++i;
        continue;
      }
      for (uint32_t t = emitted; t < best.begin; ++t) Emit(x_.pieces[t]);
      SplitRegion(best, depth);
      ++regions_;
      i = emitted = best.end;
    }
    for (uint32_t t = emitted; t < last; ++t) Emit(x_.pieces[t]);
  }

  // Writes region r's left column, a blank line, then its right column.
  void SplitRegion(const Region& r, int depth) {
    const uint32_t n = r.end - r.begin;
    const uint32_t left = static_cast<uint32_t>(x_.pieces.size());
    x_.pieces.resize(left + 2 * n);
    for (uint32_t t = 0; t < n; ++t) {
      const Piece p = x_.pieces[r.begin + t];
      uint32_t g = p.seg;
      while (g < p.seg_end && x_.segs[g].col < r.lo) ++g;
      Piece& l = x_.pieces[left + t];
      l.begin = p.begin;
      l.end = g > p.seg ? x_.segs[g - 1].byte_end : p.begin;
      l.seg = p.seg, l.seg_end = g;
      // The right side starts at the gutter's end: walk the blanks from
      // the left side's end (or the piece's start) to column r.hi.
      size_t at = l.end;
      uint32_t col = g > p.seg ? x_.segs[g - 1].col_end : PieceColumn(p);
      while (col < r.hi && at < p.end) {
        if (g < p.seg_end && at >= x_.segs[g].byte) break;
        const size_t b = BlankAt(s_, at, p.end);
        at += b ? b : 1;
        ++col;
      }
      Piece& rp = x_.pieces[left + n + t];
      rp.begin = static_cast<uint32_t>(at);
      rp.end = std::max(p.end, rp.begin);
      rp.seg = g, rp.seg_end = p.seg_end;
    }
    Layout(left, n, depth + 1);
    x_.text += '\n';
    Layout(left + n, n, depth + 1);
  }

  // The column of a piece's first byte: 0 for a line; for the right side of
  // a split, where its first segment starts less the blanks before it.
  uint32_t PieceColumn(const Piece& p) const {
    if (p.seg == p.seg_end) return 0;
    const Segment& g = x_.segs[p.seg];
    uint32_t col = g.col;
    for (size_t at = p.begin; at < g.byte;) {
      const size_t b = BlankAt(s_, at, g.byte);
      at += b ? b : 1;
      --col;
    }
    return col;
  }

  const uint8_t* s_;
  size_t n_;
  ColumnScratch& x_;
  size_t regions_ = 0;
};

}  // namespace

int DisplayColumns(UChar32 c) {
  if (c < 0x1100) return 1;
  // Han, kana, Hangul and fullwidth forms without a property lookup.
  if ((c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xFF01 && c <= 0xFF60)) {
    return 2;
  }
  const int w = u_getIntPropertyValue(c, UCHAR_EAST_ASIAN_WIDTH);
  return w == U_EA_WIDE || w == U_EA_FULLWIDTH ? 2 : 1;
}

size_t SplitColumns(std::string_view text, ColumnScratch* scratch) {
  if (!MayHaveColumns(text)) return 0;
  return Splitter(text, scratch).Run();
}

bool MayHaveColumns(std::string_view text) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
#if defined(__SSE2__)
  uint32_t carry = 0;  // the previous block ended in a space
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
    const uint32_t sp = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
    if (sp & ((sp << 1) | carry)) return true;
    uint32_t e2 = static_cast<uint32_t>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE2)))));
    for (; e2 != 0; e2 &= e2 - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(e2)) + 1;
      if (at < n && (s[at] == 0x94 || s[at] == 0x95)) return true;
    }
    carry = sp >> 15;
  }
#endif
  for (; i < n; ++i) {
    if (s[i] == ' ' && i > 0 && s[i - 1] == ' ') return true;
    if (s[i] == 0xE2 && i + 1 < n && (s[i + 1] == 0x94 || s[i + 1] == 0x95)) return true;
  }
  return false;
}

}  // namespace winnow
