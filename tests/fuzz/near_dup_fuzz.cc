// libFuzzer target: Sketcher + DedupIndex over a sequence of units (the
// input's lines, cleaned and keyed as the pipeline does), probing each unit
// before inserting it. The first byte picks the n-gram size, threshold and a
// memory limit. Checks: an answer always names an earlier unit; an exact
// repeat of a line is always found; similarities lie in [0, 1].
#include "tests/fuzz/fuzz_util.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "stages/hash.h"
#include "stages/near_dup.h"
#include "stages/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace winnow;
  static const Normalizer norm;
  if (size == 0) return 0;
  const uint8_t knob = data[0];
  NearDupOptions opt;
  opt.ngram = 1 + knob % 5;
  opt.threshold = 0.3 + 0.1 * ((knob >> 3) % 6);
  opt.near = (knob & 0x40) == 0;
  opt.memory_limit = (knob & 0x80) ? 4096 : 0;
  Sketcher sketcher(opt);
  DedupIndex index(opt);
  std::string clean;
  norm.CleanText(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), &clean);
  std::unordered_map<uint64_t, uint64_t> first_of_key;
  std::vector<uint64_t> sketch;
  std::string key;
  uint64_t unit = 0;
  size_t pos = 0;
  while (pos < clean.size() && unit < 4096) {
    size_t nl = clean.find('\n', pos);
    if (nl == std::string::npos) nl = clean.size();
    key.clear();
    norm.MatchKey(std::string_view(clean).substr(pos, nl - pos), &key);
    pos = nl + 1;
    if (key.empty()) continue;
    const uint64_t h = Hash64(key, kUnitKeySeed);
    sketch.clear();
    sketcher.Sketch(key, &sketch);
    DedupMatch m = index.Probe(h, sketch);
    if (m.found) {
      FUZZ_CHECK(m.of.doc < unit);
      FUZZ_CHECK(m.similarity >= 0 && m.similarity <= 1.0001f);
      FUZZ_CHECK(m.containment >= 0 && m.containment <= 1.0001f);
      FUZZ_CHECK(m.jaccard >= 0 && m.jaccard <= 1.0001f);
    }
    auto it = first_of_key.find(h);
    if (it != first_of_key.end() && !index.full()) {
      FUZZ_CHECK(m.found && m.exact && m.of.doc == it->second);
    }
    if (!m.found) {
      index.Insert(h, sketch, UnitRef{unit, 0});
      if (!index.full()) first_of_key.emplace(h, unit);
    }
    ++unit;
  }
  FUZZ_CHECK(index.units() <= unit);
  return 0;
}
