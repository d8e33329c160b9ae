// The whole run's configuration, filled by the CLI (main.cc) and handed to
// Run(). Each stage gets only its own sub-struct.
#ifndef WINNOW_PIPELINE_CONFIG_H_
#define WINNOW_PIPELINE_CONFIG_H_

#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/input/reader.h"
#include "stages/boilerplate.h"
#include "stages/html_blocks.h"
#include "stages/near_dup.h"
#include "stages/normalize.h"
#include "stages/rendered_text.h"
#include "stages/segment.h"

namespace winnow {

enum class OutputFormat : uint8_t { kJsonl, kText };

struct Config {
  std::vector<std::string> inputs;       // positional, then --files-from's; empty or "-" = stdin
  std::string files_from;                // --files-from: the list the inputs were read from ("-" = stdin)
  ReaderOptions reader;
  NormalizeOptions normalize;
  UnitMode unit = UnitMode::kLine;       // --unit (text documents; HTML units are blocks)
  RenderedTextOptions rendered;          // --no-columns, --no-cjk-unwrap (stages/rendered_text.h)
  HtmlOptions html;                      // limits of HTML parsing
  bool dom_rules = true;                 // --no-dom-rules: HTML units by text alone
  std::string dom_rules_path;            // --dom-rules: parameters instead of the shipped ones

  bool boilerplate = true;               // --no-boilerplate turns off
  BoilerplateOptions bp;
  size_t template_window = 64u << 20;    // --template-window: stdin look-ahead bytes
  // --html-cache: prepared HTML pages kept from the template pre-pass for the
  // cleaning pass (bytes); 0 parses every page in both passes.
  size_t html_cache_bytes = 256u << 20;

  bool dedup = true;                     // --no-dedup turns off
  NearDupOptions near;                   // --exact-only, --ngram, --near-threshold, --index-memory
  size_t min_dedup_chars = 24;           // --min-dedup-chars
  double doc_dup_threshold = 0.8;        // --doc-dup-threshold

  OutputFormat format = OutputFormat::kJsonl;  // --format
  std::string output = "-";              // -o
  bool output_folder = false;            // -o names a folder of parts (several ranks, no --merge)
  std::string dups_path;                 // --dups
  std::string stats_path;                // --stats
  std::string explain_path;              // --explain
  std::string explain_html_path;         // --explain-html
  // --explain-sample: documents on the --explain-html page; 0 = all. The
  // default makes a page of a few MB that a browser opens in about a second.
  size_t explain_sample = 400;

  int threads = 0;                       // -j; 0 = all cores
  size_t batch_bytes = 1u << 20;         // --batch-bytes
  int live_batches = 0;                  // --live-batches; 0 = 4 x threads
  bool keep_going = true;                // --keep-going / --fail-fast
  bool quiet = false;                    // --quiet
  bool progress = true;                  // progress on stderr when it is a terminal
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_CONFIG_H_
