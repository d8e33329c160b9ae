#include "stages/template_counts.h"

namespace winnow {

bool TemplateCounts::SetCount(uint64_t tag, uint32_t count) {
  if (slots_.empty() || tag == 0) return false;
  const size_t mask = slots_.size() - 1;
  for (size_t j = tag & mask; slots_[j].tag != 0; j = (j + 1) & mask) {
    if (slots_[j].tag == tag) {
      counts_[j] = static_cast<uint8_t>(count < 255 ? count : 255);
      return true;
    }
  }
  return false;
}

void TemplateCounts::Grow() {
  std::vector<Slot> old = std::move(slots_);
  std::vector<uint8_t> old_counts = std::move(counts_);
  size_t cap = old.empty() ? 1024 : old.size() * 2;
  slots_.assign(cap, Slot{});
  counts_.assign(cap, 0);
  const size_t mask = cap - 1;
  for (size_t i = 0; i < old.size(); ++i) {
    if (old[i].tag == 0) continue;
    size_t j = old[i].tag & mask;
    while (slots_[j].tag != 0) j = (j + 1) & mask;
    slots_[j] = old[i];
    counts_[j] = old_counts[i];
  }
}

void TemplateCounts::Add(uint64_t source, uint64_t key_hash) {
  if ((used_ + 1) * 4 > slots_.size() * 3) Grow();
  const uint64_t tag = Tag(source, key_hash);
  const size_t mask = slots_.size() - 1;
  size_t j = tag & mask;
  while (slots_[j].tag != 0 && slots_[j].tag != tag) j = (j + 1) & mask;
  if (slots_[j].tag == 0) {
    slots_[j].tag = tag;
    ++used_;
  }
  if (counts_[j] < 255) ++counts_[j];
}

uint32_t TemplateCounts::Count(uint64_t source, uint64_t key_hash) const {
  if (slots_.empty()) return 0;
  const uint64_t tag = Tag(source, key_hash);
  const size_t mask = slots_.size() - 1;
  size_t j = tag & mask;
  while (slots_[j].tag != 0) {
    if (slots_[j].tag == tag) return counts_[j];
    j = (j + 1) & mask;
  }
  return 0;
}

}  // namespace winnow
