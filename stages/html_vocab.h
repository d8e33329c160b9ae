// The HTML vocabulary html_blocks.cc works with: element ids and what each
// element does to text (breaks a block, hides its content, marks its
// content as nav/footer/...), and what class, id, style and role attribute
// values say. Internal to stages/html_blocks; pure and thread-safe.
#ifndef WINNOW_STAGES_HTML_VOCAB_H_
#define WINNOW_STAGES_HTML_VOCAB_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace winnow::html_vocab {

// Element ids. kOther (0) for elements that neither break blocks nor change
// what is text (span, b, em, unknown tags...).
enum HtmlTag : uint8_t {
  kOther = 0, kHtml, kBody, kHead, kTitle, kP, kH1, kH2, kH3, kH4, kH5, kH6, kLi, kDt, kDd,
  kTd, kTh, kTr, kBlockquote, kPre, kFigcaption, kFigure, kDiv, kSection, kArticle, kMain,
  kHeader, kFooter, kNav, kAside, kForm, kUl, kOl, kDl, kTable, kCaption, kAddress, kCenter,
  kFieldset, kHr, kBr, kA, kScript, kStyle, kNoscript, kTemplate, kIframe, kSvg, kSelect,
  kTextarea, kButton, kObject, kMenu, kMeta, kLink, kTime, kDetails, kSummary, kLegend,
  kOption, kMath, kTagCount
};

inline constexpr std::array<std::string_view, kTagCount> kTagNames = {
    "", "html", "body", "head", "title", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt",
    "dd", "td", "th", "tr", "blockquote", "pre", "figcaption", "figure", "div", "section",
    "article", "main", "header", "footer", "nav", "aside", "form", "ul", "ol", "dl", "table",
    "caption", "address", "center", "fieldset", "hr", "br", "a", "script", "style", "noscript",
    "template", "iframe", "svg", "select", "textarea", "button", "object", "menu", "meta",
    "link", "time", "details", "summary", "legend", "option", "math"};


enum Break : uint8_t { kNoBreak = 0, kLineBreak = 1, kParaBreak = 2 };

struct TagInfo {
  Break brk = kNoBreak;
  bool skip = false;        // content never text
  uint16_t ancestor = 0;    // DomAncestor bit it gives its content
};

// What element `tag` does (kOther: nothing).
const TagInfo& InfoOf(uint8_t tag);
// The HtmlTag of a lowercase element name; kOther for any other name.
uint8_t FindTag(std::string_view name);
// Elements that group blocks (DomFeatures::container).
bool IsContainer(uint8_t tag);
// DomClassWord bits of one class or id attribute value.
uint32_t ClassBits(std::string_view value);
// Inline style hides the element: display:none or visibility:hidden.
bool StyleHides(std::string_view style);
// DomAncestor bits an ARIA role gives (navigation, menu, complementary, ...).
uint16_t RoleBits(std::string_view role);
// ASCII case-insensitive equality, `b` lowercase.
bool EqualsNoCase(std::string_view a, std::string_view b);

}  // namespace winnow::html_vocab

#endif  // WINNOW_STAGES_HTML_VOCAB_H_
