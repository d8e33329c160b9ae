// DedupIndex: exact key table, near-duplicate key multimap and stored
// sketches (method in stages/near_dup.h, storage in stages/dedup_index.h).
#include "stages/near_dup.h"

#include <algorithm>
#include <array>

#include "stages/dedup_index.h"
#include "stages/shingle.h"

namespace winnow {
namespace {

// Index keys are small hash values (the bottom of the hash range); spread
// them before they choose a slot.
uint32_t Mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x85ebca6bU;
  x ^= x >> 13;
  x *= 0xc2b2ae35U;
  x ^= x >> 16;
  return x;
}

constexpr size_t kMaxPostings = 4;     // units remembered per index key
constexpr size_t kMaxLookups = 512;    // sketch hashes a probe looks up
constexpr size_t kMaxCandidates = 1024;
constexpr uint32_t kMinSampled = 4;   // later-unit shingles in the common sample

}  // namespace

struct DedupIndex::Impl {
  NearDupOptions options;
  // Exact: slot fp = low 32 bits of the key hash; home from the high 32 bits,
  // kept per unit in key_hi for growth and for a full 64-bit comparison.
  SlotTable exact;
  ChunkedVec<uint32_t> key_hi;
  UnitRefs refs;
  // Near: index key -> unit, and each near unit's sketch.
  SlotTable keys;
  ChunkedVec<uint64_t> sketch_off;  // per unit; UINT64_MAX = no sketch
  SketchArena arena;
  bool full = false;

  size_t Bytes() const {
    return exact.bytes() + key_hi.bytes() + refs.bytes() + keys.bytes() + sketch_off.bytes() +
           arena.bytes();
  }
  bool FindExact(uint64_t key_hash, uint32_t* idx) const {
    bool found = false;
    const uint32_t hi = static_cast<uint32_t>(key_hash >> 32);
    exact.Find(hi, static_cast<uint32_t>(key_hash), [&](uint32_t i) {
      if (!found && key_hi[i] == hi) found = true, *idx = i;
    });
    return found;
  }
};

DedupIndex::DedupIndex(const NearDupOptions& options) : impl_(new Impl) {
  impl_->options = options;
  impl_->options.index_keys = std::max(impl_->options.index_keys, 1);
}
DedupIndex::~DedupIndex() = default;

DedupMatch DedupIndex::Probe(uint64_t key_hash, std::span<const uint64_t> sketch) const {
  const Impl& im = *impl_;
  DedupMatch m;
  uint32_t idx = 0;
  if (im.FindExact(key_hash, &idx)) {
    m.found = m.exact = true;
    m.of = im.refs[idx];
    m.similarity = m.containment = m.jaccard = 1;
    return m;
  }
  if (!im.options.near || sketch.empty() || im.keys.size() == 0) return m;
  const std::span<const uint64_t> h = SketchHashes(sketch);
  const size_t n = std::min(h.size(), kMaxLookups);
  for (size_t i = 0; i < n; ++i) im.keys.Prefetch(Mix32(Shingle32(h[i])));
  std::array<uint32_t, kMaxCandidates> cand;
  size_t nc = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t k = Shingle32(h[i]);
    const size_t before = nc;
    im.keys.Find(Mix32(k), k, [&](uint32_t u) {
      if (nc < cand.size()) cand[nc++] = u;
    });
    // A key with a full posting list is a common phrase ("of the"): it says
    // little and would make every probe verify the same units. Skip it.
    if (nc - before >= kMaxPostings) nc = before;
  }
  // Earliest first: verify in insertion order and stop at the first pass.
  std::sort(cand.begin(), cand.begin() + nc);
  const float threshold = static_cast<float>(im.options.threshold);
  const double later_shingles = SketchShingles(sketch);
  for (size_t i = 0; i < nc; ++i) {
    if (i > 0 && cand[i] == cand[i - 1]) continue;
    const Sketch32 e = im.arena.Get(im.sketch_off[cand[i]]);
    if (later_shingles > e.shingles + std::max(6.0, im.options.max_growth * e.shingles)) continue;
    const Overlap o = CompareSketches(sketch, e);
    // Too small a common sample says nothing (a short unit against a long one).
    if (o.sampled >= kMinSampled && o.shared >= 2 && o.containment >= threshold) {
      m.found = true;
      m.of = im.refs[cand[i]];
      m.similarity = m.containment = o.containment;
      m.jaccard = o.jaccard;
      return m;
    }
  }
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
  if (im.options.memory_limit > 0) {
    size_t grow = im.exact.GrowthBytes(1) + im.key_hi.GrowthBytes() + im.refs.GrowthBytes() +
                  im.sketch_off.GrowthBytes();
    if (near) grow += im.keys.GrowthBytes(nkeys) + im.arena.GrowthBytes(h.size());
    if (im.Bytes() + grow > im.options.memory_limit) {
      im.full = true;
      return;
    }
  }
  const uint32_t idx = static_cast<uint32_t>(im.refs.size());
  im.exact.Reserve(1, [&](const SlotTable::Slot& s) { return im.key_hi[s.idx]; });
  im.exact.Put(static_cast<uint32_t>(key_hash >> 32), static_cast<uint32_t>(key_hash), idx);
  im.key_hi.push_back(static_cast<uint32_t>(key_hash >> 32));
  im.refs.push_back(ref);
  if (!near) {
    if (im.options.near) im.sketch_off.push_back(UINT64_MAX);
    return;
  }
  im.sketch_off.push_back(im.arena.Append(sketch));
  im.keys.Reserve(nkeys, [](const SlotTable::Slot& s) { return Mix32(s.fp); });
  for (size_t i = 0; i < nkeys; ++i) {
    const uint32_t k = Shingle32(h[i]);
    im.keys.Put(Mix32(k), k, idx, kMaxPostings);
  }
}

size_t DedupIndex::units() const { return impl_->refs.size(); }
size_t DedupIndex::bytes() const { return impl_->Bytes(); }
bool DedupIndex::full() const { return impl_->full; }

}  // namespace winnow
