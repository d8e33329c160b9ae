// The HTML path on real pages, one thread: the pages of the eight
// ../shared/realpages sets (their pages.warc.gz, WARC response records,
// 3,677 pages, 290 MB of HTML), read once with the project's WARC reader.
//
//   BM_HtmlParse        libxml2 SAX parse + blocks + DOM features, on pages
//                       already decoded to UTF-8
//   BM_HtmlDecodeParse  + HTTP body decoding and charset detection/conversion
//   BM_HtmlPath         Processor::Prepare + Classify: the above, plus text
//                       cleaning, match keys, the text classifier and the
//                       DOM rules (no template counts, no dedup)
//
// MB/s are of the HTTP response bytes. Another set of pages: set
// WINNOW_HTML_BENCH_DIR to a folder holding <set>/pages.warc.gz.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/input/html_record.h"
#include "pipeline/process.h"
#include "pipeline/input/reader.h"
#include "stages/html_blocks.h"

namespace winnow {
namespace {

struct Pages {
  std::vector<InputFile> files;
  std::vector<Batch> batches;       // as the reader made them (kind kHttp)
  std::vector<std::string> utf8;    // each page decoded to UTF-8
  uint64_t bytes = 0;
};

const Pages& RealPages() {
  static const Pages pages = [] {
    Pages p;
    const char* env = std::getenv("WINNOW_HTML_BENCH_DIR");
    const std::string dir = env ? env : std::string(WINNOW_SHARED_DIR) + "/realpages";
    std::vector<std::string> errors;
    for (const InputFile& f : ExpandInputs({dir}, &errors)) {
      if (f.path.size() < 13 || f.path.substr(f.path.size() - 13) != "pages.warc.gz") continue;
      p.files.push_back(f);
    }
    ReaderOptions ro;
    for (uint32_t i = 0; i < p.files.size(); ++i) {
      std::string error;
      auto reader = OpenReader(p.files[i], i, ro, &error);
      if (!reader) continue;
      for (;;) {
        Batch b;
        if (!reader->Next(&b, 4u << 20)) break;
        for (const Document& d : b.docs) {
          if (d.kind != DocKind::kHttp) continue;
          p.bytes += d.text.len;
          std::string body, utf8;
          std::string_view html;
          HtmlRecord rec;
          if (DecodeHtmlRecord(b.View(d.text), true, 64u << 20, &body, &utf8, &html, &rec)) p.utf8.emplace_back(html);
        }
        if (!b.docs.empty()) p.batches.push_back(std::move(b));
      }
    }
    return p;
  }();
  return pages;
}

void BM_HtmlParse(benchmark::State& state) {
  const Pages& p = RealPages();
  if (p.utf8.empty()) return state.SkipWithError("no pages under WINNOW_HTML_BENCH_DIR / ../shared/realpages");
  HtmlExtractor extractor;
  HtmlPage page;
  uint64_t bytes = 0, blocks = 0;
  for (auto _ : state) {
    for (const std::string& html : p.utf8) {
      extractor.Extract(html, &page);
      bytes += html.size();
      blocks += page.blocks.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["blocks"] = static_cast<double>(blocks) / state.iterations();
}
BENCHMARK(BM_HtmlParse)->Unit(benchmark::kMillisecond)->MinTime(2);

void BM_HtmlDecodeParse(benchmark::State& state) {
  const Pages& p = RealPages();
  if (p.batches.empty()) return state.SkipWithError("no pages");
  HtmlExtractor extractor;
  HtmlPage page;
  std::string body, utf8;
  for (auto _ : state) {
    for (const Batch& b : p.batches) {
      for (const Document& d : b.docs) {
        std::string_view html;
        HtmlRecord rec;
        if (DecodeHtmlRecord(b.View(d.text), true, 64u << 20, &body, &utf8, &html, &rec)) extractor.Extract(html, &page);
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(p.bytes * state.iterations()));
}
BENCHMARK(BM_HtmlDecodeParse)->Unit(benchmark::kMillisecond)->MinTime(2);

void BM_HtmlPath(benchmark::State& state) {
  const Pages& p = RealPages();
  if (p.batches.empty()) return state.SkipWithError("no pages");
  Config config;
  std::string error;
  auto proc = Processor::Create(config, &p.files, &error);
  if (!proc) return state.SkipWithError(error.c_str());
  auto scratch = proc->NewScratch();
  Batch work;
  for (auto _ : state) {
    for (const Batch& b : p.batches) {
      state.PauseTiming();
      work.Clear();
      work.raw = b.raw;
      work.docs = b.docs;
      state.ResumeTiming();
      proc->Prepare(&work, scratch.get());
      proc->Classify(&work, scratch.get());
      benchmark::DoNotOptimize(work.units.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(p.bytes * state.iterations()));
}
BENCHMARK(BM_HtmlPath)->Unit(benchmark::kMillisecond)->MinTime(2);

}  // namespace
}  // namespace winnow
