// HTML to block units: parses one page (UTF-8) with libxml2's SAX interface
// (no tree; see bench/RESULTS.md for why) and appends its visible text as
// blocks, one per paragraph-like element, each with DOM features a
// classifier or a fitted model can use, plus the page's metadata (title,
// published, author, lang, canonical url).
//
// What becomes text: character data outside script, style, noscript,
// template, iframe, svg, select, textarea, button, object and head (except
// <title>), outside comments, and outside hidden elements (`hidden`,
// `aria-hidden="true"`, inline `display:none` / `visibility:hidden`).
// Entities are decoded by the parser; whitespace runs collapse to one space.
//
// Where blocks break: at the start and end of every block-level element
// (p, h1-h6, li, td, th, blockquote, pre, figcaption, div, section, ...), so
// text directly inside a div between its child blocks is a block of its
// own; at two <br> in a row; at each line of a <pre>. A block is one line of
// text (no '\n' inside). `blank_before` says whether the page separated it
// from the previous block as a paragraph (a p, heading, div, table, list
// boundary) rather than as a line (li, td, dt/dd, tr, one <br> pair in a
// run, a <pre> line).
//
// Limits (bounded memory whatever the page): elements nested deeper than
// HtmlOptions::max_depth are not tracked (their text still counts, with the
// features of the deepest tracked ancestor); a block longer than
// max_block_bytes is split at a space; at most max_blocks blocks per page,
// the rest of the text is dropped and counted in HtmlPage::clipped. The
// parser's own element stack grows with nesting, so callers bound the input
// size (the reader's --max-record-bytes).
//
// An HtmlExtractor is immutable and safe to share between threads; each
// thread passes its own HtmlPage, which is reused (cleared) per page.
#ifndef WINNOW_STAGES_HTML_BLOCKS_H_
#define WINNOW_STAGES_HTML_BLOCKS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stages/unit.h"

namespace winnow {

struct HtmlOptions {
  uint32_t max_depth = 512;              // tracked element nesting
  uint32_t max_block_bytes = 1u << 20;   // longer blocks are split
  uint32_t max_blocks = 1u << 16;        // blocks per page
  // Script and style bodies whose text is ignored are skipped past their
  // first chunk instead of read byte by byte (same result; false is for
  // tests that check it).
  bool skip_raw_text = true;
};

// Ancestor elements of a block (DomFeatures::ancestors bits).
enum DomAncestor : uint16_t {
  kInNav = 1 << 0,
  kInAside = 1 << 1,
  kInFooter = 1 << 2,
  kInHeader = 1 << 3,
  kInForm = 1 << 4,
  kInArticle = 1 << 5,
  kInMain = 1 << 6,
  kInList = 1 << 7,      // li, dt, dd
  kInTable = 1 << 8,     // td, th
  kInBlockquote = 1 << 9,
  kInFigure = 1 << 10,   // figure, figcaption
  kInHeading = 1 << 11,  // h1-h6
  kInLink = 1 << 12,     // the block starts inside an <a>
  kInPre = 1 << 13,
  kInAddress = 1 << 14,
  kInMenu = 1 << 15,     // menu, or role=navigation/menu/menubar
};

// Words in the class and id attributes of a block's element and its
// ancestors (DomFeatures::class_words bits); matched as substrings of each
// lowercased class/id token, except `ad`, which must be the whole token or
// its first part (ad-, ad_, ads).
enum DomClassWord : uint32_t {
  kClsComment = 1 << 0,
  kClsRelated = 1 << 1,
  kClsShare = 1 << 2,     // share, social
  kClsSidebar = 1 << 3,
  kClsPromo = 1 << 4,     // promo, sponsor
  kClsFooter = 1 << 5,
  kClsNav = 1 << 6,       // nav, breadcrumb
  kClsMenu = 1 << 7,
  kClsAd = 1 << 8,        // ad, ads, advert, banner
  kClsCookie = 1 << 9,    // cookie, consent, gdpr
  kClsNewsletter = 1 << 10,  // newsletter, subscribe, signup
  kClsWidget = 1 << 11,
  kClsHeader = 1 << 12,   // header, masthead, topbar
  kClsCaption = 1 << 13,  // caption, credit
  kClsByline = 1 << 14,   // byline, author, dateline
  kClsTag = 1 << 15,      // tags, tagcloud, categor
  // Positive evidence.
  kClsArticle = 1 << 24,  // article, story, post, entry
  kClsContent = 1 << 25,  // content, body, text, main
};
// Bits that mark a block as page chrome when on its own element or any
// ancestor (everything but the positive words).
constexpr uint32_t kClsNegative = 0xFFFF;

// The DOM features of one block: plain numbers, so that a model can be fed
// them as they are.
struct DomFeatures {
  uint32_t chars = 0;          // bytes of block text
  uint32_t link_chars = 0;     // of which inside <a>
  uint32_t words = 0;          // space-separated words
  uint16_t ancestors = 0;      // DomAncestor bits
  uint32_t class_words = 0;    // DomClassWord bits, own element and ancestors
  uint16_t depth = 0;          // element depth of the block's element
  uint8_t heading = 0;         // 1-6 inside h1-h6, else 0
  uint8_t tag = 0;             // HtmlTag of the innermost block element (html_blocks.cc)
  uint32_t index = 0;          // block number in the page
  // The element that holds the block: its nearest ancestor that groups
  // blocks (div, section, article, main, td, th, body, form, ...), as an
  // element number unique within the page. Blocks with one container are
  // siblings, as the paragraphs of an article are.
  uint32_t container = 0;
  float link_density() const { return chars ? static_cast<float>(link_chars) / chars : 0.f; }
  // boilerpipe's text density: words per line when wrapped at 80 columns.
  float text_density() const {
    const uint32_t lines = chars / 80 + 1;
    return static_cast<float>(words) / lines;
  }
};

struct HtmlBlock {
  Span text;                   // in HtmlPage::text
  Span path;                   // in HtmlPage::paths, e.g. "body>div.content>p"
  bool blank_before = false;
  DomFeatures f;
};

struct HtmlPage {
  std::string text;    // block texts, back to back
  std::string paths;   // element paths, back to back
  std::vector<HtmlBlock> blocks;
  // Metadata, when the page gives it (entities decoded, spaces collapsed).
  std::string title, published, author, lang, canonical;
  uint64_t clipped = 0;        // bytes of text dropped past max_blocks
  uint32_t max_depth_seen = 0;
  void Clear();
};

// Name of an HtmlTag id ("p", "h2", "div"...), for explain output.
std::string_view HtmlTagName(uint8_t tag);

// Appends the names of the set DomAncestor and DomClassWord bits as JSON
// strings, comma-separated (no brackets), e.g. "in-nav","cls-share"; with
// `json` false as plain names separated by ", ". `class_mask` limits the
// class words named.
void AppendDomFlagNames(const DomFeatures& f, std::string* out, bool json = true,
                        uint32_t class_mask = 0xFFFFFFFF, bool ancestors = true);

class HtmlExtractor {
 public:
  explicit HtmlExtractor(const HtmlOptions& options = HtmlOptions());
  // Replaces *page with the blocks and metadata of `html`, which should be
  // UTF-8 (ill-formed bytes are passed through; a <meta charset> in the page
  // is ignored: the caller has decoded it).
  void Extract(std::string_view html, HtmlPage* page) const;

 private:
  HtmlOptions options_;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_HTML_BLOCKS_H_
