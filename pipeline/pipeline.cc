#include "pipeline/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include "pipeline/input/input_stream.h"
#include "pipeline/output.h"
#include "pipeline/process.h"
#include "pipeline/progress.h"
#include "pipeline/report/explain_page.h"
#include "pipeline/run_hooks.h"

namespace winnow {
namespace {

constexpr int kDeferJsonlThreads = 4;  // see Runner::Run
constexpr int kProbeAheadThreads = 4;  // see Runner::Dedup
constexpr size_t kProbeDocs = 8;       // documents per probe-ahead task
constexpr size_t kAheadBytes = 32u << 20;
constexpr int kMaxOpenAhead = 7;

std::atomic<int> g_stop_signal{0};

void CompressInPlace(Compression c, std::string* s) {
  if (c == Compression::kNone || s->empty()) return;
  std::string z;
  Compress(c, *s, &z);
  s->swap(z);
}

using Clock = std::chrono::steady_clock;

// Batches are recycled through a free list: the read filter takes one, the
// write filter gives it back. The pool owns every batch, so none can leak.
class BatchPool {
 public:
  Batch* Take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_.empty()) {
      Batch* b = free_.back();
      free_.pop_back();
      return b;
    }
    all_.push_back(std::make_unique<Batch>());
    return all_.back().get();
  }
  void Give(Batch* b) {
    b->Clear();
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(b);
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<Batch>> all_;
  std::vector<Batch*> free_;
};

// Everything one run owns.
class Runner {
 public:
  Runner(const Config& config, std::vector<InputFile> files, std::vector<std::string> file_errors,
         RunHooks* hooks)
      : config_(config), files_(std::move(files)), hooks_(hooks) {
    stats_.file_errors = std::move(file_errors);
    if (hooks_) {
      out_file_ = hooks_->out();
      dups_file_ = hooks_->dups();
      explain_file_ = hooks_->explain();
    } else {
      out_file_ = &out_;
      if (!config_.dups_path.empty()) dups_file_ = &dups_;
      if (!config_.explain_path.empty()) explain_file_ = &explain_;
    }
  }

  RunResult Run();

 private:
  bool OpenOutputs(std::string* error);
  bool CommitOutputs(std::string* error);
  void AbortOutputs();
  // Runs `body` on each batch, catching anything thrown into batch->error.
  Processor::Scratch* LocalScratch() {
    auto& s = scratch_->local();
    if (!s) s = proc_->NewScratch();
    return s.get();
  }
  template <typename F>
  Batch* Guard(Batch* b, F&& body) {
    if (!b->error.empty()) return b;
    try {
      body(b);
    } catch (const std::exception& e) {
      b->error = e.what();
    } catch (...) {
      b->error = "unknown failure";
    }
    return b;
  }
  Batch* NextFromStream(InputStream* in);
  // Prepares and counts batches; recycles them unless they are kept for a
  // second pipeline (the stdin window).
  template <typename Next>
  void CountBatches(Next next, bool recycle);
  template <typename Next>
  void ProcessBatches(Next next, bool prepared);
  // The first pass of dedup in passes (RunHooks): prepare, classify, collect.
  template <typename Next>
  void CollectBatches(Next next);
  void Dedup(Batch* b);
  void RunPasses();
  void FinishStream(InputStream* in);
  void Write(Batch* b);
  bool stopping() const { return stop_.load(std::memory_order_relaxed) || g_stop_signal.load() != 0; }
  int live_tokens() const;

  Config config_;
  std::vector<InputFile> files_;
  RunHooks* hooks_ = nullptr;  // a distributed run's, or null
  // With hooks, the collecting pass's boilerplate verdicts per batch (by
  // seq), which the cleaning pass replays instead of classifying again;
  // not with --explain/--explain-html, which show every feature.
  bool replay_ = false;
  std::vector<std::string> verdicts_;
  std::unique_ptr<Processor> proc_;
  std::unique_ptr<tbb::enumerable_thread_specific<std::unique_ptr<Processor::Scratch>>> scratch_;
  BatchPool pool_;
  RunStats stats_;
  std::atomic<bool> stop_{false};
  std::string first_error_;
  OutputFile out_, dups_, explain_;  // one process's own outputs
  OutputFile* out_file_ = nullptr;    // where output goes: out_, or the hooks'
  OutputFile* dups_file_ = nullptr;
  OutputFile* explain_file_ = nullptr;
  std::unique_ptr<ExplainPage> page_;  // --explain-html
  Progress progress_;
  Clock::time_point start_;
  InputStream* input_ = nullptr;        // the cleaning pass's input, for progress
  InputStream* count_input_ = nullptr;  // the template pre-pass's input
  uint64_t total_bytes_ = 0;            // sum of the input file sizes
  uint64_t counted_docs_ = 0, counted_bytes_ = 0;  // the pre-pass so far
  // WINNOW_FAULT_BATCH=N makes the batch with seq N fail (tests of the
  // failure path: no partial output, no leak).
  uint64_t fault_batch_ = UINT64_MAX;
  std::unique_ptr<Processor::Scratch> serial_scratch_;
};

int Runner::live_tokens() const {
  if (config_.live_batches > 0) return config_.live_batches;
  return 4 * std::max(1, config_.threads);
}

bool Runner::OpenOutputs(std::string* error) {
  if (!hooks_) {
    if (!out_.Open(config_.output, error)) return false;
    if (!config_.dups_path.empty() && !dups_.Open(config_.dups_path, error)) return false;
    if (!config_.explain_path.empty() && !explain_.Open(config_.explain_path, error)) return false;
  }
  if (!config_.explain_html_path.empty()) {
    page_ = std::make_unique<ExplainPage>(config_.explain_sample);
    if (!page_->Open(config_.explain_html_path, error)) return false;
  }
  return true;
}

void Runner::AbortOutputs() {
  out_.Abort();
  dups_.Abort();
  explain_.Abort();
  if (page_) page_->Abort();
}

void Runner::Write(Batch* b) {
  if (!b->error.empty()) {
    if (first_error_.empty()) first_error_ = "internal error in batch " + std::to_string(b->seq) + ": " + b->error;
    stop_ = true;
    pool_.Give(b);
    return;
  }
  if (b->index_filled && !config_.quiet) {
    std::fprintf(stderr,
                 "\nwinnow: the dedup index reached --index-memory after %llu documents; new units are "
                 "no longer indexed, matching against indexed ones continues\n",
                 static_cast<unsigned long long>(stats_.totals.docs_in));
  }
  std::string err;
  bool ok = out_file_->Write(b->out, &err);
  if (ok && dups_file_) ok = dups_file_->Write(b->dups, &err);
  if (ok && explain_file_) ok = explain_file_->Write(b->explain, &err);
  if (ok && page_) ok = page_->Take(*b, &err);
  if (!ok && first_error_.empty()) {
    first_error_ = err;
    stop_ = true;
  }
  stats_.totals.Merge(b->stats);
  for (const Document& d : b->docs) {
    if (d.fate != Fate::kRejected || stats_.rejected.size() >= RunStats::kMaxListed) continue;
    stats_.rejected.push_back(RejectedRecord{
        d.file < files_.size() ? files_[d.file].display : std::string("-"), d.record,
        std::string(b->View(d.id)), std::string(ReasonName(d.reason)), std::string(b->View(d.error))});
  }
  progress_.Update(stats_.totals.docs_in, stats_.totals.bytes_in, input_ ? input_->compressed_bytes() : 0);
  pool_.Give(b);
}

// A filter that yields batches from `next` (nullptr = end of input).
template <typename Next>
auto SourceFilter(Next next) {
  return tbb::make_filter<void, Batch*>(tbb::filter_mode::serial_in_order,
                                        [next](tbb::flow_control& fc) -> Batch* {
                                          Batch* b = next();
                                          if (!b) fc.stop();
                                          return b;
                                        });
}

Batch* Runner::NextFromStream(InputStream* in) {
  if (stopping()) return nullptr;
  Batch* b = pool_.Take();
  bool more = false;
  try {
    more = in->Fill(b);
  } catch (const std::exception& e) {
    if (first_error_.empty()) first_error_ = std::string("read failed: ") + e.what();
    stop_ = true;
  }
  if (!more) {
    pool_.Give(b);
    return nullptr;
  }
  return b;
}

template <typename Next>
void Runner::CountBatches(Next next, bool recycle) {
  tbb::parallel_pipeline(
      live_tokens(),
      SourceFilter(next) &
          tbb::make_filter<Batch*, Batch*>(
              tbb::filter_mode::parallel,
              [this, recycle](Batch* b) {
                // Recycled batches serve Count alone; kept ones are classified next.
                return Guard(b, [this, recycle](Batch* b) { proc_->Prepare(b, LocalScratch(), recycle); });
              }) &
          tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [this, recycle](Batch* b) {
            Guard(b, [this, recycle](Batch* b) {
              proc_->Count(*b, serial_scratch_.get());
              if (recycle) proc_->KeepPrepared(*b);
            });
            if (!b->error.empty() && first_error_.empty()) {
              first_error_ = "internal error: " + b->error;
              stop_ = true;
            }
            if (!recycle) return;  // a stdin window: shown as part of cleaning
            counted_docs_ += b->docs.size();
            counted_bytes_ += b->bytes_in;
            progress_.Update(counted_docs_, counted_bytes_, count_input_ ? count_input_->compressed_bytes() : 0);
            pool_.Give(b);
          }));
}

template <typename Next>
void Runner::ProcessBatches(Next next, bool prepared) {
  tbb::parallel_pipeline(
      live_tokens(),
      SourceFilter(next) &
          tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel,
                                           [this, prepared](Batch* b) {
                                             return Guard(b, [this, prepared](Batch* b) {
                                               Processor::Scratch* s = LocalScratch();
                                               if (b->seq == fault_batch_) throw std::runtime_error("injected fault");
                                               if (!prepared) proc_->Prepare(b, s);
                                               if (replay_ && b->seq < verdicts_.size()) {
                                                 proc_->ReplayVerdicts(b, verdicts_[b->seq]);
                                               } else {
                                                 proc_->Classify(b, s);
                                               }
                                             });
                                           }) &
          tbb::make_filter<Batch*, Batch*>(
              tbb::filter_mode::serial_in_order,
              [this](Batch* b) { return Guard(b, [this](Batch* b) { Dedup(b); }); }) &
          tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel,
                                           [this](Batch* b) {
                                             return Guard(b, [this](Batch* b) {
                                               proc_->Format(b);
                                               if (page_) page_->Format(b);
                                               CompressInPlace(out_file_->compression(), &b->out);
                                               if (dups_file_) CompressInPlace(dups_file_->compression(), &b->dups);
                                               if (explain_file_) CompressInPlace(explain_file_->compression(), &b->explain);
                                             });
                                           }) &
          tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [this](Batch* b) { Write(b); }));
}

template <typename Next>
void Runner::CollectBatches(Next next) {
  tbb::parallel_pipeline(
      live_tokens(),
      SourceFilter(next) &
          tbb::make_filter<Batch*, Batch*>(tbb::filter_mode::parallel,
                                           [this](Batch* b) {
                                             return Guard(b, [this](Batch* b) {
                                               Processor::Scratch* s = LocalScratch();
                                               proc_->Prepare(b, s);
                                               proc_->Classify(b, s);
                                             });
                                           }) &
          tbb::make_filter<Batch*, void>(tbb::filter_mode::serial_in_order, [this](Batch* b) {
            Guard(b, [this](Batch* b) {
              proc_->Collect(*b, hooks_->sink());
              if (replay_) {
                if (verdicts_.size() <= b->seq) verdicts_.resize(b->seq + 1);
                proc_->RecordVerdicts(*b, &verdicts_[b->seq]);
              }
            });
            if (!b->error.empty() && first_error_.empty()) {
              first_error_ = "internal error in batch " + std::to_string(b->seq) + ": " + b->error;
              stop_ = true;
            }
            counted_docs_ += b->docs.size();
            counted_bytes_ += b->bytes_in;
            progress_.Update(counted_docs_, counted_bytes_, count_input_ ? count_input_->compressed_bytes() : 0);
            pool_.Give(b);
          }));
}

// The in-order dedup filter is the one serial stage with real work (index
// lookups: 1.0 s of a 3.5 s single-thread run on the 200 MB corpus), so it
// would cap the pipeline near 3.5 threads. Its lookups only read the index:
// they run for the whole batch on every thread first, and the serial part
// then inserts and looks up again only what this batch's own inserts may
// have changed (8% of units): 0.4 s serial. Below 4 threads the serial part
// is not the limit and the extra checks cost ~3%, so it is off there.
void Runner::Dedup(Batch* b) {
  if (hooks_) {
    proc_->Apply(b, hooks_->source());
    return;
  }
  if (config_.threads >= kProbeAheadThreads) {
    const size_t docs = proc_->StartProbes(b);
    // Isolated: while this thread waits for the last chunk, it must not
    // pick up other pipeline work (a whole Classify) and hold up the one
    // serial stage that everything waits for.
    tbb::this_task_arena::isolate([&] {
      tbb::parallel_for(tbb::blocked_range<size_t>(0, docs, kProbeDocs),
                        [this, b](const tbb::blocked_range<size_t>& r) { proc_->ProbeAhead(b, r.begin(), r.end()); });
    });
  }
  proc_->Dedup(b, serial_scratch_.get());
}

void Runner::RunPasses() {
  // stdin, a FIFO or a device (e.g. <(zcat x.gz)) can be read only once, so
  // a counting pre-pass over it would consume the input.
  const bool from_stream =
      std::any_of(files_.begin(), files_.end(), [](const InputFile& f) { return !f.regular; });
  if (proc_->counts_templates() && from_stream) {
    // Windowed: a window of input is read and counted, then classified.
    InputStream in(&files_, config_.reader, config_.batch_bytes);
    input_ = &in;
    progress_.Phase("cleaning", total_bytes_);
    std::vector<Batch*> window;
    bool done = false;
    while (!done && !stopping()) {
      window.clear();
      size_t bytes = 0;
      // A window holds at least one batch, so --template-window 0 counts
      // one batch at a time instead of reading nothing.
      while (window.empty() || bytes < config_.template_window) {
        Batch* b = NextFromStream(&in);
        if (!b) {
          done = true;
          break;
        }
        bytes += b->raw.size();
        window.push_back(b);
      }
      if (window.empty()) break;
      size_t next = 0;
      auto from_window = [&]() -> Batch* { return next < window.size() ? window[next++] : nullptr; };
      CountBatches(from_window, /*recycle=*/false);
      next = 0;
      ProcessBatches(from_window, /*prepared=*/true);
    }
    FinishStream(&in);
    return;
  }
  if (proc_->counts_templates()) {
    // Pre-pass over the files: template counts for every source first.
    // Text files are skipped: each is one document, alone in its source.
    ReaderOptions count_reader = config_.reader;
    count_reader.skip_text = true;
    InputStream in(&files_, count_reader, config_.batch_bytes);
    progress_.Phase("counting template lines", total_bytes_);
    count_input_ = &in;
    CountBatches([&]() { return NextFromStream(&in); }, /*recycle=*/true);
    count_input_ = nullptr;
    if (hooks_) hooks_->TemplatesCounted(proc_->mutable_template_counts());
  }
  uint64_t first_ordinal = 0;
  replay_ = hooks_ && config_.explain_path.empty() && config_.explain_html_path.empty();
  if (hooks_) {
    // Dedup in passes: collect every unit, decide across processes, then
    // clean with the decisions.
    InputStream in(&files_, config_.reader, config_.batch_bytes);
    progress_.Phase("collecting units", total_bytes_);
    count_input_ = &in;
    CollectBatches([&]() { return NextFromStream(&in); });
    count_input_ = nullptr;
    first_ordinal = hooks_->Decide(in.next_ordinal());
  }
  InputStream in(&files_, config_.reader, config_.batch_bytes);
  in.set_first_ordinal(first_ordinal);
  input_ = &in;
  progress_.Phase("cleaning", total_bytes_);
  ProcessBatches([&]() { return NextFromStream(&in); }, /*prepared=*/false);
  FinishStream(&in);
}

void Runner::FinishStream(InputStream* in) {
  stats_.totals.bytes_in += in->trailing_bytes();
  for (const std::string& e : in->errors()) stats_.file_errors.push_back(e);
  stats_.skipped_records += in->skipped_records();
  const SkipCounts kinds = in->skip_counts();
  for (size_t i = 0; i < kinds.size(); ++i) stats_.skipped_by_kind[i] += kinds[i];
  input_ = nullptr;
}

RunResult Runner::Run() {
  RunResult result;
  start_ = Clock::now();
  if (const char* f = std::getenv("WINNOW_FAULT_BATCH")) fault_batch_ = std::strtoull(f, nullptr, 10);
  std::string error;
  proc_ = Processor::Create(config_, &files_, &error);
  if (!proc_) {
    result.exit_code = 2;
    result.error = error;
    return result;
  }
  scratch_ = std::make_unique<tbb::enumerable_thread_specific<std::unique_ptr<Processor::Scratch>>>();
  serial_scratch_ = proc_->NewScratch();
  if (!OpenOutputs(&error)) {
    AbortOutputs();
    result.exit_code = 2;
    result.error = error;
    return result;
  }
  for (const InputFile& f : files_) total_bytes_ += f.size;
  progress_.Start(config_.progress && !config_.quiet && isatty(STDERR_FILENO));
  const int threads = config_.threads > 0 ? config_.threads : tbb::info::default_concurrency();
  config_.threads = threads;
  // With many threads the serial reader filter would cap the pipeline at the
  // speed of one core parsing JSON, so JSONL lines are parsed by
  // Processor::Prepare on every thread instead (same documents). With few
  // threads that costs more than it frees: the line is copied once more
  // (-j 1: 0.64 -> 0.68 s, -j 2: 0.40 -> 0.43 s on the 200 MB corpus).
  config_.reader.defer_jsonl = threads >= kDeferJsonlThreads;
  // With a second thread, gzip/zstd files are decompressed on threads of
  // their own, ahead of the reader filter, and the next files start
  // decompressing while one is read (memory: up to kAheadBytes per open file).
  if (threads >= 2) {
    config_.reader.decompress_ahead = kAheadBytes;
    config_.reader.open_ahead = std::min(threads - 1, kMaxOpenAhead);
  }
  // -j N means N threads even beyond the cores (TBB would cap it silently).
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism,
                                  static_cast<size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([this] { RunPasses(); });
  progress_.Finish();

  stats_.seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  stats_.index_units = proc_->index().units();
  stats_.index_bytes = proc_->index().bytes() + proc_->doc_id_bytes();
  stats_.index_full = proc_->index().full();
  stats_.template_entries = proc_->template_counts().entries();
  stats_.template_bytes = proc_->template_counts().bytes();
  stats_.html_cache_pages = proc_->html_cache().pages();
  stats_.html_cache_bytes = proc_->html_cache().bytes();
  result.stats = stats_;

  if (int sig = g_stop_signal.load()) {
    AbortOutputs();
    result.exit_code = 128 + sig;
    result.error = "interrupted by signal " + std::to_string(sig) + " after " +
                   std::to_string(stats_.totals.docs_in) + " documents (" +
                   std::to_string(stats_.totals.bytes_in / 1000000) +
                   " MB); no output file was written";
    return result;
  }
  if (!first_error_.empty()) {
    AbortOutputs();
    result.exit_code = 1;
    result.error = first_error_;
    return result;
  }
  // A distributed run's outputs are committed by its driver, on every rank at once.
  bool ok = hooks_ || (out_.Commit(&error) && dups_.Commit(&error) && explain_.Commit(&error));
  ok = ok && (!page_ || page_->Commit(stats_.totals, &error));
  if (ok && !hooks_ && !config_.stats_path.empty()) {
    OutputFile stats_file;
    ok = stats_file.Open(config_.stats_path, &error) &&
         stats_file.Write(result.stats.ToJson(), &error) && stats_file.Commit(&error);
  }
  if (!ok) {
    AbortOutputs();
    result.exit_code = 1;
    result.error = error;
    return result;
  }
  if (!stats_.file_errors.empty()) {
    result.exit_code = 2;
    result.error = std::to_string(stats_.file_errors.size()) + " input file(s) could not be read";
  }
  return result;
}

}  // namespace

RunResult Run(const Config& config) {
  g_stop_signal = 0;
  std::vector<std::string> errors;
  std::vector<InputFile> files = ExpandInputs(config.inputs, &errors);
  if (!errors.empty() && !config.keep_going) {
    RunResult r;
    r.exit_code = 2;
    r.error = "--fail-fast: " + std::to_string(errors.size()) + " input path" + (errors.size() == 1 ? "" : "s") +
              " could not be read; nothing was processed";
    r.stats.file_errors = errors;
    return r;
  }
  Runner runner(config, std::move(files), std::move(errors), nullptr);
  return runner.Run();
}

RunResult RunShare(const Config& config, std::vector<InputFile> files, std::vector<std::string> file_errors,
                   RunHooks* hooks) {
  g_stop_signal = 0;
  Runner runner(config, std::move(files), std::move(file_errors), hooks);
  return runner.Run();
}

void RequestStop(int signal) { g_stop_signal.store(signal); }

bool StopRequested() { return g_stop_signal.load(std::memory_order_relaxed) != 0; }

}  // namespace winnow
