// Tokenize and hash stage throughput over match keys (tokens joined by one
// space, see normalize.h): iterating the tokens, and hashing every 3-token
// shingle span with Hash64 as near_dup's sketches do. Bytes are key bytes,
// except for the end-to-end run, which counts clean-text bytes.
//
//   taskset -c 1 build/norm/winnow_bench --benchmark_filter='Token|Shingle' \
//     --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

#include "bench/text_corpus.h"
#include "stages/hash.h"
#include "stages/normalize.h"
#include "stages/utf8.h"

namespace winnow {
namespace {

// Calls f(begin, end) with the byte offsets of each token of `key`.
template <class F>
inline void ForEachToken(std::string_view key, F&& f) {
  const char* p = key.data();
  const size_t n = key.size();
  size_t start = 0;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (uint64_t m = utf8::EqMask(utf8::Load64(p + i), ' '); m != 0; m &= m - 1) {
      const size_t e = i + utf8::FirstLane(m);
      f(start, e);
      start = e + 1;
    }
  }
  for (; i < n; ++i) {
    if (p[i] == ' ') {
      f(start, i);
      start = i + 1;
    }
  }
  if (start < n) f(start, n);
}

// XOR of the hashes of all 3-token spans of `key` (keys with fewer tokens
// give none).
inline uint64_t HashShingles3(std::string_view key) {
  uint64_t acc = 0;
  size_t s0 = 0, s1 = 0, s2 = 0, count = 0;
  ForEachToken(key, [&](size_t b, size_t e) {
    s0 = s1;
    s1 = s2;
    s2 = b;
    if (++count >= 3) acc ^= Hash64(key.substr(s0, e - s0), kShingleSeed);
  });
  return acc;
}

struct Keys {
  std::string clean;
  std::vector<std::string_view> lines;  // into clean
  std::string keys;
  std::vector<std::string_view> views;  // into keys, one per line
};

const Keys& KeysFor(size_t bytes) {
  static std::vector<std::pair<size_t, Keys*>> cache;
  for (auto& [b, k] : cache) {
    if (b == bytes) return *k;
  }
  auto* k = new Keys();
  const std::string corpus = bench::EnglishLikeCorpus(bytes);
  const Normalizer norm;
  norm.CleanText(corpus, &k->clean);
  k->lines = bench::Lines(k->clean);
  std::vector<std::pair<size_t, size_t>> spans;
  for (std::string_view line : k->lines) {
    const size_t off = k->keys.size();
    norm.MatchKey(line, &k->keys);
    spans.emplace_back(off, k->keys.size() - off);
  }
  for (auto [off, len] : spans) k->views.push_back(std::string_view(k->keys).substr(off, len));
  cache.emplace_back(bytes, k);
  return *k;
}

void BM_TokenizeKeys(benchmark::State& state) {
  const Keys& k = KeysFor(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    size_t tokens = 0;
    for (std::string_view key : k.views) ForEachToken(key, [&](size_t, size_t) { ++tokens; });
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * k.keys.size()));
}

void BM_ShingleHash3(benchmark::State& state) {
  const Keys& k = KeysFor(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    uint64_t acc = 0;
    for (std::string_view key : k.views) acc ^= HashShingles3(key);
    benchmark::DoNotOptimize(acc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * k.keys.size()));
}

// Clean line -> MatchKey -> shingle hashes, per clean-text byte.
void BM_KeyThenShingleHash3(benchmark::State& state) {
  const Keys& k = KeysFor(static_cast<size_t>(state.range(0)));
  const Normalizer norm;
  std::string key;
  for (auto _ : state) {
    uint64_t acc = 0;
    for (std::string_view line : k.lines) {
      key.clear();
      norm.MatchKey(line, &key);
      acc ^= HashShingles3(key);
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * k.clean.size()));
}

BENCHMARK(BM_TokenizeKeys)->RangeMultiplier(16)->Range(64 << 10, 16 << 20);
BENCHMARK(BM_ShingleHash3)->RangeMultiplier(16)->Range(64 << 10, 16 << 20);
BENCHMARK(BM_KeyThenShingleHash3)->RangeMultiplier(16)->Range(64 << 10, 16 << 20);

}  // namespace
}  // namespace winnow
