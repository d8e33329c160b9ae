// The per-batch work of a run, as plain functions over a Batch: what the TBB
// pipeline (pipeline.cc) calls from its filters. Knows nothing of TBB.
//
//   Prepare   parallel     clean text, units, match keys, key hashes
//   Count     serial       template counts per source (pre-pass / window)
//   Classify  parallel     boilerplate verdicts, near-dup sketches
//   Dedup     serial, in input order: exact and near-duplicate verdicts,
//             duplicate documents, the --dups report (its lookups may
//             run ahead in parallel: StartProbes, ProbeAhead)
//   Format    parallel     output JSONL/text, --explain, per-batch stats
//             (the --explain-html fragments: report/explain_page.h)
//
// Const members are safe to call from many threads at once, each with its
// own Scratch. Count and Dedup mutate shared state and must be called by one
// thread at a time, Dedup in input order; Classify reads the template counts,
// so it must not overlap a Count call.
#ifndef WINNOW_PIPELINE_PROCESS_H_
#define WINNOW_PIPELINE_PROCESS_H_

#include <memory>
#include <span>
#include <string_view>
#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/document.h"
#include "pipeline/html_cache.h"
#include "stages/boilerplate.h"
#include "stages/dedup_resolve.h"
#include "stages/html_blocks.h"
#include "stages/near_dup.h"
#include "stages/normalize.h"
#include "stages/template_counts.h"
#include "stages/rendered_text.h"

namespace winnow {

// A distributed run (pipeline/dist/) decides dedup in passes instead of in
// the serial filter: Processor::Collect hands each document's dedup inputs
// to a DedupSink, and Processor::Apply takes the decisions back from a
// DedupSource, for the same documents in the same order.
class DedupSink {
 public:
  virtual ~DedupSink() = default;
  // A document dedup looks at; its units follow. kept_chars: text bytes of
  // every kept unit (also those too short to be deduplicated).
  virtual void Document(uint64_t ordinal, std::string_view id, uint64_t kept_chars) = 0;
  virtual void Unit(uint32_t unit, uint64_t len, uint64_t key_hash, std::span<const uint64_t> sketch) = 0;
};

// What a unit duplicates (candidate.of, similarity, exact) and the id of
// that unit's document.
struct UnitMatch {
  bool found = false;
  DedupCandidate candidate;
  std::string_view of_id;
};

class DedupSource {
 public:
  virtual ~DedupSource() = default;
  // The next document's outcome: dropped as a duplicate or not, and for each
  // unit its DedupSink got, in that order, its match.
  virtual void Next(bool* dropped, std::span<const UnitMatch>* units) = 0;
};

class Processor {
 public:
  struct Scratch {
    BoilerplateClassifier::ScratchPtr bp;
    std::vector<UnitInput> inputs;
    std::vector<UnitDecision> decisions;
    std::vector<Span> spans;
    std::vector<uint64_t> hashes;
    std::vector<DedupCandidate> cands;     // Dedup: one document's candidates
    std::vector<uint32_t> cand_end;        // where each unit's candidates end in cands
    std::vector<uint32_t> unit_of;         // the unit number of each resolve entry
    std::vector<ResolveUnit> resolve;
    std::string line, key;  // PrepareLinesForCount
    RenderedTextScratch rendered;  // columns and wrapped lines of a text document
    HtmlPage page;          // PrepareHtml
    std::string body, html;  // DecodeHtmlRecord scratch
  };

  // `files` is the run's input table (display names, for ids and sources).
  // Returns nullptr and sets *error when a stage cannot be created (e.g. a
  // bad --boilerplate-phrases path).
  static std::unique_ptr<Processor> Create(const Config& config,
                                           const std::vector<InputFile>* files,
                                           std::string* error);

  std::unique_ptr<Scratch> NewScratch() const;

  // With `count_only`, the batch is prepared for Count alone: only units
  // short enough to count as template lines get keys (and, with line units,
  // clean text only in scratch).
  void Prepare(Batch* batch, Scratch* scratch, bool count_only = false) const;
  void Count(const Batch& batch, Scratch* scratch);
  // The template pre-pass over files: keeps the batch's prepared HTML pages
  // (Config::html_cache_bytes) so the cleaning pass does not parse them
  // again. Serial, in input order, before the cleaning pass starts.
  void KeepPrepared(const Batch& batch) { html_cache_.Keep(batch); }
  const HtmlCache& html_cache() const { return html_cache_; }
  void Classify(Batch* batch, Scratch* scratch) const;
  void Dedup(Batch* batch, Scratch* scratch);
  // Dedup's lookups, ahead: each unit's candidates in the index as it
  // stands before this batch, for documents [begin, end) of the batch. Const:
  // many threads may probe one batch at once, between StartProbes and the
  // batch's Dedup, while no Dedup runs. Dedup then keeps every answer no
  // add since can have changed and probes again only the others, so the
  // result is the same as without probing ahead. Returns the documents.
  size_t StartProbes(Batch* batch) const;
  // A batch's boilerplate verdicts, saved by RecordVerdicts after Classify
  // and put back by ReplayVerdicts after Prepare of the same batch in a
  // later pass over the same input: what Format needs without --explain
  // (which shows every feature, so it classifies again). Sketches are not
  // replayed: the pass that replays takes its dedup decisions from a
  // DedupSource.
  void RecordVerdicts(const Batch& batch, std::string* out) const;
  void ReplayVerdicts(Batch* batch, std::string_view in) const;
  // Dedup in passes (see DedupSink): Collect instead of Dedup in the first
  // pass, Apply instead of Dedup in the second.
  void Collect(const Batch& batch, DedupSink* sink) const;
  void Apply(Batch* batch, DedupSource* source);
  void ProbeAhead(Batch* batch, size_t begin, size_t end) const;
  void Format(Batch* batch) const;

  bool counts_templates() const { return config_.boilerplate && config_.bp.template_min_docs > 0; }
  const DedupIndex& index() const { return index_; }
  const TemplateCounts& template_counts() const { return counts_; }
  TemplateCounts* mutable_template_counts() { return &counts_; }
  // Memory held by the document-id table the --dups report resolves against.
  size_t doc_id_bytes() const;

 private:
  Processor(const Config& config, const std::vector<InputFile>* files);
  void DedupDocuments(Batch* batch, Scratch* scratch);
  class UnitPrefetcher;  // loads the index lines of the units ahead (process.cc)
  // Kept units long enough to be sketched, probed and indexed.
  bool Deduplicated(const UnitRecord& u) const {
    return u.verdict == Verdict::kKeep && u.text.len >= config_.min_dedup_chars;
  }
  static std::span<const uint64_t> SketchOf(const Batch& batch, const UnitRecord& u) {
    return std::span<const uint64_t>(batch.sketches.data() + u.sketch_off, u.sketch_len);
  }
  // Prepare(count_only) of one document with line units: keys of its short
  // lines only, without cleaning the whole text.
  void PrepareLinesForCount(Batch* batch, Document* doc, Scratch* scratch) const;
  // Prepare of an HTML document (process_html.cc): decodes and parses the
  // page into units, one per block, with their DOM features in Batch::dom;
  // with `cached`, takes the page from the pre-pass's cache when it is there.
  void PrepareHtml(Batch* batch, Document* doc, Scratch* scratch, bool count_only, bool cached) const;
  // DOM evidence on the units of an HTML document, after the text
  // classifier (process_html.cc).
  void ClassifyDom(Batch* batch, const Document& doc, UnitRecord* units) const;
  uint32_t TitleHeading(const Batch& batch, const Document& doc, const UnitRecord* units, DomUnit* dom) const;
  void AppendDomExplain(const Batch& batch, const Document& doc, uint32_t unit, std::string* out) const;
  static void AppendHtmlMeta(const Batch& batch, const Document& doc, std::string* out);
  // Sets doc->source (url host, else the input file) and doc->site_source.
  void SetSource(const Batch& batch, Document* doc) const;
  void RememberDocId(uint64_t ordinal, std::string_view id);
  std::string_view DocId(uint64_t ordinal) const;
  static void AppendDupLine(Batch* batch, const Document& doc, uint32_t unit_index,
                            const UnitRecord& u);
  // The --dups line of a document dropped as a duplicate: the document its
  // largest copied unit came from, and the share of its text that is copied.
  static void AppendDocDupLine(Batch* batch, const Document& doc);
  // Unit i of doc duplicates `c` (in the document with id `of_id`).
  void MarkDuplicate(Batch* batch, const Document& doc, uint32_t i, const DedupCandidate& c,
                     std::string_view of_id) const;
  // Drops doc as a duplicate when `dropped` or when dedup left nothing kept.
  void FinishDedup(Batch* batch, Document* doc, bool dropped) const;
  void AppendExplain(const Batch& batch, const Document& doc, std::string* out) const;

  // Template candidates are short: menus, share bars, footers. Longer units
  // are not counted, which keeps the table small.
  static constexpr uint32_t kMaxTemplateWords = 48;

  Config config_;
  const std::vector<InputFile>* files_;
  Normalizer normalizer_;
  std::unique_ptr<BoilerplateClassifier> classifier_;
  HtmlExtractor html_;
  DomRuleParams dom_params_;
  HtmlCache html_cache_;  // shipped, or Config::dom_rules_path
  Sketcher sketcher_;
  // Serial state (Count / Dedup).
  TemplateCounts counts_;
  DedupIndex index_;
  std::vector<uint64_t> id_ordinals_;  // documents whose units were indexed
  std::vector<uint64_t> id_offsets_;   // into id_arena_, one past each id's end
  std::string id_arena_;
  bool index_was_full_ = false;
  // Only --dups, --explain and --explain-html name the unit a duplicate copies; without them
  // no document ids are remembered and no report lines are built.
  const bool track_dup_ids_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_PROCESS_H_
