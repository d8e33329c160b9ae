// Storage behind DedupIndex (stages/near_dup.h): compact open-addressing
// tables and chunked per-unit arrays whose bytes() are what they hold.
// Not thread-safe; internal to the dedup stage.
#ifndef WINNOW_STAGES_DEDUP_INDEX_H_
#define WINNOW_STAGES_DEDUP_INDEX_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "stages/near_dup.h"
#include "stages/shingle.h"

namespace winnow {

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

// Linear-probing table of 8-byte slots {fp, idx}. The home slot of an entry
// is derived from a 32-bit position hash by multiply-shift, so capacity can
// grow by 1.5x instead of 2x. Several slots may share an fp (multimap).
class SlotTable {
 public:
  struct Slot {
    uint32_t fp;
    uint32_t idx;
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr double kMaxLoad = 0.85;

  size_t size() const { return size_; }
  size_t bytes() const { return slots_.size() * sizeof(Slot); }
  // Extra bytes the next `n` inserts would cause (growth), 0 if none.
  size_t GrowthBytes(size_t n) const {
    return NeedsGrowth(n) ? (NextCapacity(n) - slots_.size()) * sizeof(Slot) : 0;
  }
  void Prefetch(uint32_t pos_hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[Home(pos_hash)]);
  }
  // Calls f(idx) for every slot with this fp on the probe path.
  template <class F>
  void Find(uint32_t pos_hash, uint32_t fp, F&& f) const {
    if (slots_.empty()) return;
    const size_t cap = slots_.size();
    for (size_t i = Home(pos_hash); slots_[i].idx != kEmpty; i = i + 1 == cap ? 0 : i + 1) {
      if (slots_[i].fp == fp) f(slots_[i].idx);
    }
  }
  // Stores {fp, idx} unless `max_same` slots already hold fp. Call
  // Reserve(1, pos_of) first.
  bool Put(uint32_t pos_hash, uint32_t fp, uint32_t idx, size_t max_same = SIZE_MAX);
  // Makes room for n more entries; pos_of(slot) gives an entry's pos_hash.
  template <class PosOf>
  void Reserve(size_t n, PosOf&& pos_of) {
    if (!NeedsGrowth(n)) return;
    std::vector<Slot> old(NextCapacity(n), Slot{0, kEmpty});
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old) {
      if (s.idx != kEmpty) Put(pos_of(s), s.fp, s.idx);
    }
  }

 private:
  size_t Home(uint32_t pos_hash) const { return (uint64_t{pos_hash} * slots_.size()) >> 32; }
  bool NeedsGrowth(size_t n) const {
    return static_cast<double>(size_ + n) > kMaxLoad * static_cast<double>(slots_.size());
  }
  size_t NextCapacity(size_t n) const;

  std::vector<Slot> slots_;
  size_t size_ = 0;
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
  std::vector<uint32_t> run_first_;   // first unit index of each run
  std::vector<uint64_t> run_doc_;     // its document
  std::vector<uint32_t> big_idx_;     // units with number >= 255, ascending
  std::vector<uint32_t> big_unit_;
};

// Sketches of indexed units, 32-bit hashes, packed one after another in
// 256 KiB chunks: [tau, n, shingles, h_1 .. h_n]. A unit's start is its global offset.
class SketchArena {
 public:
  static constexpr size_t kChunk = size_t{1} << 16;  // uint32 words
  static constexpr size_t kMaxStored = 4096;         // hashes kept per unit
  size_t GrowthBytes(size_t words) const;
  uint64_t Append(std::span<const uint64_t> sketch);  // Sketcher output
  Sketch32 Get(uint64_t off) const;
  size_t bytes() const { return chunks_.size() * kChunk * sizeof(uint32_t); }

 private:
  std::vector<std::unique_ptr<uint32_t[]>> chunks_;
  size_t used_ = kChunk;  // words used in the last chunk
};

}  // namespace winnow

#endif  // WINNOW_STAGES_DEDUP_INDEX_H_
