// HTTP/1.x responses as WARC `response` records hold them: the status line
// and header fields, and the body decoded from its transfer coding
// (chunked) and content coding (gzip, x-gzip, deflate, br). Pure functions
// over bytes; thread-safe.
//
// Decoding is lenient, as crawled data needs: a body declared chunked whose
// first line is not a chunk size is taken as it is (crawlers often store the
// body de-chunked and keep the header); a chunked or compressed body cut short
// keeps what decoded before the cut (HttpBody::truncated says so).
#ifndef WINNOW_PIPELINE_INPUT_HTTP_H_
#define WINNOW_PIPELINE_INPUT_HTTP_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// Views into the message passed to ParseHttpHead.
struct HttpHead {
  int status = 0;                       // 0: no status line
  std::string_view media_type;          // Content-Type without parameters, e.g. "text/html"
  std::string_view charset;             // Content-Type's charset parameter, unquoted
  std::string_view transfer_encoding;   // e.g. "chunked"
  std::string_view content_encoding;    // e.g. "gzip"
  size_t body_offset = 0;               // where the body starts in the message
};

// Header-field helpers, shared with the WARC reader (WARC headers have the
// same syntax): a value without surrounding spaces, tabs and a trailing CR;
// a field name compared without regard to ASCII case.
std::string_view TrimField(std::string_view s);
bool EqualsNoCase(std::string_view a, std::string_view b);

// Parses the status line and header fields of `message`. Returns false when
// it does not start with an HTTP/ status line or has no end of header (then
// *head holds what was read).
bool ParseHttpHead(std::string_view message, HttpHead* head);

// What kind of payload a media type (lowercase or not) names, for the stats:
// "html", "image", "pdf", "json", "script" (javascript, css), "text" (other
// text/*), "other". An empty media type is "unknown".
std::string_view MediaKind(std::string_view media_type);

// True when `body` starts (after spaces and a BOM) like an HTML document:
// <!doctype html, <html, <head, <body, or a comment/element followed by one.
bool SniffHtml(std::string_view body);

struct HttpBody {
  bool truncated = false;   // the chunked framing or compressed stream was cut
  bool dechunked = false;
  std::string error;        // set when nothing could be decoded
};

// Decodes `body`, at most max_bytes (more is an error), into *decoded:
// `body` itself when it needs no decoding (no coding, or a body stored
// decoded under its original header), else *storage (overwritten) holds it.
// Returns false with result->error set when the body cannot be decoded at
// all (corrupt compressed data, an unknown content coding, too large).
bool DecodeHttpBody(const HttpHead& head, std::string_view body, size_t max_bytes,
                    std::string* storage, std::string_view* decoded, HttpBody* result);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_HTTP_H_
