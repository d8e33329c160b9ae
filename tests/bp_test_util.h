// Runs lines of text through the boilerplate classifier as the pipeline
// prepares them (CleanText, MatchKey), for the classifier's unit tests.
#ifndef WINNOW_TESTS_BP_TEST_UTIL_H_
#define WINNOW_TESTS_BP_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stages/boilerplate.h"
#include "stages/normalize.h"

namespace winnow::testing {

struct BpResult {
  std::vector<std::string> text;
  std::vector<UnitDecision> d;
  // The reason name of the first unit that starts with `starts`.
  std::string_view Reason(std::string_view starts) const {
    for (size_t i = 0; i < text.size(); ++i)
      if (text[i].compare(0, starts.size(), starts) == 0) return ReasonName(d[i].reason);
    ADD_FAILURE() << "no unit starts with: " << starts;
    return "?";
  }
};

// One document of `lines`, with optional template counts per line (1 when
// not given).
inline BpResult ClassifyLines(const std::vector<std::string>& lines,
                              const BoilerplateOptions& opt = {},
                              const std::vector<uint32_t>& template_docs = {},
                              bool site_source = true) {
  std::string err;
  auto clf = BoilerplateClassifier::Create(opt, &err);
  EXPECT_NE(clf, nullptr) << err;
  BpResult r;
  if (!clf) return r;
  Normalizer norm;
  std::vector<std::string> keys;
  for (const std::string& l : lines) {
    std::string t, k;
    norm.CleanText(l, &t);
    norm.MatchKey(t, &k);
    r.text.push_back(t);
    keys.push_back(k);
  }
  std::vector<UnitInput> in(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    in[i].text = r.text[i];
    in[i].key = keys[i];
    in[i].template_docs = i < template_docs.size() ? template_docs[i] : 1;
  }
  r.d.resize(in.size());
  auto scratch = clf->NewScratch();
  clf->Classify(in, r.d, scratch.get(), site_source);
  return r;
}

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_BP_TEST_UTIL_H_
