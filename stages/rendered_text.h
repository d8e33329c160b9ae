// Text that a fixed-width renderer made (w3m, lynx, links dumps of HTML),
// laid out back into reading order before cleaning: side-by-side columns
// put one after the other (columns.h), then Chinese and Japanese lines that
// were hard-wrapped joined again (unwrap.h), then Normalizer::CleanText.
//
// Both passes rewrite the raw text only when it shows their layout, so
// other text is cleaned once and pays nothing more: CleanText tallies what
// each pass needs to see (two spaces in a row or a border; CJK lead bytes)
// on its way. Pure and thread-safe.
#ifndef WINNOW_STAGES_RENDERED_TEXT_H_
#define WINNOW_STAGES_RENDERED_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "stages/columns.h"
#include "stages/unwrap.h"

namespace winnow {

class Normalizer;

struct RenderedTextOptions {
  bool columns = true;     // split side-by-side columns (--no-columns)
  bool unwrap_cjk = true;  // join hard-wrapped CJK lines (--no-cjk-unwrap)
};

struct RenderedTextScratch {
  ColumnScratch columns;
  UnwrapScratch unwrap;
};

struct RenderedTextCounts {
  size_t column_regions = 0;  // regions whose columns were split
  size_t joined_lines = 0;    // line breaks removed
};

// The raw text as the layout passes rewrite it: `raw` itself, or a view of
// scratch's text. `may_have_columns` is false only when `raw` certainly has
// no columns (MayHaveColumns, or a CleanTally's blanks of 0); `cjk_leads`
// is at least the CJK lead bytes of `raw` (CleanTally, CountIllFormed).
std::string_view LayOutRenderedText(std::string_view raw, bool may_have_columns, size_t cjk_leads,
                                    const RenderedTextOptions& options, RenderedTextScratch* scratch,
                                    RenderedTextCounts* counts);

// Normalizer::CleanText of LayOutRenderedText(raw), appended to *out.
// Returns the ill-formed sequences replaced, as CleanText.
size_t CleanRenderedText(const Normalizer& norm, std::string_view raw, const RenderedTextOptions& options,
                         std::string* out, RenderedTextScratch* scratch, RenderedTextCounts* counts);

}  // namespace winnow

#endif  // WINNOW_STAGES_RENDERED_TEXT_H_
