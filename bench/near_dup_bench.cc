// Near-duplicate stage: Sketch throughput over match keys (MB/s of key
// bytes), and Probe+Insert per unit with the index's bytes per unit.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "stages/hash.h"
#include "stages/dedup_resolve.h"
#include "stages/near_dup.h"

namespace winnow {
namespace {

// Match keys of 40-80-word paragraphs: lowercase words drawn Zipf-like from
// a 30,000-word vocabulary, joined by one space (what MatchKey produces).
std::vector<std::string> MakeKeys(size_t total_bytes, uint32_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<std::string> vocab;
  for (int i = 0; i < 30000; ++i) {
    std::string w;
    int len = 2 + static_cast<int>(rng() % 9);
    for (int j = 0; j < len; ++j) w.push_back(static_cast<char>('a' + rng() % 26));
    vocab.push_back(w);
  }
  std::vector<std::string> keys;
  size_t bytes = 0;
  std::uniform_real_distribution<double> u(0, 1);
  while (bytes < total_bytes) {
    std::string k;
    int words = 40 + static_cast<int>(rng() % 41);
    for (int w = 0; w < words; ++w) {
      if (w) k.push_back(' ');
      k += vocab[static_cast<size_t>(std::pow(30000.0, u(rng))) - 1];
    }
    bytes += k.size();
    keys.push_back(std::move(k));
  }
  return keys;
}

void BM_Sketch(benchmark::State& state) {
  const std::vector<std::string> keys = MakeKeys(static_cast<size_t>(state.range(0)));
  NearDupOptions o;
  o.ngram = static_cast<int>(state.range(1));
  Sketcher s(o);
  std::vector<uint64_t> out;
  size_t bytes = 0;
  for (const auto& k : keys) bytes += k.size();
  for (auto _ : state) {
    out.clear();
    for (const auto& k : keys) s.Sketch(k, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Sketch)->ArgsProduct({{1 << 16, 1 << 20, 1 << 24}, {2, 3, 5}});

// `units` distinct keys with their sketches and key hashes: the input of
// the serial filter's index work.
struct SketchedKeys {
  NearDupOptions options;
  std::vector<std::string> keys;
  std::vector<uint64_t> sketches;  // all sketches, back to back
  std::vector<size_t> off{0};      // sketch i is [off[i], off[i + 1])
  std::vector<uint64_t> hashes;

  SketchedKeys(size_t units, bool near) : keys(MakeKeys(units * 420, 2)) {
    keys.resize(std::min(keys.size(), units));
    options.near = near;
    Sketcher s(options);
    for (const auto& k : keys) {
      s.Sketch(k, &sketches);
      off.push_back(sketches.size());
      hashes.push_back(Hash64(k, kUnitKeySeed));
    }
  }
  std::span<const uint64_t> sketch(size_t i) const {
    return std::span<const uint64_t>(sketches.data() + off[i], off[i + 1] - off[i]);
  }
};

// Probe then Insert every unit into a fresh index (all distinct, so every
// unit is inserted): the serial filter's work per kept unit.
void BM_ProbeInsert(benchmark::State& state) {
  const SketchedKeys in(static_cast<size_t>(state.range(0)), state.range(1) != 0);
  const NearDupOptions& o = in.options;
  const std::vector<std::string>& keys = in.keys;
  const std::vector<uint64_t>& hashes = in.hashes;
  double bytes_per_unit = 0;
  size_t found = 0;
  for (auto _ : state) {
    DedupIndex index(o);
    for (size_t i = 0; i < keys.size(); ++i) {
      const std::span<const uint64_t> span = in.sketch(i);
      DedupMatch m = index.Probe(hashes[i], span);
      found += m.found;
      if (!m.found) index.Insert(hashes[i], span, UnitRef{i, 0});
    }
    bytes_per_unit = static_cast<double>(index.bytes()) / static_cast<double>(index.units());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
  state.counters["bytes_per_unit"] = bytes_per_unit;
  state.counters["found"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ProbeInsert)
    ->ArgsProduct({{1 << 16, 1 << 20}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

// The serial filter's work as Processor::DedupDocuments does it: units in
// documents of 10-20; each unit takes its candidates and is held, then the
// document is resolved (stages/dedup_resolve.h). Bytes per unit with
// realistic doc runs.
void BM_ProbeInsertDocs(benchmark::State& state) {
  const SketchedKeys in(static_cast<size_t>(state.range(0)), state.range(1) != 0);
  const NearDupOptions& o = in.options;
  const std::vector<std::string>& keys = in.keys;
  const std::vector<uint64_t>& hashes = in.hashes;
  std::vector<size_t> doc_start{0};
  std::mt19937_64 rng(3);
  while (doc_start.back() < keys.size()) doc_start.push_back(std::min(keys.size(), doc_start.back() + 10 + rng() % 11));
  double bytes_per_unit = 0;
  std::vector<DedupCandidate> cands;
  std::vector<uint32_t> cand_end;
  std::vector<ResolveUnit> resolve;
  for (auto _ : state) {
    DedupIndex index(o);
    for (size_t d = 0; d + 1 < doc_start.size(); ++d) {
      const size_t a = doc_start[d], b = doc_start[d + 1];
      const uint64_t first_uid = index.units();
      cands.clear();
      cand_end.clear();
      resolve.assign(b - a, ResolveUnit{});
      uint64_t kept = 0;
      for (size_t i = a; i < b; ++i) {
        index.Candidates(hashes[i], in.sketch(i), &cands);
        cand_end.push_back(static_cast<uint32_t>(cands.size()));
        const uint32_t uid = index.Add(hashes[i], in.sketch(i), UnitRef{d, static_cast<uint32_t>(i - a)});
        resolve[i - a].uid = uid == DedupIndex::kNotHeld ? kNoUid : uid;
        resolve[i - a].len = keys[i].size();
        kept += keys[i].size();
      }
      uint32_t begin = 0;
      for (size_t k = 0; k < resolve.size(); ++k) {
        resolve[k].cands = std::span<const DedupCandidate>(cands.data() + begin, cand_end[k] - begin);
        begin = cand_end[k];
      }
      ResolveDocument(std::span<ResolveUnit>(resolve), first_uid, kept, 0.8,
                      [&](uint64_t uid) { return index.IsOriginal(uid); },
                      [&](uint64_t uid) { index.MarkOriginal(static_cast<uint32_t>(uid)); });
      benchmark::DoNotOptimize(resolve.data());
    }
    bytes_per_unit = static_cast<double>(index.bytes()) / static_cast<double>(index.units());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * keys.size()));
  state.counters["bytes_per_unit"] = bytes_per_unit;
}
BENCHMARK(BM_ProbeInsertDocs)
    ->ArgsProduct({{1 << 16, 1 << 20}, {1, 0}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace winnow
