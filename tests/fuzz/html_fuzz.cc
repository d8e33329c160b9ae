// libFuzzer target: the HTML path from a WARC record's payload to block
// units. The first byte picks whether the rest is an HTTP response message
// (status line, header, chunked/gzip/deflate/br body) or bare HTML, and how
// tight the parser's limits are. Checks: no crash, no hang, every block and
// path span inside its buffer, one line of valid UTF-8 per block, features
// consistent with the text (link text within the block, depth bounded).
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/input/html_record.h"
#include "stages/html_blocks.h"
#include "tests/fuzz/fuzz_util.h"
#include "tests/utf8_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string body, utf8;
  std::string_view html;
  winnow::HtmlRecord rec;
  const bool http = mode & 1;
  if (!winnow::DecodeHtmlRecord(raw, http, 1 << 20, &body, &utf8, &html, &rec)) {
    FUZZ_CHECK(rec.reason != winnow::Reason::kNone);
    FUZZ_CHECK(!rec.error.empty());
    return 0;
  }
  FUZZ_CHECK(winnow::testing::ValidUtf8(html));
  winnow::HtmlOptions o;
  if (mode & 2) {
    o.max_depth = 8;
    o.max_block_bytes = 64;
    o.max_blocks = 16;
  }
  winnow::HtmlExtractor extractor(o);
  winnow::HtmlPage page;
  extractor.Extract(html, &page);
  FUZZ_CHECK(page.blocks.size() <= o.max_blocks);
  for (const winnow::HtmlBlock& b : page.blocks) {
    FUZZ_CHECK(uint64_t{b.text.off} + b.text.len <= page.text.size());
    FUZZ_CHECK(uint64_t{b.path.off} + b.path.len <= page.paths.size());
    FUZZ_CHECK(b.text.len > 0 && b.text.len <= o.max_block_bytes);
    const std::string_view t = b.text.in(page.text);
    FUZZ_CHECK(t.find('\n') == std::string_view::npos && winnow::testing::ValidUtf8(t));
    FUZZ_CHECK(t.front() != ' ' && t.back() != ' ');
    FUZZ_CHECK(b.f.link_chars <= b.f.chars && b.f.chars == b.text.len);
    FUZZ_CHECK(b.f.words > 0);
  }
  return 0;
}
