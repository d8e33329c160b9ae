// Splits cleaned text (LF line ends, trimmed lines, see normalize.h) into
// units: one non-empty line each (kLine) or one blank-line-separated block
// each (kBlock). Pure and thread-safe.
#ifndef WINNOW_STAGES_SEGMENT_H_
#define WINNOW_STAGES_SEGMENT_H_

#include <string_view>
#include <vector>

#include "stages/unit.h"

namespace winnow {

enum class UnitMode : uint8_t { kLine, kBlock };

// Appends the spans (relative to text.data()) of the non-empty units of
// `text` to *out, in order. A block unit spans its lines and the '\n'
// between them, without the trailing '\n'. Returns the number appended.
size_t SegmentUnits(std::string_view text, UnitMode mode, std::vector<Span>* out);

}  // namespace winnow

#endif  // WINNOW_STAGES_SEGMENT_H_
