// Normalize stage throughput: CleanText and MatchKey on an English-like
// corpus with ~1.5% non-ASCII bytes (ascii:0) and on the same corpus with the
// non-ASCII bytes deleted (ascii:1), next to plain ICU for comparison.
//
// Release build, one pinned core:
//   taskset -c 1 build/norm/winnow_bench --benchmark_filter='Normalize|Icu' \
//     --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <string>
#include <string_view>
#include <vector>

#include "bench/text_corpus.h"
#include "stages/normalize.h"

namespace winnow {
namespace {

const std::string& Corpus(bool ascii) {
  static const std::string web = bench::EnglishLikeCorpus(16 << 20);
  static const std::string plain = bench::StripNonAscii(web);
  return ascii ? plain : web;
}

// The first `bytes` bytes of the corpus, cut after a line break.
std::string_view Input(const benchmark::State& state) {
  const std::string& c = Corpus(state.range(1) != 0);
  const size_t want = std::min<size_t>(static_cast<size_t>(state.range(0)), c.size());
  const size_t cut = c.rfind('\n', want - 1);
  return std::string_view(c).substr(0, cut == std::string::npos ? want : cut + 1);
}

// CleanText's output of the input, split into lines: the units MatchKey sees.
struct CleanLines {
  std::string clean;
  std::vector<std::string_view> lines;
};

CleanLines MakeCleanLines(std::string_view in) {
  CleanLines c;
  Normalizer().CleanText(in, &c.clean);
  c.lines = bench::Lines(c.clean);
  return c;
}

void SetCounters(benchmark::State& state, std::string_view text, size_t bytes) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["non_ascii_pct"] = 100 * bench::NonAsciiShare(text);
}

void BM_NormalizeCleanText(benchmark::State& state) {
  const std::string_view in = Input(state);
  const Normalizer norm;
  std::string out;
  out.reserve(in.size() + 64);
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(norm.CleanText(in, &out));
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, in, in.size());
}

void BM_NormalizeCleanTextNfkc(benchmark::State& state) {
  const std::string_view in = Input(state);
  const Normalizer norm(NormalizeOptions{.nfkc = true});
  std::string out;
  out.reserve(in.size() + 64);
  for (auto _ : state) {
    out.clear();
    benchmark::DoNotOptimize(norm.CleanText(in, &out));
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, in, in.size());
}

// One MatchKey call per line, appending to one buffer as a batch does.
void BM_NormalizeMatchKey(benchmark::State& state) {
  const CleanLines c = MakeCleanLines(Input(state));
  const Normalizer norm;
  std::string out;
  out.reserve(c.clean.size() + 64);
  for (auto _ : state) {
    out.clear();
    size_t tokens = 0;
    for (std::string_view line : c.lines) tokens += norm.MatchKey(line, &out);
    benchmark::DoNotOptimize(tokens);
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, c.clean, c.clean.size());
}

// Plain ICU over the same lines: NFKC_Casefold (what MatchKey starts with)
// and NFC (what CleanText normalizes to), without any cleanup or tokenizing.
void IcuPerLine(benchmark::State& state, const icu::Normalizer2* form) {
  const CleanLines c = MakeCleanLines(Input(state));
  std::string out;
  out.reserve(c.clean.size() + 64);
  for (auto _ : state) {
    out.clear();
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode ec = U_ZERO_ERROR;
    for (std::string_view line : c.lines) {
      form->normalizeUTF8(0, icu::StringPiece(line.data(), static_cast<int32_t>(line.size())),
                          sink, nullptr, ec);
    }
    benchmark::DoNotOptimize(out.data());
  }
  SetCounters(state, c.clean, c.clean.size());
}

void BM_IcuNfkcCasefold(benchmark::State& state) {
  UErrorCode ec = U_ZERO_ERROR;
  IcuPerLine(state, icu::Normalizer2::getNFKCCasefoldInstance(ec));
}

void BM_IcuNfc(benchmark::State& state) {
  UErrorCode ec = U_ZERO_ERROR;
  IcuPerLine(state, icu::Normalizer2::getNFCInstance(ec));
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"bytes", "ascii"});
  for (int64_t ascii : {0, 1}) {
    for (int64_t bytes : {int64_t{4} << 10, int64_t{64} << 10, int64_t{1} << 20, int64_t{16} << 20}) {
      b->Args({bytes, ascii});
    }
  }
}

BENCHMARK(BM_NormalizeCleanText)->Apply(Sizes);
BENCHMARK(BM_NormalizeCleanTextNfkc)->Apply(Sizes);
BENCHMARK(BM_NormalizeMatchKey)->Apply(Sizes);
BENCHMARK(BM_IcuNfkcCasefold)->Apply(Sizes);
BENCHMARK(BM_IcuNfc)->Apply(Sizes);

}  // namespace
}  // namespace winnow
