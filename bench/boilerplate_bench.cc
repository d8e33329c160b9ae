// Throughput of the boilerplate stage alone (units already normalized and
// keyed, as the pipeline hands them over), over realistic news documents:
// a header with menus, an article body, share bar, related list, footer.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/text_corpus.h"
#include "stages/boilerplate.h"
#include "stages/bp_features.h"
#include "stages/bp_lexicon.h"
#include "stages/normalize.h"

namespace winnow {
namespace {

struct Corpus {
  std::vector<std::string> text, key;
  std::vector<std::vector<UnitInput>> docs;
  size_t bytes = 0;
};

const Corpus& GetCorpus() {
  static const Corpus* c = [] {
    auto* c = new Corpus;
    const char* header[] = {"Skip to content", "The Example Herald", "News", "Sport", "Business",
                            "Opinion", "Subscribe", "Sign in"};
    const char* para[] = {
        "The city council approved a budget of 120 million pounds for a new tram line on "
        "Tuesday, after a debate that lasted well into the evening and drew hundreds of residents.",
        "Officials said the first phase would begin in March and should be finished within three "
        "years, although critics argue that the plan is far too expensive for a city of this size "
        "and that the money would be better spent on repairing roads that already exist.",
        "According to figures published by the transport authority, about a third of households "
        "in the district would benefit directly from the new service once it opens.",
        "\u201cWe have waited long enough, and people here deserve better,\u201d the council "
        "leader said.",
        "Der Stadtrat hat am Dienstag 40 Millionen Euro für neue Radwege bewilligt, nach einer "
        "Debatte, die bis in den späten Abend dauerte, wie ein Sprecher der Verwaltung mitteilte.",
        "What happens next",
        "La mairie a voté lundi une enveloppe de 12 millions d'euros pour le tramway, après un "
        "débat qui s'est prolongé tard dans la soirée."};
    const char* tail[] = {"Share this article", "Facebook", "Twitter", "Related Posts",
                          "Mayor defends budget after week of protests",
                          "Flood barriers in the harbour to be finished by summer",
                          "Post a Comment",
                          "\u00a9 2024 Example Media Group. All rights reserved."};
    Normalizer norm;
    std::vector<std::vector<int>> layout;
    for (int d = 0; d < 200; ++d) {
      std::vector<std::string> lines;
      lines.push_back(std::string("Headline number ") + std::to_string(d) + " about the tram");
      for (const char* h : header) lines.push_back(h);
      for (int p = 0; p < 8; ++p)
        lines.push_back(std::string(para[(d + p) % 7]) + (p % 3 == 0 ? "" : " More text follows."));
      for (const char* t : tail) lines.push_back(t);
      std::vector<int> idx;
      for (const std::string& l : lines) {
        std::string t, k;
        norm.CleanText(l, &t);
        const size_t w = norm.MatchKey(t, &k);
        c->bytes += t.size() + 1;
        idx.push_back(static_cast<int>(c->text.size()));
        c->text.push_back(std::move(t));
        c->key.push_back(std::move(k));
        (void)w;
      }
      layout.push_back(std::move(idx));
    }
    for (const auto& idx : layout) {
      std::vector<UnitInput> units;
      for (int i : idx) {
        UnitInput u;
        u.text = c->text[i];
        u.key = c->key[i];
        u.template_docs = (i % 7 == 0) ? 5 : 1;
        units.push_back(u);
      }
      c->docs.push_back(std::move(units));
    }
    return c;
  }();
  return *c;
}

void BM_BoilerplateClassify(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::string err;
  auto clf = BoilerplateClassifier::Create(BoilerplateOptions{}, &err);
  auto scratch = clf->NewScratch();
  std::vector<UnitDecision> out(64);
  for (auto _ : state) {
    for (const auto& doc : c.docs) {
      clf->Classify(doc, std::span<UnitDecision>(out.data(), doc.size()), scratch.get(), true);
      benchmark::DoNotOptimize(out.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * c.bytes);
}
BENCHMARK(BM_BoilerplateClassify);

// The corpus's documents back to back as one document of range(0) units (a
// dump saved as one file), each article opening with a teaser of another
// one's headline (every other one of a headline not in the dump): the
// context passes must stay linear, so MB/s should not fall as the document
// grows.
void BM_BoilerplateClassifyOneDocument(benchmark::State& state) {
  const Corpus& c = GetCorpus();
  std::string err;
  auto clf = BoilerplateClassifier::Create(BoilerplateOptions{}, &err);
  auto scratch = clf->NewScratch();
  const size_t units = static_cast<size_t>(state.range(0));
  const size_t per_doc = c.docs[0].size() + 1;
  Normalizer norm;
  std::vector<std::string> teaser_text(units / per_doc + 1), teaser_key(units / per_doc + 1);
  std::vector<UnitInput> doc;
  size_t bytes = 0;
  for (size_t d = 0; doc.size() < units; ++d) {
    const size_t of = d % 2 ? (d + 50) % c.docs.size() : 1000000 + d;
    const std::string head = "Headline number " + std::to_string(of) + " about the...";
    norm.CleanText(head, &teaser_text[d]);
    norm.MatchKey(teaser_text[d], &teaser_key[d]);
    doc.push_back(UnitInput{teaser_text[d], teaser_key[d], 0, 1});
    for (const UnitInput& u : c.docs[d % c.docs.size()]) doc.push_back(u);
  }
  doc.resize(units);
  for (const UnitInput& u : doc) bytes += u.text.size() + 1;
  std::vector<UnitDecision> out(doc.size());
  for (auto _ : state) {
    clf->Classify(doc, out, scratch.get(), true);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_BoilerplateClassifyOneDocument)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

// The context-free features of every unit (phrase automaton, stoplist lookup
// per token, character shape) over English-like paragraphs of web length,
// whose word frequencies follow Zipf's law as prose does: about half the
// tokens are stopwords, so the dictionary hit/miss pattern is that of real
// body text. Bytes are clean-text bytes.
void BM_ComputeFeatures(benchmark::State& state) {
  static const struct Units {
    std::string clean, keys;
    std::vector<std::pair<std::string_view, std::string_view>> units;  // text, key
  }* u = [] {
    auto* u = new Units;
    const Normalizer norm;
    norm.CleanText(bench::EnglishLikeCorpus(8 << 20), &u->clean);
    std::vector<std::pair<size_t, size_t>> spans;
    for (std::string_view line : bench::Lines(u->clean)) {
      const size_t off = u->keys.size();
      norm.MatchKey(line, &u->keys);
      spans.emplace_back(off, u->keys.size() - off);
    }
    size_t i = 0;
    for (std::string_view line : bench::Lines(u->clean))
      u->units.emplace_back(line, std::string_view(u->keys).substr(spans[i].first, spans[i].second)), ++i;
    return u;
  }();
  const Normalizer norm;
  Lexicon lex;
  std::string err;
  if (!LoadLexicon(norm, "", "", &lex, &err)) state.SkipWithError(err.c_str());
  UnitFeatures f;
  uint64_t acc = 0;
  for (auto _ : state) {
    for (const auto& [text, key] : u->units) {
      ComputeFeatures(lex, text, key, &f);
      acc += f.stop_any + f.ph.any;
    }
    benchmark::DoNotOptimize(acc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * u->clean.size()));
}
BENCHMARK(BM_ComputeFeatures)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace winnow
