// Hard-wrapped Chinese and Japanese text joined back into its lines.
//
// Text dumps made by a fixed-width renderer (w3m, lynx, links, a terminal
// pager) break every line at the screen or table-cell width. In English the
// break falls between words; in Chinese and Japanese, which have no spaces,
// it falls inside a word, so the dump holds half-words at line ends and
// every wrapped paragraph becomes several units. UnwrapCjkLines finds such
// breaks and removes them.
//
// A line break is removed when all of these hold:
//   - the line and the next are in one block: consecutive non-blank lines
//     with the same indentation (leading spaces);
//   - the line reaches the block's right edge, less one column (a wide
//     character that did not fit), counting a wide or fullwidth character
//     (East Asian Width W or F) as two columns, and the block is at least 20
//     columns wide;
//   - the line ends in a CJK character (U+3000..U+30FF, U+3400..U+9FFF,
//     U+F900..U+FAFF, U+FF00..U+FFEF: Han, kana, CJK and fullwidth
//     punctuation) other than a sentence or bracket end (。！？」』）】〕》),
//     and the next line starts with one other than the ideographic space
//     (U+3000, which indents a paragraph's first line);
//   - neither line holds a run of three spaces (two table columns side by
//     side, which joining would interleave).
// and the text shows wrapping somewhere: one block has at least two such
// breaks. A single long line ending in a CJK character (a headline above a
// paragraph, a page with a line per paragraph) is not evidence of wrapping.
// Hangul is written with spaces and wraps between words: not joined.
//
// Pure and thread-safe.
#ifndef WINNOW_STAGES_UNWRAP_H_
#define WINNOW_STAGES_UNWRAP_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct UnwrapScratch {
  struct Line {
    uint32_t begin = 0, end = 0;  // the line's bytes, without its '\n'
    uint32_t text = 0, text_end = 0;  // without indentation and trailing blanks
    uint32_t indent = 0, edge = 0;    // columns
    bool starts_cjk = false, ends_open_cjk = false, gap = false;
  };
  std::vector<Line> lines;
  std::vector<uint8_t> join;  // join[k]: the break after line k goes
  std::string text;           // the unwrapped text
};

// Returns the number of line breaks removed from `text`. When it is not 0,
// scratch->text holds the text with those breaks removed, each together
// with the trailing blanks before it and the indentation after it.
size_t UnwrapCjkLines(std::string_view text, UnwrapScratch* scratch);

// UnwrapCjkLines joins nothing in text with fewer bytes that lead a CJK
// character (utf8::IsCjkLead) than this: two breaks need four characters.
inline constexpr size_t kUnwrapMinCjkLeads = 4;

}  // namespace winnow

#endif  // WINNOW_STAGES_UNWRAP_H_
