// Storage behind DedupIndex (stages/near_dup.h): compact open-addressing
// tables and chunked per-unit arrays whose bytes() are what they hold.
// Not thread-safe; internal to the dedup stage.
#ifndef WINNOW_STAGES_DEDUP_INDEX_H_
#define WINNOW_STAGES_DEDUP_INDEX_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "stages/near_dup.h"
#include "stages/shingle.h"

namespace winnow {

// Memory for the index's large tables. A table of tens of MB read at random
// misses the TLB on nearly every lookup with 4 KiB pages, so a request of
// whole huge pages (2 MiB), or of 16 MiB or more rounded up to whole huge
// pages (at most 1/8 more), is mapped aligned and offered to the kernel for
// transparent huge pages (madvise(MADV_HUGEPAGE): taken in the kernel's
// default `madvise` mode and in `always`, ignored where THP is off). Other
// requests come from the heap.
class TableMemory {
 public:
  static constexpr size_t kHugePage = size_t{1} << 21;
  // What a request of `bytes` is given: callers may use all of it.
  static size_t Rounded(size_t bytes) {
    return Huge(bytes) ? (bytes + kHugePage - 1) & ~(kHugePage - 1) : bytes;
  }
  static bool Huge(size_t bytes) {
    return bytes != 0 && (bytes % kHugePage == 0 || bytes >= 8 * kHugePage);
  }
  TableMemory() = default;
  explicit TableMemory(size_t bytes);  // Rounded(bytes), uninitialised
  TableMemory(TableMemory&& o) noexcept : p_(o.p_), bytes_(o.bytes_) { o.p_ = nullptr, o.bytes_ = 0; }
  TableMemory& operator=(TableMemory&& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(bytes_, o.bytes_);
    return *this;
  }
  TableMemory(const TableMemory&) = delete;
  TableMemory& operator=(const TableMemory&) = delete;
  ~TableMemory();
  void* get() const { return p_; }
  size_t bytes() const { return bytes_; }

 private:
  void* p_ = nullptr;
  size_t bytes_ = 0;
};

// A growable array in fixed chunks of 2^12 elements: no reallocation copy,
// no doubling slack beyond one chunk.
template <class T>
class ChunkedVec {
 public:
  static constexpr size_t kShift = 12;
  static constexpr size_t kChunk = size_t{1} << kShift;
  size_t size() const { return size_; }
  T& operator[](size_t i) { return chunks_[i >> kShift][i & (kChunk - 1)]; }
  const T& operator[](size_t i) const { return chunks_[i >> kShift][i & (kChunk - 1)]; }
  // Bytes that push_back would allocate now.
  size_t GrowthBytes(size_t n = 1) const {
    size_t need = (size_ + n + kChunk - 1) >> kShift;
    return need > chunks_.size() ? (need - chunks_.size()) * kChunk * sizeof(T) : 0;
  }
  void push_back(const T& v) {
    if ((size_ >> kShift) == chunks_.size()) chunks_.emplace_back(new T[kChunk]);
    (*this)[size_++] = v;
  }
  size_t bytes() const { return chunks_.size() * (kChunk * sizeof(T) + sizeof(void*)); }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

// Hash table of {fp, idx} entries in 64-byte buckets of 8 (one cache line:
// a lookup reads one line, two when its home bucket overflowed). An entry's
// bucket is derived from Mix32(fp) alone, so the table rehashes itself
// without outside data. It is split into kSegments segments (top bits of
// Mix32(fp)) that grow one at a time (by 1 + 1/grow_div): no whole-table
// rehash stall, and since segments start at staggered sizes the load stays
// in a band (0.72-0.9 at 1.25x) instead of sawing between 0.57 and 0.85. Entries go to the
// first bucket with a free slot from their home on (within the segment,
// wrapping), filled left to right, never removed; so a lookup can stop at
// the first bucket that has a free slot. Several entries may share an fp
// (multimap); Find reports them in insertion order.
class BucketTable {
 public:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr int kSegBits = 6;
  static constexpr size_t kSegments = size_t{1} << kSegBits;
  struct alignas(64) Bucket {
    uint32_t fp[8];
    uint32_t idx[8];  // kEmpty = free
  };

  // Growth step 1 + 1/grow_div: 4 (1.25x) for compactness, 2 (1.5x) for
  // fewer rehashes.
  // Grows a segment past max_load of its slots.
  explicit BucketTable(size_t grow_div = 4, double max_load = 0.9);
  static uint32_t Mix32(uint32_t x) {
    x ^= x >> 16;
    x *= 0x85ebca6bU;
    x ^= x >> 13;
    x *= 0xc2b2ae35U;
    x ^= x >> 16;
    return x;
  }
  size_t size() const { return size_; }
  size_t bytes() const { return buckets_ * sizeof(Bucket); }
  // Extra bytes inserting entries with these fps would allocate now.
  size_t GrowthBytes(std::span<const uint32_t> fps) const;
  void Prefetch(uint32_t fp) const { __builtin_prefetch(HomeOf(Mix32(fp))); }
  // Calls f(idx) for every entry with this fp, in insertion order.
  template <class F>
  void Find(uint32_t fp, F&& f) const {
    const uint32_t pos = Mix32(fp);
    const Segment& sg = seg_[pos >> (32 - kSegBits)];
    size_t b = Home(sg, pos);
    for (;;) {
      const Bucket& bk = sg.b[b];
      uint32_t hit, free;
      Match(bk, fp, &hit, &free);
      hit &= ~free;
      // Slots fill left to right: hits come out in insertion order.
      while (hit) {
        f(bk.idx[__builtin_ctz(hit)]);
        hit &= hit - 1;
      }
      if (free) return;
      b = b + 1 == sg.n ? 0 : b + 1;
    }
  }
  // Stores {fp, idx} unless `max_same` entries already hold fp; grows the
  // segment when needed. Returns whether it stored.
  bool Put(uint32_t fp, uint32_t idx, size_t max_same = SIZE_MAX);

 private:
  struct Segment {
    TableMemory mem;
    Bucket* b = nullptr;
    size_t n = 0;     // buckets
    size_t size = 0;  // entries
  };
  static size_t Home(const Segment& sg, uint32_t pos) {
    return (uint64_t{pos << kSegBits} * sg.n) >> 32;
  }
  const Bucket* HomeOf(uint32_t pos) const {
    const Segment& sg = seg_[pos >> (32 - kSegBits)];
    return &sg.b[Home(sg, pos)];
  }
  // Bit j of *hit: fp[j] == fp; of *free: slot j is free.
  static void Match(const Bucket& bk, uint32_t fp, uint32_t* hit, uint32_t* free) {
#if defined(__SSE2__)
    const __m128i f = _mm_set1_epi32(static_cast<int>(fp));
    const __m128i e = _mm_set1_epi32(-1);
    const __m128i* p = reinterpret_cast<const __m128i*>(&bk);
    const int h0 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128(p), f)));
    const int h1 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128(p + 1), f)));
    const int e0 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128(p + 2), e)));
    const int e1 = _mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(_mm_load_si128(p + 3), e)));
    *hit = static_cast<uint32_t>(h0 | (h1 << 4));
    *free = static_cast<uint32_t>(e0 | (e1 << 4));
#else
    uint32_t h = 0, e = 0;
    for (int j = 0; j < 8; ++j) {
      h |= uint32_t{bk.fp[j] == fp} << j;
      e |= uint32_t{bk.idx[j] == kEmpty} << j;
    }
    *hit = h;
    *free = e;
#endif
  }
  bool NeedsGrowth(const Segment& sg, size_t n) const {
    return static_cast<double>(sg.size + n) > max_load_ * static_cast<double>(sg.n * 8);
  }
  size_t NextBuckets(const Segment& sg, size_t n) const;
  static void Alloc(Segment* sg, size_t n);
  static bool PutIn(Segment* sg, uint32_t pos, uint32_t fp, uint32_t idx, size_t max_same);
  void Grow(Segment* sg, size_t n);

  Segment seg_[kSegments];
  size_t buckets_ = 0;
  size_t size_ = 0;
  size_t grow_div_;
  double max_load_;
};

// A set of 32-bit keys: open addressing, linear probing, at most half
// full (key 0 is kept aside). Small sets stay in cache, so Has() is cheap
// next to a BucketTable lookup.
class KeySet {
 public:
  bool Has(uint32_t k) const {
    if (k == 0) return has_zero_;
    if (size_ == 0) return false;
    for (size_t i = BucketTable::Mix32(k) & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == k) return true;
      if (slots_[i] == 0) return false;
    }
  }
  void Insert(uint32_t k);
  void Prefetch(uint32_t k) const {
    if (size_ != 0) __builtin_prefetch(&slots_[BucketTable::Mix32(k) & mask_]);
  }
  // Bytes that inserting n more keys could allocate now.
  size_t GrowthBytes(size_t n) const;
  size_t size() const { return size_ + has_zero_; }
  size_t bytes() const { return slots_.size() * sizeof(uint32_t); }

 private:
  std::vector<uint32_t> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;  // non-zero keys
  bool has_zero_ = false;
};

// Who each indexed unit is: doc ordinals as runs (one per document with
// inserted units), the unit number in one byte (escape to a side list).
class UnitRefs {
 public:
  size_t size() const { return unit_.size(); }
  size_t GrowthBytes() const;
  void push_back(UnitRef ref);
  UnitRef operator[](uint32_t idx) const;
  size_t bytes() const;

 private:
  ChunkedVec<uint8_t> unit_;
  ChunkedVec<uint32_t> run_first_;    // first unit index of each run
  ChunkedVec<uint64_t> run_doc_;      // its document
  std::vector<uint32_t> big_idx_;     // units with number >= 255, ascending
  std::vector<uint32_t> big_unit_;
};

// Sketches of indexed units, 32-bit hashes, packed one after another in
// chunks: [tau, n, shingles, h_1 .. h_n]. A unit's start is its global
// offset; chunk i starts at offset i * kChunk. The first chunks are small
// (256 KiB, doubling), so that a small --index-memory still holds sketches;
// from the fourth on a chunk is one huge page.
class SketchArena {
 public:
  static constexpr size_t kChunk = TableMemory::kHugePage / sizeof(uint32_t);  // words, at most
  static constexpr size_t kMaxStored = 4096;         // hashes kept per unit
  size_t GrowthBytes(size_t words) const;
  uint64_t Append(std::span<const uint64_t> sketch);  // Sketcher output
  Sketch32 Get(uint64_t off) const;
  // Starts loading the lines of the sketch at `off` (up to 44 hashes).
  void Prefetch(uint64_t off) const {
    const uint32_t* p = Chunk(off / kChunk) + off % kChunk;
    __builtin_prefetch(p);
    __builtin_prefetch(p + 16);
    __builtin_prefetch(p + 32);
  }
  size_t bytes() const { return bytes_; }
  // Past every offset that Append can return before the next chunk.
  uint64_t end() const { return (chunks_.size() + 1) * kChunk; }

 private:
  static size_t Capacity(size_t chunk) { return std::min(kChunk, kChunk >> 3 << std::min<size_t>(chunk, 3)); }
  uint32_t* Chunk(size_t i) const { return static_cast<uint32_t*>(chunks_[i].get()); }
  std::vector<TableMemory> chunks_;
  size_t used_ = 0;  // words used in the last chunk
  size_t bytes_ = 0;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_DEDUP_INDEX_H_
