#include "stages/html_vocab.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <iterator>

#include "stages/html_blocks.h"

namespace winnow::html_vocab {
namespace {

constexpr std::array<TagInfo, kTagCount> MakeTagInfo() {
  std::array<TagInfo, kTagCount> t{};
  for (HtmlTag p : {kHtml, kBody, kP, kH1, kH2, kH3, kH4, kH5, kH6, kBlockquote, kPre, kFigcaption,
                    kFigure, kDiv, kSection, kArticle, kMain, kHeader, kFooter, kNav, kAside, kForm,
                    kUl, kOl, kDl, kTable, kCaption, kAddress, kCenter, kFieldset, kHr, kMenu,
                    kDetails, kSummary, kLegend}) {
    t[p].brk = kParaBreak;
  }
  for (HtmlTag l : {kLi, kDt, kDd, kTd, kTh, kTr, kOption}) t[l].brk = kLineBreak;
  for (HtmlTag s : {kHead, kScript, kStyle, kNoscript, kTemplate, kIframe, kSvg, kSelect,
                    kTextarea, kButton, kObject, kMath}) {
    t[s].skip = true;
  }
  t[kTitle].skip = true;  // captured as metadata, not text
  t[kNav].ancestor = kInNav;
  t[kAside].ancestor = kInAside;
  t[kFooter].ancestor = kInFooter;
  t[kHeader].ancestor = kInHeader;
  t[kForm].ancestor = kInForm;
  t[kArticle].ancestor = kInArticle;
  t[kMain].ancestor = kInMain;
  t[kLi].ancestor = t[kDt].ancestor = t[kDd].ancestor = kInList;
  t[kTd].ancestor = t[kTh].ancestor = kInTable;
  t[kBlockquote].ancestor = kInBlockquote;
  t[kFigure].ancestor = t[kFigcaption].ancestor = kInFigure;
  for (HtmlTag h : {kH1, kH2, kH3, kH4, kH5, kH6}) t[h].ancestor = kInHeading;
  t[kA].ancestor = kInLink;
  t[kPre].ancestor = kInPre;
  t[kAddress].ancestor = kInAddress;
  t[kMenu].ancestor = kInMenu;
  return t;
}
constexpr std::array<TagInfo, kTagCount> kTagInfo = MakeTagInfo();


// Open-addressed table from element name to HtmlTag, built once.
struct TagTable {
  static constexpr size_t kSize = 256;
  std::array<uint8_t, kSize> slot{};
  static size_t HashOf(std::string_view n) {
    return (n.size() * 131 + static_cast<uint8_t>(n[0]) * 31 + static_cast<uint8_t>(n.back()) * 7 +
            (n.size() > 2 ? static_cast<uint8_t>(n[1]) : 0)) % kSize;
  }
  TagTable() {
    for (uint8_t id = 1; id < kTagCount; ++id) {
      std::memcpy(padded[id], kTagNames[id].data(), kTagNames[id].size());
      size_t h = HashOf(kTagNames[id]);
      while (slot[h] != 0) h = (h + 1) % kSize;
      slot[h] = id;
    }
  }
  uint8_t Find(std::string_view n) const {
    if (n.empty() || n.size() > kMaxName) return kOther;
    // Compared as 16 zero-padded bytes: no call to memcmp per element.
    char key[16] = {};
    for (size_t i = 0; i < n.size(); ++i) key[i] = n[i];
    for (size_t h = HashOf(n);; h = (h + 1) % kSize) {
      const uint8_t id = slot[h];
      if (id == 0) return kOther;
      if (std::memcmp(padded[id], key, sizeof key) == 0) return id;
    }
  }
  static constexpr size_t kMaxName = 10;  // "blockquote", "figcaption"
  static_assert(std::ranges::all_of(kTagNames, [](std::string_view t) { return t.size() <= kMaxName; }));
  char padded[kTagCount][16] = {};
};
const TagTable kTags;

struct ClassWord {
  std::string_view word;
  uint32_t bit;
};
constexpr ClassWord kClassWords[] = {
    {"comment", kClsComment}, {"related", kClsRelated}, {"share", kClsShare},
    {"social", kClsShare}, {"sidebar", kClsSidebar}, {"promo", kClsPromo},
    {"sponsor", kClsPromo}, {"footer", kClsFooter}, {"nav", kClsNav},
    {"breadcrumb", kClsNav}, {"menu", kClsMenu}, {"advert", kClsAd}, {"banner", kClsAd},
    {"cookie", kClsCookie}, {"consent", kClsCookie}, {"gdpr", kClsCookie},
    {"newsletter", kClsNewsletter}, {"subscribe", kClsNewsletter}, {"signup", kClsNewsletter},
    {"widget", kClsWidget}, {"header", kClsHeader}, {"masthead", kClsHeader},
    {"topbar", kClsHeader}, {"caption", kClsCaption}, {"credit", kClsCaption},
    {"byline", kClsByline}, {"author", kClsByline}, {"dateline", kClsByline},
    {"tags", kClsTag}, {"tagcloud", kClsTag}, {"categor", kClsTag},
    {"article", kClsArticle}, {"story", kClsArticle}, {"post", kClsArticle},
    {"entry", kClsArticle}, {"content", kClsContent}, {"body", kClsContent},
    {"text", kClsContent}, {"main", kClsContent},
};

// For each pair of lowercase letters, the kClassWords that start with it
// (bit j: word j).
struct WordsByPair {
  uint64_t first[26][26] = {};
};
constexpr WordsByPair MakeWordsByPair() {
  WordsByPair t;
  for (size_t j = 0; j < std::size(kClassWords); ++j) {
    const std::string_view w = kClassWords[j].word;
    t.first[w[0] - 'a'][w[1] - 'a'] |= uint64_t{1} << j;
  }
  return t;
}
constexpr WordsByPair kWordsByPair = MakeWordsByPair();
static_assert(std::size(kClassWords) <= 64);

}  // namespace

const TagInfo& InfoOf(uint8_t tag) { return kTagInfo[tag < kTagCount ? tag : 0]; }

uint8_t FindTag(std::string_view name) { return kTags.Find(name); }

uint32_t ClassBits(std::string_view value) {
  uint32_t bits = 0;
  char buf[64];
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n')) ++i;
    size_t n = 0;
    while (i < value.size() && value[i] != ' ' && value[i] != '\t' && value[i] != '\n') {
      char c = value[i++];
      if (n < sizeof buf) buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    if (n == 0) continue;
    std::string_view tok(buf, n);
    // State flags name what a page has, not what an element is:
    // "has-sidebar", "comments-open", "subscriber-only" (a paywalled body).
    if (tok.starts_with("has-") || tok.starts_with("has_") || tok.starts_with("no-") ||
        tok.starts_with("with-") || tok.ends_with("-open") || tok.ends_with("-closed") ||
        tok.ends_with("-enabled") || tok.ends_with("-disabled") ||
        tok.find("subscriber") != std::string_view::npos) {
      continue;
    }
    if (tok == "ad" || tok == "ads" || tok.starts_with("ad-") || tok.starts_with("ad_") ||
        tok.starts_with("ads-") || tok.starts_with("ads_")) {
      bits |= kClsAd;
    }
    // Each position whose letter pair starts a word is compared with those
    // words; most class tokens have none.
    for (size_t k = 0; k + 1 < n; ++k) {
      const unsigned a = static_cast<unsigned char>(buf[k]) - 'a';
      const unsigned b = static_cast<unsigned char>(buf[k + 1]) - 'a';
      if (a >= 26 || b >= 26) continue;
      for (uint64_t m = kWordsByPair.first[a][b]; m != 0; m &= m - 1) {
        const ClassWord& w = kClassWords[std::countr_zero(m)];
        if (k + w.word.size() <= n && std::memcmp(buf + k, w.word.data(), w.word.size()) == 0) bits |= w.bit;
      }
    }
  }
  return bits;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != b[i]) return false;
  }
  return true;
}

bool StyleHides(std::string_view style) {
  char buf[256];
  size_t n = 0;
  for (char c : style) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    if (n == sizeof buf) break;
    buf[n++] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  std::string_view s(buf, n);
  return s.find("display:none") != std::string_view::npos ||
         s.find("visibility:hidden") != std::string_view::npos;
}

bool IsContainer(uint8_t tag) {
  switch (tag) {
    case kHtml: case kBody: case kDiv: case kSection: case kArticle: case kMain: case kTd:
    case kTh: case kForm: case kCenter: case kBlockquote: case kAside: case kNav: case kHeader:
    case kFooter: case kDd: case kFieldset: case kDetails: case kFigure:
      return true;
    default:
      return false;
  }
}

uint16_t RoleBits(std::string_view role) {
  if (EqualsNoCase(role, "navigation")) return kInNav;
  if (EqualsNoCase(role, "menu") || EqualsNoCase(role, "menubar")) return kInMenu;
  if (EqualsNoCase(role, "complementary")) return kInAside;
  if (EqualsNoCase(role, "contentinfo")) return kInFooter;
  if (EqualsNoCase(role, "banner")) return kInHeader;
  if (EqualsNoCase(role, "main")) return kInMain;
  if (EqualsNoCase(role, "article")) return kInArticle;
  return 0;
}

}  // namespace winnow::html_vocab
