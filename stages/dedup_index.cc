// Storage behind DedupIndex; see stages/dedup_index.h.
#include "stages/dedup_index.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <new>

#include <sys/mman.h>

namespace winnow {

TableMemory::TableMemory(size_t bytes) : bytes_(Rounded(bytes)) {
  if (!Huge(bytes_)) {
    p_ = ::operator new(bytes_, std::align_val_t{64});
    return;
  }
  // Map one huge page more and trim to an aligned start.
  const size_t span = bytes_ + kHugePage;
  void* m = mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED) throw std::bad_alloc();
  char* base = static_cast<char*>(m);
  char* start = reinterpret_cast<char*>((reinterpret_cast<uintptr_t>(base) + kHugePage - 1) & ~(kHugePage - 1));
  if (start > base) munmap(base, static_cast<size_t>(start - base));
  char* end = start + bytes_;
  if (base + span > end) munmap(end, static_cast<size_t>(base + span - end));
#ifdef MADV_HUGEPAGE
  madvise(start, bytes_, MADV_HUGEPAGE);  // advice only: without THP, 4 KiB pages
#endif
  p_ = start;
}

TableMemory::~TableMemory() {
  if (p_ == nullptr) return;
  if (!Huge(bytes_)) {
    ::operator delete(p_, std::align_val_t{64});
  } else {
    munmap(p_, bytes_);
  }
}

BucketTable::BucketTable(size_t grow_div, double max_load) : grow_div_(grow_div), max_load_(max_load) {
  // Staggered start sizes, log-spaced over one growth step: segments then
  // reach their growth points at different times.
  const double step = 1.0 + 1.0 / static_cast<double>(grow_div);
  for (size_t s = 0; s < kSegments; ++s) {
    Alloc(&seg_[s], static_cast<size_t>(4.0 * std::pow(step, double(s) / kSegments)));
    buckets_ += seg_[s].n;
  }
}

void BucketTable::Alloc(Segment* sg, size_t n) {
  sg->mem = TableMemory(n * sizeof(Bucket));
  sg->b = static_cast<Bucket*>(sg->mem.get());
  n = sg->mem.bytes() / sizeof(Bucket);  // the rounding too
  for (size_t i = 0; i < n; ++i) {
    std::fill(std::begin(sg->b[i].fp), std::end(sg->b[i].fp), 0u);
    std::fill(std::begin(sg->b[i].idx), std::end(sg->b[i].idx), kEmpty);
  }
  sg->n = n;
  sg->size = 0;
}

size_t BucketTable::NextBuckets(const Segment& sg, size_t n) const {
  // At least one bucket more: small segments would not grow by n / grow_div.
  auto step = [&](size_t b) { return b + std::max<size_t>(1, b / grow_div_); };
  size_t next = step(sg.n);
  while (static_cast<double>(sg.size + n) > max_load_ * static_cast<double>(next * 8)) next = step(next);
  return next;
}

size_t BucketTable::GrowthBytes(std::span<const uint32_t> fps) const {
  size_t grow = 0;
  for (size_t i = 0; i < fps.size(); ++i) {
    const size_t s = Mix32(fps[i]) >> (32 - kSegBits);
    size_t same = 0;
    bool first = true;
    for (size_t j = 0; j < fps.size(); ++j) {
      const size_t t = Mix32(fps[j]) >> (32 - kSegBits);
      same += t == s;
      if (t == s && j < i) first = false;
    }
    if (first && NeedsGrowth(seg_[s], same)) {
      grow += TableMemory::Rounded(NextBuckets(seg_[s], same) * sizeof(Bucket)) - seg_[s].n * sizeof(Bucket);
    }
  }
  return grow;
}

namespace {
// Set bits of an 8-lane mask, without the POPCNT instruction that the
// baseline x86-64 target lacks (__builtin_popcount is a libgcc call there).
inline size_t Lanes(uint32_t m) {
  m = m - ((m >> 1) & 0x55);
  m = (m & 0x33) + ((m >> 2) & 0x33);
  return (m + (m >> 4)) & 0x0F;
}
}  // namespace

bool BucketTable::PutIn(Segment* sg, uint32_t pos, uint32_t fp, uint32_t idx, size_t max_same) {
  size_t b = Home(*sg, pos);
  size_t same = 0;
  for (;;) {
    Bucket& bk = sg->b[b];
    uint32_t hit, free;
    Match(bk, fp, &hit, &free);
    same += Lanes(hit & ~free);
    if (same >= max_same) return false;
    if (free) {
      const int j = __builtin_ctz(free);
      bk.fp[j] = fp;
      bk.idx[j] = idx;
      ++sg->size;
      return true;
    }
    b = b + 1 == sg->n ? 0 : b + 1;
  }
}

void BucketTable::Grow(Segment* sg, size_t n) {
  Segment old;
  old.mem = std::move(sg->mem);
  old.b = sg->b;
  old.n = sg->n;
  buckets_ -= old.n;
  Alloc(sg, NextBuckets(*sg, n));
  buckets_ += sg->n;
  // Bucket order follows home order, and slots within a bucket follow
  // insertion order, so entries of one fp keep their relative order (a
  // wrapped tail at the start of the old segment is reinserted first only
  // when its own home wrapped too).
  size_t start = 0;
  while (start < old.n && old.b[start].idx[7] != kEmpty) ++start;  // a bucket with room ends a run
  for (size_t k = 1; k <= old.n; ++k) {
    const Bucket& bk = old.b[(start + k) % old.n];
    for (int j = 0; j < 8 && bk.idx[j] != kEmpty; ++j) {
      PutIn(sg, Mix32(bk.fp[j]), bk.fp[j], bk.idx[j], SIZE_MAX);
    }
  }
}

bool BucketTable::Put(uint32_t fp, uint32_t idx, size_t max_same) {
  const uint32_t pos = Mix32(fp);
  Segment* sg = &seg_[pos >> (32 - kSegBits)];
  if (NeedsGrowth(*sg, 1)) Grow(sg, 1);
  const bool put = PutIn(sg, pos, fp, idx, max_same);
  size_ += put;
  return put;
}

void KeySet::Insert(uint32_t k) {
  if (k == 0) {
    has_zero_ = true;
    return;
  }
  if ((size_ + 1) * 2 > slots_.size()) {
    std::vector<uint32_t> old(std::max<size_t>(64, slots_.size() * 2), 0);
    old.swap(slots_);
    mask_ = slots_.size() - 1;
    for (uint32_t x : old) {
      if (x == 0) continue;
      size_t i = BucketTable::Mix32(x) & mask_;
      while (slots_[i] != 0) i = (i + 1) & mask_;
      slots_[i] = x;
    }
  }
  size_t i = BucketTable::Mix32(k) & mask_;
  for (; slots_[i] != 0; i = (i + 1) & mask_)
    if (slots_[i] == k) return;
  slots_[i] = k;
  ++size_;
}

size_t KeySet::GrowthBytes(size_t n) const {
  if ((size_ + n) * 2 <= slots_.size()) return 0;
  size_t slots = std::max<size_t>(64, slots_.size());
  while ((size_ + n) * 2 > slots) slots *= 2;
  return slots * sizeof(uint32_t);  // the new array, while the old one is still held
}

size_t UnitRefs::GrowthBytes() const {
  // A new run may double the run vectors.
  return unit_.GrowthBytes() + run_first_.GrowthBytes() + run_doc_.GrowthBytes();
}

void UnitRefs::push_back(UnitRef ref) {
  const uint32_t idx = static_cast<uint32_t>(unit_.size());
  if (run_doc_.size() == 0 || run_doc_[run_doc_.size() - 1] != ref.doc) {
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
  // Last run starting at or before idx.
  size_t lo = 0, n = run_first_.size();
  while (n > 1) {
    const size_t half = n / 2;
    if (run_first_[lo + half] <= idx) lo += half;
    n -= half;
  }
  r.doc = run_doc_[lo];
  r.unit = unit_[idx];
  if (r.unit == 255) {
    auto it = std::lower_bound(big_idx_.begin(), big_idx_.end(), idx);
    r.unit = big_unit_[static_cast<size_t>(it - big_idx_.begin())];
  }
  return r;
}

size_t UnitRefs::bytes() const {
  return unit_.bytes() + run_first_.bytes() + run_doc_.bytes() +
         (big_idx_.capacity() + big_unit_.capacity()) * sizeof(uint32_t);
}

size_t SketchArena::GrowthBytes(size_t words) const {
  words = std::min(words, kMaxStored);
  const bool room = !chunks_.empty() && used_ + words + 3 <= Capacity(chunks_.size() - 1);
  return room ? 0 : Capacity(chunks_.size()) * sizeof(uint32_t);
}

uint64_t SketchArena::Append(std::span<const uint64_t> sketch) {
  const size_t words = std::min(SketchHashes(sketch).size(), kMaxStored) + 3;
  assert(words <= Capacity(0));
  if (chunks_.empty() || used_ + words > Capacity(chunks_.size() - 1)) {
    chunks_.emplace_back(Capacity(chunks_.size()) * sizeof(uint32_t));
    bytes_ += chunks_.back().bytes();
    used_ = 0;
  }
  const uint64_t off = (chunks_.size() - 1) * kChunk + used_;
  WriteSketch32(sketch, kMaxStored, Chunk(chunks_.size() - 1) + used_);
  used_ += words;
  return off;
}

Sketch32 SketchArena::Get(uint64_t off) const { return ReadSketch32(Chunk(off / kChunk) + off % kChunk); }

}  // namespace winnow
