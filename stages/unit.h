// The vocabulary shared by every stage: byte spans, unit verdicts and the
// stable reason names that stats, --dups and --explain print.
//
// A Span is an (offset, length) pair into a buffer owned by someone else (the
// batch arena in pipeline/); it stays valid for as long as that buffer is not
// modified. Spans are used instead of string_views so that buffers may grow
// (reallocate) while spans into them are being recorded.
#ifndef WINNOW_STAGES_UNIT_H_
#define WINNOW_STAGES_UNIT_H_

#include <cstdint>
#include <string_view>

namespace winnow {

struct Span {
  uint32_t off = 0;
  uint32_t len = 0;

  std::string_view in(std::string_view buf) const { return buf.substr(off, len); }
  bool empty() const { return len == 0; }
};

enum class Verdict : uint8_t { kKeep = 0, kBoilerplate, kDuplicate };

// Why a unit was removed (boilerplate or duplicate) or a document dropped.
// Names are stable: scripts and dashboards key on them. Append new values at
// the end of their group; never renumber.
enum class Reason : uint8_t {
  kNone = 0,
  // Boilerplate reasons, decided by stages/boilerplate.
  kNav,            // navigation, skip links, menus, breadcrumbs
  kShare,          // share/follow/subscribe prompts
  kShopping,       // prices, "Buy on ...", affiliate blocks
  kRelated,        // "Read also", "Related", related-headline lists
  kTemplate,       // repeated across documents of one source
  kShort,          // too little text to be body
  kTail,           // after the body ended (related/comments/shopping tail)
  kCookie,         // cookie and consent notices
  kAd,             // "Advertisement", sponsored
  kByline,         // author, bio, photo credit
  kDate,           // date lines and timestamps
  kCopyright,      // copyright, imprint, legal lines
  kComments,       // comment widgets, "Post a Comment"
  kNewsletter,     // newsletter pitches
  kPaywall,        // paywall and login notices
  kCaption,        // photo captions and credits
  kTeaser,         // truncated teaser of a later full line
  kRepeat,         // repeated title/deck within one document
  kLink,           // bare URLs, e-mail addresses
  kUserPhrase,     // matched --boilerplate-phrases
  kLowText,        // few stopwords, no sentence shape
  kOtherArticle,   // prose of another story on the page, away from the article
  kCredit,         // source and photo credits ("Source: ...", "Photo: AP/Name")
  // Duplicate reasons, decided by the dedup index.
  kDuplicate = 64,     // exact duplicate of an earlier unit
  kNearDuplicate,      // near duplicate of an earlier unit
  // Document drop reasons.
  kEmpty = 96,             // no text after cleaning
  kNoKeptText,             // every unit was removed
  kDuplicateDocument,      // most of the kept text duplicates earlier documents
  // Document rejection reasons, decided by the readers (unreadable records).
  kInvalidJson = 112,      // a JSONL line that is not a JSON object
  kMissingText,            // the text field is absent or not a string
  kNotText,                // binary data or a legacy 8-bit encoding, not UTF-8 text
  kTooLarge,               // larger than --max-record-bytes
  kBadWarcHeader,          // no WARC/ version line, or a header without type/length
  kTruncatedRecord,        // the input ended inside the record
  kBadStream,              // the compressed stream is corrupt or cannot be read
  kUndecodable,            // an HTML page that decodes in no charset (binary data)
  kBadHttpBody,            // an HTTP body whose content coding cannot be decoded
  kReasonCount
};

// The stable short name of a reason ("nav", "duplicate", ...).
std::string_view ReasonName(Reason r);
// What a reason applies to: a removed unit, a dropped document or a
// rejected record. Stats count each kind apart; duplicate-document and
// no-kept-text are also the reason of the units of a document they drop.
enum class ReasonKind : uint8_t { kNone, kUnit, kDropped, kRejected };
ReasonKind KindOf(Reason r);
// Inverse of ReasonName; returns kNone for an unknown name.
Reason ReasonFromName(std::string_view name);

}  // namespace winnow

#endif  // WINNOW_STAGES_UNIT_H_
