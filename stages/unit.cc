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
    case Reason::kCredit: return "credit";
    case Reason::kDuplicate: return "duplicate";
    case Reason::kNearDuplicate: return "near-duplicate";
    case Reason::kEmpty: return "empty";
    case Reason::kNoKeptText: return "no-kept-text";
    case Reason::kDuplicateDocument: return "duplicate-document";
    case Reason::kInvalidJson: return "invalid-json";
    case Reason::kMissingText: return "missing-text";
    case Reason::kNotText: return "not-text";
    case Reason::kTooLarge: return "too-large";
    case Reason::kBadWarcHeader: return "bad-warc-header";
    case Reason::kTruncatedRecord: return "truncated-record";
    case Reason::kBadStream: return "bad-stream";
    case Reason::kUndecodable: return "undecodable";
    case Reason::kBadHttpBody: return "bad-http-body";
    case Reason::kReasonCount: break;
  }
  return "unknown";
}

ReasonKind KindOf(Reason r) {
  const auto v = static_cast<uint8_t>(r);
  if (r == Reason::kNone || r >= Reason::kReasonCount) return ReasonKind::kNone;
  if (v >= static_cast<uint8_t>(Reason::kInvalidJson)) return ReasonKind::kRejected;
  if (v >= static_cast<uint8_t>(Reason::kEmpty)) return ReasonKind::kDropped;
  return ReasonKind::kUnit;
}

Reason ReasonFromName(std::string_view name) {
  for (int i = 0; i < static_cast<int>(Reason::kReasonCount); ++i) {
    Reason r = static_cast<Reason>(i);
    if (ReasonName(r) == name && name != "unknown") return r;
  }
  return Reason::kNone;
}

}  // namespace winnow
