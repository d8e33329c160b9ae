#include "pipeline/dist/stats_merge.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "pipeline/dist/comm.h"

namespace winnow {
namespace {

// Fields in a fixed order, integers as 8 bytes little-endian (every rank of
// a run is the same build on the same architecture, but a fixed layout
// costs nothing), strings as a length and the bytes.
constexpr uint64_t kMagic = 0x31737461746e7777ULL;  // "wwntats1"

class Writer {
 public:
  void U64(uint64_t v) {
    char b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
    s_.append(b, 8);
  }
  void F64(double v) {
    uint64_t u;
    std::memcpy(&u, &v, 8);
    U64(u);
  }
  void Str(std::string_view v) {
    U64(v.size());
    s_.append(v);
  }
  std::string Take() { return std::move(s_); }

 private:
  std::string s_;
};

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}
  bool U64(uint64_t* v) {
    if (s_.size() < 8) return false;
    *v = 0;
    for (int i = 0; i < 8; ++i) *v |= uint64_t{static_cast<unsigned char>(s_[i])} << (8 * i);
    s_.remove_prefix(8);
    return true;
  }
  bool F64(double* v) {
    uint64_t u;
    if (!U64(&u)) return false;
    std::memcpy(v, &u, 8);
    return true;
  }
  bool Str(std::string* v) {
    uint64_t n;
    if (!U64(&n) || n > s_.size()) return false;
    v->assign(s_.substr(0, n));
    s_.remove_prefix(n);
    return true;
  }
  // A count of items that each take at least `min_bytes`: refuses counts
  // the remaining bytes cannot hold, so bad input cannot make us allocate.
  bool Count(uint64_t* n, size_t min_bytes) { return U64(n) && *n <= s_.size() / min_bytes; }
  bool done() const { return s_.empty(); }

 private:
  std::string_view s_;
};

// The integer counters of BatchStats in one list, for both directions.
template <class B, class F>
void ForEachCounter(B& t, F&& f) {
  for (uint64_t* v : {&t.docs_in, &t.emitted, &t.dropped, &t.rejected, &t.units_in, &t.units_kept,
                      &t.units_removed, &t.bytes_in, &t.bytes_out, &t.invalid_utf8, &t.cjk_lines_joined, &t.column_regions, &t.best_block_docs,
                      &t.best_block_units, &t.html_docs, &t.html_bytes}) {
    f(v);
  }
  for (uint64_t& v : t.unit_reasons) f(&v);
  for (uint64_t& v : t.doc_reasons) f(&v);
  for (uint64_t& v : t.charsets) f(&v);
}

}  // namespace

std::string SerializeStats(const RunStats& stats) {
  RunStats s = stats;  // ForEachCounter hands out pointers
  Writer w;
  w.U64(kMagic);
  ForEachCounter(s.totals, [&](uint64_t* v) { w.U64(*v); });
  w.U64(s.skipped_records);
  for (uint64_t v : s.skipped_by_kind) w.U64(v);
  w.U64(s.rejected.size());
  for (const RejectedRecord& r : s.rejected) {
    w.Str(r.file);
    w.U64(r.record);
    w.Str(r.id);
    w.Str(r.reason);
    w.Str(r.detail);
  }
  w.U64(s.file_errors.size());
  for (const std::string& e : s.file_errors) w.Str(e);
  w.F64(s.seconds);
  w.U64(s.index_units);
  w.U64(s.index_bytes);
  w.U64(s.index_full ? 1 : 0);
  w.U64(s.template_entries);
  w.U64(s.template_bytes);
  w.U64(s.html_cache_pages);
  w.U64(s.html_cache_bytes);
  w.U64(s.ranks.size());
  for (const RankStats& r : s.ranks) {
    w.U64(r.bytes_in);
    w.U64(r.index_units);
    w.U64(r.index_bytes);
    w.U64(r.bytes_exchanged);
    w.U64(r.peak_rss_bytes);
    w.F64(r.seconds);
  }
  return w.Take();
}

bool ParseStats(std::string_view bytes, RunStats* stats, std::string* error) {
  Reader r(bytes);
  RunStats s;
  uint64_t magic = 0, n = 0, full = 0;
  bool ok = r.U64(&magic) && magic == kMagic;
  ForEachCounter(s.totals, [&](uint64_t* v) { ok = ok && r.U64(v); });
  ok = ok && r.U64(&s.skipped_records);
  for (uint64_t& v : s.skipped_by_kind) ok = ok && r.U64(&v);
  ok = ok && r.Count(&n, 40);
  for (uint64_t i = 0; ok && i < n; ++i) {
    RejectedRecord rec;
    ok = r.Str(&rec.file) && r.U64(&rec.record) && r.Str(&rec.id) && r.Str(&rec.reason) && r.Str(&rec.detail);
    s.rejected.push_back(std::move(rec));
  }
  ok = ok && r.Count(&n, 8);
  for (uint64_t i = 0; ok && i < n; ++i) {
    std::string e;
    ok = r.Str(&e);
    s.file_errors.push_back(std::move(e));
  }
  ok = ok && r.F64(&s.seconds) && r.U64(&s.index_units) && r.U64(&s.index_bytes) && r.U64(&full) &&
       r.U64(&s.template_entries) && r.U64(&s.template_bytes) && r.U64(&s.html_cache_pages) &&
       r.U64(&s.html_cache_bytes) && r.Count(&n, 48);
  s.index_full = full != 0;
  for (uint64_t i = 0; ok && i < n; ++i) {
    RankStats k;
    ok = r.U64(&k.bytes_in) && r.U64(&k.index_units) && r.U64(&k.index_bytes) && r.U64(&k.bytes_exchanged) &&
         r.U64(&k.peak_rss_bytes) && r.F64(&k.seconds);
    s.ranks.push_back(k);
  }
  if (!ok || !r.done()) {
    *error = "rank stats: not a serialised RunStats (" + std::to_string(bytes.size()) + " bytes)";
    return false;
  }
  *stats = std::move(s);
  return true;
}

RunStats MergeStats(const std::vector<RunStats>& per_rank) {
  RunStats m;
  for (const RunStats& s : per_rank) {
    m.totals.Merge(s.totals);
    m.skipped_records += s.skipped_records;
    for (size_t i = 0; i < m.skipped_by_kind.size(); ++i) m.skipped_by_kind[i] += s.skipped_by_kind[i];
    for (const RejectedRecord& r : s.rejected) {
      if (m.rejected.size() < RunStats::kMaxListed) m.rejected.push_back(r);
    }
    m.file_errors.insert(m.file_errors.end(), s.file_errors.begin(), s.file_errors.end());
    m.seconds = std::max(m.seconds, s.seconds);
    m.index_units += s.index_units;
    m.index_bytes += s.index_bytes;
    m.index_full = m.index_full || s.index_full;
    m.template_entries += s.template_entries;
    m.template_bytes += s.template_bytes;
    m.html_cache_pages += s.html_cache_pages;
    m.html_cache_bytes += s.html_cache_bytes;
    m.ranks.insert(m.ranks.end(), s.ranks.begin(), s.ranks.end());
  }
  return m;
}

RunStats GatherStats(Comm& comm, const RunStats& stats, const RankStats& mine) {
  RunStats own = stats;
  own.ranks = {mine};
  const std::vector<std::string> all = comm.Gather(SerializeStats(own));
  if (comm.rank() != 0) return stats;
  std::vector<RunStats> per_rank(all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    std::string error;
    // The bytes come from the same build on another rank: a failure is a
    // bug or memory corruption, not an input problem.
    if (!ParseStats(all[i], &per_rank[i], &error)) {
      std::fprintf(stderr, "winnow: internal error: rank %zu: %s\n", i, error.c_str());
      comm.Abort(1);
    }
  }
  return MergeStats(per_rank);
}

uint64_t PeakRssBytes() {
  struct rusage ru {};
  if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
  return static_cast<uint64_t>(ru.ru_maxrss) * 1024;  // Linux reports KiB
}

}  // namespace winnow
