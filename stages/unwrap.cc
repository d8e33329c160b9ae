#include "stages/unwrap.h"

#include <algorithm>
#include <cstring>

#include "stages/columns.h"
#include "stages/utf8.h"

namespace winnow {
namespace {

using Line = UnwrapScratch::Line;

// Han, kana, CJK and fullwidth punctuation: the scripts written without
// spaces that a renderer wraps at any character.
bool IsCjk(UChar32 c) {
  return (c >= 0x3000 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF);
}

// Can continue a wrapped line: a CJK character other than the ideographic
// space, which indents a paragraph's first line in Chinese and Japanese.
bool ContinuesLine(UChar32 c) { return c != 0x3000 && IsCjk(c); }

// Ends a sentence or a bracket: a line that ends in one ends where the
// writer ended it as often as where the renderer did.
bool ClosesSentence(UChar32 c) {
  switch (c) {
    case 0x3002: case 0xFF01: case 0xFF1F:  // 。！？
    case 0x300D: case 0x300F: case 0xFF09:  // 」』）
    case 0x3011: case 0x3015: case 0x300B:  // 】〕》
      return true;
    default:
      return false;
  }
}

// Length of the blank (space, TAB, CR, NBSP, ideographic space) that ends
// s[begin, end), or 0.
size_t TrailingBlank(const uint8_t* s, size_t begin, size_t end) {
  if (end == begin) return 0;
  const uint8_t b = s[end - 1];
  if (b == ' ' || b == '\t' || b == '\r') return 1;
  if (end - begin >= 2 && s[end - 2] == 0xC2 && b == 0xA0) return 2;
  if (end - begin >= 3 && s[end - 3] == 0xE3 && s[end - 2] == 0x80 && b == 0x80) return 3;
  return 0;
}

void Measure(const uint8_t* s, size_t begin, size_t end, Line* l) {
  l->begin = static_cast<uint32_t>(begin);
  l->end = static_cast<uint32_t>(end);
  while (size_t t = TrailingBlank(s, begin, end)) end -= t;
  size_t i = begin;
  while (i < end && s[i] == ' ') ++i;
  l->indent = static_cast<uint32_t>(i - begin);
  l->text = static_cast<uint32_t>(i);
  l->text_end = static_cast<uint32_t>(end);
  l->starts_cjk = l->ends_open_cjk = l->gap = false;
  uint32_t columns = l->indent, spaces = 0;
  UChar32 c = -1;
  for (bool first = true; i < end; first = false) {
    if (s[i] < 0x80) {
      spaces = s[i] == ' ' ? spaces + 1 : 0;
      l->gap |= spaces >= 3;
      c = s[i++];
      ++columns;
      continue;
    }
    spaces = 0;
    c = utf8::Next(s, &i, end);
    columns += c < 0 ? 1 : DisplayColumns(c);
    if (first) l->starts_cjk = ContinuesLine(c);
  }
  l->ends_open_cjk = c >= 0 && IsCjk(c) && !ClosesSentence(c);
  l->edge = columns;
}

// The last code point of s[begin, end), or -1 when it is not a well-formed
// sequence (as utf8::Next decoding from `begin` would find it).
UChar32 LastCodePoint(const uint8_t* s, size_t begin, size_t end) {
  if (end == begin) return -1;
  size_t i = end - 1;
  while (i > begin && end - i < 4 && (s[i] & 0xC0) == 0x80) --i;
  const UChar32 c = utf8::Next(s, &i, end);
  return i == end ? c : -1;
}

// A necessary condition for UnwrapCjkLines to join anything, at the cost of
// a look at each line's ends: two line breaks with an open CJK character
// before them and a CJK character after them. Most CJK text (a paragraph a
// line, ending in 。) stops here.
bool HasTwoCandidateBreaks(const uint8_t* s, size_t n) {
  size_t candidates = 0;
  for (size_t pos = 0; pos < n;) {
    const void* lf = std::memchr(s + pos, '\n', n - pos);
    if (!lf) break;
    size_t end = static_cast<size_t>(static_cast<const uint8_t*>(lf) - s);
    const size_t next = end + 1;
    while (size_t t = TrailingBlank(s, pos, end)) end -= t;
    const UChar32 last = LastCodePoint(s, pos, end);
    pos = next;
    if (last < 0 || !IsCjk(last) || ClosesSentence(last)) continue;
    size_t i = next;
    while (i < n && s[i] == ' ') ++i;
    if (i < n && s[i] >= 0x80 && ContinuesLine(utf8::Next(s, &i, n)) && ++candidates >= 2) return true;
  }
  return false;
}

}  // namespace

size_t UnwrapCjkLines(std::string_view text, UnwrapScratch* scratch) {
  const uint8_t* s = reinterpret_cast<const uint8_t*>(text.data());
  const size_t n = text.size();
  if (!HasTwoCandidateBreaks(s, n)) return 0;
  std::vector<Line>& lines = scratch->lines;
  lines.clear();
  for (size_t pos = 0;;) {
    const void* lf = std::memchr(s + pos, '\n', n - pos);
    const size_t end = lf ? static_cast<size_t>(static_cast<const uint8_t*>(lf) - s) : n;
    lines.emplace_back();
    Measure(s, pos, end, &lines.back());
    if (!lf) break;
    pos = end + 1;
  }
  std::vector<uint8_t>& join = scratch->join;
  join.assign(lines.size(), 0);
  bool wrapped = false;
  for (size_t i = 0; i < lines.size();) {
    if (lines[i].text == lines[i].text_end) {
      ++i;
      continue;
    }
    const uint32_t indent = lines[i].indent;
    size_t j = i;
    uint32_t right = lines[i].edge;
    while (j + 1 < lines.size() && lines[j + 1].text != lines[j + 1].text_end && lines[j + 1].indent == indent) {
      right = std::max(right, lines[++j].edge);
    }
    size_t breaks = 0;
    if (right - indent >= 20) {
      for (size_t k = i; k < j; ++k) {
        const Line& a = lines[k];
        const Line& b = lines[k + 1];
        if (a.edge + 1 >= right && a.ends_open_cjk && b.starts_cjk && !a.gap && !b.gap) {
          join[k] = 1;
          ++breaks;
        }
      }
    }
    wrapped |= breaks >= 2;
    i = j + 1;
  }
  if (!wrapped) return 0;
  std::string& out = scratch->text;
  out.clear();
  out.reserve(n);
  size_t joined = 0;
  out.append(text.data() + lines[0].begin, lines[0].end - lines[0].begin);
  for (size_t k = 0; k + 1 < lines.size(); ++k) {
    const Line& next = lines[k + 1];
    if (join[k]) {
      // Drop line k's trailing blanks (the end of `out`) and next's indentation.
      out.resize(out.size() - (lines[k].end - lines[k].text_end));
      out.append(text.data() + next.text, next.end - next.text);
      ++joined;
    } else {
      out += '\n';
      out.append(text.data() + next.begin, next.end - next.begin);
    }
  }
  return joined;
}

}  // namespace winnow
