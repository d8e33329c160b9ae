// libFuzzer target: the boilerplate classifier over arbitrary text split into
// lines (each cleaned and keyed as the pipeline does). The first byte sets
// template counts. Checks: no crash; every verdict is a boilerplate reason
// or keep; explain JSON is produced for every unit.
#include "tests/fuzz/fuzz_util.h"

#include <string>
#include <vector>

#include "stages/boilerplate.h"
#include "stages/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace winnow;
  static const Normalizer norm;
  static std::unique_ptr<BoilerplateClassifier> bp = [] {
    std::string error;
    auto c = BoilerplateClassifier::Create(BoilerplateOptions{}, &error);
    FUZZ_CHECK(c != nullptr);
    return c;
  }();
  if (size == 0) return 0;
  const uint8_t knob = data[0];
  std::string_view in(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string clean, keys;
  norm.CleanText(in, &clean);
  std::vector<std::pair<size_t, size_t>> text_spans, key_spans;
  std::vector<uint32_t> words;
  size_t pos = 0;
  while (pos <= clean.size() && text_spans.size() < 4096) {
    size_t nl = clean.find('\n', pos);
    if (nl == std::string::npos) nl = clean.size();
    if (nl > pos) {
      size_t k = keys.size();
      words.push_back(static_cast<uint32_t>(norm.MatchKey(std::string_view(clean).substr(pos, nl - pos), &keys)));
      text_spans.emplace_back(pos, nl - pos);
      key_spans.emplace_back(k, keys.size() - k);
    }
    pos = nl + 1;
  }
  std::vector<UnitInput> units(text_spans.size());
  for (size_t i = 0; i < units.size(); ++i) {
    units[i].text = std::string_view(clean).substr(text_spans[i].first, text_spans[i].second);
    units[i].key = std::string_view(keys).substr(key_spans[i].first, key_spans[i].second);
    units[i].words = words[i];
    units[i].template_docs = (knob & 1) ? (knob >> 1) % 8 : 0;
  }
  std::vector<UnitDecision> out(units.size());
  auto scratch = bp->NewScratch();
  bp->Classify(units, out, scratch.get(), /*site_source=*/(knob & 16) != 0);
  std::string explain;
  for (size_t i = 0; i < units.size(); ++i) {
    FUZZ_CHECK(static_cast<int>(out[i].reason) < static_cast<int>(Reason::kDuplicate));
    explain.clear();
    bp->AppendExplainJson(units[i], out[i], &explain);
    FUZZ_CHECK(!explain.empty() && explain.front() == '{' && explain.back() == '}');
  }
  return 0;
}
