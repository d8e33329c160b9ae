// Counts, per source (url host, or input file when there is no url), in how
// many documents each unit key occurs, so the boilerplate stage can call a
// unit repeated across a site's pages "template". Not thread-safe: the
// pipeline fills it from its serial filter (a counting pre-pass over files,
// or a bounded look-ahead window on stdin) and reads it, const, from the
// parallel stage only once filling for those documents is finished.
#ifndef WINNOW_STAGES_TEMPLATE_COUNTS_H_
#define WINNOW_STAGES_TEMPLATE_COUNTS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace winnow {

class TemplateCounts {
 public:
  // Records that one document of `source` contains a unit whose key hashes to
  // `key_hash`. Call at most once per distinct key per document.
  void Add(uint64_t source, uint64_t key_hash);
  // Number of documents of `source` recorded as containing the key
  // (saturates at 255).
  uint32_t Count(uint64_t source, uint64_t key_hash) const;

  size_t entries() const { return used_; }
  size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  struct Slot {
    uint64_t tag = 0;  // mixed (source, key); 0 = empty
  };
  // Counts live in the low 8 bits of the tag's companion array.
  void Grow();
  std::vector<Slot> slots_;
  std::vector<uint8_t> counts_;
  size_t used_ = 0;
};

}  // namespace winnow

#endif  // WINNOW_STAGES_TEMPLATE_COUNTS_H_
