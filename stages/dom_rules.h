// DOM evidence on HTML units: after the text classifier has decided a
// page's units, units whose place in the page marks them as chrome are
// removed, and prose the text classifier removed that the page's structure
// vouches for is kept again. Which rules apply and their thresholds are
// parameters (DomRuleParams), fitted on human-labelled pages by
// bench/tools/dom_fit.py and shipped as stages/data/dom_rules.txt.
//
// Pure functions: no I/O, no state; safe on any thread.
#ifndef WINNOW_STAGES_DOM_RULES_H_
#define WINNOW_STAGES_DOM_RULES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "stages/html_blocks.h"
#include "stages/unit.h"

namespace winnow {

// The DOM evidence about a unit, so that --explain and the explain page can
// say what decided.
enum class DomCue : uint8_t {
  kNone,           // no DOM evidence either way
  kFooter,         // removed: under a <footer> outside article/main
  kAside,          // removed: under an <aside>
  kClassWord,      // removed: a negative class/id word on the element or an ancestor
  kLinkDensity,    // removed: mostly link text
  kShortProse,     // kept again: called short, but enough words and a clean DOM
  kMainContainer,  // kept again: prose-like unit in the page's main container
  kTitle,          // kept again: the page's headline, before kept text
};
std::string_view DomCueName(DomCue cue);

struct DomRuleParams {
  bool footer = true;   // remove units under <footer> outside article/main
  bool aside = true;    // remove units under <aside>
  // DomClassWord bits that remove a unit when on its element or an ancestor.
  uint32_t class_words = kClsComment | kClsCookie | kClsNewsletter | kClsShare | kClsRelated | kClsSidebar |
                         kClsWidget | kClsAd | kClsPromo | kClsNav | kClsMenu | kClsFooter;
  float link_density = 0.5f;     // remove above this share of link text (> 1: never)
  uint32_t link_min_chars = 8;   // ... in units of at least this many bytes
  // Keep again a unit the text classifier called short with at least this
  // many words (0: never), or one in the main container called short, tail,
  // low-text, date, caption or byline with at least restore_main_words.
  uint32_t restore_short_words = 5;
  uint32_t restore_main_words = 3;
  float prose_link_density = 0.3f;  // restored units and the main container's prose: below this

  // Reads "key value" lines ('#' starts a comment) over the defaults. On a
  // bad line returns false and sets *error.
  static bool Parse(std::string_view text, DomRuleParams* params, std::string* error);
  // The shipped parameters (stages/data/dom_rules.txt).
  static const DomRuleParams& Shipped();
  // As Parse reads it.
  std::string ToString() const;
};

// The reason DOM evidence alone removes a unit with features `f`, and which
// cue; Reason::kNone (cue kNone) when it says nothing against it.
Reason DomReason(const DomFeatures& f, const DomRuleParams& p, DomCue* cue);

// Whether a unit the text classifier removed for `r` may be kept again, and
// by which cue (kNone: not): `in_main` = the unit is in the page's main
// container (the one holding the most prose words the text classifier kept).
DomCue DomRestore(const DomFeatures& f, Reason r, bool in_main, const DomRuleParams& p);

}  // namespace winnow

#endif  // WINNOW_STAGES_DOM_RULES_H_
