// The winnow command line: parses flags into a Config, runs the pipeline,
// prints a summary on stderr. Exit codes: 0 success (even with rejected
// records), 2 usage error or unreadable input, 1 runtime failure (e.g. disk
// full), 128+N when stopped by signal N.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include <unistd.h>

#include <set>

#include <CLI/CLI.hpp>

#include "pipeline/config.h"
#include "pipeline/config_check.h"
#include "pipeline/dist/comm.h"
#include "pipeline/dist/driver.h"
#include "pipeline/dry_run.h"
#include "pipeline/input/files_from.h"
#include "pipeline/pipeline.h"

namespace {

void OnSignal(int sig) { winnow::RequestStop(sig); }

// Without SA_RESTART, so a read blocked on an idle pipe returns EINTR and the
// run can stop; SA_RESETHAND makes a second signal end the process at once.
void InstallStopHandler(int sig) {
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(sig, &sa, nullptr);
}

}  // namespace

int main(int argc, char** argv) {
  // Started by mpirun/srun: this process is one rank of a distributed run.
  std::unique_ptr<winnow::Comm> comm = winnow::Comm::Init(&argc, &argv);
  const bool distributed = comm->is_mpi();
  winnow::DistOptions dist;
  winnow::Config cfg;
  CLI::App app{
      "winnow: clean, deduplicated text from scraped article dumps.\n"
      "Reads plain text, JSONL and WARC/WET files (gzip/zstd detected), removes\n"
      "boilerplate and duplicate paragraphs, writes JSONL or text.",
      "winnow"};
  app.set_version_flag("--version", std::string("winnow ") + WINNOW_VERSION);
  app.get_formatter()->column_width(34);

  std::string input_format = "auto", unit = "line", format = "jsonl";
  std::string index_memory = "0", batch_bytes = "1M", template_window = "64M", max_record = "64M", html_cache = "256M";
  bool no_dom_rules = false;
  std::string prefer = "html";
  bool no_bp = false, no_dedup = false, exact_only = false, fail_fast = false, dry_run = false;

  app.add_option("inputs", cfg.inputs, "Files or folders (recursive); none or - reads stdin");
  auto* g_in = "Input";
  app.add_option("--files-from", cfg.files_from, "Also read the input paths listed in this file, one per line (- = stdin)")->group(g_in);
  app.add_option("--input-format", input_format, "auto|text|jsonl|warc|html")
      ->check(CLI::IsMember({"auto", "text", "jsonl", "warc", "html"}))->capture_default_str()->group(g_in);
  app.add_option("--text-field", cfg.reader.text_field, "JSONL field holding the text")->capture_default_str()->group(g_in);
  app.add_option("--id-field", cfg.reader.id_field, "JSONL id field (generated as FILE:LINE when absent)")->capture_default_str()->group(g_in);
  app.add_option("--url-field", cfg.reader.url_field, "JSONL url field")->capture_default_str()->group(g_in);
  app.add_option("--html-field", cfg.reader.html_field, "JSONL field holding a page's HTML (read instead of --text-field)")->group(g_in);
  app.add_option("--prefer", prefer, "A WARC page stored both as HTML (response) and as text (conversion): which one to read")
      ->check(CLI::IsMember({"html", "text"}))->capture_default_str()->group(g_in);
  app.add_flag("--no-dom-rules", no_dom_rules, "HTML units: decide by their text alone, without DOM evidence (nav, footer, class words, link density)")->group(g_in);
  app.add_option("--dom-rules", cfg.dom_rules_path, "HTML units: DOM rule parameters (key value lines, as stages/data/dom_rules.txt) instead of the shipped ones")->group(g_in);
  app.add_option("--max-record-bytes", max_record, "Reject records larger than this")->capture_default_str()->group(g_in);
  app.add_flag("--fail-fast", fail_fast, "Stop before processing if an input path is missing or unreadable (default: report it, process the rest, exit 2)")->group(g_in);

  auto* g_text = "Text";
  app.add_option("--unit", unit, "Unit of cleaning and dedup: line, or block (blank-line separated)")
      ->check(CLI::IsMember({"line", "block"}))->capture_default_str()->group(g_text);
  app.add_flag("--nfkc", cfg.normalize.nfkc, "Output NFKC instead of NFC")->group(g_text);
  app.add_flag("--keep-frames", cfg.normalize.keep_frames, "Keep box-drawing characters (U+2500..U+257F, the table borders of w3m and lynx dumps) instead of turning them into spaces")->group(g_text);
  bool no_cjk_unwrap = false, no_columns = false;
  app.add_flag("--no-columns", no_columns, "Text documents: keep side-by-side columns of a text dump (w3m, lynx: a menu, the story and a sidebar on the same lines) as they are instead of putting them one after the other")->group(g_text);
  app.add_flag("--no-cjk-unwrap", no_cjk_unwrap, "Text documents: keep Chinese and Japanese lines that a text renderer hard-wrapped (w3m, lynx) apart instead of joining them")->group(g_text);

  auto* g_bp = "Boilerplate";
  app.add_flag("--no-boilerplate", no_bp, "Do not remove boilerplate")->group(g_bp);
  app.add_option("--min-words", cfg.bp.min_words, "Minimum words for a unit to count as body text (0 = built-in default)")->capture_default_str()->group(g_bp);
  app.add_option("--stoplists", cfg.bp.stoplists_dir, "Folder of extra stoplists, one <lang>.txt per language")->group(g_bp);
  app.add_option("--boilerplate-phrases", cfg.bp.phrases_file, "File of extra boilerplate phrases, one per line")->group(g_bp);
  app.add_flag("--keep-short-headings", cfg.bp.keep_short_headings, "Keep short heading-like lines inside the body")->group(g_bp);
  bool rules_only = false;
  std::string model_path;
  app.add_flag("--rules-only", rules_only, "Decide boilerplate by the hand rules alone, without the fitted model")->group(g_bp);
  app.add_option("--boilerplate-model", model_path, "Weights file of the boilerplate model (bench/tools/bp_fit output) instead of the built-in one")->group(g_bp);
  app.add_option("--template-min-docs", cfg.bp.template_min_docs, "A unit in at least this many documents of one source is template, prose paragraphs excepted when dedup is on (0 = off)")->capture_default_str()->group(g_bp);
  app.add_option("--template-max-words", cfg.bp.template_max_words, "Only units of at most this many words can be template (0 = any length)")->capture_default_str()->group(g_bp);
  bool merged_stoplist = false;
  app.add_flag("--merged-stoplist", merged_stoplist, "Use one stoplist merged over all languages instead of detecting each document's language")->group(g_bp);
  app.add_option("--html-cache", html_cache, "HTML pages prepared in the template pre-pass and kept for the cleaning pass, in bytes (0: parse each page twice)")->capture_default_str()->group(g_bp);
  app.add_option("--template-window", template_window, "On stdin, bytes read ahead to count template units")->capture_default_str()->group(g_bp);

  auto* g_dd = "Dedup";
  app.add_flag("--no-dedup", no_dedup, "Do not remove duplicates")->group(g_dd);
  app.add_flag("--exact-only", exact_only, "Exact duplicates only (no near-duplicate detection)")->group(g_dd);
  app.add_option("--ngram", cfg.near.ngram, "Words per shingle for near-duplicates")->capture_default_str()->group(g_dd);
  app.add_option("--near-threshold", cfg.near.threshold, "Share of a unit's shingles found in one earlier unit to call it a near duplicate")->capture_default_str()->group(g_dd);
  app.add_option("--near-min-words", cfg.near.min_words, "Units with fewer words are matched by exact key only")->capture_default_str()->group(g_dd);
  app.add_option("--min-dedup-chars", cfg.min_dedup_chars, "Units shorter than this are not deduplicated")->capture_default_str()->group(g_dd);
  app.add_option("--doc-dup-threshold", cfg.doc_dup_threshold, "Drop a document when this share of its kept text duplicates earlier documents")->capture_default_str()->group(g_dd);
  app.add_option("--index-memory", index_memory, "Stop adding to the dedup index past this size, e.g. 8G (0 = no limit)")->capture_default_str()->group(g_dd);

  auto* g_out = "Output";
  app.add_option("-o,--output", cfg.output, "Output file (.gz/.zst compress); - is stdout")->capture_default_str()->group(g_out);
  app.add_option("--format", format, "jsonl, or text (documents separated by a form-feed line)")
      ->check(CLI::IsMember({"jsonl", "text"}))->capture_default_str()->group(g_out);
  app.add_option("--dups", cfg.dups_path, "Write the duplicate report (JSONL) here")->group(g_out);
  app.add_option("--stats", cfg.stats_path, "Write run statistics (JSON) here")->group(g_out);
  app.add_option("--explain", cfg.explain_path, "Write every unit's verdict, reason and features (JSONL) here")->group(g_out);
  app.add_option("--explain-html", cfg.explain_html_path, "Write a self-contained HTML page showing what was removed and why")->group(g_out);
  app.add_option("--explain-sample", cfg.explain_sample, "Documents shown on the --explain-html page, picked by a hash of their input position; its summary covers all (0 = all)")->capture_default_str()->group(g_out);
  app.add_flag("-q,--quiet", cfg.quiet, "No progress or summary on stderr")->group(g_out);

  auto* g_run = "Run";
  cfg.threads = 0;
  app.add_option("-j,--threads", cfg.threads, "Worker threads (0 = all cores)")->capture_default_str()->group(g_run);
  app.add_option("--batch-bytes", batch_bytes, "Input bytes per batch")->capture_default_str()->group(g_run);
  app.add_option("--live-batches", cfg.live_batches, "Batches in flight (0 = 4 x threads); bounds memory")->capture_default_str()->group(g_run);
  app.add_flag("--dry-run", dry_run, "Print the effective configuration and exit")->group(g_run);
  auto* g_dist = "Several ranks (mpirun, srun)";
  app.add_flag("--merge", dist.merge, "Write one file at -o instead of a folder of parts, one per rank")->group(g_dist);
  app.add_option("--part-compression", dist.part_compression, "gz, zst or none: the parts' compression (default: as -o's name says)")->group(g_dist);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "winnow: %s\nwinnow: 'winnow --help' lists every flag with its default\n", e.what());
    return 2;
  }

  auto size_flag = [](const char* name, const std::string& v, size_t* out) {
    if (winnow::ParseSize(v, out)) return true;
    std::fprintf(stderr, "winnow: %s: not a size: '%s'; allowed: a byte count such as 4096, 512K, 64M, 2G\n",
                 name, v.c_str());
    return false;
  };
  if (!size_flag("--index-memory", index_memory, &cfg.near.memory_limit) ||
      !size_flag("--batch-bytes", batch_bytes, &cfg.batch_bytes) ||
      !size_flag("--template-window", template_window, &cfg.template_window) ||
      !size_flag("--html-cache", html_cache, &cfg.html_cache_bytes) ||
      !size_flag("--max-record-bytes", max_record, &cfg.reader.max_record_bytes)) {
    return 2;
  }
  cfg.reader.format = input_format == "text"    ? winnow::InputFormat::kText
                      : input_format == "jsonl" ? winnow::InputFormat::kJsonl
                      : input_format == "warc"  ? winnow::InputFormat::kWarc
                      : input_format == "html"  ? winnow::InputFormat::kHtml
                                                : winnow::InputFormat::kAuto;
  cfg.unit = unit == "block" ? winnow::UnitMode::kBlock : winnow::UnitMode::kLine;
  cfg.format = format == "text" ? winnow::OutputFormat::kText : winnow::OutputFormat::kJsonl;
  cfg.boilerplate = !no_bp;
  cfg.dom_rules = !no_dom_rules;
  cfg.rendered.unwrap_cjk = !no_cjk_unwrap;
  cfg.rendered.columns = !no_columns;
  cfg.reader.prefer_text = prefer == "text";
  cfg.bp.detect_language = !merged_stoplist;
  cfg.bp.use_model = !rules_only;
  cfg.bp.explain = !cfg.explain_path.empty() || !cfg.explain_html_path.empty();
  if (!model_path.empty()) {
    std::ifstream in(model_path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    if (!in || ss.str().empty()) {
      std::fprintf(stderr, "winnow: cannot read boilerplate model '%s'\n", model_path.c_str());
      return 2;
    }
    cfg.bp.model_text = ss.str();
  }
  cfg.dedup = !no_dedup;
  cfg.bp.repeats_deduplicated = cfg.dedup;
  cfg.near.near = !exact_only;
  cfg.keep_going = !fail_fast;

  if (!cfg.files_from.empty()) {
    std::string error;
    if (!winnow::ReadFileList(cfg.files_from, &cfg.inputs, &error)) {
      std::fprintf(stderr, "winnow: --files-from: %s\n", error.c_str());
      return 2;
    }
  }

  cfg.output_folder = distributed && !dist.merge;
  if (!distributed && (dist.merge || !dist.part_compression.empty())) {
    std::fprintf(stderr, "winnow: %s: only for runs started by mpirun or srun; allowed: drop it\n",
                 dist.merge ? "--merge" : "--part-compression");
    return 2;
  }
  if (distributed) {
    if (std::string problem = winnow::CheckDistributed(cfg, dist); !problem.empty()) {
      if (comm->rank() == 0) std::fprintf(stderr, "winnow: %s\n", problem.c_str());
      return 2;
    }
  }

  std::set<std::string> given;
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->count() > 0 && !opt->get_lnames().empty()) given.insert("--" + opt->get_lnames().front());
  }
  if (std::string problem = winnow::CheckConfig(cfg, given); distributed) {
    // WINNOW_FAULT_CHECK_RANK=R: rank R alone finds a problem (tests that every rank stops).
    if (const char* r = std::getenv("WINNOW_FAULT_CHECK_RANK"); r && std::atoi(r) == comm->rank()) {
      problem = "rank " + std::string(r) + " alone found a problem";
    }
    if (std::string first; !winnow::NoRankFoundAProblem(*comm, problem, &first)) {
      if (comm->rank() == 0) std::fprintf(stderr, "winnow: %s\n", first.c_str());
      return 2;
    }
  } else if (!problem.empty()) {
    std::fprintf(stderr, "winnow: %s\n", problem.c_str());
    return 2;
  }
  if (dry_run) {
    std::fputs(winnow::EffectiveConfig(cfg).c_str(), stdout);
    return 0;
  }
  if (cfg.inputs.empty() && isatty(STDIN_FILENO)) {
    // As zstd does: a terminal is not an input anyone means to pipe in.
    std::fputs("winnow: no input given, and standard input is a terminal\n"
               "usage: winnow [OPTIONS] INPUTS...      files and folders (recursive), or - for stdin\n"
               "       cat dump.jsonl | winnow [OPTIONS]\n"
               "'winnow --help' lists every flag with its default\n",
               stderr);
    return 2;
  }

  InstallStopHandler(SIGINT);
  InstallStopHandler(SIGTERM);
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout becomes a write error with a message

  if (distributed) return winnow::RunDistributed(*comm, cfg, dist);
  winnow::RunResult r = winnow::Run(cfg);
  for (const std::string& e : r.stats.file_errors) std::fprintf(stderr, "winnow: %s\n", e.c_str());
  if (!cfg.quiet && r.stats.totals.docs_in > 0) std::fputs(r.stats.Summary(cfg.stats_path).c_str(), stderr);
  if (r.exit_code != 0 && !r.error.empty()) std::fprintf(stderr, "winnow: %s\n", r.error.c_str());
  return r.exit_code;
}
