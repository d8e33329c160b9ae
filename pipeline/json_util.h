// A strict, non-recursive scanner for one JSONL line (a top-level object),
// built so that fields can be passed through byte for byte: it reports where
// each top-level key and value lie in the line instead of building a tree.
//
// Strict means RFC 8259 grammar, plus: lone surrogate escapes (\ud800 without
// its pair) are errors, and nesting deeper than kMaxJsonDepth is an error
// (checked with a fixed stack, never by recursion). Tolerated on purpose:
// raw bytes that are not valid UTF-8 and raw control bytes (NUL, tab) inside
// strings are kept; the normalizer replaces or removes them later.
//
// Views in JsonField point into the line passed to ParseJsonObject.
// Thread-safe (no shared state).
#ifndef WINNOW_PIPELINE_JSON_UTIL_H_
#define WINNOW_PIPELINE_JSON_UTIL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

inline constexpr size_t kMaxJsonDepth = 256;

enum class JsonType : uint8_t { kString, kNumber, kObject, kArray, kTrue, kFalse, kNull };

struct JsonField {
  std::string_view key;    // raw key with its quotes, escapes as written
  std::string_view value;  // raw value bytes (a string keeps its quotes)
  JsonType type;
};

struct JsonError {
  size_t offset = 0;         // byte offset in the line where the problem is
  const char* what = "";     // static text, e.g. "unterminated string"
};

// Parses `line` as one JSON object (leading and trailing whitespace allowed).
// On success replaces *fields with the top-level fields in order and returns
// true; otherwise fills *error and returns false.
bool ParseJsonObject(std::string_view line, std::vector<JsonField>* fields, JsonError* error);

// Appends the decoded content of a raw JSON string that ParseJsonObject
// accepted (with or without its quotes) to *out: escapes decoded, surrogate
// pairs joined into one code point, other bytes copied as they are.
void AppendJsonUnescaped(std::string_view raw, std::string* out);

// True when the raw key (with quotes) decodes to `name`.
bool JsonKeyEquals(std::string_view raw_key, std::string_view name);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_JSON_UTIL_H_
