// Dedup across ranks, with the answer one process gives (stages/near_dup.h,
// stages/dedup_resolve.h). Every rank holds a contiguous share of the global
// input order. Between the two passes of a distributed run:
//
//   first pass   each rank collects its units: key hash, sketch, length
//                (DedupSink), in order; uid = global position among them
//   exact        key hashes go to their owner (hash mod N), which finds each
//                text's first 3 holders (its members) and tells every unit
//   index keys   each text's representative sends its index keys to their
//                owners, which keep each key's first 3 representatives and
//                find from which unit on the key is common
//   probes       every sketched unit sends its probe keys to their owners,
//                which answer with the representatives held before it:
//                candidate pairs, sent to the representative's rank, which
//                sends its sketch and members to the unit's rank, which
//                verifies them (VerifyNear)
//   resolve      ranks decide their documents in rank order (ResolveDocument),
//                each after the ranks before it sent whether the units it
//                asked about became originals
//   refs         each match's document ordinal, unit and id, from its rank
//   second pass  the decisions, document by document (DedupSource)
//
// All exchanges go through Comm::AllToAll in bounded rounds. Each rank keeps
// its own units' sketches and the key tables it owns: about 1/N of the index.
#ifndef WINNOW_PIPELINE_DIST_DIST_DEDUP_H_
#define WINNOW_PIPELINE_DIST_DIST_DEDUP_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/process.h"
#include "stages/near_dup.h"
#include "stages/shingle.h"

namespace winnow {

class Comm;

class DistDedup : public DedupSink, public DedupSource {
 public:
  // `chunk_bytes`: the most one exchange round moves between two ranks.
  // `slice_units`: units whose index keys or probes are in flight at once
  // (a probe slice carries up to 16 records of 16 bytes a unit, and the
  // pairs and sketches they bring: ~64 MiB at the default).
  static constexpr size_t kSliceUnits = size_t{1} << 18;
  DistDedup(Comm& comm, const NearDupOptions& options, double doc_dup_threshold, size_t chunk_bytes,
            size_t slice_units = kSliceUnits);

  // DedupSink (first pass, in order). Ordinals are this rank's own, from 0.
  void Document(uint64_t ordinal, std::string_view id, uint64_t kept_chars) override;
  void Unit(uint32_t unit, uint64_t len, uint64_t key_hash, std::span<const uint64_t> sketch) override;

  // Collective, between the passes. `ordinal_base`: the global ordinal of
  // this rank's first document.
  void Decide(uint64_t ordinal_base);

  // DedupSource (second pass, the same documents in the same order).
  void Next(bool* dropped, std::span<const UnitMatch>* units) override;

  // Bytes this rank holds for dedup (its units and the key tables it owns).
  uint64_t bytes() const { return bytes_; }
  uint64_t units() const { return units_.size(); }

 private:
  struct DocRec {
    uint64_t ordinal;     // global after Decide
    uint64_t kept_chars;
    uint32_t first_unit;  // into units_
    uint32_t units;
    bool dropped = false;
  };
  struct UnitRec {
    uint64_t key_hash;
    uint64_t sketch_off;  // into sketches_ (32-bit stored form), or kNoSketch
    uint32_t len;
    uint32_t unit;        // within its document
    uint32_t doc;         // into docs_
    uint32_t members = 0; // of its text, in order (up to DedupIndex::kMaxMembers)
    uint64_t member[DedupIndex::kMaxMembers];
  };
  static constexpr uint64_t kNoSketch = UINT64_MAX;
  int RankOfUid(uint64_t uid) const;
  // The unit's sketch as stored (the index's 32-bit form, every hash kept).
  Sketch32 Stored(const UnitRec& u) const { return ReadSketch32(sketches_.data() + u.sketch_off); }

  void ExchangeExact();
  void ExchangeIndexKeys();
  void ExchangeProbes();
  void Resolve();
  void FetchRefs();

  Comm& comm_;
  NearDupOptions options_;
  double doc_dup_threshold_;
  size_t chunk_;
  size_t slice_units_;
  std::vector<DocRec> docs_;
  std::vector<UnitRec> units_;
  std::vector<uint32_t> sketches_;
  std::string ids_;                  // document ids, one after another
  std::vector<uint64_t> id_end_;     // per document
  uint64_t uid_base_ = 0;            // global uid of units_[0]
  std::vector<uint64_t> rank_base_;  // every rank's uid_base_, and the total last
  // Index keys this rank owns, ascending, each with its first (up to 3)
  // representatives in order, and the keys that turn common at some uid.
  std::vector<uint32_t> key_;
  std::vector<uint64_t> key_rep_;
  std::vector<std::pair<uint32_t, uint64_t>> common_from_;
  // Open addressing over key_: slot = key << 32 | 1 + the index of the
  // key's first entry (0 = empty); a probe of a key this rank does not hold
  // (most) reads one slot instead of searching key_.
  std::vector<uint64_t> key_slot_;
  size_t FirstEntry(uint32_t key) const;
  // Candidates per unit (exact first, then near), after the probes.
  std::vector<DedupCandidate> cands_;
  std::vector<uint64_t> cand_end_;
  std::vector<uint64_t> originals_;  // one bit per own unit
  // Decisions: per unit its match (index into cands_, or -1), then refs.
  std::vector<int64_t> match_;
  std::vector<UnitMatch> matches_;
  std::string match_ids_;
  size_t next_doc_ = 0;
  uint64_t bytes_ = 0;
  double resolve_wait_ = 0;  // seconds waiting for the ranks before this one
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_DIST_DEDUP_H_
