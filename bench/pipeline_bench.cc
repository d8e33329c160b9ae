// End-to-end throughput of winnow::Run() on a generated news dump, per
// configuration (all stages, --no-boilerplate, --exact-only, --no-dedup) and
// thread count. Reads in MB/s of input (SetBytesProcessed) over wall time.
//
// The input is a JSONL file written once to
// /tmp/winnow_pipeline_bench_<MB>MB_v1.jsonl (reused while its size matches;
// written under a temporary name and renamed, so concurrent runs are safe).
// Size: WINNOW_PIPELINE_BENCH_MB (default 32). It is generated here, not read
// from bench/corpus, so this benchmark needs no npm package: documents from 8
// outlets, each with its own navigation, share bar, related list, shopping
// block and footer lines, around body paragraphs of English-like text
// (Zipf-weighted function words, synthetic content words, sentence and
// paragraph lengths of news prose, a little non-ASCII). About 15% of
// documents re-publish an earlier story with one word changed per paragraph,
// and 3% repeat one verbatim. Deterministic: a fixed-seed splitmix64.
//
// For the realistic corpus and the CLI as users run it, see bench/e2e.sh.
#include <benchmark/benchmark.h>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/pipeline.h"

namespace winnow {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed) {}
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return static_cast<size_t>(Next() % n); }
  size_t Between(size_t lo, size_t hi) { return lo + Below(hi - lo + 1); }
  bool Chance(unsigned percent) { return Below(100) < percent; }

 private:
  uint64_t s_;
};

constexpr const char* kFunctionWords[] = {
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "it", "on", "with", "as",
    "he", "his", "at", "by", "from", "they", "this", "had", "not", "are", "but", "or", "have",
    "be", "which", "one", "were", "her", "all", "she", "there", "would", "their", "we", "him",
    "been", "has", "when", "who", "will", "more", "no", "if", "out", "so", "said", "what", "up",
    "its", "about", "into", "than", "them", "can", "only", "other", "new", "some", "could",
    "time", "these", "two", "may", "then", "do", "first", "any", "my", "now", "such", "like",
    "our", "over", "man", "me", "even", "most", "made", "after", "also", "did", "many", "before",
    "must", "through", "back", "years", "where", "much", "your", "way", "well", "down", "should"};
constexpr const char* kSyllables[] = {
    "ka", "re", "ti", "on", "al", "men", "ter", "ing", "ver", "pro", "con", "ly", "tion", "st",
    "an", "de", "ble", "ex", "com", "per", "is", "ent", "ar", "ous", "ment", "for", "und", "par",
    "mar", "col", "lin", "ston", "ville", "ham", "ber", "gan", "ic", "al", "or", "es"};
constexpr const char* kNonAscii[] = {"café", "Zürich", "José", "naïve", "São Paulo", "Müller",
                                     "résumé", "Kraków", "façade", "Αθήνα", "Москва", "東京"};

struct Outlet {
  const char* host;
  std::vector<std::string> head, share, foot;
};

std::vector<Outlet> Outlets() {
  std::vector<Outlet> o;
  const char* names[] = {"Harbor Gazette", "Daily Meridian", "Northfield Courier", "Metro Ledger",
                         "Valley Tribune", "Coastal Wire", "Pinecrest Post", "Riverbend Herald"};
  const char* hosts[] = {"harborgazette.example", "dailymeridian.example", "northfield.example",
                         "metroledger.example", "valleytribune.example", "coastalwire.example",
                         "pinecrest.example", "riverbend.example"};
  for (int i = 0; i < 8; ++i) {
    std::string n = names[i];
    Outlet x{hosts[i], {}, {}, {}};
    x.head = {n, i % 2 ? "Home | News | Politics | Business | Sports | Opinion"
                       : "News\nWorld\nLocal\nSport\nCulture",
              "Skip to content"};
    if (i % 3 == 0) x.head.push_back("We use cookies to improve your experience. Accept all cookies");
    x.share = {"Share", "Tweet", "Email"};
    x.foot = {"Follow us on Facebook and Twitter for the latest news.",
              "Sign up for the " + n + " newsletter and never miss the stories that matter.",
              "\xC2\xA9 2025 " + n + ". All rights reserved."};
    o.push_back(std::move(x));
  }
  return o;
}

class CorpusWriter {
 public:
  CorpusWriter() : rng_(20240607), outlets_(Outlets()) {
    for (int i = 0; i < 4000; ++i) {
      std::string w;
      for (size_t k = rng_.Between(1, 3); k > 0; --k) w += kSyllables[rng_.Below(std::size(kSyllables))];
      content_.push_back(w);
    }
  }

  // One JSONL line (with '\n').
  void Document(size_t n, std::string* out) {
    const Outlet& o = outlets_[rng_.Below(outlets_.size())];
    std::vector<std::string> body;
    const unsigned r = static_cast<unsigned>(rng_.Below(100));
    if (r < 3 && !recent_.empty()) {
      body = recent_[rng_.Below(recent_.size())];
    } else if (r < 18 && !recent_.empty()) {
      body = recent_[rng_.Below(recent_.size())];
      for (std::string& p : body) {  // one word changed per paragraph
        size_t at = p.find(' ', rng_.Below(p.size()));
        if (at != std::string::npos) p.insert(at, " " + content_[rng_.Below(content_.size())]);
      }
    } else {
      for (size_t k = rng_.Between(4, 12); k > 0; --k) body.push_back(Paragraph());
    }
    recent_.push_back(body);
    if (recent_.size() > 200) recent_.pop_front();

    std::string text;
    for (const std::string& l : o.head) text += l + "\n";
    text += "\n" + Sentence(6, 10, false) + "\n\nBy Staff Writer | March " + std::to_string(1 + n % 28) +
            ", 2025\n\n";
    for (const std::string& l : o.share) text += l + "\n";
    for (size_t i = 0; i < body.size(); ++i) {
      text += "\n" + body[i] + "\n";
      if (i == 2) text += "\nAdvertisement\n";
    }
    text += "\nRelated\n";
    for (int i = 0; i < 3; ++i) text += Sentence(5, 9, false) + "\n";
    if (rng_.Chance(40)) {
      text += "\nShop the story\n";
      text += content_[rng_.Below(content_.size())] + " backpack\n$" + std::to_string(rng_.Between(9, 199)) +
              ".99\nBuy on Amazon\n";
    }
    text += "\n";
    for (const std::string& l : o.foot) text += l + "\n";

    *out += "{\"id\":\"doc-" + std::to_string(n) + "\",\"url\":\"https://" + o.host + "/news/" +
            std::to_string(n) + "\",\"text\":\"";
    AppendJsonEscaped(text, out);
    *out += "\"}\n";
  }

 private:
  const char* Word() {
    // Roughly half the tokens are function words, Zipf-like (rank^-1).
    if (rng_.Chance(50)) {
      size_t i = std::size(kFunctionWords);
      const size_t x = rng_.Below(1000);
      for (size_t k = 1; k <= std::size(kFunctionWords); ++k) {
        if (x < 1000 * k / (k + 8)) { i = k - 1; break; }
      }
      return kFunctionWords[i < std::size(kFunctionWords) ? i : 0];
    }
    if (rng_.Chance(1)) return kNonAscii[rng_.Below(std::size(kNonAscii))];
    return content_[rng_.Below(content_.size())].c_str();
  }

  std::string Sentence(size_t lo, size_t hi, bool period) {
    std::string s;
    const size_t n = rng_.Between(lo, hi);
    const bool quoted = period && rng_.Chance(8);
    if (quoted) s += "\xE2\x80\x9C";  // “
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) s += (i % 7 == 6 && rng_.Chance(40)) ? ", " : " ";
      const size_t start = s.size();
      s += Word();
      if (i == 0 && s[start] >= 'a' && s[start] <= 'z') s[start] = static_cast<char>(s[start] - 32);
    }
    if (period) s += rng_.Chance(5) ? " \xE2\x80\x94 again." : ".";
    if (quoted) s += "\xE2\x80\x9D said " + content_[rng_.Below(content_.size())] + ".";
    return s;
  }

  std::string Paragraph() {
    std::string p;
    for (size_t k = rng_.Between(1, 4); k > 0; --k) {
      if (!p.empty()) p += ' ';
      p += Sentence(8, 26, true);
    }
    return p;
  }

  static void AppendJsonEscaped(std::string_view s, std::string* out) {
    for (char c : s) {
      switch (c) {
        case '"': *out += "\\\""; break;
        case '\\': *out += "\\\\"; break;
        case '\n': *out += "\\n"; break;
        default: out->push_back(c);
      }
    }
  }

  Rng rng_;
  std::vector<Outlet> outlets_;
  std::vector<std::string> content_;
  std::deque<std::vector<std::string>> recent_;
};

const std::string& CorpusPath() {
  static const std::string path = [] {
    size_t mb = 32;
    if (const char* e = std::getenv("WINNOW_PIPELINE_BENCH_MB")) mb = std::max<size_t>(1, std::strtoul(e, nullptr, 10));
    const size_t target = mb * 1000000;
    const std::string p = "/tmp/winnow_pipeline_bench_" + std::to_string(mb) + "MB_v1.jsonl";
    struct stat st;
    // The generator stops after the first document that reaches the target.
    if (::stat(p.c_str(), &st) == 0 && static_cast<size_t>(st.st_size) >= target &&
        static_cast<size_t>(st.st_size) < target + (1u << 20)) {
      return p;
    }
    const std::string tmp = p + ".tmp-" + std::to_string(::getpid());
    std::FILE* f = std::fopen(tmp.c_str(), "wb");
    if (f == nullptr) return std::string();
    CorpusWriter w;
    std::string buf;
    size_t written = 0;
    for (size_t n = 0; written < target; ++n) {
      buf.clear();
      w.Document(n, &buf);
      std::fwrite(buf.data(), 1, buf.size(), f);
      written += buf.size();
    }
    if (std::fclose(f) != 0 || std::rename(tmp.c_str(), p.c_str()) != 0) {
      std::remove(tmp.c_str());
      return std::string();
    }
    return p;
  }();
  return path;
}

enum Mode : int64_t { kAll, kNoBoilerplate, kExactOnly, kNoDedup };
constexpr const char* kModeNames[] = {"all", "no-boilerplate", "exact-only", "no-dedup"};

void BM_Pipeline(benchmark::State& state) {
  const std::string& path = CorpusPath();
  if (path.empty()) {
    state.SkipWithError("could not write the corpus under /tmp");
    return;
  }
  const auto mode = static_cast<Mode>(state.range(0));
  Config c;
  c.inputs = {path};
  c.output = "/dev/null";
  c.quiet = true;
  c.progress = false;
  c.threads = static_cast<int>(state.range(1));
  c.boilerplate = mode != kNoBoilerplate;
  c.dedup = mode != kNoDedup;
  c.near.near = mode != kExactOnly;

  RunStats last;
  for (auto _ : state) {
    RunResult r = Run(c);
    if (r.exit_code != 0) {
      state.SkipWithError(("winnow::Run failed: " + r.error).c_str());
      return;
    }
    last = std::move(r.stats);
  }
  const int64_t iters = static_cast<int64_t>(state.iterations());
  state.SetBytesProcessed(iters * static_cast<int64_t>(last.totals.bytes_in));
  state.counters["docs"] = benchmark::Counter(static_cast<double>(iters * last.totals.docs_in),
                                              benchmark::Counter::kIsRate);
  state.counters["kept%"] = last.totals.units_in == 0 ? 0.0 : 100.0 * last.totals.units_kept / last.totals.units_in;
  state.counters["index_MB"] = last.index_bytes / 1e6;
  state.counters["index_B/entry"] = last.index_units == 0 ? 0.0 : double(last.index_bytes) / last.index_units;
  state.SetLabel(kModeNames[mode]);
}
BENCHMARK(BM_Pipeline)
    ->ArgsProduct({{kAll, kNoBoilerplate, kExactOnly, kNoDedup}, {1, 2}})
    ->ArgNames({"config", "threads"})
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace winnow
