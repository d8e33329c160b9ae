// Run counters. Each batch fills a BatchStats in a parallel filter; the
// serial writer merges them into RunStats, so nothing here is shared between
// threads. Invariant: documents in = emitted + dropped + rejected.
#ifndef WINNOW_PIPELINE_STATS_H_
#define WINNOW_PIPELINE_STATS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stages/unit.h"

namespace winnow {

struct BatchStats {
  uint64_t docs_in = 0, emitted = 0, dropped = 0, rejected = 0;
  uint64_t units_in = 0, units_kept = 0, units_removed = 0;
  uint64_t bytes_in = 0, bytes_out = 0;
  uint64_t invalid_utf8 = 0;  // replaced in emitted and dropped documents only
  uint64_t cjk_lines_joined = 0;  // hard-wrapped CJK line breaks removed, same documents
  uint64_t column_regions = 0;    // side-by-side column regions split, same documents
  using ReasonCounts = std::array<uint64_t, static_cast<size_t>(Reason::kReasonCount)>;
  // Removed units by reason: sums to units_removed. A unit kept by the
  // classifier and dedup but lost with its dropped document counts under
  // the document's reason (duplicate-document).
  ReasonCounts unit_reasons{};
  // Dropped and rejected documents by reason: the dropped reasons sum to
  // `dropped`, the rejected ones to `rejected` (ReasonKind tells them apart).
  ReasonCounts doc_reasons{};
  // Documents where the model rejected every unit and the best-scoring
  // block was kept instead (a page is never emptied), and those units.
  uint64_t best_block_docs = 0, best_block_units = 0;
  // HTML documents by what decided their charset (CharsetSource), and the
  // HTML units by their element tag.
  static constexpr size_t kCharsetSources = 9;
  std::array<uint64_t, kCharsetSources> charsets{};
  uint64_t html_docs = 0, html_bytes = 0;

  void Merge(const BatchStats& o);
};

struct RejectedRecord {
  std::string file;
  uint64_t record = 0;
  std::string id;
  std::string reason;  // the stable reason name, e.g. "invalid-json"
  std::string detail;  // what exactly was wrong
};

// One rank's share of a multi-rank run (pipeline/dist/stats_merge.h): what
// differs between ranks and shows their balance.
struct RankStats {
  uint64_t bytes_in = 0;         // input bytes this rank read
  uint64_t index_units = 0, index_bytes = 0;  // the part of the dedup index it owns
  uint64_t bytes_exchanged = 0;  // payload bytes it sent to other ranks
  uint64_t peak_rss_bytes = 0;
  double seconds = 0;
};

struct RunStats {
  BatchStats totals;
  uint64_t skipped_records = 0;
  // Skipped records by kind (SkipKind, pipeline/input/reader.h); sums to skipped_records.
  std::array<uint64_t, 18> skipped_by_kind{};
  std::vector<RejectedRecord> rejected;  // the first kMaxListed
  std::vector<std::string> file_errors;  // unreadable or missing inputs
  double seconds = 0;
  uint64_t index_units = 0, index_bytes = 0;
  bool index_full = false;
  uint64_t template_entries = 0, template_bytes = 0;
  // Multi-rank runs: one entry per rank, in rank order. ToJson adds them as
  // "ranks" only when there is more than one, so a one-process run's JSON
  // is unchanged.
  std::vector<RankStats> ranks;
  uint64_t html_cache_pages = 0, html_cache_bytes = 0;  // pages kept from the pre-pass (--html-cache)
  static constexpr size_t kMaxListed = 100;  // rejected records kept for --stats
  static constexpr size_t kMaxNamed = 5;     // and named in the summary

  // The --stats JSON document (one object, trailing newline).
  std::string ToJson() const;
  // A few human-readable lines for stderr: the totals, the reasons, and the
  // first rejected records (file:record: detail), saying where the rest are
  // (`stats_path`, the --stats file, when there is one).
  std::string Summary(std::string_view stats_path) const;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_STATS_H_
