// Script and style bodies that the block builder ignores, skipped inside
// libxml2 instead of read a character at a time. Internal to
// stages/html_blocks.
//
// libxml2 2.9.14 (htmlParseScript) reads a script or style body one
// character at a time and hands it over in cdataBlock calls of at least
// kRawTextChunk bytes, each made while its input cursor is still on the
// chunk's last character. From such a call, SkipRawText moves the cursor to
// where libxml2 would stop reading plain characters, so that the body's
// remaining cdataBlock calls (and nothing else) are left out; the caller
// makes sure it ignores them. Where libxml2 stops (PlainRawTextPrefix):
//   - at "</" followed by the element's name, ASCII case-insensitive (how
//     libxml2 ends the body in recovery mode: "</scripts" ends a script,
//     "</scr" + "ipt" in a string does not);
//   - at any byte that is not part of a plain character: a C0 control other
//     than tab, LF and CR, U+FFFE, U+FFFF or ill-formed UTF-8, which
//     libxml2 reports or answers by switching the page to Latin-1. The
//     cursor stops before it, and libxml2 reads on from there itself.
// Other libxml2 versions may call cdataBlock with the cursor elsewhere, so
// RawTextSkipSupported() holds only for 2.9.14; elsewhere nothing is
// skipped.
#ifndef WINNOW_STAGES_HTML_RAW_TEXT_H_
#define WINNOW_STAGES_HTML_RAW_TEXT_H_

#include <cstddef>
#include <string_view>

struct _xmlParserCtxt;

namespace winnow::html_raw_text {

// libxml2's HTML_PARSER_BIG_BUFFER_SIZE: a cdataBlock call made inside a
// body passes at least this many bytes; its last one, at the body's end,
// passes fewer.
inline constexpr int kRawTextChunk = 1000;

// Bytes at the start of `s` that libxml2 reads as plain characters of a
// raw text element named `name` (lowercase), per the rules above.
size_t PlainRawTextPrefix(std::string_view s, std::string_view name);

// Whether the running libxml2 is the version whose cursor SkipRawText knows.
bool RawTextSkipSupported();

// Called from a cdataBlock call of at least kRawTextChunk bytes: moves the
// parser past the plain characters that follow in the current body.
void SkipRawText(_xmlParserCtxt* ctxt);

}  // namespace winnow::html_raw_text

#endif  // WINNOW_STAGES_HTML_RAW_TEXT_H_
