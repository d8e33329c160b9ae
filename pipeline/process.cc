#include "pipeline/process.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <cstdio>
#include <stdexcept>

#include "pipeline/json_write.h"
#include "stages/bp_features.h"
#include "stages/hash.h"
#include "stages/segment.h"
#include "stages/rendered_text.h"
#include "stages/utf8.h"

namespace winnow {
namespace {

std::string_view HostOf(std::string_view url) {
  size_t p = url.find("://");
  if (p == std::string_view::npos) return {};
  url.remove_prefix(p + 3);
  size_t end = url.find_first_of("/?#");
  if (end != std::string_view::npos) url = url.substr(0, end);
  size_t at = url.rfind('@');
  if (at != std::string_view::npos) url.remove_prefix(at + 1);
  size_t colon = url.rfind(':');
  if (colon != std::string_view::npos && url.find(']') == std::string_view::npos) url = url.substr(0, colon);
  if (url.size() > 4 && (url.substr(0, 4) == "www." || url.substr(0, 4) == "WWW.")) url.remove_prefix(4);
  return url;
}

// A document alone in its source needs no template counts: every key it
// has, it has in one document (see Document::whole_file).
bool AloneInSource(const Document& doc) { return doc.whole_file && !doc.site_source; }

// A record is binary, not text, when more than a tenth of its bytes start
// an ill-formed UTF-8 sequence (random bytes: about 40%; Latin-1 prose read
// as UTF-8: a few percent, which stays text with U+FFFD).
bool LooksBinary(uint32_t bytes, uint32_t invalid) { return invalid >= 16 && uint64_t{invalid} * 10 > bytes; }

// The index resolves which unit a duplicate copies only when a report
// (--dups, --explain, --explain-html) will name it.
bool NamesDuplicates(const Config& config) {
  return !config.dups_path.empty() || !config.explain_path.empty() || !config.explain_html_path.empty();
}

// Starts loading the template-count slots of doc's units of 1..max_words
// words, so that counting or classifying the document before it hides
// these misses (one per unit, in a table of every short line seen).
void PrefetchTemplateCounts(const TemplateCounts& counts, const Batch& batch, const Document& doc,
                            uint32_t max_words) {
  if (doc.fate != Fate::kPending || AloneInSource(doc)) return;
  const UnitRecord* u = batch.units.data() + doc.first_unit;
  for (uint32_t i = 0; i < doc.unit_count; ++i)
    if (u[i].words > 0 && u[i].words <= max_words) counts.Prefetch(doc.source, u[i].key_hash);
}

NearDupOptions IndexOptions(const Config& config) {
  NearDupOptions o = config.near;
  o.resolve_refs = NamesDuplicates(config);
  return o;
}

}  // namespace

std::unique_ptr<Processor> Processor::Create(const Config& config,
                                             const std::vector<InputFile>* files,
                                             std::string* error) {
  std::unique_ptr<Processor> p(new Processor(config, files));
  p->dom_params_ = DomRuleParams::Shipped();
  if (!config.dom_rules_path.empty()) {
    std::ifstream f(config.dom_rules_path, std::ios::binary);
    std::stringstream text;
    text << f.rdbuf();
    std::string why;
    if (!f || !DomRuleParams::Parse(text.str(), &p->dom_params_, &why)) {
      *error = config.dom_rules_path + ": " + (f ? why : std::string("cannot read"));
      return nullptr;
    }
  }
  if (config.boilerplate) {
    p->classifier_ = BoilerplateClassifier::Create(config.bp, error);
    if (!p->classifier_) return nullptr;
  }
  return p;
}

Processor::Processor(const Config& config, const std::vector<InputFile>* files)
    : config_(config),
      files_(files),
      normalizer_(config.normalize),
      html_(config.html),
      html_cache_(config.html_cache_bytes),
      sketcher_(config.near),
      index_(IndexOptions(config)),
      track_dup_ids_(NamesDuplicates(config)) {}

std::unique_ptr<Processor::Scratch> Processor::NewScratch() const {
  auto s = std::make_unique<Scratch>();
  if (classifier_) s->bp = classifier_->NewScratch();
  return s;
}

void Processor::SetSource(const Batch& batch, Document* doc) const {
  std::string_view host = HostOf(batch.View(doc->url));
  doc->site_source = !host.empty();
  if (!host.empty()) {
    // Hosts are case-insensitive; lowercase into a small stack buffer.
    char buf[256];
    size_t n = std::min(host.size(), sizeof buf);
    for (size_t i = 0; i < n; ++i) {
      char c = host[i];
      buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    }
    doc->source = Hash64(std::string_view(buf, n), kSourceSeed);
    return;
  }
  std::string_view file = doc->file < files_->size() ? std::string_view((*files_)[doc->file].display)
                                                      : std::string_view("-");
  doc->source = Hash64(file, kSourceSeed + 1);
}

void Processor::Prepare(Batch* batch, Scratch* scratch, bool count_only) const {
  for (Document& doc : batch->docs) {
    if (doc.unparsed) {
      ParseUnparsedRecord(batch, &doc, config_.reader,
                          doc.file < files_->size() ? std::string_view((*files_)[doc.file].display)
                                                    : std::string_view("-"));
    }
    if (doc.fate != Fate::kPending) continue;
    SetSource(*batch, &doc);
    if (doc.html()) {
      // In the pre-pass, pages are prepared fully when the cleaning pass may
      // take them from the cache (which the pre-pass is filling: not read).
      PrepareHtml(batch, &doc, scratch, count_only && !html_cache_.enabled(), /*cached=*/!count_only);
      continue;
    }
    if (count_only && config_.unit == UnitMode::kLine) {
      PrepareLinesForCount(batch, &doc, scratch);
      continue;
    }
    const uint32_t clean_off = static_cast<uint32_t>(batch->clean.size());
    RenderedTextCounts laid_out;
    doc.invalid_utf8 += static_cast<uint32_t>(CleanRenderedText(
        normalizer_, batch->View(doc.text), config_.rendered, &batch->clean, &scratch->rendered, &laid_out));
    doc.joined_lines = static_cast<uint32_t>(laid_out.joined_lines);
    doc.column_regions = static_cast<uint32_t>(laid_out.column_regions);
    if (LooksBinary(doc.text.len, doc.invalid_utf8)) {
      // Not text (an image, an archive, a legacy 8-bit encoding): what
      // cleaning leaves is U+FFFD soup, so the record is rejected, not emitted.
      batch->clean.resize(clean_off);
      doc.fate = Fate::kRejected;
      doc.reason = Reason::kNotText;
      doc.error = batch->Append("not UTF-8 text: " +
                                std::to_string(uint64_t{doc.invalid_utf8} * 100 / doc.text.len) +
                                "% of bytes are invalid UTF-8 (binary data or a legacy encoding)");
      continue;
    }
    doc.clean = Span{clean_off, static_cast<uint32_t>(batch->clean.size() - clean_off)};
    scratch->spans.clear();
    SegmentUnits(std::string_view(batch->clean).substr(clean_off, doc.clean.len), config_.unit,
                 &scratch->spans);
    doc.first_unit = static_cast<uint32_t>(batch->units.size());
    doc.unit_count = static_cast<uint32_t>(scratch->spans.size());
    for (Span s : scratch->spans) {
      UnitRecord u;
      u.text = Span{clean_off + s.off, s.len};
      const std::string_view text = u.text.in(batch->clean);
      if (count_only) {
        // Count looks only at keys of up to kMaxTemplateWords tokens.
        const size_t min_words = Normalizer::MinKeyTokens(text, kMaxTemplateWords);
        if (min_words > kMaxTemplateWords) {
          u.words = static_cast<uint32_t>(min_words);
          batch->units.push_back(u);
          continue;
        }
      }
      const uint32_t key_off = static_cast<uint32_t>(batch->keys.size());
      u.words = static_cast<uint32_t>(normalizer_.MatchKey(text, &batch->keys));
      u.key = Span{key_off, static_cast<uint32_t>(batch->keys.size() - key_off)};
      u.key_hash = Hash64(u.key.in(batch->keys), kUnitKeySeed);
      batch->units.push_back(u);
    }
    if (doc.unit_count == 0) {
      doc.fate = Fate::kDropped;
      doc.reason = Reason::kEmpty;
    }
  }
}

void Processor::PrepareLinesForCount(Batch* batch, Document* doc, Scratch* scratch) const {
  const std::string_view raw = batch->View(doc->text);
  size_t cjk_leads = 0;
  const size_t bad = doc->invalid_utf8 + utf8::CountIllFormed(
      reinterpret_cast<const uint8_t*>(raw.data()), raw.size(), &cjk_leads);
  if (LooksBinary(doc->text.len, static_cast<uint32_t>(std::min<size_t>(bad, UINT32_MAX)))) {
    doc->fate = Fate::kRejected;  // as Prepare would; Count skips it
    return;
  }
  doc->first_unit = static_cast<uint32_t>(batch->units.size());
  // The text laid out as the cleaning pass lays it out (CleanRenderedText).
  RenderedTextCounts laid_out;
  const std::string_view text = LayOutRenderedText(raw, config_.rendered.columns && MayHaveColumns(raw),
                                                   cjk_leads, config_.rendered, &scratch->rendered, &laid_out);
  ForShortLineKeys(normalizer_, text, kMaxTemplateWords, &scratch->line, &scratch->key,
                   [&](std::string_view key, size_t words) {
                     UnitRecord u;
                     u.words = static_cast<uint32_t>(words);
                     u.key_hash = Hash64(key, kUnitKeySeed);
                     batch->units.push_back(u);
                   });
  doc->unit_count = static_cast<uint32_t>(batch->units.size() - doc->first_unit);
}

void Processor::Count(const Batch& batch, Scratch* scratch) {
  for (size_t d = 0; d < batch.docs.size(); ++d) {
    const Document& doc = batch.docs[d];
    if (d + 1 < batch.docs.size())
      PrefetchTemplateCounts(counts_, batch, batch.docs[d + 1], kMaxTemplateWords);
    if (doc.fate != Fate::kPending || AloneInSource(doc)) continue;
    scratch->hashes.clear();
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      const UnitRecord& u = batch.units[doc.first_unit + i];
      if (u.words > 0 && u.words <= kMaxTemplateWords) scratch->hashes.push_back(u.key_hash);
    }
    std::sort(scratch->hashes.begin(), scratch->hashes.end());
    auto end = std::unique(scratch->hashes.begin(), scratch->hashes.end());
    for (auto it = scratch->hashes.begin(); it != end; ++it) counts_.Add(doc.source, *it);
  }
}

void Processor::Classify(Batch* batch, Scratch* scratch) const {
  const bool count = counts_templates();
  const bool sketch = config_.dedup && config_.near.near;
  for (size_t d = 0; d < batch->docs.size(); ++d) {
    Document& doc = batch->docs[d];
    if (count && d + 1 < batch->docs.size())
      PrefetchTemplateCounts(counts_, *batch, batch->docs[d + 1], kMaxTemplateWords);
    if (doc.fate != Fate::kPending) continue;
    UnitRecord* units = batch->units.data() + doc.first_unit;
    if (classifier_) {
      const bool alone = AloneInSource(doc);
      scratch->inputs.resize(doc.unit_count);
      scratch->decisions.resize(doc.unit_count);
      for (uint32_t i = 0; i < doc.unit_count; ++i) {
        UnitInput& in = scratch->inputs[i];
        in.text = units[i].text.in(batch->clean);
        in.key = units[i].key.in(batch->keys);
        const uint32_t words = in.words = units[i].words;
        // Count() records keys of 1..kMaxTemplateWords words.
        in.template_docs = units[i].template_docs =
            !count || words > kMaxTemplateWords ? 0
            : alone                             ? uint32_t{words > 0}
                                                : counts_.Count(doc.source, units[i].key_hash);
      }
      classifier_->Classify(scratch->inputs, scratch->decisions, scratch->bp.get(), doc.site_source);
      uint32_t kept = 0;
      for (uint32_t i = 0; i < doc.unit_count; ++i) {
        units[i].decision = scratch->decisions[i];
        units[i].reason = scratch->decisions[i].reason;
        units[i].verdict = units[i].reason == Reason::kNone ? Verdict::kKeep : Verdict::kBoilerplate;
      }
      if (doc.html()) ClassifyDom(batch, doc, units);
      for (uint32_t i = 0; i < doc.unit_count; ++i) kept += units[i].verdict == Verdict::kKeep;
      if (kept == 0) {
        doc.fate = Fate::kDropped;
        doc.reason = Reason::kNoKeptText;
        continue;
      }
    }
    if (!sketch) continue;
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      UnitRecord& u = units[i];
      if (!Deduplicated(u)) continue;
      u.sketch_off = static_cast<uint32_t>(batch->sketches.size());
      u.sketch_len = static_cast<uint32_t>(sketcher_.Sketch(u.key.in(batch->keys), &batch->sketches));
    }
  }
}

void Processor::RecordVerdicts(const Batch& batch, std::string* out) const {
  out->clear();
  if (!classifier_) return;
  for (const Document& doc : batch.docs) {
    // The documents Classify looked at: pending ones, and those it dropped
    // (no-kept-text is Classify's own reason).
    if (doc.fate != Fate::kPending && doc.reason != Reason::kNoKeptText) continue;
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      const UnitRecord& u = batch.units[doc.first_unit + i];
      out->push_back(static_cast<char>(u.reason));
      out->push_back(static_cast<char>((u.decision.features & kFlagBestBlock) != 0));
    }
  }
}

void Processor::ReplayVerdicts(Batch* batch, std::string_view in) const {
  if (!classifier_) return;
  size_t at = 0;
  for (Document& doc : batch->docs) {
    if (doc.fate != Fate::kPending) continue;
    if (at + 2 * size_t{doc.unit_count} > in.size()) throw std::logic_error("replayed verdicts do not match the batch");
    UnitRecord* units = batch->units.data() + doc.first_unit;
    uint32_t kept = 0;
    for (uint32_t i = 0; i < doc.unit_count; ++i, at += 2) {
      UnitRecord& u = units[i];
      u.reason = u.decision.reason = static_cast<Reason>(in[at]);
      u.decision.features = in[at + 1] ? static_cast<uint32_t>(kFlagBestBlock) : 0u;
      u.verdict = u.reason == Reason::kNone ? Verdict::kKeep : Verdict::kBoilerplate;
      kept += u.verdict == Verdict::kKeep;
    }
    if (kept == 0) {
      doc.fate = Fate::kDropped;
      doc.reason = Reason::kNoKeptText;
    }
  }
}

void Processor::RememberDocId(uint64_t ordinal, std::string_view id) {
  if (!id_ordinals_.empty() && id_ordinals_.back() == ordinal) return;
  id_ordinals_.push_back(ordinal);
  id_arena_.append(id);
  id_offsets_.push_back(id_arena_.size());
}

std::string_view Processor::DocId(uint64_t ordinal) const {
  auto it = std::lower_bound(id_ordinals_.begin(), id_ordinals_.end(), ordinal);
  if (it == id_ordinals_.end() || *it != ordinal) return {};
  size_t i = static_cast<size_t>(it - id_ordinals_.begin());
  size_t begin = i == 0 ? 0 : id_offsets_[i - 1];
  return std::string_view(id_arena_).substr(begin, id_offsets_[i] - begin);
}

size_t Processor::doc_id_bytes() const {
  return id_arena_.capacity() + id_ordinals_.capacity() * sizeof(uint64_t) +
         id_offsets_.capacity() * sizeof(uint64_t);
}

void Processor::AppendDupLine(Batch* batch, const Document& doc, uint32_t unit_index,
                              const UnitRecord& u) {
  std::string* out = &batch->dups;
  *out += "{\"doc\":";
  AppendJsonString(batch->View(doc.id), out);
  *out += ",\"unit\":";
  AppendUint(unit_index, out);
  *out += ",\"text\":";
  AppendJsonString(u.text.in(batch->clean), out);
  *out += ",\"of_doc\":";
  AppendJsonString(batch->View(u.dup_of_id), out);
  *out += ",\"of_unit\":";
  AppendUint(u.dup_of.unit, out);
  *out += ",\"similarity\":";
  AppendFixed(u.similarity, out);
  *out += ",\"kind\":";
  *out += u.reason == Reason::kDuplicate ? "\"exact\"}\n" : "\"near\"}\n";
}

void Processor::AppendDocDupLine(Batch* batch, const Document& doc) {
  const UnitRecord* units = batch->units.data() + doc.first_unit;
  uint64_t kept_chars = 0, dup_chars = 0, best_chars = 0;
  Span best_id;
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    const UnitRecord& u = units[i];
    if (u.verdict == Verdict::kBoilerplate) continue;
    kept_chars += u.text.len;
    if (u.verdict != Verdict::kDuplicate) continue;
    dup_chars += u.text.len;
    // The document duplicated most: the one its largest copied unit came from.
    if (u.text.len > best_chars) {
      best_chars = u.text.len;
      best_id = u.dup_of_id;
    }
  }
  std::string* out = &batch->dups;
  *out += "{\"doc\":";
  AppendJsonString(batch->View(doc.id), out);
  *out += ",\"unit\":null,\"text\":null,\"of_doc\":";
  AppendJsonString(batch->View(best_id), out);
  *out += ",\"of_unit\":null,\"similarity\":";
  AppendFixed(kept_chars ? static_cast<double>(dup_chars) / kept_chars : 1.0, out);
  *out += ",\"kind\":\"document\"}\n";
}

void Processor::MarkDuplicate(Batch* batch, const Document& doc, uint32_t i, const DedupCandidate& c,
                              std::string_view of_id) const {
  UnitRecord& u = batch->units[doc.first_unit + i];
  u.verdict = Verdict::kDuplicate;
  u.reason = c.exact ? Reason::kDuplicate : Reason::kNearDuplicate;
  u.dup_of = c.of;
  u.similarity = c.similarity;
  if (!track_dup_ids_) return;
  u.dup_of_id = batch->Append(of_id);
  if (!config_.dups_path.empty()) AppendDupLine(batch, doc, i, u);
}

void Processor::FinishDedup(Batch* batch, Document* doc, bool dropped) const {
  const UnitRecord* units = batch->units.data() + doc->first_unit;
  bool any_kept = false;
  for (uint32_t i = 0; i < doc->unit_count && !any_kept; ++i) any_kept = units[i].verdict == Verdict::kKeep;
  if (!dropped && any_kept) return;
  doc->fate = Fate::kDropped;
  doc->reason = Reason::kDuplicateDocument;
  if (!config_.dups_path.empty()) AppendDocDupLine(batch, *doc);
}

void Processor::Collect(const Batch& batch, DedupSink* sink) const {
  if (!config_.dedup) return;
  for (const Document& doc : batch.docs) {
    if (doc.fate != Fate::kPending) continue;
    const UnitRecord* units = batch.units.data() + doc.first_unit;
    uint64_t kept_chars = 0;
    for (uint32_t i = 0; i < doc.unit_count; ++i) kept_chars += units[i].verdict == Verdict::kKeep ? units[i].text.len : 0;
    sink->Document(doc.ordinal, batch.View(doc.id), kept_chars);
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      const UnitRecord& u = units[i];
      if (Deduplicated(u)) sink->Unit(i, u.text.len, u.key_hash, SketchOf(batch, u));
    }
  }
}

void Processor::Apply(Batch* batch, DedupSource* source) {
  if (!config_.dedup) return;
  for (Document& doc : batch->docs) {
    if (doc.fate != Fate::kPending) continue;
    bool dropped = false;
    std::span<const UnitMatch> matches;
    source->Next(&dropped, &matches);
    size_t k = 0;
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      if (!Deduplicated(batch->units[doc.first_unit + i])) continue;
      if (k < matches.size() && matches[k].found) MarkDuplicate(batch, doc, i, matches[k].candidate, matches[k].of_id);
      ++k;
    }
    FinishDedup(batch, &doc, dropped);
  }
}

void Processor::Dedup(Batch* batch, Scratch* scratch) {
  if (!config_.dedup) return;
  DedupDocuments(batch, scratch);
  if (!index_was_full_ && index_.full()) index_was_full_ = batch->index_filled = true;
}

size_t Processor::StartProbes(Batch* batch) const {
  batch->probes.assign(config_.dedup ? batch->units.size() : 0, AheadCandidates{});
  batch->probed = config_.dedup;
  return config_.dedup ? batch->docs.size() : 0;
}

// Loads the index lines of the deduplicated units a few places ahead of the
// one being probed and held: their cache and TLB misses overlap with the
// work on the units before them (the index is tens of MB, read at random).
class Processor::UnitPrefetcher {
 public:
  static constexpr uint32_t kAhead = 2;  // units
  UnitPrefetcher(const Processor& p, const Batch& batch, size_t first) : p_(p), batch_(batch), next_(first) {}
  // Unit i is about to be probed: prefetches up to kAhead units past it.
  void Past(size_t i) {
    if (next_ <= i) {  // not prefetched: start past it
      next_ = i + 1;
      loaded_ = 0;
    } else {
      --loaded_;  // i was one of them
    }
    for (; loaded_ < kAhead && next_ < batch_.units.size(); ++next_) {
      const UnitRecord& u = batch_.units[next_];
      if (!p_.Deduplicated(u)) continue;
      p_.index_.Prefetch(u.key_hash, SketchOf(batch_, u));
      ++loaded_;
    }
  }

 private:
  const Processor& p_;
  const Batch& batch_;
  size_t next_;          // the first unit not looked at yet
  uint32_t loaded_ = 0;  // units prefetched past the current one
};

void Processor::ProbeAhead(Batch* batch, size_t begin, size_t end) const {
  thread_local std::vector<DedupCandidate> cands;
  UnitPrefetcher prefetch(*this, *batch, batch->docs[begin].first_unit);
  for (size_t d = begin; d < end; ++d) {
    const Document& doc = batch->docs[d];
    if (doc.fate != Fate::kPending) continue;
    for (uint32_t i = doc.first_unit; i < doc.first_unit + doc.unit_count; ++i) {
      const UnitRecord& u = batch->units[i];
      if (!Deduplicated(u)) continue;
      prefetch.Past(i);
      cands.clear();
      // Every holder is settled: the batch before this one is decided.
      index_.Candidates(u.key_hash, SketchOf(*batch, u), &cands, index_.units());
      AheadCandidates& a = batch->probes[i];
      a.overflow = cands.size() > AheadCandidates::kFit;
      a.n = static_cast<uint8_t>(std::min<size_t>(cands.size(), AheadCandidates::kFit));
      std::copy_n(cands.begin(), a.n, a.c);
    }
  }
}

void Processor::DedupDocuments(Batch* batch, Scratch* scratch) {
  // Candidates probed ahead hold against the index as it is now; adds from
  // here on are tracked so that the ones they may change are probed again.
  if (batch->probed) index_.Snapshot();
  std::vector<DedupCandidate>& cands = scratch->cands;
  std::vector<ResolveUnit>& resolve = scratch->resolve;
  UnitPrefetcher prefetch(*this, *batch, 0);
  for (Document& doc : batch->docs) {
    if (doc.fate != Fate::kPending) continue;
    UnitRecord* units = batch->units.data() + doc.first_unit;
    // Every unit dedup looks at takes its candidates, then is held, in order.
    cands.clear();
    scratch->cand_end.clear();
    scratch->unit_of.clear();
    resolve.clear();
    const uint64_t first_uid = index_.units();
    uint64_t kept_chars = 0;
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      const UnitRecord& u = units[i];
      if (u.verdict != Verdict::kKeep) continue;
      kept_chars += u.text.len;
      if (u.text.len < config_.min_dedup_chars) continue;
      prefetch.Past(doc.first_unit + i);
      const std::span<const uint64_t> sketch = SketchOf(*batch, u);
      const AheadCandidates* ahead = batch->probed ? &batch->probes[doc.first_unit + i] : nullptr;
      const size_t begin = cands.size();
      if (ahead && !ahead->overflow && !index_.ChangedFor(u.key_hash, sketch)) {
        cands.insert(cands.end(), ahead->c, ahead->c + ahead->n);
      } else {
        // Holders of earlier documents are settled.
        index_.Candidates(u.key_hash, sketch, &cands, first_uid);
      }
      scratch->cand_end.push_back(static_cast<uint32_t>(cands.size()));
      const uint32_t uid = index_.Add(u.key_hash, sketch, UnitRef{doc.ordinal, i}, &cands, begin);
      ResolveUnit r;
      r.len = u.text.len;
      r.uid = uid == DedupIndex::kNotHeld ? kNoUid : uid;
      resolve.push_back(r);
      scratch->unit_of.push_back(i);
    }
    uint32_t begin = 0;
    for (size_t k = 0; k < resolve.size(); ++k) {
      resolve[k].cands = std::span<const DedupCandidate>(cands.data() + begin, scratch->cand_end[k] - begin);
      begin = scratch->cand_end[k];
    }
    const bool dropped = ResolveDocument(
        std::span<ResolveUnit>(resolve), first_uid, kept_chars, config_.doc_dup_threshold,
        [this](uint64_t uid) { return index_.IsOriginal(uid); },
        [&](uint64_t uid) {
          index_.MarkOriginal(static_cast<uint32_t>(uid));
          if (track_dup_ids_) RememberDocId(doc.ordinal, batch->View(doc.id));
        });
    for (size_t k = 0; k < resolve.size(); ++k) {
      const DedupCandidate* m = resolve[k].match;
      if (m) MarkDuplicate(batch, doc, scratch->unit_of[k], *m, track_dup_ids_ ? DocId(m->of.doc) : std::string_view());
    }
    FinishDedup(batch, &doc, dropped);
  }
}

void Processor::Format(Batch* batch) const {
  BatchStats& st = batch->stats;
  std::string& out = batch->out;
  const bool want_explain = !config_.explain_path.empty();
  uint64_t text_bytes = 0;
  for (Document& doc : batch->docs) {
    ++st.docs_in;
    text_bytes += doc.text.len;
    if (doc.html()) {
      ++st.html_docs;
      st.html_bytes += doc.text.len;
      if (doc.charset < st.charsets.size()) ++st.charsets[doc.charset];
    }
    const UnitRecord* units = batch->units.data() + doc.first_unit;
    if (doc.fate != Fate::kRejected) {
      st.invalid_utf8 += doc.invalid_utf8;
      st.cjk_lines_joined += doc.joined_lines;
      st.column_regions += doc.column_regions;
      st.units_in += doc.unit_count;
      uint64_t best_block = 0;
      for (uint32_t i = 0; i < doc.unit_count; ++i) {
        if (doc.fate == Fate::kPending && units[i].verdict == Verdict::kKeep) {
          ++st.units_kept;
          best_block += (units[i].decision.features & kFlagBestBlock) != 0;
        } else {
          ++st.units_removed;
          Reason r = units[i].verdict == Verdict::kKeep ? doc.reason : units[i].reason;
          ++st.unit_reasons[static_cast<size_t>(r)];
        }
      }
      st.best_block_units += best_block;
      st.best_block_docs += best_block != 0;
    }
    if (doc.fate == Fate::kPending) {
      doc.fate = Fate::kEmitted;
      ++st.emitted;
      const size_t before = out.size();
      std::string_view clean = batch->clean;
      const bool jsonl = config_.format == OutputFormat::kJsonl;
      if (jsonl) {
        out += "{\"id\":";
        AppendJsonString(batch->View(doc.id), &out);
        out += ",\"url\":";
        AppendJsonString(batch->View(doc.url), &out);
        if (doc.html()) AppendHtmlMeta(*batch, doc, &out);
        out += ",\"text\":\"";
      }
      // Kept units joined by "\n", or by a blank line where the input had one;
      // written straight into the output, escaped piece by piece. A run of
      // consecutive kept units is one piece: in clean text, units are
      // separated by exactly "\n" or "\n\n" (one blank line), which is
      // what the join would write.
      int64_t prev_end = -1;
      for (uint32_t i = 0; i < doc.unit_count;) {
        if (units[i].verdict != Verdict::kKeep) {
          ++i;
          continue;
        }
        uint32_t j = i + 1;
        while (j < doc.unit_count && units[j].verdict == Verdict::kKeep) ++j;
        const uint32_t off = units[i].text.off;
        const uint32_t end = units[j - 1].text.off + units[j - 1].text.len;
        if (prev_end >= 0) {
          std::string_view gap = clean.substr(prev_end, off - prev_end);
          bool blank = (config_.unit == UnitMode::kBlock && !doc.html()) ||
                       gap.find("\n\n") != std::string_view::npos;
          out += jsonl ? (blank ? "\\n\\n" : "\\n") : (blank ? "\n\n" : "\n");
        }
        std::string_view piece = clean.substr(off, end - off);
        if (jsonl) AppendJsonEscapedValidUtf8(piece, &out);
        else out.append(piece);
        prev_end = end;
        i = j;
      }
      if (jsonl) {
        out += '"';
        std::string_view extra = batch->View(doc.extra);
        if (!extra.empty()) {
          out += ',';
          out.append(extra);
        }
        out += "}\n";
      } else {
        out += "\n\f\n";
      }
      st.bytes_out += out.size() - before;
    } else if (doc.fate == Fate::kDropped) {
      ++st.dropped;
      ++st.doc_reasons[static_cast<size_t>(doc.reason)];
    } else {
      ++st.rejected;
      ++st.doc_reasons[static_cast<size_t>(doc.reason)];
    }
    if (want_explain) AppendExplain(*batch, doc, &batch->explain);
  }
  st.bytes_in = batch->bytes_in ? batch->bytes_in : text_bytes;
}

void Processor::AppendExplain(const Batch& batch, const Document& doc, std::string* out) const {
  *out += "{\"doc\":";
  AppendJsonString(batch.View(doc.id), out);
  *out += ",\"url\":";
  AppendJsonString(batch.View(doc.url), out);
  *out += ",\"fate\":\"";
  *out += FateName(doc.fate);
  *out += "\"";
  if (doc.fate == Fate::kDropped || doc.fate == Fate::kRejected) {
    *out += ",\"reason\":";
    AppendJsonString(ReasonName(doc.reason), out);
  }
  if (doc.fate == Fate::kRejected) {
    *out += ",\"error\":";
    AppendJsonString(batch.View(doc.error), out);
    *out += "}\n";
    return;
  }
  *out += ",\"units\":[";
  const UnitRecord* units = batch.units.data() + doc.first_unit;
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    const UnitRecord& u = units[i];
    if (i) *out += ',';
    *out += "{\"unit\":";
    AppendUint(i, out);
    *out += ",\"verdict\":\"";
    *out += u.verdict == Verdict::kKeep ? "keep" : u.verdict == Verdict::kBoilerplate ? "boilerplate" : "duplicate";
    *out += "\",\"reason\":";
    AppendJsonString(ReasonName(u.reason), out);
    *out += ",\"text\":";
    AppendJsonString(u.text.in(batch.clean), out);
    if (u.verdict == Verdict::kDuplicate) {
      *out += ",\"of_doc\":";
      AppendJsonString(batch.View(u.dup_of_id), out);
      *out += ",\"of_unit\":";
      AppendUint(u.dup_of.unit, out);
      *out += ",\"similarity\":";
      AppendFixed(u.similarity, out);
    }
    if (classifier_) {
      *out += ",\"features\":";
      UnitInput in;
      in.text = u.text.in(batch.clean);
      in.key = u.key.in(batch.keys);
      in.words = u.words;
      in.template_docs = u.template_docs;
      classifier_->AppendExplainJson(in, u.decision, out);
    }
    if (doc.html()) AppendDomExplain(batch, doc, i, out);
    *out += '}';
  }
  *out += "]}\n";
}

}  // namespace winnow
