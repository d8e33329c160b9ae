#include <benchmark/benchmark.h>

#include <string>

#include "stages/segment.h"

namespace winnow {
namespace {

void BM_SegmentLines(benchmark::State& state) {
  std::string text;
  while (text.size() < static_cast<size_t>(state.range(0))) {
    text += "A paragraph of ordinary news prose that goes on for a while, as they do.\n\n";
    text += "Short line\n";
  }
  std::vector<Span> spans;
  for (auto _ : state) {
    spans.clear();
    SegmentUnits(text, UnitMode::kLine, &spans);
    benchmark::DoNotOptimize(spans.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * text.size());
}
BENCHMARK(BM_SegmentLines)->Range(1 << 12, 1 << 22);

}  // namespace
}  // namespace winnow
