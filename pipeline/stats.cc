#include "pipeline/stats.h"

#include <algorithm>
#include <cstdio>

#include "pipeline/input/charset.h"
#include "pipeline/json_write.h"
#include "pipeline/input/reader.h"

namespace winnow {

void BatchStats::Merge(const BatchStats& o) {
  docs_in += o.docs_in;
  emitted += o.emitted;
  dropped += o.dropped;
  rejected += o.rejected;
  units_in += o.units_in;
  units_kept += o.units_kept;
  units_removed += o.units_removed;
  bytes_in += o.bytes_in;
  bytes_out += o.bytes_out;
  invalid_utf8 += o.invalid_utf8;
  cjk_lines_joined += o.cjk_lines_joined;
  column_regions += o.column_regions;
  best_block_docs += o.best_block_docs;
  best_block_units += o.best_block_units;
  html_docs += o.html_docs;
  html_bytes += o.html_bytes;
  for (size_t i = 0; i < charsets.size(); ++i) charsets[i] += o.charsets[i];
  for (size_t i = 0; i < unit_reasons.size(); ++i) {
    unit_reasons[i] += o.unit_reasons[i];
    doc_reasons[i] += o.doc_reasons[i];
  }
}

static_assert(std::tuple_size_v<SkipCounts> == std::tuple_size_v<decltype(RunStats::skipped_by_kind)>);
static_assert(static_cast<size_t>(CharsetSource::kCount) == BatchStats::kCharsetSources);

namespace {

// Units are removed for unit reasons, or with their document for its drop reason.
bool UnitKind(ReasonKind k) { return k == ReasonKind::kUnit || k == ReasonKind::kDropped; }
bool DroppedKind(ReasonKind k) { return k == ReasonKind::kDropped; }
bool RejectedKind(ReasonKind k) { return k == ReasonKind::kRejected; }

// `{"name":count,...}` for the non-zero counts of the kinds `want` takes, in
// reason order.
void AppendReasonMap(const BatchStats::ReasonCounts& counts, bool (*want)(ReasonKind), std::string* s) {
  *s += '{';
  bool first = true;
  for (size_t i = 1; i < counts.size(); ++i) {
    const Reason r = static_cast<Reason>(i);
    if (counts[i] == 0 || !want(KindOf(r))) continue;
    if (!first) *s += ',';
    first = false;
    AppendJsonString(ReasonName(r), s);
    *s += ':';
    AppendUint(counts[i], s);
  }
  *s += '}';
}

// "name=count, name=count" for the kinds `want` takes; empty when all are zero.
std::string ReasonList(const BatchStats::ReasonCounts& counts, bool (*want)(ReasonKind)) {
  std::string out;
  for (size_t i = 1; i < counts.size(); ++i) {
    const Reason r = static_cast<Reason>(i);
    if (counts[i] == 0 || !want(KindOf(r))) continue;
    if (!out.empty()) out += ", ";
    out += ReasonName(r);
    out += '=';
    out += std::to_string(counts[i]);
  }
  return out;
}

}  // namespace

std::string RunStats::ToJson() const {
  const BatchStats& t = totals;
  std::string s;
  s += "{\"documents\":{\"in\":";
  AppendUint(t.docs_in, &s);
  s += ",\"emitted\":";
  AppendUint(t.emitted, &s);
  s += ",\"dropped\":";
  AppendUint(t.dropped, &s);
  s += ",\"rejected\":";
  AppendUint(t.rejected, &s);
  s += ",\"reasons\":{\"dropped\":";
  AppendReasonMap(t.doc_reasons, DroppedKind, &s);
  s += ",\"rejected\":";
  AppendReasonMap(t.doc_reasons, RejectedKind, &s);
  s += "}},\"units\":{\"in\":";
  AppendUint(t.units_in, &s);
  s += ",\"kept\":";
  AppendUint(t.units_kept, &s);
  s += ",\"removed\":";
  AppendUint(t.units_removed, &s);
  s += ",\"reasons\":";
  AppendReasonMap(t.unit_reasons, UnitKind, &s);
  s += "},\"bytes\":{\"in\":";
  AppendUint(t.bytes_in, &s);
  s += ",\"out\":";
  AppendUint(t.bytes_out, &s);
  s += "},\"kept_best_block\":{\"docs\":";
  AppendUint(t.best_block_docs, &s);
  s += ",\"units\":";
  AppendUint(t.best_block_units, &s);
  s += "},\"invalid_utf8_replaced\":";
  AppendUint(t.invalid_utf8, &s);
  s += ",\"cjk_lines_joined\":";
  AppendUint(t.cjk_lines_joined, &s);
  s += ",\"column_regions\":";
  AppendUint(t.column_regions, &s);
  s += ",\"skipped_records\":";
  AppendUint(skipped_records, &s);
  s += ",\"skipped_by_kind\":{";
  bool first_kind = true;
  for (size_t i = 0; i < skipped_by_kind.size(); ++i) {
    if (skipped_by_kind[i] == 0) continue;
    if (!first_kind) s += ',';
    first_kind = false;
    AppendJsonString(SkipKindName(static_cast<SkipKind>(i)), &s);
    s += ':';
    AppendUint(skipped_by_kind[i], &s);
  }
  s += "},\"html\":{\"documents\":";
  AppendUint(t.html_docs, &s);
  s += ",\"bytes\":";
  AppendUint(t.html_bytes, &s);
  s += ",\"charset_decided_by\":{";
  bool first_cs = true;
  for (size_t i = 0; i < t.charsets.size(); ++i) {
    if (t.charsets[i] == 0) continue;
    if (!first_cs) s += ',';
    first_cs = false;
    AppendJsonString(CharsetSourceName(static_cast<CharsetSource>(i)), &s);
    s += ':';
    AppendUint(t.charsets[i], &s);
  }
  s += "}}";
  s += ",\"rejected_records\":{\"count\":";
  AppendUint(t.rejected, &s);
  s += ",\"listed\":[";
  for (size_t i = 0; i < rejected.size(); ++i) {
    if (i) s += ',';
    s += "{\"file\":";
    AppendJsonString(rejected[i].file, &s);
    s += ",\"record\":";
    AppendUint(rejected[i].record, &s);
    s += ",\"id\":";
    AppendJsonString(rejected[i].id, &s);
    s += ",\"reason\":";
    AppendJsonString(rejected[i].reason, &s);
    s += ",\"detail\":";
    AppendJsonString(rejected[i].detail, &s);
    s += '}';
  }
  s += "]},\"file_errors\":[";
  for (size_t i = 0; i < file_errors.size(); ++i) {
    if (i) s += ',';
    AppendJsonString(file_errors[i], &s);
  }
  s += "],\"seconds\":";
  AppendFixed(seconds, &s);
  s += ",\"mb_per_s\":";
  AppendFixed(seconds > 0 ? t.bytes_in / 1e6 / seconds : 0, &s);
  s += ",\"index\":{\"entries\":";
  AppendUint(index_units, &s);
  s += ",\"bytes\":";
  AppendUint(index_bytes, &s);
  s += ",\"bytes_per_entry\":";
  AppendFixed(index_units ? static_cast<double>(index_bytes) / index_units : 0, &s);
  s += ",\"full\":";
  s += index_full ? "true" : "false";
  s += "},\"template_counts\":{\"entries\":";
  AppendUint(template_entries, &s);
  s += ",\"bytes\":";
  AppendUint(template_bytes, &s);
  s += "},\"html_cache\":{\"pages\":";
  AppendUint(html_cache_pages, &s);
  s += ",\"bytes\":";
  AppendUint(html_cache_bytes, &s);
  s += '}';
  if (ranks.size() > 1) {
    s += ",\"ranks\":[";
    for (size_t i = 0; i < ranks.size(); ++i) {
      const RankStats& r = ranks[i];
      if (i) s += ',';
      s += "{\"rank\":";
      AppendUint(i, &s);
      s += ",\"bytes_in\":";
      AppendUint(r.bytes_in, &s);
      s += ",\"index_entries\":";
      AppendUint(r.index_units, &s);
      s += ",\"index_bytes\":";
      AppendUint(r.index_bytes, &s);
      s += ",\"bytes_exchanged\":";
      AppendUint(r.bytes_exchanged, &s);
      s += ",\"peak_rss_bytes\":";
      AppendUint(r.peak_rss_bytes, &s);
      s += ",\"seconds\":";
      AppendFixed(r.seconds, &s);
      s += '}';
    }
    s += ']';
  }
  s += "}\n";
  return s;
}

std::string RunStats::Summary(std::string_view stats_path) const {
  const BatchStats& t = totals;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "winnow: %llu documents in: %llu emitted, %llu dropped, %llu rejected; "
                "%llu units in, %llu kept, %llu removed; %.1f MB in, %.1f MB out; "
                "%.2f s (%.1f MB/s)\n",
                (unsigned long long)t.docs_in, (unsigned long long)t.emitted,
                (unsigned long long)t.dropped, (unsigned long long)t.rejected,
                (unsigned long long)t.units_in, (unsigned long long)t.units_kept,
                (unsigned long long)t.units_removed, t.bytes_in / 1e6, t.bytes_out / 1e6, seconds,
                seconds > 0 ? t.bytes_in / 1e6 / seconds : 0.0);
  std::string s = buf;
  const std::string units = ReasonList(t.unit_reasons, UnitKind);
  if (!units.empty()) s += "winnow: units removed: " + units + "\n";
  const std::string dropped = ReasonList(t.doc_reasons, DroppedKind);
  if (!dropped.empty()) s += "winnow: documents dropped: " + dropped + "\n";
  const std::string rejected_by = ReasonList(t.doc_reasons, RejectedKind);
  if (!rejected_by.empty()) s += "winnow: documents rejected: " + rejected_by + "\n";
  std::string skipped;
  for (size_t i = 0; i < skipped_by_kind.size(); ++i) {
    if (skipped_by_kind[i] == 0) continue;
    if (!skipped.empty()) skipped += ", ";
    skipped += std::string(SkipKindName(static_cast<SkipKind>(i))) + "=" + std::to_string(skipped_by_kind[i]);
  }
  if (!skipped.empty()) s += "winnow: records skipped: " + skipped + "\n";
  const size_t named = std::min(rejected.size(), kMaxNamed);
  for (size_t i = 0; i < named; ++i) {
    const RejectedRecord& r = rejected[i];
    s += "winnow:   " + r.file + ":" + std::to_string(r.record) + ": " + r.detail + "\n";
  }
  if (t.rejected > named) {
    const uint64_t rest = t.rejected - named;
    s += "winnow:   ... and " + std::to_string(rest) + " more rejected record" + (rest == 1 ? "" : "s");
    if (!stats_path.empty()) {
      s += ": the first " + std::to_string(std::min<uint64_t>(t.rejected, kMaxListed)) + " are listed in " +
           std::string(stats_path);
    } else {
      s += ": --stats FILE lists the first " + std::to_string(kMaxListed) +
           ", --explain FILE every one";
    }
    s += "\n";
  }
  return s;
}

}  // namespace winnow
