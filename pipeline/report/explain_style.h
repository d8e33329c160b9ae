// The look of the explain page (explain_page.h): its style sheet and its
// script. Every reason gets a colour generated from the reason list, so a
// reason added to stages/unit.h is coloured without touching this code.
#ifndef WINNOW_PIPELINE_REPORT_EXPLAIN_STYLE_H_
#define WINNOW_PIPELINE_REPORT_EXPLAIN_STYLE_H_

#include <string>
#include <vector>

#include "stages/unit.h"

namespace winnow {

// Every reason with a name (unit and document reasons), in enum order;
// kNone ("keep") excluded.
const std::vector<Reason>& AllReasons();

// The colour of a reason, as CSS ("hsl(...)"); dark enough for white text.
std::string ReasonColour(Reason r);

// One rule per reason: `.r-<name>{--c:<colour>}`.
std::string ReasonCss();

// The page's fixed style sheet (reason rules come from ReasonCss) and its
// script: filter by reason and search, also set from the URL
// (`?reason=nav&q=word` or `#reason=nav&q=word`).
extern const char kExplainCss[];
extern const char kExplainScript[];

}  // namespace winnow

#endif  // WINNOW_PIPELINE_REPORT_EXPLAIN_STYLE_H_
