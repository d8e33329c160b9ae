#include "stages/rendered_text.h"

#include "stages/normalize.h"

namespace winnow {

std::string_view LayOutRenderedText(std::string_view raw, bool may_have_columns, size_t cjk_leads,
                                    const RenderedTextOptions& options, RenderedTextScratch* scratch,
                                    RenderedTextCounts* counts) {
  *counts = RenderedTextCounts{};
  std::string_view text = raw;
  if (options.columns && may_have_columns &&
      (counts->column_regions = SplitColumns(text, &scratch->columns)) != 0) {
    text = scratch->columns.text;
  }
  // Columns first: a wrapped paragraph's lines are consecutive only once
  // its column stands alone.
  if (options.unwrap_cjk && cjk_leads >= kUnwrapMinCjkLeads &&
      (counts->joined_lines = UnwrapCjkLines(text, &scratch->unwrap)) != 0) {
    text = scratch->unwrap.text;
  }
  return text;
}

size_t CleanRenderedText(const Normalizer& norm, std::string_view raw, const RenderedTextOptions& options,
                         std::string* out, RenderedTextScratch* scratch, RenderedTextCounts* counts) {
  const size_t start = out->size();
  CleanTally tally;
  const size_t bad = norm.CleanText(raw, out, &tally);
  const std::string_view text =
      LayOutRenderedText(raw, tally.blanks != 0, tally.cjk_leads, options, scratch, counts);
  if (text.data() == raw.data()) return bad;
  out->resize(start);
  return norm.CleanText(text, out);
}

}  // namespace winnow
