#include "stages/dom_rules.h"

#include <cstdio>
#include <cstdlib>

#include "stages/embedded.h"

namespace winnow {
namespace {

// Class words by what they remove a unit for, in the order DomReason tries them.
struct ClassRule {
  uint32_t bits;
  Reason reason;
  std::string_view name;  // parameter name
};
constexpr ClassRule kClassRules[] = {
    {kClsComment, Reason::kComments, "comment"}, {kClsCookie, Reason::kCookie, "cookie"},
    {kClsNewsletter, Reason::kNewsletter, "newsletter"}, {kClsShare, Reason::kShare, "share"},
    {kClsRelated, Reason::kRelated, "related"}, {kClsSidebar, Reason::kRelated, "sidebar"},
    {kClsWidget, Reason::kRelated, "widget"}, {kClsAd, Reason::kAd, "ad"},
    {kClsPromo, Reason::kAd, "promo"}, {kClsNav, Reason::kNav, "nav"},
    {kClsMenu, Reason::kNav, "menu"}, {kClsFooter, Reason::kCopyright, "footer"},
    {kClsHeader, Reason::kNav, "header"}, {kClsTag, Reason::kNav, "tag"},
};

bool ParseFloat(std::string_view v, float* out) {
  std::string s(v);
  char* end = nullptr;
  *out = std::strtof(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size();
}

bool ParseUint(std::string_view v, uint32_t* out) {
  std::string s(v);
  char* end = nullptr;
  const unsigned long x = std::strtoul(s.c_str(), &end, 10);
  *out = static_cast<uint32_t>(x);
  return !s.empty() && end == s.c_str() + s.size() && x <= UINT32_MAX;
}

}  // namespace

std::string_view DomCueName(DomCue cue) {
  switch (cue) {
    case DomCue::kNone: break;
    case DomCue::kFooter: return "footer";
    case DomCue::kAside: return "aside";
    case DomCue::kClassWord: return "class-word";
    case DomCue::kLinkDensity: return "link-density";
    case DomCue::kShortProse: return "short-prose";
    case DomCue::kMainContainer: return "main-container";
    case DomCue::kTitle: return "title";
  }
  return "none";
}

bool DomRuleParams::Parse(std::string_view text, DomRuleParams* p, std::string* error) {
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    const size_t sp = line.find(' ');
    const std::string_view key = line.substr(0, sp);
    std::string_view value = sp == std::string_view::npos ? std::string_view() : line.substr(sp + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    uint32_t u = 0;
    bool ok = true;
    if (key == "footer" || key == "aside") {
      ok = ParseUint(value, &u) && u <= 1;
      (key == "footer" ? p->footer : p->aside) = u == 1;
    } else if (key == "link_density") {
      ok = ParseFloat(value, &p->link_density);
    } else if (key == "link_min_chars") {
      ok = ParseUint(value, &p->link_min_chars);
    } else if (key == "restore_short_words") {
      ok = ParseUint(value, &p->restore_short_words);
    } else if (key == "restore_main_words") {
      ok = ParseUint(value, &p->restore_main_words);
    } else if (key == "prose_link_density") {
      ok = ParseFloat(value, &p->prose_link_density);
    } else if (key.substr(0, 6) == "class.") {
      ok = false;
      for (const ClassRule& r : kClassRules) {
        if (key.substr(6) != r.name) continue;
        ok = ParseUint(value, &u) && u <= 1;
        p->class_words = u ? p->class_words | r.bits : p->class_words & ~r.bits;
      }
    } else {
      ok = false;
    }
    if (!ok) {
      *error = "line " + std::to_string(line_no) + ": cannot read '" + std::string(line) + "'";
      return false;
    }
  }
  return true;
}

const DomRuleParams& DomRuleParams::Shipped() {
  static const DomRuleParams shipped = [] {
    DomRuleParams p;
    std::string error;
    if (!Parse(EmbeddedFile("dom_rules.txt"), &p, &error)) {
      std::fprintf(stderr, "stages/data/dom_rules.txt: %s\n", error.c_str());
      std::abort();
    }
    return p;
  }();
  return shipped;
}

std::string DomRuleParams::ToString() const {
  char buf[160];
  std::string s;
  s += "footer " + std::to_string(footer) + "\naside " + std::to_string(aside) + "\n";
  for (const ClassRule& r : kClassRules) {
    s += "class." + std::string(r.name) + " " + std::to_string((class_words & r.bits) != 0) + "\n";
  }
  std::snprintf(buf, sizeof buf,
                "link_density %g\nlink_min_chars %u\nrestore_short_words %u\nrestore_main_words %u\n"
                "prose_link_density %g\n",
                link_density, link_min_chars, restore_short_words, restore_main_words, prose_link_density);
  return s + buf;
}

Reason DomReason(const DomFeatures& f, const DomRuleParams& p, DomCue* cue) {
  const bool in_content = f.ancestors & (kInArticle | kInMain);
  *cue = DomCue::kFooter;
  if (p.footer && (f.ancestors & kInFooter) && !in_content) return Reason::kCopyright;
  *cue = DomCue::kAside;
  if (p.aside && (f.ancestors & kInAside)) return Reason::kRelated;
  *cue = DomCue::kClassWord;
  if (const uint32_t c = f.class_words & p.class_words) {
    for (const ClassRule& r : kClassRules) {
      if (c & r.bits) return r.reason;
    }
  }
  *cue = DomCue::kLinkDensity;
  if (f.chars >= p.link_min_chars && f.link_density() > p.link_density) return Reason::kNav;
  *cue = DomCue::kNone;
  return Reason::kNone;
}

DomCue DomRestore(const DomFeatures& f, Reason r, bool in_main, const DomRuleParams& p) {
  if (f.link_density() >= p.prose_link_density) return DomCue::kNone;
  if (in_main && p.restore_main_words && f.words >= p.restore_main_words &&
      (r == Reason::kShort || r == Reason::kTail || r == Reason::kLowText || r == Reason::kDate ||
       r == Reason::kCaption || r == Reason::kByline)) {
    return r == Reason::kShort ? DomCue::kShortProse : DomCue::kMainContainer;
  }
  if (r == Reason::kShort && p.restore_short_words && f.words >= p.restore_short_words) return DomCue::kShortProse;
  return DomCue::kNone;
}

}  // namespace winnow
