#include "pipeline/dry_run.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <tbb/info.h>

#include "pipeline/output.h"
#include "pipeline/input/reader.h"

namespace winnow {
namespace {

constexpr size_t kListedInputs = 20;

const char* CompressionName(Compression c) {
  return c == Compression::kGzip ? "gzip" : c == Compression::kZstd ? "zstd" : "none";
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }
std::string Bool(bool b) { return b ? "true" : "false"; }

std::string Bytes(size_t n) {
  char buf[48];
  if (n >= (1u << 20) && n % (1u << 20) == 0) std::snprintf(buf, sizeof buf, "%zuM", n >> 20);
  else if (n >= 1024 && n % 1024 == 0) std::snprintf(buf, sizeof buf, "%zuK", n >> 10);
  else std::snprintf(buf, sizeof buf, "%zu", n);
  return buf;
}

std::string Double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

std::string EffectiveConfig(const Config& c) {
  std::string s = "# winnow: effective configuration (after defaults and detection)\n";
  auto line = [&s](const char* key, const std::string& value, const char* note = nullptr) {
    s += key;
    s += " = ";
    s += value;
    if (note) {
      s += "  # ";
      s += note;
    }
    s += '\n';
  };

  std::vector<std::string> errors;
  const std::vector<InputFile> files = ExpandInputs(c.inputs, &errors);
  uint64_t bytes = 0;
  bool stream = false;
  for (const InputFile& f : files) {
    bytes += f.size;
    stream = stream || !f.regular;
  }
  line("inputs", std::to_string(files.size()) + (files.size() == 1 ? " file, " : " files, ") +
                     std::to_string(bytes) + " bytes" + (errors.empty() ? "" : ", " + std::to_string(errors.size()) + " unreadable"));
  for (size_t i = 0; i < files.size() && i < kListedInputs; ++i) {
    s += "#   " + files[i].display + ": " + PeekInputFormat(files[i], c.reader.format) + "\n";
  }
  if (files.size() > kListedInputs) s += "#   ... and " + std::to_string(files.size() - kListedInputs) + " more\n";
  for (const std::string& e : errors) s += "#   unreadable: " + e + "\n";
  line("text-field", Quoted(c.reader.text_field));
  line("id-field", Quoted(c.reader.id_field));
  line("url-field", Quoted(c.reader.url_field));
  line("max-record-bytes", Bytes(c.reader.max_record_bytes));
  line("fail-fast", Bool(!c.keep_going));
  line("unit", c.unit == UnitMode::kBlock ? "block" : "line");
  line("nfkc", Bool(c.normalize.nfkc));

  line("boilerplate", Bool(c.boilerplate));
  if (c.boilerplate) {
    line("min-words", std::to_string(c.bp.min_words), c.bp.min_words == 0 ? "the classifier's built-in default" : nullptr);
    line("keep-short-headings", Bool(c.bp.keep_short_headings));
    line("language", c.bp.detect_language ? "detected per document" : "one merged stoplist");
    if (!c.bp.stoplists_dir.empty()) line("stoplists", Quoted(c.bp.stoplists_dir));
    if (!c.bp.phrases_file.empty()) line("boilerplate-phrases", Quoted(c.bp.phrases_file));
    line("template-min-docs", std::to_string(c.bp.template_min_docs),
         c.bp.template_min_docs == 0 ? "template counting off"
         : stream                    ? "counted in windows of the stream, see template-window"
                                     : "counted in a pre-pass over the files");
    line("template-max-words", std::to_string(c.bp.template_max_words), c.bp.template_max_words == 0 ? "any length" : nullptr);
    if (stream && c.bp.template_min_docs > 0) line("template-window", Bytes(c.template_window));
    if (!stream && c.bp.template_min_docs > 0) {
      line("html-cache", Bytes(c.html_cache_bytes),
           c.html_cache_bytes ? "HTML pages prepared in the pre-pass, kept for cleaning" : "HTML pages parsed in both passes");
    }
  }

  line("dedup", c.dedup ? (c.near.near ? "exact and near" : "exact only") : "off");
  if (c.dedup) {
    if (c.near.near) {
      line("ngram", std::to_string(c.near.ngram));
      line("near-threshold", Double(c.near.threshold));
      line("near-min-words", std::to_string(c.near.min_words));
    }
    line("min-dedup-chars", std::to_string(c.min_dedup_chars));
    line("doc-dup-threshold", Double(c.doc_dup_threshold));
    line("index-memory", c.near.memory_limit == 0 ? "0" : Bytes(c.near.memory_limit),
         c.near.memory_limit == 0 ? "no limit" : nullptr);
  }

  const std::string out = c.output.empty() ? "-" : c.output;
  line("output", Quoted(out), out == "-" ? "stdout" : nullptr);
  line("output-compression", CompressionName(out == "-" ? Compression::kNone : CompressionForPath(out)),
       "from the name");
  line("format", c.format == OutputFormat::kText ? "text" : "jsonl");
  for (const auto& [key, path] : {std::pair<const char*, const std::string*>{"dups", &c.dups_path},
                                  {"stats", &c.stats_path},
                                  {"explain", &c.explain_path},
                                  {"explain-html", &c.explain_html_path}}) {
    if (!path->empty()) line(key, Quoted(*path));
  }

  const int threads = c.threads > 0 ? c.threads : tbb::info::default_concurrency();
  line("threads", std::to_string(threads), c.threads > 0 ? nullptr : "all cores");
  const int live = c.live_batches > 0 ? c.live_batches : 4 * threads;
  line("live-batches", std::to_string(live), c.live_batches > 0 ? nullptr : "4 x threads");
  line("batch-bytes", Bytes(c.batch_bytes));
  line("memory-bound", Bytes(static_cast<size_t>(live) * c.batch_bytes * 3),
       "about live-batches x batch-bytes x 3, plus the dedup index");
  return s;
}

}  // namespace winnow
