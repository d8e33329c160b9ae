// The document model: a Batch owns the bytes of a few MB of documents; every
// Document and unit refers into the batch's buffers by Span (stages/unit.h),
// so nothing on the hot path allocates per line. A Batch is the token that
// flows through the TBB pipeline (pipeline.h); it is touched by one filter at
// a time and needs no locking.
#ifndef WINNOW_PIPELINE_DOCUMENT_H_
#define WINNOW_PIPELINE_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/stats.h"
#include "stages/boilerplate.h"
#include "stages/dom_rules.h"
#include "stages/html_blocks.h"
#include "stages/near_dup.h"
#include "stages/unit.h"

namespace winnow {

enum class Fate : uint8_t { kPending = 0, kEmitted, kDropped, kRejected };

// "emitted", "dropped", "rejected" ("pending" before Format).
const char* FateName(Fate f);
// What Document::text holds: text, or HTML that Prepare turns into units
// (an HTTP response message from a WARC `response` record, or bare HTML).
enum class DocKind : uint8_t { kText = 0, kHttp, kHtml };

// Page metadata of an HTML document (spans into Batch::raw; empty when the
// page does not give it).
struct HtmlMeta {
  Span title, published, author, lang, canonical;
};

// A unit's DOM features (stages/html_blocks.h), element path (in
// Batch::dom_paths) and what the DOM evidence did to it.
struct DomUnit {
  DomFeatures f;
  Span path;
  DomCue cue = DomCue::kNone;
  bool decided = false;              // the cue changed the text classifier's verdict
  Reason overruled = Reason::kNone;  // kShortProse/kMainContainer/kTitle: the text classifier's reason
  bool title = false;                // the page's headline (Processor::TitleHeading)
};

struct Document {
  // Spans into Batch::raw (what the reader produced).
  Span id;          // record id (JSONL id field, WARC-Record-ID, path); generated when absent
  Span url;         // may be empty
  Span text;        // input text, unescaped
  Span extra;       // JSONL: other top-level fields verbatim, as `"k":v,"k2":v2`
  Span error;       // rejected: the reason, e.g. "invalid JSON: unterminated string"
  // Spans into Batch::clean.
  Span clean;       // normalized output text
  uint32_t file = 0;       // index into the run's input file table
  uint64_t record = 0;     // 1-based record number in its file (line for JSONL)
  uint64_t ordinal = 0;    // global input order, assigned by the reader filter
  uint64_t source = 0;     // hash of url host, or of the file, for template counts
  bool site_source = false;  // `source` is a url host (not the input file)
  // The only document of its input file (a text file). Without a url its
  // source is that file, so it is alone in its source: each of its counted
  // keys is in exactly one document of the source, itself.
  bool whole_file = false;
  uint32_t first_unit = 0; // into Batch::units
  uint32_t unit_count = 0;
  uint32_t invalid_utf8 = 0;
  uint32_t joined_lines = 0;  // hard-wrapped CJK line breaks removed (stages/unwrap.h)
  uint32_t column_regions = 0;  // side-by-side column regions split (stages/columns.h)
  Fate fate = Fate::kPending;
  Reason reason = Reason::kNone;  // drop reason when kDropped
  bool unparsed = false;   // a JSONL line in `text`, for ParseUnparsedRecord
  DocKind kind = DocKind::kText;
  uint8_t charset = kNoCharset;  // HTML: what decided the charset (CharsetSource)
  uint32_t first_dom = 0;  // HTML: into Batch::dom, one DomUnit per unit
  HtmlMeta meta;           // HTML
  static constexpr uint8_t kNoCharset = 0xFF;
  bool html() const { return kind != DocKind::kText; }
};

struct UnitRecord {
  Span text;               // in Batch::clean
  Span key;                // in Batch::keys
  uint64_t key_hash = 0;
  uint32_t words = 0;
  uint32_t template_docs = 0;  // documents of the source with this key (0 = not counted)
  uint32_t sketch_off = 0; // into Batch::sketches
  uint32_t sketch_len = 0;
  Verdict verdict = Verdict::kKeep;
  Reason reason = Reason::kNone;
  UnitDecision decision;   // boilerplate evidence (for --explain)
  UnitRef dup_of;          // when kDuplicate
  Span dup_of_id;          // id of dup_of.doc, copied into Batch::raw by Dedup
  float similarity = 0;
};

// A unit's dedup candidates probed ahead; a unit with more than fit is
// probed again in order.
struct AheadCandidates {
  static constexpr uint8_t kFit = 3;
  uint8_t n = 0;
  bool overflow = false;
  DedupCandidate c[kFit];
};

struct Batch {
  uint64_t seq = 0;          // position in input order
  std::string raw;           // reader output
  std::string clean;         // normalized text of every document
  std::string keys;          // match keys of every unit
  std::vector<Document> docs;
  std::vector<UnitRecord> units;
  std::vector<uint64_t> sketches;
  std::vector<DomUnit> dom;  // units of HTML documents (Document::first_dom)
  std::string dom_paths;
  // Dedup candidates taken ahead (Processor::ProbeAhead), one per unit.
  std::vector<AheadCandidates> probes;
  bool probed = false;
  // Serialized output, filled by the format filter.
  std::string out;
  std::string dups;
  std::string explain;
  // --explain-html: fragments of the documents the page may show, in
  // document order; html_docs[i] is the ordinal of the i-th and where it ends.
  std::string html;
  struct HtmlDoc {
    uint64_t ordinal;
    size_t end;
  };
  std::vector<HtmlDoc> html_docs;
  BatchStats stats;          // filled by the format filter
  std::string error;         // set when a filter failed on this batch
  bool index_filled = false; // the dedup index reached --index-memory in this batch
  uint64_t bytes_in = 0;     // input bytes consumed for this batch (decompressed)

  std::string_view View(Span s) const { return s.in(raw); }
  void Clear();
  // Appends bytes to raw and returns their span.
  Span Append(std::string_view s);
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DOCUMENT_H_
