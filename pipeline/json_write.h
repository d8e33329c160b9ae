// Minimal JSON writing helpers: appends to a caller-owned std::string.
// Input strings must be valid UTF-8 (the normalizer guarantees it for text;
// ids and urls from readers are passed through AppendJsonString, which
// replaces ill-formed bytes with U+FFFD so output is always valid JSON).
#ifndef WINNOW_PIPELINE_JSON_WRITE_H_
#define WINNOW_PIPELINE_JSON_WRITE_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string_view s, std::string* out);
// Appends the escaped contents of `s` without the surrounding quotes, so a
// string can be written in pieces.
void AppendJsonEscaped(std::string_view s, std::string* out);
// The same for text already known to be valid UTF-8 (the normalizer's
// output): non-ASCII bytes are copied without being checked.
void AppendJsonEscapedValidUtf8(std::string_view s, std::string* out);
// Appends an unsigned integer.
void AppendUint(uint64_t v, std::string* out);
// Appends a number with up to 4 decimals, e.g. 0.8125.
void AppendFixed(double v, std::string* out);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_JSON_WRITE_H_
