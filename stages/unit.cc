#include "stages/unit.h"

namespace winnow {

std::string_view ReasonName(Reason r) {
  switch (r) {
    case Reason::kNone: return "keep";
    case Reason::kNav: return "nav";
    case Reason::kShare: return "share";
    case Reason::kShopping: return "shopping";
    case Reason::kRelated: return "related";
    case Reason::kTemplate: return "template";
    case Reason::kShort: return "short";
    case Reason::kTail: return "tail";
    case Reason::kCookie: return "cookie";
    case Reason::kAd: return "ad";
    case Reason::kByline: return "byline";
    case Reason::kDate: return "date";
    case Reason::kCopyright: return "copyright";
    case Reason::kComments: return "comments";
    case Reason::kNewsletter: return "newsletter";
    case Reason::kPaywall: return "paywall";
    case Reason::kCaption: return "caption";
    case Reason::kTeaser: return "teaser";
    case Reason::kRepeat: return "repeat";
    case Reason::kLink: return "link";
    case Reason::kUserPhrase: return "user-phrase";
    case Reason::kLowText: return "low-text";
    case Reason::kOtherArticle: return "other-article";
    case Reason::kDuplicate: return "duplicate";
    case Reason::kNearDuplicate: return "near-duplicate";
    case Reason::kEmpty: return "empty";
    case Reason::kNoKeptText: return "no-kept-text";
    case Reason::kDuplicateDocument: return "duplicate-document";
    case Reason::kReasonCount: break;
  }
  return "unknown";
}

Reason ReasonFromName(std::string_view name) {
  for (int i = 0; i < static_cast<int>(Reason::kReasonCount); ++i) {
    Reason r = static_cast<Reason>(i);
    if (ReasonName(r) == name && name != "unknown") return r;
  }
  return Reason::kNone;
}

}  // namespace winnow
