// Side-by-side columns of a text dump put one after the other.
//
// A fixed-width renderer (w3m, lynx, links) lays a page's table cells side
// by side: a navigation column, the story and a sidebar share each line of
// the dump, so a line holds a menu item, a piece of a paragraph and a
// headline of another story. Cut into lines, no unit is all article or all
// boilerplate. SplitColumns finds such layouts and rewrites each one as its
// columns in reading order: the left column's lines, a blank line, then the
// right column's lines (each side split again, for three or more columns).
//
// A region is a run of consecutive lines with a gutter: a span of columns
// that is blank (space, or a box-drawing border, U+2500..U+257F) on every
// line of the run, past the end of a short line counting as blank. It grows
// from a seed line, a line with a blank gap of at least three columns
// between two pieces of text, down and then up, keeping the widest gap of
// each line that lies within the gutter, while the gutter stays at least one
// column wide. Of a seed line's gaps, the one whose region has the most
// lines with text on both sides wins. The region is split when
//   - at least three of its lines have text on both sides of the gutter,
//   - and one side is laid out as running text: the median width of its
//     lines (from their first to their last character) is at least 30
//     columns.
// The second condition keeps data tables (scores, prices, schedules: short
// cells in rows) in row order; a story column next to anything is split.
// Wide and fullwidth characters (East Asian Width W or F) count two
// columns. The split keeps the bytes of each side as they are (the right
// side from the gutter's end, so indentation within a column stays).
//
// Pure and thread-safe.
#ifndef WINNOW_STAGES_COLUMNS_H_
#define WINNOW_STAGES_COLUMNS_H_

#include <unicode/umachine.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

struct ColumnScratch {
  struct Segment {           // a run of non-blank characters of a line
    uint32_t col = 0, col_end = 0;    // columns [col, col_end)
    uint32_t byte = 0, byte_end = 0;  // bytes of the text
  };
  struct Piece {             // a line, or one side of a split line
    uint32_t begin = 0, end = 0;      // bytes (for a right side: from the gutter's end)
    uint32_t seg = 0, seg_end = 0;    // its segments
  };
  std::vector<Segment> segs;
  std::vector<Piece> pieces;   // pieces of every level, as the splits make them
  std::vector<uint32_t> widths;
  std::string text;            // the rewritten text
  size_t budget = 0;           // line visits left for growing regions
};

// Returns the number of regions split in `text`. When it is not 0,
// scratch->text holds the text with each region's columns one after the
// other.
size_t SplitColumns(std::string_view text, ColumnScratch* scratch);

// False when SplitColumns certainly finds nothing: `text` has no two
// consecutive spaces and no box-drawing character. Fast (16 bytes a step).
bool MayHaveColumns(std::string_view text);

// The columns a code point takes in a fixed-width rendering: two for East
// Asian Width W and F, else one.
int DisplayColumns(UChar32 c);

}  // namespace winnow

#endif  // WINNOW_STAGES_COLUMNS_H_
