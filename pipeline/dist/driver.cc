// RunDistributed: one rank's share of a run, wired to the others.
#include "pipeline/dist/driver.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include "pipeline/dist/comm.h"
#include "pipeline/dist/dist_dedup.h"
#include "pipeline/dist/parts.h"
#include "pipeline/dist/shares.h"
#include "pipeline/dist/stats_merge.h"
#include "pipeline/dist/template_exchange.h"
#include "pipeline/input/reader.h"
#include "pipeline/output.h"
#include "pipeline/pipeline.h"
#include "pipeline/run_hooks.h"

namespace winnow {
namespace {

// The runner's view of the other ranks.
class Hooks : public RunHooks {
 public:
  Hooks(Comm& comm, const Config& config, const DistOptions& options, RankOutputs* outs)
      : comm_(comm), chunk_(options.chunk_bytes), outs_(outs),
        dedup_(comm, config.near, config.doc_dup_threshold, options.chunk_bytes, options.slice_units) {}
  void TemplatesCounted(TemplateCounts* counts) override { ExchangeTemplateCounts(comm_, counts, chunk_); }
  DedupSink* sink() override { return &dedup_; }
  uint64_t Decide(uint64_t documents) override {
    // WINNOW_FAULT_KILL_RANK=R kills rank R here (tests of a rank lost mid-run).
    if (const char* r = std::getenv("WINNOW_FAULT_KILL_RANK"); r && std::atoi(r) == comm_.rank()) std::raise(SIGKILL);
    const uint64_t first = comm_.ExclusiveSum(documents);
    dedup_.Decide(first);
    return first;
  }
  DedupSource* source() override { return &dedup_; }
  OutputFile* out() override { return &outs_->part(); }
  OutputFile* dups() override { return outs_->dups(); }
  OutputFile* explain() override { return outs_->explain(); }
  const DistDedup& dedup() const { return dedup_; }

 private:
  Comm& comm_;
  size_t chunk_;
  RankOutputs* outs_;
  DistDedup dedup_;
};

}  // namespace

std::string CheckDistributed(const Config& config, const DistOptions& options) {
  for (const std::string& in : config.inputs) {
    if (in == "-") return "inputs: a distributed run reads files and folders, not standard input";
  }
  if (config.inputs.empty()) return "inputs: a distributed run needs input files or folders (or --files-from)";
  if (config.near.memory_limit > 0) {
    return "--index-memory: not with several ranks (each rank holds 1/N of the index; add ranks instead)";
  }
  if (!config.explain_html_path.empty()) return "--explain-html: not yet with several ranks (use --explain)";
  if (!options.merge && (config.output.empty() || config.output == "-")) {
    return "-o: a distributed run writes a folder of parts: give -o FOLDER, or --merge for one file";
  }
  Compression c;
  if (!PartsCompression(options.part_compression, config.output, &c)) {
    return "--part-compression: '" + options.part_compression + "'; allowed: gz, zst, none";
  }
  return "";
}

bool NoRankFoundAProblem(Comm& comm, const std::string& problem, std::string* first) {
  if (comm.AllTrue(problem.empty())) return true;
  for (const std::string& p : comm.Gather(problem)) {
    if (p.empty()) continue;
    *first = p;
    break;
  }
  return false;
}

int RunDistributed(Comm& comm, const Config& config, const DistOptions& options) {
  const bool root = comm.rank() == 0;
  std::vector<std::string> errors;
  std::vector<InputFile> files = ExpandInputs(config.inputs, &errors);
  std::string problem;
  if (!errors.empty() && !config.keep_going) {
    for (const std::string& e : errors) problem += "winnow: " + e + "\n";
    problem += "winnow: --fail-fast: " + std::to_string(errors.size()) +
               " input path(s) could not be read; nothing was processed\n";
  }
  if (std::string first; !NoRankFoundAProblem(comm, problem, &first)) {
    if (root) std::fputs(first.c_str(), stderr);
    return 2;
  }
  // Every rank expanded the same inputs; rank 0 reports what could not be.
  if (!root) errors.clear();
  const std::vector<Share> shares = SplitShares(files, comm.size());
  const Share& share = shares[static_cast<size_t>(comm.rank())];
  std::vector<InputFile> mine(files.begin() + static_cast<ptrdiff_t>(share.begin),
                              files.begin() + static_cast<ptrdiff_t>(share.end));

  PartsOptions po;
  po.output = config.output;
  po.format = config.format;
  PartsCompression(options.part_compression, config.output, &po.compression);
  po.merge = options.merge;
  po.dups_path = config.dups_path;
  po.explain_path = config.explain_path;
  RankOutputs outs(comm, po);
  std::string error;
  if (!outs.Open(&error)) {
    if (root) std::fprintf(stderr, "winnow: %s\n", error.c_str());
    return 2;
  }
  Config rank_config = config;
  DistOptions dist = options;
  // WINNOW_DIST_SLICE_UNITS=N: tiny slices, so that tests go through many.
  if (const char* v = std::getenv("WINNOW_DIST_SLICE_UNITS")) dist.slice_units = std::strtoull(v, nullptr, 10);
  rank_config.progress = config.progress && root;
  Hooks hooks(comm, rank_config, dist, &outs);
  RunResult r = RunShare(rank_config, std::move(mine), std::move(errors), &hooks);
  // A rank that failed still took part in every exchange (its passes end
  // early), so all ranks get here; Commit agrees on the outcome.
  RankStats rs;
  rs.bytes_in = r.stats.totals.bytes_in;
  rs.index_units = hooks.dedup().units();
  rs.index_bytes = hooks.dedup().bytes() + r.stats.template_bytes;
  rs.bytes_exchanged = comm.bytes_sent();
  rs.peak_rss_bytes = PeakRssBytes();
  rs.seconds = r.stats.seconds;
  r.stats.index_units = rs.index_units;
  r.stats.index_bytes = hooks.dedup().bytes();
  // Unreadable inputs are reported, not a failure (as in one process).
  const bool failed = r.exit_code != 0 && !(r.exit_code == 2 && !r.stats.file_errors.empty());
  std::string reason = failed ? r.error : "";
  if (failed) outs.Fail(reason);
  outs.set_counts(r.stats.totals.emitted, r.stats.totals.bytes_out);
  const bool ok = outs.Commit(&error);
  const RunStats all = GatherStats(comm, r.stats, rs);
  if (!ok && reason.empty()) reason = error;
  if (root && ok && !config.stats_path.empty()) {
    OutputFile stats_file;
    std::string e;
    if (!stats_file.Open(config.stats_path, &e) || !stats_file.Write(all.ToJson(), &e) || !stats_file.Commit(&e)) {
      std::fprintf(stderr, "winnow: %s\n", e.c_str());
      return 1;
    }
  }
  int code = ok ? (all.file_errors.empty() ? 0 : 2) : std::max(r.exit_code, 1);
  code = static_cast<int>(comm.Max(static_cast<uint64_t>(code)));
  if (!reason.empty()) std::fprintf(stderr, "winnow: rank %d: %s\n", comm.rank(), reason.c_str());
  if (root) {
    for (const std::string& e : all.file_errors) std::fprintf(stderr, "winnow: %s\n", e.c_str());
    if (!config.quiet && all.totals.docs_in > 0) std::fputs(all.Summary(config.stats_path).c_str(), stderr);
  }
  return code;
}

}  // namespace winnow
