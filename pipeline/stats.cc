#include "pipeline/stats.h"

#include <cstdio>

#include "pipeline/json_write.h"

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
  best_block_docs += o.best_block_docs;
  best_block_units += o.best_block_units;
  for (size_t i = 0; i < reasons.size(); ++i) reasons[i] += o.reasons[i];
}

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
  s += "},\"units\":{\"in\":";
  AppendUint(t.units_in, &s);
  s += ",\"kept\":";
  AppendUint(t.units_kept, &s);
  s += ",\"removed\":";
  AppendUint(t.units_removed, &s);
  s += "},\"bytes\":{\"in\":";
  AppendUint(t.bytes_in, &s);
  s += ",\"out\":";
  AppendUint(t.bytes_out, &s);
  s += "},\"reasons\":{";
  bool first = true;
  for (size_t i = 1; i < t.reasons.size(); ++i) {
    if (t.reasons[i] == 0) continue;
    if (!first) s += ',';
    first = false;
    AppendJsonString(ReasonName(static_cast<Reason>(i)), &s);
    s += ':';
    AppendUint(t.reasons[i], &s);
  }
  s += "},\"kept_best_block\":{\"docs\":";
  AppendUint(t.best_block_docs, &s);
  s += ",\"units\":";
  AppendUint(t.best_block_units, &s);
  s += "},\"invalid_utf8_replaced\":";
  AppendUint(t.invalid_utf8, &s);
  s += ",\"skipped_records\":";
  AppendUint(skipped_records, &s);
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
  s += "}}\n";
  return s;
}

std::string RunStats::Summary() const {
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
  std::string reasons;
  for (size_t i = 1; i < t.reasons.size(); ++i) {
    if (t.reasons[i] == 0) continue;
    reasons += reasons.empty() ? "winnow: reasons: " : ", ";
    reasons += ReasonName(static_cast<Reason>(i));
    reasons += '=';
    reasons += std::to_string(t.reasons[i]);
  }
  if (!reasons.empty()) s += reasons + "\n";
  return s;
}

}  // namespace winnow
