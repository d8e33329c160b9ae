// Placeholder implementation: exact key hashes only.
#include "stages/near_dup.h"

#include <unordered_map>

namespace winnow {

Sketcher::Sketcher(const NearDupOptions& options) : options_(options) {}
size_t Sketcher::Sketch(std::string_view, std::vector<uint64_t>*) const { return 0; }

struct DedupIndex::Impl {
  NearDupOptions options;
  std::unordered_map<uint64_t, UnitRef> exact;
};

DedupIndex::DedupIndex(const NearDupOptions& options) : impl_(new Impl) {
  impl_->options = options;
}
DedupIndex::~DedupIndex() = default;

DedupMatch DedupIndex::Probe(uint64_t key_hash, std::span<const uint64_t>) const {
  DedupMatch m;
  auto it = impl_->exact.find(key_hash);
  if (it != impl_->exact.end()) {
    m.found = m.exact = true;
    m.of = it->second;
    m.similarity = 1;
  }
  return m;
}

void DedupIndex::Insert(uint64_t key_hash, std::span<const uint64_t>, UnitRef ref) {
  impl_->exact.emplace(key_hash, ref);
}

size_t DedupIndex::units() const { return impl_->exact.size(); }
size_t DedupIndex::bytes() const { return impl_->exact.size() * 32; }
bool DedupIndex::full() const { return false; }

}  // namespace winnow
