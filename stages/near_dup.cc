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
constexpr size_t kRecentBits = 4096;  // filter of keys inserted by the last document
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
  // bucket); the low 32 bits per unit in key_lo for a full 64-bit compare.
  // Grows by 1/4 past 95% load: 8.4-10.5 B per entry (load 0.76-0.95).
  BucketTable exact{4, 0.95};
  ChunkedVec<uint32_t> key_lo;
  UnitRefs refs;
  // Near: index key -> unit, and each near unit's sketch.
  BucketTable keys{2};
  // Common keys (kMaxPostings units or more): probes skip them and inserts
  // add nothing to them, so neither reads `keys` for them. They are ~45% of
  // a probe's lookups on the benchmark corpus, and this set (2 MB there) is
  // far smaller than `keys`.
  KeySet common_keys;
  ChunkedVec<uint64_t> sketch_off;  // per unit; UINT64_MAX = no sketch
  SketchArena arena;
  bool full = false;
  // Exact key fps and index keys inserted for the last document (from unit
  // recent_first on): Reprobe looks up only those.
  bool has_recent = false;
  uint64_t recent_doc = 0;
  uint32_t recent_first = 0;
  KeyFilter recent{kRecentBits};
  // Exact key fps and index keys whose entries changed since Snapshot().
  bool tracking = false;
  KeyFilter changed{kChangedBits};

  // Sketch hashes a probe looks up: the smallest probe_keys of them.
  size_t Lookups(size_t sketch_hashes) const {
    return std::min(sketch_hashes, static_cast<size_t>(options.probe_keys));
  }
  size_t Bytes() const {
    return exact.bytes() + key_lo.bytes() + refs.bytes() + keys.bytes() + common_keys.bytes() +
           sketch_off.bytes() + arena.bytes();
  }
  bool FindExact(uint64_t key_hash, uint32_t* idx) const {
    bool found = false;
    const uint32_t lo = static_cast<uint32_t>(key_hash);
    exact.Find(static_cast<uint32_t>(key_hash >> 32), [&](uint32_t i) {
      if (!found && key_lo[i] == lo) found = true, *idx = i;
    });
    return found;
  }
  // Candidates (earlier units sharing a non-common index key with the
  // sketch), ascending and distinct; only units >= since, and only keys
  // passing the recent filter when `recent_only`.
  size_t Candidates(std::span<const uint64_t> h, uint32_t since, bool recent_only,
                    uint32_t* cand) const;
  // The earliest candidate whose verified overlap passes, if any.
  bool Verify(std::span<const uint64_t> sketch, const uint32_t* cand, size_t nc,
              DedupMatch* m) const;
};

size_t DedupIndex::Impl::Candidates(std::span<const uint64_t> h, uint32_t since, bool recent_only,
                                    uint32_t* cand) const {
  const size_t n = Lookups(h.size());
  size_t nc = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = Shingle32(h[i]);
    if (recent_only && !recent.Has(k)) continue;
    if (common_keys.Has(k)) continue;
    keys.Find(k, [&](uint32_t u) {
      if (nc < kMaxCandidates && u >= since) cand[nc++] = u;
    });
  }
  // Earliest first: verify in insertion order and stop at the first pass.
  std::sort(cand, cand + nc);
  return static_cast<size_t>(std::unique(cand, cand + nc) - cand);
}

bool DedupIndex::Impl::Verify(std::span<const uint64_t> sketch, const uint32_t* cand, size_t nc,
                              DedupMatch* m) const {
  const float threshold = static_cast<float>(options.threshold);
  const double later_shingles = SketchShingles(sketch);
  constexpr size_t kAhead = 16;  // candidates whose sketches are fetched together
  for (size_t i0 = 0; i0 < nc; i0 += kAhead) {
    const size_t i1 = std::min(nc, i0 + kAhead);
    uint64_t off[kAhead];
    for (size_t i = i0; i < i1; ++i) __builtin_prefetch(&sketch_off[cand[i]]);
    for (size_t i = i0; i < i1; ++i) arena.Prefetch(off[i - i0] = sketch_off[cand[i]]);
    for (size_t i = i0; i < i1; ++i) {
      const Sketch32 e = arena.Get(off[i - i0]);
      if (later_shingles > e.shingles + std::max(6.0, options.max_growth * e.shingles)) continue;
      const Overlap o = CompareSketches(sketch, e);
      // Too small a common sample says nothing (a short unit against a long one).
      if (o.sampled >= kMinSampled && o.shared >= 2 && o.containment >= threshold) {
        m->found = true;
        if (options.resolve_refs) m->of = refs[cand[i]];
        m->similarity = m->containment = o.containment;
        m->jaccard = o.jaccard;
        return true;
      }
    }
  }
  return false;
}

DedupIndex::DedupIndex(const NearDupOptions& options) : impl_(new Impl) {
  impl_->options = options;
  impl_->options.index_keys = std::max(impl_->options.index_keys, 1);
  impl_->options.probe_keys = std::clamp(impl_->options.probe_keys, 1, 512);
}
DedupIndex::~DedupIndex() = default;

DedupMatch DedupIndex::Probe(uint64_t key_hash, std::span<const uint64_t> sketch) const {
  const Impl& im = *impl_;
  DedupMatch m;
  // Start every lookup of this probe before waiting on the first.
  const bool near = im.options.near && !sketch.empty() && im.keys.size() > 0;
  const std::span<const uint64_t> h = SketchHashes(sketch);
  im.exact.Prefetch(static_cast<uint32_t>(key_hash >> 32));
  if (near) {
    const size_t n = im.Lookups(h.size());
    for (size_t i = 0; i < n; ++i) {
      const uint32_t k = Shingle32(h[i]);
      if (!im.common_keys.Has(k)) im.keys.Prefetch(k);
    }
  }
  uint32_t idx = 0;
  if (im.FindExact(key_hash, &idx)) {
    m.found = m.exact = true;
    if (im.options.resolve_refs) m.of = im.refs[idx];
    m.similarity = m.containment = m.jaccard = 1;
    return m;
  }
  if (!near) return m;
  uint32_t cand[kMaxCandidates];
  const size_t nc = im.Candidates(h, 0, false, cand);
  im.Verify(sketch, cand, nc, &m);
  return m;
}

DedupMatch DedupIndex::Reprobe(uint64_t key_hash, std::span<const uint64_t> sketch,
                               uint32_t since) const {
  const Impl& im = *impl_;
  DedupMatch m;
  if (since >= im.refs.size()) return m;  // nothing inserted since
  const size_t lookups = im.Lookups(SketchHashes(sketch).size());
  // Only units from `since` on can answer, unless the candidate cap could
  // have cut the earlier probe's list (then its answer may differ).
  if (!im.has_recent || since < im.recent_first ||
      lookups * (kMaxPostings - 1) >= kMaxCandidates) {
    return Probe(key_hash, sketch);
  }
  uint32_t idx = 0;
  if (im.recent.Has(static_cast<uint32_t>(key_hash >> 32)) && im.FindExact(key_hash, &idx)) {
    m.found = m.exact = true;
    if (im.options.resolve_refs) m.of = im.refs[idx];
    m.similarity = m.containment = m.jaccard = 1;
    return m;
  }
  if (!im.options.near || sketch.empty() || im.keys.size() == 0) return m;
  uint32_t cand[kMaxCandidates];
  const size_t nc = im.Candidates(SketchHashes(sketch), since, true, cand);
  im.Verify(sketch, cand, nc, &m);
  return m;
}

void DedupIndex::Insert(uint64_t key_hash, std::span<const uint64_t> sketch, UnitRef ref) {
  Impl& im = *impl_;
  if (im.full || im.refs.size() >= UINT32_MAX - 1) {
    im.full = true;
    return;
  }
  uint32_t existing = 0;
  if (im.FindExact(key_hash, &existing)) return;
  const bool near = im.options.near && !sketch.empty();
  const std::span<const uint64_t> h = near ? SketchHashes(sketch) : std::span<const uint64_t>();
  const size_t nkeys = std::min(h.size(), static_cast<size_t>(im.options.index_keys));
  uint32_t ks[64];
  const size_t nk = std::min<size_t>(nkeys, 64);
  for (size_t i = 0; i < nk; ++i) ks[i] = Shingle32(h[i]);
  const uint32_t hi = static_cast<uint32_t>(key_hash >> 32);
  if (im.options.memory_limit > 0) {
    size_t grow = im.exact.GrowthBytes({&hi, 1}) + im.key_lo.GrowthBytes() +
                  im.refs.GrowthBytes() + im.sketch_off.GrowthBytes();
    if (near) {
      grow += im.keys.GrowthBytes({ks, nk}) + im.common_keys.GrowthBytes(nk) +
              im.arena.GrowthBytes(h.size());
    }
    if (im.Bytes() + grow > im.options.memory_limit) {
      im.full = true;
      return;
    }
  }
  const uint32_t idx = static_cast<uint32_t>(im.refs.size());
  if (!im.has_recent || im.recent_doc != ref.doc) {
    im.recent.Clear();
    im.has_recent = true;
    im.recent_doc = ref.doc;
    im.recent_first = idx;
  }
  im.exact.Put(hi, idx);
  im.recent.Mark(hi);
  if (im.tracking) im.changed.Mark(hi);
  im.key_lo.push_back(static_cast<uint32_t>(key_hash));
  im.refs.push_back(ref);
  if (!near) {
    if (im.options.near) im.sketch_off.push_back(UINT64_MAX);
    return;
  }
  im.sketch_off.push_back(im.arena.Append(sketch));
  for (size_t i = 0; i < nkeys; ++i) {
    const uint32_t k = Shingle32(h[i]);
    im.recent.Mark(k);
    if (im.common_keys.Has(k)) continue;
    // Either way a probe's answer may change: a candidate more, or a key
    // that stops proposing its units.
    if (!im.keys.Put(k, idx, kMaxPostings - 1)) im.common_keys.Insert(k);
    if (im.tracking) im.changed.Mark(k);
  }
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
