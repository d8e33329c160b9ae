// DedupIndex: exact key table, near-duplicate key multimap and stored
// sketches (method in stages/near_dup.h, storage in stages/dedup_index.h).
#include "stages/near_dup.h"

#include <algorithm>
#include <array>
#include <vector>

#include "stages/dedup_index.h"
#include "stages/shingle.h"

namespace winnow {
namespace {

// An index key held by this many units is a common phrase ("of the"): it
// says little and would make every probe verify the same units. The key
// table keeps the first kMaxPostings - 1 units of a key; the unit that
// would be the kMaxPostings-th moves the key to the set of common keys,
// which probes skip.
constexpr size_t kMaxPostings = 4;
constexpr size_t kMaxCandidates = 1024;
constexpr uint32_t kMinSampled = 4;   // later-unit shingles in the common sample
// A holder's sketch reference: its SketchArena offset in the low kOffBits
// (4 Ti words) and its shingle count above them, so that the length test of
// a verification, which rejects most candidates, reads no sketch.
constexpr int kOffBits = 40;
constexpr uint64_t kOffMask = (uint64_t{1} << kOffBits) - 1;
constexpr uint64_t kManyShingles = (uint64_t{1} << (64 - kOffBits)) - 1;  // or more: unknown
constexpr uint64_t kNoSketch = UINT64_MAX;
uint64_t SketchRef(uint64_t off, uint64_t shingles) { return off | std::min(shingles, kManyShingles) << kOffBits; }

// Whether a later unit has too many more shingles than an earlier one for
// the earlier to contain it (max_growth): verification's first test.
bool TooLong(double later_shingles, double earlier_shingles, const NearDupOptions& options) {
  return later_shingles > earlier_shingles + std::max(6.0, options.max_growth * earlier_shingles);
}
// Filter of keys changed since Snapshot(): a batch inserts ~10^4 keys, so a
// probe of ~10 keys meets a false positive ~3% of the time.
constexpr size_t kChangedBits = size_t{1} << 22;

// A set of 32-bit keys (uniform hashes) as one bit per key's low bits: no
// false negatives, a few false positives; cleared in time proportional to
// what was marked. Bits are allocated on first use.
class KeyFilter {
 public:
  explicit KeyFilter(size_t bits) : mask_(bits - 1) {}
  void Mark(uint32_t x) {
    if (words_.empty()) words_.assign((mask_ + 1) / 64, 0);
    const size_t b = x & mask_;
    uint64_t& w = words_[b / 64];
    if (w == 0) used_.push_back(static_cast<uint32_t>(b / 64));
    w |= uint64_t{1} << (b % 64);
  }
  bool Has(uint32_t x) const {
    const size_t b = x & mask_;
    return !words_.empty() && ((words_[b / 64] >> (b % 64)) & 1);
  }
  void Clear() {
    for (uint32_t w : used_) words_[w] = 0;
    used_.clear();
  }

 private:
  size_t mask_;
  std::vector<uint64_t> words_;
  std::vector<uint32_t> used_;  // words that are non-zero
};

}  // namespace

struct DedupIndex::Impl {
  NearDupOptions options;
  // Exact: entry fp = high 32 bits of the key hash (it also picks the
  // bucket); the low 32 bits per holder in key_lo for a full 64-bit compare.
  // Grows by 1/4 past 95% load: 8.4-10.5 B per entry (load 0.76-0.95).
  BucketTable exact{4, 0.95};
  ChunkedVec<uint32_t> key_lo;
  ChunkedVec<uint32_t> next_member;  // the next holder of the same key hash, or kNotHeld
  ChunkedVec<uint64_t> original;     // one bit per holder
  UnitRefs refs;
  // Near: index key -> representative, and each representative's sketch.
  BucketTable keys{2};
  // Common keys (kMaxPostings representatives or more): probes skip them and
  // adds put nothing in them, so neither reads `keys` for them. They are
  // ~45% of a probe's lookups on the benchmark corpus, and this set (2 MB
  // there) is far smaller than `keys`.
  KeySet common_keys;
  ChunkedVec<uint64_t> sketch_ref;  // per holder: SketchRef, or kNoSketch
  SketchArena arena;
  bool full = false;
  // Exact key fps and index keys whose entries changed since Snapshot().
  bool tracking = false;
  KeyFilter changed{kChangedBits};

  // Sketch hashes a probe looks up: the smallest probe_keys of them.
  size_t Lookups(size_t sketch_hashes) const {
    return std::min(sketch_hashes, static_cast<size_t>(options.probe_keys));
  }
  size_t Bytes() const {
    return exact.bytes() + key_lo.bytes() + next_member.bytes() + original.bytes() + refs.bytes() +
           keys.bytes() + common_keys.bytes() + sketch_ref.bytes() + arena.bytes();
  }
  // The holders of a key hash, in order (at most kMaxMembers).
  size_t Members(uint64_t key_hash, uint32_t* out) const {
    size_t n = 0;
    const uint32_t lo = static_cast<uint32_t>(key_hash);
    exact.Find(static_cast<uint32_t>(key_hash >> 32), [&](uint32_t i) {
      if (n < kMaxMembers && key_lo[i] == lo) out[n++] = i;
    });
    return n;
  }
  DedupCandidate Candidate(uint32_t idx, const Overlap& o, bool exact) const {
    DedupCandidate c;
    c.uid = idx;
    if (options.resolve_refs) c.of = refs[idx];
    c.similarity = o.containment;
    c.jaccard = o.jaccard;
    c.exact = exact;
    return c;
  }
  // Whether one of the representatives holding index key k (a full list)
  // has another of these index keys too: then the new one is a variant of
  // that text, not an unrelated text sharing a phrase, and k stays.
  bool SharesAnotherKey(uint32_t k, std::span<const uint32_t> ks) const {
    bool shared = false;
    keys.Find(k, [&](uint32_t rep) {
      if (shared) return;
      for (uint32_t a : IndexKeys(arena.Get(sketch_ref[rep] & kOffMask))) {
        if (a == k) continue;
        for (uint32_t b : ks) shared |= a == b;
      }
    });
    return shared;
  }
  std::span<const uint32_t> IndexKeys(const Sketch32& e) const {
    return e.hashes.first(std::min(e.hashes.size(), static_cast<size_t>(options.index_keys)));
  }
  // The index keys a probe of sketch hashes h looks up in `keys` (the
  // smallest probe_keys, less the common ones), into *out (at most 256).
  size_t ProbeKeys(std::span<const uint64_t> h, uint32_t* out) const {
    const size_t n = Lookups(h.size());
    size_t m = 0;
    for (size_t i = 0; i < n; ++i) {
      out[m] = Shingle32(h[i]);
      m += !common_keys.Has(out[m]);
    }
    return m;
  }
  // Representatives holding one of these keys, ascending and distinct.
  size_t Reps(std::span<const uint32_t> ks, uint32_t* cand) const {
    size_t nc = 0;
    for (uint32_t k : ks) {
      keys.Find(k, [&](uint32_t u) {
        if (nc < kMaxCandidates) cand[nc++] = u;
      });
    }
    std::sort(cand, cand + nc);
    return static_cast<size_t>(std::unique(cand, cand + nc) - cand);
  }
};

namespace {

template <class Later>
bool Verify(const Later& later, double later_shingles, const Sketch32& earlier, const NearDupOptions& options,
            Overlap* o) {
  if (TooLong(later_shingles, earlier.shingles, options)) return false;
  *o = CompareSketches(later, earlier, static_cast<float>(options.threshold));
  // Too small a common sample says nothing (a short unit against a long one).
  return o->sampled >= kMinSampled && o->shared >= 2 && o->containment >= static_cast<float>(options.threshold);
}

}  // namespace

bool VerifyNear(std::span<const uint64_t> later, const Sketch32& earlier, const NearDupOptions& options,
                Overlap* o) {
  return Verify(later, SketchShingles(later), earlier, options, o);
}

bool VerifyNear(const Sketch32& later, const Sketch32& earlier, const NearDupOptions& options, Overlap* o) {
  return Verify(later, later.shingles, earlier, options, o);
}

DedupIndex::DedupIndex(const NearDupOptions& options) : impl_(new Impl) {
  impl_->options = options;
  impl_->options.index_keys = std::max(impl_->options.index_keys, 1);
  impl_->options.probe_keys = std::clamp(impl_->options.probe_keys, 1, 256);
}
DedupIndex::~DedupIndex() = default;

void DedupIndex::Candidates(uint64_t key_hash, std::span<const uint64_t> sketch,
                            std::vector<DedupCandidate>* out, uint64_t settled) const {
  const Impl& im = *impl_;
  // Start every lookup of this probe before waiting on the first.
  const bool near = im.options.near && !sketch.empty() && im.keys.size() > 0;
  const std::span<const uint64_t> h = SketchHashes(sketch);
  im.exact.Prefetch(static_cast<uint32_t>(key_hash >> 32));
  uint32_t ks[256];  // probe_keys <= 256
  const size_t nk = near ? im.ProbeKeys(h, ks) : 0;
  for (size_t i = 0; i < nk; ++i) im.keys.Prefetch(ks[i]);
  uint32_t members[kMaxMembers];
  const size_t nm = im.Members(key_hash, members);
  Overlap same;
  same.containment = same.jaccard = 1;
  bool answered = false;  // a settled original is a candidate
  for (size_t i = 0; i < nm; ++i) {
    out->push_back(im.Candidate(members[i], same, true));
    answered |= members[i] < settled && IsOriginal(members[i]);
  }
  if (!near || answered) return;
  uint32_t cand[kMaxCandidates];
  const size_t nc = im.Reps({ks, nk}, cand);
  if (nc == 0) return;
  const size_t first_near = out->size();
  // The first settled original among the near candidates so far: a
  // representative after it (its members come after it too) cannot matter.
  uint64_t answer = UINT64_MAX;
  const double shingles = SketchShingles(sketch);
  constexpr size_t kAhead = 16;  // candidates whose sketches are fetched together
  for (size_t i0 = 0; i0 < nc && cand[i0] < answer; i0 += kAhead) {
    const size_t i1 = std::min(nc, i0 + kAhead);
    uint64_t off[kAhead];
    for (size_t i = i0; i < i1; ++i) __builtin_prefetch(&im.sketch_ref[cand[i]]);
    for (size_t i = i0; i < i1; ++i) {
      const uint64_t ref = im.sketch_ref[cand[i]];
      const uint64_t earlier = ref >> kOffBits;
      off[i - i0] = earlier != kManyShingles && TooLong(shingles, static_cast<double>(earlier), im.options)
                        ? kNoSketch
                        : ref & kOffMask;
      if (off[i - i0] != kNoSketch) im.arena.Prefetch(off[i - i0]);
    }
    for (size_t i = i0; i < i1; ++i) {
      // The representative of the unit's own key hash is an exact candidate already.
      if (nm > 0 && cand[i] == members[0]) continue;
      if (cand[i] > answer) break;
      Overlap o;
      if (off[i - i0] == kNoSketch || !VerifyNear(sketch, im.arena.Get(off[i - i0]), im.options, &o)) continue;
      for (uint32_t m = cand[i]; m != kNotHeld; m = im.next_member[m]) {
        out->push_back(im.Candidate(m, o, false));
        if (m < settled && m < answer && IsOriginal(m)) answer = m;
      }
    }
  }
  // Members of different representatives interleave: holder order.
  std::sort(out->begin() + static_cast<ptrdiff_t>(first_near), out->end(),
            [](const DedupCandidate& a, const DedupCandidate& b) { return a.uid < b.uid; });
}

void DedupIndex::Prefetch(uint64_t key_hash, std::span<const uint64_t> sketch) const {
  const Impl& im = *impl_;
  im.exact.Prefetch(static_cast<uint32_t>(key_hash >> 32));
  if (!im.options.near || sketch.empty() || im.keys.size() == 0) return;
  const std::span<const uint64_t> h = SketchHashes(sketch);
  const size_t n = im.Lookups(h.size());
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = Shingle32(h[i]);
    im.common_keys.Prefetch(k);
    im.keys.Prefetch(k);
  }
}

uint32_t DedupIndex::Add(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref,
                         const std::vector<DedupCandidate>* cands, size_t cands_begin) {
  Impl& im = *impl_;
  if (im.full || im.refs.size() >= UINT32_MAX - 1) {
    im.full = true;
    return kNotHeld;
  }
  uint32_t members[kMaxMembers];
  size_t nm = 0;
  if (cands) {
    for (size_t i = cands_begin; i < cands->size() && (*cands)[i].exact; ++i) {
      members[nm++] = static_cast<uint32_t>((*cands)[i].uid);
    }
  } else {
    nm = im.Members(key_hash, members);
  }
  if (nm == kMaxMembers) return kNotHeld;
  // Only the first holder of a text is its representative (sketched, indexed).
  const bool near = nm == 0 && im.options.near && !sketch.empty();
  const std::span<const uint64_t> h = near ? SketchHashes(sketch) : std::span<const uint64_t>();
  const size_t nkeys = std::min(h.size(), static_cast<size_t>(im.options.index_keys));
  uint32_t ks[64];
  const size_t nk = std::min<size_t>(nkeys, 64);
  for (size_t i = 0; i < nk; ++i) ks[i] = Shingle32(h[i]);
  const uint32_t hi = static_cast<uint32_t>(key_hash >> 32);
  if (im.options.memory_limit > 0) {
    size_t grow = im.exact.GrowthBytes({&hi, 1}) + im.key_lo.GrowthBytes() + im.next_member.GrowthBytes() +
                  im.original.GrowthBytes() + im.refs.GrowthBytes() + im.sketch_ref.GrowthBytes();
    if (near) {
      grow += im.keys.GrowthBytes({ks, nk}) + im.common_keys.GrowthBytes(nk) +
              im.arena.GrowthBytes(h.size());
    }
    if (im.Bytes() + grow > im.options.memory_limit) {
      im.full = true;
      return kNotHeld;
    }
  }
  if (near && im.arena.end() > kOffMask) {  // offsets past what a SketchRef holds
    im.full = true;
    return kNotHeld;
  }
  const uint32_t idx = static_cast<uint32_t>(im.refs.size());
  im.exact.Put(hi, idx);
  if (im.tracking) im.changed.Mark(hi);
  im.key_lo.push_back(static_cast<uint32_t>(key_hash));
  im.next_member.push_back(kNotHeld);
  if (nm > 0) im.next_member[members[nm - 1]] = idx;
  if (idx % 64 == 0) im.original.push_back(0);
  im.refs.push_back(ref);
  if (!near) {
    if (im.options.near) im.sketch_ref.push_back(kNoSketch);
    return idx;
  }
  im.sketch_ref.push_back(SketchRef(im.arena.Append(sketch), SketchShingles(sketch)));
  for (size_t i = 0; i < nk; ++i) {
    const uint32_t k = ks[i];
    if (im.common_keys.Has(k)) continue;
    if (im.keys.Put(k, idx, kMaxPostings - 1)) {
      if (im.tracking) im.changed.Mark(k);  // a candidate more
    } else if (!im.SharesAnotherKey(k, {ks, nk})) {
      im.common_keys.Insert(k);  // the key stops proposing its representatives
      if (im.tracking) im.changed.Mark(k);
    }
  }
  return idx;
}

void DedupIndex::MarkOriginal(uint32_t uid) { impl_->original[uid / 64] |= uint64_t{1} << (uid % 64); }

bool DedupIndex::IsOriginal(uint64_t uid) const {
  return uid < impl_->refs.size() && ((impl_->original[uid / 64] >> (uid % 64)) & 1);
}

DedupMatch DedupIndex::Probe(uint64_t key_hash, std::span<const uint64_t> sketch) const {
  thread_local std::vector<DedupCandidate> cands;
  cands.clear();
  Candidates(key_hash, sketch, &cands);
  DedupMatch m;
  for (const DedupCandidate& c : cands) {
    if (!IsOriginal(c.uid)) continue;
    m.found = true;
    m.exact = c.exact;
    m.of = c.of;
    m.similarity = m.containment = c.similarity;
    m.jaccard = c.jaccard;
    break;
  }
  return m;
}

void DedupIndex::Insert(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref) {
  uint32_t members[kMaxMembers];
  const size_t nm = impl_->Members(key_hash, members);
  for (size_t i = 0; i < nm; ++i)
    if (IsOriginal(members[i])) return;
  const uint32_t uid = Add(key_hash, sketch, ref);
  if (uid != kNotHeld) MarkOriginal(uid);
}

void DedupIndex::Snapshot() {
  impl_->tracking = true;
  impl_->changed.Clear();
}

bool DedupIndex::ChangedFor(uint64_t key_hash, std::span<const uint64_t> sketch) const {
  const Impl& im = *impl_;
  if (!im.tracking) return true;
  if (im.changed.Has(static_cast<uint32_t>(key_hash >> 32))) return true;
  if (!im.options.near || sketch.empty()) return false;
  const std::span<const uint64_t> h = SketchHashes(sketch);
  const size_t n = im.Lookups(h.size());
  for (size_t i = 0; i < n; ++i)
    if (im.changed.Has(Shingle32(h[i]))) return true;
  return false;
}

size_t DedupIndex::units() const { return impl_->refs.size(); }
size_t DedupIndex::bytes() const { return impl_->Bytes(); }
bool DedupIndex::full() const { return impl_->full; }

}  // namespace winnow
