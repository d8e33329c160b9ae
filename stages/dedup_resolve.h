// The dedup decision of one document, from its units' candidates
// (DedupIndex::Candidates, or the same lists built across ranks by
// pipeline/dist/): which units duplicate an earlier original, whether the
// document is mostly a copy and is dropped whole, and which of its units
// become originals. Pure; the one rule both the single-process pipeline and
// the distributed driver apply, so their answers agree.
//
//   1. Each unit's first original candidate from an earlier document (exact
//      candidates first, then near ones, each in input order).
//   2. If those copied units hold at least doc_dup_threshold of the
//      document's kept text, the document is dropped: its copied units are
//      reported with what they copy, and none of its units become originals
//      (its few new units must not shadow later copies that are kept).
//   3. Otherwise, in unit order: a unit without such a candidate takes the
//      first original candidate from its own document (a paragraph repeated
//      within the page); a unit with none at all becomes an original.
#ifndef WINNOW_STAGES_DEDUP_RESOLVE_H_
#define WINNOW_STAGES_DEDUP_RESOLVE_H_

#include <cstdint>
#include <span>

#include "stages/near_dup.h"

namespace winnow {

inline constexpr uint64_t kNoUid = UINT64_MAX;

// One unit of a document that dedup looks at, in unit order.
struct ResolveUnit {
  uint64_t len = 0;                         // text bytes
  uint64_t uid = kNoUid;                    // its holder number, or kNoUid when not held
  std::span<const DedupCandidate> cands;    // exact first, then near, each in input order
  const DedupCandidate* match = nullptr;    // out: what it duplicates, or null
};

// Decides one document. `first_uid`: candidates with uid >= first_uid are
// units of this document. `kept_chars`: text bytes of all its kept units
// (also those too short to be deduplicated). is_original(uid) says whether
// an earlier holder is an original; mark_original(uid) makes one of this
// document's units an original, in unit order. Returns true when the
// document is dropped as a duplicate.
template <class IsOriginal, class MarkOriginal>
bool ResolveDocument(std::span<ResolveUnit> units, uint64_t first_uid, uint64_t kept_chars,
                     double doc_dup_threshold, IsOriginal&& is_original, MarkOriginal&& mark_original) {
  uint64_t dup_chars = 0;
  for (ResolveUnit& u : units) {
    u.match = nullptr;
    for (const DedupCandidate& c : u.cands) {
      if (c.uid < first_uid && is_original(c.uid)) {
        u.match = &c;
        dup_chars += u.len;
        break;
      }
    }
  }
  if (dup_chars > 0 && static_cast<double>(dup_chars) >= doc_dup_threshold * static_cast<double>(kept_chars)) {
    return true;
  }
  for (ResolveUnit& u : units) {
    if (u.match) continue;
    for (const DedupCandidate& c : u.cands) {
      if (c.uid >= first_uid && is_original(c.uid)) {
        u.match = &c;
        break;
      }
    }
    if (!u.match && u.uid != kNoUid) mark_original(u.uid);
  }
  return false;
}

}  // namespace winnow

#endif  // WINNOW_STAGES_DEDUP_RESOLVE_H_
