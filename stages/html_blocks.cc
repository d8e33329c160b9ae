#include "stages/html_blocks.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstring>
#include <mutex>

#include "stages/hash.h"
#include "stages/html_raw_text.h"
#include "stages/html_vocab.h"
#include "stages/string_room.h"

namespace winnow {
namespace {

using namespace html_vocab;  // NOLINT: the element ids read as tag names

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }

bool IsContinuation(char c) { return (static_cast<uint8_t>(c) & 0xC0) == 0x80; }

// The largest n <= limit such that s[0, n) does not end inside a UTF-8
// sequence (at least 1 when s is not empty, so that splitting progresses).
size_t Utf8Prefix(std::string_view s, size_t limit) {
  if (limit >= s.size()) return s.size();
  size_t n = limit;
  while (n > 0 && IsContinuation(s[n])) --n;
  return n > 0 ? n : std::min(limit, s.size());
}

// Appends `s` with whitespace runs collapsed to one space, to at most
// `limit` bytes of *out (cut at a character boundary).
void AppendCollapsed(std::string_view s, size_t limit, std::string* out) {
  bool space = !out->empty() && out->back() == ' ';
  for (char c : s) {
    if (out->size() >= limit) {
      while (!out->empty() && IsContinuation(out->back())) out->pop_back();
      if (!out->empty() && static_cast<uint8_t>(out->back()) >= 0xC0) out->pop_back();
      return;
    }
    if (IsSpace(c)) {
      if (!space && !out->empty()) out->push_back(' ');
      space = true;
    } else {
      out->push_back(c);
      space = false;
    }
  }
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The string value of "key": "..." after `from` in a JSON-LD text (no
// unescaping beyond dropping backslashes); empty when absent.
std::string_view JsonValueAfter(std::string_view json, std::string_view key, size_t from = 0) {
  size_t k = json.find(key, from);
  while (k != std::string_view::npos) {
    size_t i = k + key.size();
    while (i < json.size() && (IsSpace(json[i]))) ++i;
    if (i < json.size() && json[i] == ':') {
      ++i;
      while (i < json.size() && IsSpace(json[i])) ++i;
      if (i < json.size() && json[i] == '"') {
        size_t end = i + 1;
        while (end < json.size() && json[end] != '"') end += json[end] == '\\' ? 2 : 1;
        if (end <= json.size()) return json.substr(i + 1, std::min(end, json.size()) - i - 1);
      }
      return {};
    }
    k = json.find(key, k + 1);
  }
  return {};
}

constexpr size_t kMetaMax = 1024;     // bytes kept of a metadata value
constexpr size_t kJsonLdMax = 1 << 16;
constexpr size_t kPathElements = 6;   // a block's path names its last elements

struct Frame {
  uint8_t tag;
  uint8_t block_tag;     // innermost block element, this one included
  uint8_t heading;
  bool skip;             // this element hides its content
  uint16_t ancestors;    // DomAncestor bits, cumulative
  uint32_t cls;          // DomClassWord bits, cumulative
  uint32_t path_len;     // path_ length before this element
  uint32_t container;    // element number of the nearest container, this one included
};

enum Capture : uint8_t { kNoCapture, kCaptureTitle, kCaptureJsonLd };

class Builder {
 public:
  Builder(const HtmlOptions& o, HtmlPage* page) : o_(o), page_(page) {}

  void Start(const char* name, const char** attrs) {
    const std::string_view n(name);
    const uint8_t tag = FindTag(n);
    const TagInfo& info = InfoOf(tag);
    if (tag == kBr) {
      Br();
      PushOrCount(tag, info, 0, false);
      return;
    }
    if (info.brk != kNoBreak) Flush(info.brk);
    uint32_t cls = 0;
    bool hidden = false;
    uint16_t role_bits = 0;
    if (attrs) {
      for (const char** a = attrs; a[0]; a += 2) {
        const char first = a[0][0];
        if (first != 'c' && first != 'i' && first != 'h' && first != 'a' && first != 's' && first != 'r') {
          continue;  // href, src, alt, title, data-*, ...: most attributes
        }
        const std::string_view an(a[0]);
        const std::string_view av = a[1] ? std::string_view(a[1]) : std::string_view();
        if (an == "class" || an == "id") {
          cls |= CachedClassBits(av);
        } else if (an == "hidden") {
          hidden = true;
        } else if (an == "aria-hidden") {
          hidden |= EqualsNoCase(Trimmed(av), "true");
        } else if (an == "style") {
          hidden |= StyleHides(av);
        } else if (an == "role") {
          role_bits |= RoleBits(av);
        }
      }
      Attributes(tag, attrs);
    }
    if (tag == kBody) {
      // libxml2 keeps <head> open around <body> when the head holds an
      // element it does not know (a CMS's own tags): the body is not head
      // content, so the head stops hiding what follows.
      for (Frame& f : stack_) {
        if (f.tag == kHead && f.skip) {
          f.skip = false;
          --skip_;
        }
      }
    }
    if (tag == kTitle && page_->title.empty()) capture_ = kCaptureTitle;
    PushOrCount(tag, info, cls, hidden, role_bits);
  }

  void End() {
    if (overflow_ > 0) {
      --overflow_;
      return;
    }
    if (stack_.empty()) return;
    const Frame f = stack_.back();
    stack_.pop_back();
    path_.resize(f.path_len);
    if (f.skip) --skip_;
    if (f.tag == kA && in_a_ > 0) --in_a_;
    if (f.tag == kTitle || (f.tag == kScript && capture_ == kCaptureJsonLd)) EndCapture();
    if (InfoOf(f.tag).brk != kNoBreak) Flush(InfoOf(f.tag).brk);
  }

  void Text(std::string_view s) {
    if (capture_ != kNoCapture) {
      if (capture_ == kCaptureTitle) AppendCollapsed(s, kMetaMax, &page_->title);
      else if (jsonld_.size() < kJsonLdMax) jsonld_.append(s.substr(0, kJsonLdMax - jsonld_.size()));
      return;
    }
    if (skip_ > 0) return;
    const bool pre = !stack_.empty() && (stack_.back().ancestors & kInPre);
    if (!pre && page_->blocks.size() < o_.max_blocks &&
        (started_ ? page_->text.size() - block_off_ : 0) + 1 + s.size() <= o_.max_block_bytes) {
      AppendWords(s);
      return;
    }
    size_t i = 0;
    while (i < s.size()) {
      if (IsSpace(s[i])) {
        if (pre && s[i] == '\n' && started_) Flush(kLineBreak);
        space_ = true;
        ++i;
        continue;
      }
      size_t j = i;
      while (j < s.size() && !IsSpace(s[j])) ++j;
      Word(s.substr(i, j - i));
      i = j;
    }
  }

  // Whether Text() drops what comes before the next element event.
  bool IgnoresText() const {
    if (capture_ == kNoCapture) return skip_ > 0;
    return capture_ == kCaptureJsonLd && jsonld_.size() >= kJsonLdMax;
  }

  void Finish() {
    Flush(kParaBreak);
    if (page_->published.empty() && !time_published_.empty()) page_->published = time_published_;
    page_->title.assign(Trimmed(page_->title));
  }

  uint32_t max_depth() const { return max_depth_; }

 private:
  // ClassBits, remembered for the page: its elements repeat a few class
  // lists ("menu-item menu-item-type-post_type", ...) many times.
  uint32_t CachedClassBits(std::string_view value) {
    const uint64_t key = Hash64(value, 0) | 1;
    ClassMemo& m = class_memo_[key >> 56];
    if (m.key != key) m = ClassMemo{key, ClassBits(value)};
    return m.bits;
  }

  void PushOrCount(uint8_t tag, const TagInfo& info, uint32_t cls, bool hidden, uint16_t role_bits = 0) {
    const uint32_t depth = static_cast<uint32_t>(stack_.size()) + overflow_ + 1;
    max_depth_ = std::max(max_depth_, depth);
    if (stack_.size() >= o_.max_depth) {
      ++overflow_;
      return;
    }
    Frame f;
    const Frame* up = stack_.empty() ? nullptr : &stack_.back();
    f.tag = tag;
    f.block_tag = info.brk != kNoBreak ? tag : (up ? up->block_tag : uint8_t{kOther});
    f.heading = tag >= kH1 && tag <= kH6 ? static_cast<uint8_t>(tag - kH1 + 1)
                                          : static_cast<uint8_t>(up ? up->heading : 0);
    f.skip = info.skip || hidden;
    f.ancestors = static_cast<uint16_t>((up ? up->ancestors : 0) | info.ancestor | role_bits);
    // Class words of <html> and <body> describe the whole page (a
    // WordPress body says "has-sidebar"), so they are not inherited. A
    // content container (article, main, or class words like "post-content"
    // without negative ones) starts afresh: a site's sidebar or widget
    // class high up does not make the article in it chrome.
    if (tag == kHtml || tag == kBody) cls = 0;
    const uint32_t inherited = up ? up->cls : 0;
    const bool content = tag == kArticle || tag == kMain ||
                         ((cls & (kClsArticle | kClsContent)) && !(cls & kClsNegative));
    f.cls = (content ? inherited & ~kClsNegative : inherited) | cls;
    f.path_len = static_cast<uint32_t>(path_.size());
    ++elements_;
    f.container = IsContainer(tag) ? elements_ : (up ? up->container : 0);
    if (f.skip) ++skip_;
    if (tag == kA) ++in_a_;
    stack_.push_back(f);
    // The path names elements that break blocks or carry class words.
    if (info.brk != kNoBreak || cls != 0 || tag == kA) {
      if (!path_.empty()) path_ += '>';
      path_ += tag == kOther ? std::string_view("*") : kTagNames[tag];
      if (cls & kClsNegative) path_ += '!';
      else if (cls) path_ += '+';
    }
  }

  void Attributes(uint8_t tag, const char** attrs) {
    auto get = [&](std::string_view key) -> std::string_view {
      for (const char** a = attrs; a[0]; a += 2) {
        if (key == a[0]) return a[1] ? std::string_view(a[1]) : std::string_view();
      }
      return {};
    };
    switch (tag) {
      case kHtml:
        if (page_->lang.empty()) AppendCollapsed(Trimmed(get("lang")), 64, &page_->lang);
        break;
      case kMeta: {
        std::string_view key = get("name");
        if (key.empty()) key = get("property");
        if (key.empty()) key = get("itemprop");
        if (key.empty()) break;
        const std::string_view content = Trimmed(get("content"));
        if (content.empty()) break;
        if (page_->author.empty() && (EqualsNoCase(key, "author") || EqualsNoCase(key, "article:author") ||
                                      EqualsNoCase(key, "dc.creator") || EqualsNoCase(key, "byl"))) {
          if (!content.starts_with("http")) AppendCollapsed(content, kMetaMax, &page_->author);
        } else if (page_->published.empty() &&
                   (EqualsNoCase(key, "article:published_time") || EqualsNoCase(key, "datepublished") ||
                    EqualsNoCase(key, "date") || EqualsNoCase(key, "pubdate") ||
                    EqualsNoCase(key, "publishdate") || EqualsNoCase(key, "dc.date") ||
                    EqualsNoCase(key, "dc.date.issued") || EqualsNoCase(key, "og:published_time"))) {
          AppendCollapsed(content, kMetaMax, &page_->published);
        } else if (page_->canonical.empty() && EqualsNoCase(key, "og:url")) {
          og_url_.assign(content.substr(0, kMetaMax));
        }
        break;
      }
      case kLink:
        if (page_->canonical.empty() && EqualsNoCase(Trimmed(get("rel")), "canonical")) {
          AppendCollapsed(Trimmed(get("href")), kMetaMax, &page_->canonical);
        }
        break;
      case kTime:
        if (time_published_.empty()) AppendCollapsed(Trimmed(get("datetime")), kMetaMax, &time_published_);
        break;
      case kScript:
        if (EqualsNoCase(Trimmed(get("type")), "application/ld+json")) {
          capture_ = kCaptureJsonLd;
          jsonld_.clear();
        }
        break;
      default:
        break;
    }
  }

  void EndCapture() {
    if (capture_ == kCaptureJsonLd) {
      if (page_->published.empty()) {
        AppendCollapsed(JsonValueAfter(jsonld_, "\"datePublished\""), kMetaMax, &page_->published);
      }
      if (page_->author.empty()) {
        size_t a = jsonld_.find("\"author\"");
        if (a != std::string::npos) {
          std::string_view name = JsonValueAfter(jsonld_, "\"name\"", a);
          if (name.empty()) name = JsonValueAfter(jsonld_, "\"author\"");
          AppendCollapsed(name, kMetaMax, &page_->author);
        }
      }
    }
    capture_ = kNoCapture;
  }

  void Br() {
    if (skip_ > 0) return;
    if (++br_run_ >= 2) {
      Flush(kParaBreak);
    } else {
      space_ = true;
    }
  }

  void Word(std::string_view w) {
    // A word longer than a block (a 50 MB run without spaces) is split.
    while (w.size() > o_.max_block_bytes) {
      const size_t n = Utf8Prefix(w, o_.max_block_bytes);
      Word(w.substr(0, n));
      w.remove_prefix(n);
    }
    if (page_->blocks.size() >= o_.max_blocks) {
      page_->clipped += w.size();
      return;
    }
    br_run_ = 0;
    if (started_ && page_->text.size() - block_off_ + 1 + w.size() > o_.max_block_bytes) {
      Flush(kLineBreak);
      if (page_->blocks.size() >= o_.max_blocks) {
        page_->clipped += w.size();
        return;
      }
    }
    if (!started_) Begin();
    else if (space_) page_->text += ' ';
    space_ = false;
    page_->text.append(w);
    ++words_;
    if (in_a_ > 0) link_chars_ += static_cast<uint32_t>(w.size()) + 1;
  }

  // Word() for each word of `s`, when all of them fit in the current block
  // (no split, no clip): one pass that copies the words with their spaces
  // collapsed.
  void AppendWords(std::string_view s) {
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p < end && IsSpace(*p)) ++p;
    if (p != s.data()) space_ = true;
    if (p == end) return;
    br_run_ = 0;
    bool gap = started_ && space_;  // a space before the first word
    if (!started_) Begin();
    std::string& text = page_->text;
    const size_t at = text.size();
    ResizeForOverwrite(&text, at + 1 + static_cast<size_t>(end - p));
    char* const out = text.data() + at;
    char* d = out;
    uint32_t words = 0;
    for (bool in_word = false; p < end; ++p) {
      const char c = *p;
      if (IsSpace(c)) {
        in_word = false;
        gap = true;
        continue;
      }
      if (!in_word) {
        if (gap) *d++ = ' ';
        ++words;
        in_word = true;
        gap = false;
      }
      *d++ = c;
    }
    text.resize(at + static_cast<size_t>(d - out));
    space_ = gap;
    words_ += words;
    // Word() counts a link word's bytes and one space.
    if (in_a_ > 0) link_chars_ += static_cast<uint32_t>(d - out) + (out[0] == ' ' ? 0 : 1);
  }

  void Begin() {
    started_ = true;
    block_off_ = page_->text.size();
    words_ = link_chars_ = 0;
    HtmlBlock& b = cur_;
    b = HtmlBlock();
    b.blank_before = pending_break_ >= kParaBreak && !page_->blocks.empty();
    pending_break_ = kNoBreak;
    b.f.index = static_cast<uint32_t>(page_->blocks.size());
    b.f.depth = static_cast<uint16_t>(std::min<uint32_t>(stack_.size() + overflow_, UINT16_MAX));
    if (!stack_.empty()) {
      const Frame& top = stack_.back();
      b.f.ancestors = top.ancestors;
      b.f.class_words = top.cls;
      b.f.heading = top.heading;
      b.f.tag = top.block_tag;
      b.f.container = top.container;
    }
    // The last kPathElements elements of the path.
    std::string_view path = path_;
    size_t cut = path.size();
    for (size_t k = 0; k < kPathElements && cut != std::string_view::npos && cut > 0; ++k) {
      cut = path.rfind('>', cut - 1);
    }
    if (cut != std::string_view::npos && cut < path.size() && cut > 0) path.remove_prefix(cut + 1);
    b.path = Span{static_cast<uint32_t>(page_->paths.size()), static_cast<uint32_t>(path.size())};
    page_->paths.append(path);
  }

  void Flush(Break brk) {
    if (started_) {
      cur_.text = Span{static_cast<uint32_t>(block_off_), static_cast<uint32_t>(page_->text.size() - block_off_)};
      cur_.f.chars = cur_.text.len;
      cur_.f.words = words_;
      cur_.f.link_chars = std::min(link_chars_, cur_.f.chars);
      page_->blocks.push_back(cur_);
      started_ = false;
    }
    space_ = false;
    br_run_ = 0;
    pending_break_ = std::max(pending_break_, brk);
  }

  const HtmlOptions& o_;
  HtmlPage* page_;
  struct ClassMemo {
    uint64_t key = 0;  // Hash64 of the value, | 1; 0: empty
    uint32_t bits = 0;
  };
  std::array<ClassMemo, 256> class_memo_{};
  std::vector<Frame> stack_;
  std::string path_;
  std::string jsonld_, og_url_, time_published_;
  uint32_t overflow_ = 0, max_depth_ = 0, elements_ = 0;
  uint32_t skip_ = 0, in_a_ = 0;
  Capture capture_ = kNoCapture;
  // The block being built.
  HtmlBlock cur_;
  bool started_ = false, space_ = false;
  size_t block_off_ = 0;
  uint32_t words_ = 0, link_chars_ = 0, br_run_ = 0;
  Break pending_break_ = kNoBreak;

 public:
  std::string_view og_url() const { return og_url_; }
};

// The SAX callbacks get the context's userData: a Sax.
struct Sax {
  Builder* builder;
  xmlParserCtxtPtr ctxt;
  bool skip_raw_text;  // html_raw_text::RawTextSkipSupported()
};
Builder* BuilderOf(void* ctx) { return static_cast<Sax*>(ctx)->builder; }

void OnStart(void* ctx, const xmlChar* name, const xmlChar** attrs) {
  BuilderOf(ctx)->Start(reinterpret_cast<const char*>(name), reinterpret_cast<const char**>(attrs));
}
void OnEnd(void* ctx, const xmlChar*) { BuilderOf(ctx)->End(); }
void OnText(void* ctx, const xmlChar* s, int len) {
  BuilderOf(ctx)->Text(std::string_view(reinterpret_cast<const char*>(s), static_cast<size_t>(len)));
}
// Script and style bodies arrive in chunks of kRawTextChunk bytes or more
// and a shorter last one; from the first full chunk on, what the Builder
// ignores is skipped (html_raw_text.h).
void OnRawText(void* ctx, const xmlChar* s, int len) {
  const Sax& sax = *static_cast<const Sax*>(ctx);
  sax.builder->Text(std::string_view(reinterpret_cast<const char*>(s), static_cast<size_t>(len)));
  if (sax.skip_raw_text && len >= html_raw_text::kRawTextChunk && sax.builder->IgnoresText()) {
    html_raw_text::SkipRawText(sax.ctxt);
  }
}
void OnMessage(void*, const char*, ...) {}

const htmlSAXHandler* Handler() {
  static const htmlSAXHandler handler = [] {
    htmlSAXHandler h;
    memset(&h, 0, sizeof h);
    h.startElement = OnStart;
    h.endElement = OnEnd;
    h.characters = OnText;
    h.cdataBlock = OnRawText;  // script/style content: dropped by skip, kept for JSON-LD
    h.warning = OnMessage;
    h.error = OnMessage;
    h.fatalError = OnMessage;
    return h;
  }();
  return &handler;
}

}  // namespace

void HtmlPage::Clear() {
  text.clear();
  paths.clear();
  blocks.clear();
  title.clear();
  published.clear();
  author.clear();
  lang.clear();
  canonical.clear();
  clipped = 0;
  max_depth_seen = 0;
}

std::string_view HtmlTagName(uint8_t tag) {
  return tag < kTagCount && tag != kOther ? kTagNames[tag] : std::string_view("*");
}

void AppendDomFlagNames(const DomFeatures& f, std::string* out, bool json, uint32_t class_mask, bool ancestors) {
  static constexpr std::string_view kAnc[] = {"nav", "aside", "footer", "header", "form", "article",
                                              "main", "list", "table", "blockquote", "figure",
                                              "heading", "link", "pre", "address", "menu"};
  static constexpr std::string_view kCls[] = {"comment", "related", "share", "sidebar", "promo",
                                              "footer", "nav", "menu", "ad", "cookie", "newsletter",
                                              "widget", "header", "caption", "byline", "tag"};
  bool first = true;
  auto add = [&](std::string_view prefix, std::string_view name) {
    if (!first) *out += json ? "," : ", ";
    first = false;
    if (json) *out += '"';
    *out += prefix;
    *out += name;
    if (json) *out += '"';
  };
  for (int i = 0; ancestors && i < 16; ++i) {
    if (f.ancestors & (1u << i)) add("in-", kAnc[i]);
  }
  const uint32_t cls = f.class_words & class_mask;
  for (int i = 0; i < 16; ++i) {
    if (cls & (1u << i)) add("cls-", kCls[i]);
  }
  if (cls & kClsArticle) add("cls-", "article");
  if (cls & kClsContent) add("cls-", "content");
}

HtmlExtractor::HtmlExtractor(const HtmlOptions& options) : options_(options) {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

void HtmlExtractor::Extract(std::string_view html, HtmlPage* page) const {
  page->Clear();
  Builder b(options_, page);
  xmlSetGenericErrorFunc(nullptr, OnMessage);
  // libxml2's memory parser (htmlParseDocument), not its push parser: the
  // push parser gives up on pages that start with a stray end tag or an
  // unterminated doctype (ten pages of realpages' l3s-gn1 came out empty),
  // where the memory parser recovers. Its int length bounds a page to
  // 2 GiB; callers bound pages far below (--max-record-bytes).
  const int size = static_cast<int>(std::min<size_t>(html.size(), INT32_MAX));
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html.data(), size);
  if (ctxt == nullptr) return;
  // As libxml2's own htmlSAXParseDoc: our handler in place of the default
  // one, restored before the context is freed.
  htmlSAXHandlerPtr own_sax = ctxt->sax;
  ctxt->sax = const_cast<htmlSAXHandler*>(Handler());
  Sax sax{&b, ctxt, options_.skip_raw_text && html_raw_text::RawTextSkipSupported()};
  ctxt->userData = &sax;
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC);
  xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
  htmlParseDocument(ctxt);
  ctxt->sax = own_sax;
  ctxt->userData = nullptr;
  if (ctxt->myDoc != nullptr) xmlFreeDoc(ctxt->myDoc);  // none: no tree callbacks
  htmlFreeParserCtxt(ctxt);
  b.Finish();
  if (page->canonical.empty()) page->canonical.assign(b.og_url());
  page->max_depth_seen = b.max_depth();
}

}  // namespace winnow
