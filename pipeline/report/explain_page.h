// The --explain-html page: what was removed from a corpus and why.
//
// It opens with a summary of the whole run (counts, each reason with its
// count and first examples, the documents with the most removed units), a
// table of contents, a filter by reason and a search box, then one section
// per document (explain_doc.h). With a sample size N > 0 the page shows N
// documents picked by a hash of their input position (the N smallest
// hashes: the same documents for any thread count) and says so; the
// summary still covers every document.
//
// Threads: Format may run on many threads at once, also while Take runs
// (it reads only an atomic threshold, which Take lowers); Take, Commit and
// Abort are called by one thread, Take in input order.
#ifndef WINNOW_PIPELINE_REPORT_EXPLAIN_PAGE_H_
#define WINNOW_PIPELINE_REPORT_EXPLAIN_PAGE_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/output.h"
#include "pipeline/stats.h"

namespace winnow {

class ExplainPage {
 public:
  // Entries of the summary lists.
  static constexpr size_t kTopRemoved = 10;
  static constexpr size_t kExamples = 3;

  // `sample` = documents on the page, 0 = all.
  explicit ExplainPage(size_t sample) : sample_(sample) {}

  // Opens `path` (written at Commit; with sample 0 the documents are
  // spooled to `path`.body until then).
  bool Open(const std::string& path, std::string* error);
  // Fragments, into batch->html, of the documents that may be on the page.
  // After the batch's fates are final (Processor::Format).
  void Format(Batch* batch) const;
  // Counts the batch's documents into the summary and keeps its fragments.
  bool Take(const Batch& batch, std::string* error);
  // Writes the page with the run's totals and renames it into place.
  bool Commit(const BatchStats& totals, std::string* error);
  void Abort();

  // The key that picks sampled documents: smaller keys are kept.
  static uint64_t SampleKey(uint64_t ordinal);

 private:
  struct Example {
    uint64_t ordinal;
    int64_t unit;  // -1: the document
    std::string text;
  };
  struct Removed {
    uint64_t ordinal, removed, units;
    std::string id, fate;
  };
  struct Kept {
    uint64_t ordinal;
    std::string html, toc;
  };

  bool Wants(uint64_t ordinal) const;
  bool OnPage(uint64_t ordinal) const;
  void Observe(const Batch& batch, const Document& doc);
  std::string Head(const BatchStats& totals) const;
  std::string Summary(const BatchStats& totals) const;
  void AppendRef(uint64_t ordinal, int64_t unit, std::string_view text, std::string* out) const;

  const size_t sample_;
  std::string path_;
  OutputFile body_;  // sample 0: the documents, until Commit
  std::string toc_;  // sample 0: the table of contents
  uint64_t docs_ = 0;
  // sample > 0: the documents with the smallest keys, by (key, ordinal).
  std::map<std::pair<uint64_t, uint64_t>, Kept> kept_;
  std::atomic<uint64_t> threshold_{UINT64_MAX};
  std::array<std::vector<Example>, static_cast<size_t>(Reason::kReasonCount)> examples_;
  std::vector<Removed> top_;  // most removed units first
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_REPORT_EXPLAIN_PAGE_H_
