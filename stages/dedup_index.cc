// Storage behind DedupIndex; see stages/dedup_index.h.
#include "stages/dedup_index.h"

#include <algorithm>
#include <cassert>

namespace winnow {

size_t SlotTable::NextCapacity(size_t n) const {
  size_t cap = std::max<size_t>(1024, slots_.size() + slots_.size() / 2);
  while (static_cast<double>(size_ + n) > kMaxLoad * static_cast<double>(cap)) cap += cap / 2;
  return cap;
}

bool SlotTable::Put(uint32_t pos_hash, uint32_t fp, uint32_t idx, size_t max_same) {
  assert(!NeedsGrowth(1));
  const size_t cap = slots_.size();
  size_t same = 0;
  size_t i = Home(pos_hash);
  for (; slots_[i].idx != kEmpty; i = i + 1 == cap ? 0 : i + 1) {
    if (slots_[i].fp == fp && ++same >= max_same) return false;
  }
  slots_[i] = Slot{fp, idx};
  ++size_;
  return true;
}

size_t UnitRefs::GrowthBytes() const {
  // A new run may double the run vectors.
  size_t runs = run_first_.size() == run_first_.capacity()
                    ? std::max<size_t>(run_first_.capacity(), 16) * (sizeof(uint32_t) + sizeof(uint64_t))
                    : 0;
  return unit_.GrowthBytes() + runs;
}

void UnitRefs::push_back(UnitRef ref) {
  const uint32_t idx = static_cast<uint32_t>(unit_.size());
  if (run_doc_.empty() || run_doc_.back() != ref.doc) {
    run_first_.push_back(idx);
    run_doc_.push_back(ref.doc);
  }
  if (ref.unit >= 255) {
    big_idx_.push_back(idx);
    big_unit_.push_back(ref.unit);
  }
  unit_.push_back(static_cast<uint8_t>(std::min<uint32_t>(ref.unit, 255)));
}

UnitRef UnitRefs::operator[](uint32_t idx) const {
  UnitRef r;
  auto run = std::upper_bound(run_first_.begin(), run_first_.end(), idx) - 1;
  r.doc = run_doc_[static_cast<size_t>(run - run_first_.begin())];
  r.unit = unit_[idx];
  if (r.unit == 255) {
    auto it = std::lower_bound(big_idx_.begin(), big_idx_.end(), idx);
    r.unit = big_unit_[static_cast<size_t>(it - big_idx_.begin())];
  }
  return r;
}

size_t UnitRefs::bytes() const {
  return unit_.bytes() + run_first_.capacity() * sizeof(uint32_t) +
         run_doc_.capacity() * sizeof(uint64_t) +
         (big_idx_.capacity() + big_unit_.capacity()) * sizeof(uint32_t);
}

size_t SketchArena::GrowthBytes(size_t words) const {
  words = std::min(words, kMaxStored);
  return used_ + words + 3 > kChunk ? kChunk * sizeof(uint32_t) : 0;
}

uint64_t SketchArena::Append(std::span<const uint64_t> sketch) {
  std::span<const uint64_t> h = SketchHashes(sketch);
  uint32_t tau = SketchTau(sketch);
  if (h.size() > kMaxStored) {  // keep the smallest: still a valid sample
    h = h.first(kMaxStored);
    tau = Shingle32(h.back());
  }
  const size_t words = h.size() + 3;
  assert(words <= kChunk);
  if (used_ + words > kChunk) {
    chunks_.emplace_back(new uint32_t[kChunk]);
    used_ = 0;
  }
  const uint64_t off = (chunks_.size() - 1) * kChunk + used_;
  uint32_t* p = chunks_.back().get() + used_;
  p[0] = tau;
  p[1] = static_cast<uint32_t>(h.size());
  p[2] = SketchShingles(sketch);
  for (size_t i = 0; i < h.size(); ++i) p[3 + i] = Shingle32(h[i]);
  used_ += words;
  return off;
}

Sketch32 SketchArena::Get(uint64_t off) const {
  const uint32_t* p = chunks_[off / kChunk].get() + off % kChunk;
  return Sketch32{std::span<const uint32_t>(p + 3, p[1]), p[0], p[2]};
}

}  // namespace winnow
