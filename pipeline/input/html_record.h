// From a record's bytes to a UTF-8 HTML page: the HTTP layer (status line,
// header, chunked transfer coding, gzip/deflate/br content coding) when the
// record is an HTTP response, then the charset (charset.h). Pure; thread-safe.
#ifndef WINNOW_PIPELINE_INPUT_HTML_RECORD_H_
#define WINNOW_PIPELINE_INPUT_HTML_RECORD_H_

#include <string>
#include <string_view>

#include "pipeline/input/charset.h"
#include "stages/unit.h"

namespace winnow {

struct HtmlRecord {
  Reason reason = Reason::kNone;  // kNone, or why the page was rejected
  std::string error;              // the detail, when rejected
  CharsetResult charset;
  bool truncated = false;         // the body was cut (chunked or compressed)
};

// Decodes `raw` (an HTTP response message when `http`, else HTML bytes)
// into UTF-8 HTML, *html: a view of `raw` when the page needs no decoding
// (the common case: no content coding, UTF-8 or ASCII), else of *body or
// *utf8, scratch that must outlive the view. Returns false with
// result->reason and ->error set when the page cannot be decoded.
bool DecodeHtmlRecord(std::string_view raw, bool http, size_t max_bytes, std::string* body,
                      std::string* utf8, std::string_view* html, HtmlRecord* result);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_HTML_RECORD_H_
