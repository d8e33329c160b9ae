// The HTML half of Processor: Prepare of HTML documents (decode, parse into
// block units), the DOM evidence that Classify adds for them, and their
// metadata and features in the output.
#include "pipeline/input/html_record.h"
#include "pipeline/json_write.h"
#include "pipeline/process.h"
#include "stages/hash.h"

#include <algorithm>
#include <vector>

namespace winnow {

void Processor::PrepareHtml(Batch* batch, Document* doc, Scratch* scratch, bool count_only, bool cached) const {
  if (cached && html_cache_.Take(batch, doc)) return;
  HtmlRecord rec;
  std::string_view html;
  const bool ok = DecodeHtmlRecord(batch->View(doc->text), doc->kind == DocKind::kHttp,
                                   config_.reader.max_record_bytes, &scratch->body, &scratch->html, &html, &rec);
  // Stats count what decided the charset of pages that got that far.
  if (ok || rec.reason == Reason::kUndecodable) doc->charset = static_cast<uint8_t>(rec.charset.source);
  if (!ok) {
    doc->fate = Fate::kRejected;
    doc->reason = rec.reason;
    doc->error = batch->Append(rec.error);
    return;
  }
  HtmlPage& page = scratch->page;
  html_.Extract(html, &page);
  doc->meta.title = batch->Append(page.title);
  doc->meta.published = batch->Append(page.published);
  doc->meta.author = batch->Append(page.author);
  doc->meta.lang = batch->Append(page.lang);
  doc->meta.canonical = batch->Append(page.canonical);

  // One unit per block, each cleaned on its own so that units and DOM
  // features stay aligned; blocks are separated in the clean text by "\n",
  // or "\n\n" where the page separated them as paragraphs (Format keeps it).
  std::string& clean = batch->clean;
  const uint32_t clean_off = static_cast<uint32_t>(clean.size());
  doc->first_unit = static_cast<uint32_t>(batch->units.size());
  doc->first_dom = static_cast<uint32_t>(batch->dom.size());
  for (const HtmlBlock& b : page.blocks) {
    const size_t before = clean.size();
    if (before > clean_off) clean += b.blank_before ? "\n\n" : "\n";
    const size_t text_off = clean.size();
    doc->invalid_utf8 += static_cast<uint32_t>(normalizer_.CleanText(b.text.in(page.text), &clean));
    if (clean.size() == text_off || clean.find('\n', text_off) != std::string::npos) {
      // Nothing visible after cleaning, or a line separator that cleaning
      // turned into a line end: kept as one unit would break the one-line
      // rule, so such lines are joined with spaces.
      if (clean.size() == text_off) {
        clean.resize(before);
        continue;
      }
      for (size_t p = clean.find('\n', text_off); p != std::string::npos; p = clean.find('\n', p + 1)) clean[p] = ' ';
    }
    UnitRecord u;
    u.text = Span{static_cast<uint32_t>(text_off), static_cast<uint32_t>(clean.size() - text_off)};
    const std::string_view text = u.text.in(clean);
    if (count_only && Normalizer::MinKeyTokens(text, kMaxTemplateWords) > kMaxTemplateWords) {
      u.words = kMaxTemplateWords + 1;
    } else {
      const uint32_t key_off = static_cast<uint32_t>(batch->keys.size());
      u.words = static_cast<uint32_t>(normalizer_.MatchKey(text, &batch->keys));
      u.key = Span{key_off, static_cast<uint32_t>(batch->keys.size() - key_off)};
      u.key_hash = Hash64(u.key.in(batch->keys), kUnitKeySeed);
    }
    batch->units.push_back(u);
    DomUnit d;
    d.f = b.f;
    d.path = Span{static_cast<uint32_t>(batch->dom_paths.size()), b.path.len};
    batch->dom_paths.append(b.path.in(page.paths));
    batch->dom.push_back(d);
  }
  doc->clean = Span{clean_off, static_cast<uint32_t>(clean.size() - clean_off)};
  doc->unit_count = static_cast<uint32_t>(batch->units.size() - doc->first_unit);
  if (doc->unit_count == 0) {
    doc->fate = Fate::kDropped;
    doc->reason = Reason::kEmpty;
  }
}

namespace {

// Whether the tokens of `key` occur in `title`, in order and whole (both are
// match keys: tokens separated by single spaces).
bool HasTokenRun(std::string_view title, std::string_view key) {
  for (size_t at = title.find(key); at != std::string_view::npos; at = title.find(key, at + 1)) {
    const size_t end = at + key.size();
    if ((at == 0 || title[at - 1] == ' ') && (end == title.size() || title[end] == ' ')) return true;
  }
  return false;
}

// What the text classifier says of a headline it has not recognised: too
// short or not prose-shaped, or taken for another story, a byline or a date.
bool SoftReason(Reason r) {
  return r == Reason::kShort || r == Reason::kLowText || r == Reason::kOtherArticle || r == Reason::kByline ||
         r == Reason::kDate;
}

}  // namespace

// The page's headline: its first h1-h3 unit of two or more words whose
// words, in order, are part of the page's <title> (which often adds the
// site's name: "Headline | Site"). Marked in dom[] and returned, or
// UINT32_MAX.
uint32_t Processor::TitleHeading(const Batch& batch, const Document& doc, const UnitRecord* units,
                                 DomUnit* dom) const {
  const std::string_view title = batch.View(doc.meta.title);
  if (title.empty()) return UINT32_MAX;
  std::string title_key;
  normalizer_.MatchKey(title, &title_key);
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    if (dom[i].f.heading == 0 || dom[i].f.heading > 3 || units[i].words < 2) continue;
    if (!HasTokenRun(title_key, units[i].key.in(batch.keys))) continue;
    dom[i].title = true;
    return i;
  }
  return UINT32_MAX;
}

void Processor::ClassifyDom(Batch* batch, const Document& doc, UnitRecord* units) const {
  DomUnit* dom = batch->dom.data() + doc.first_dom;
  const uint32_t title = TitleHeading(*batch, doc, units, dom);
  if (!config_.dom_rules) return;
  // The main container: the one holding the most words the text classifier
  // kept as prose.
  uint32_t main = 0;
  const DomRuleParams& p = dom_params_;
  {
    std::vector<std::pair<uint32_t, uint32_t>> words;  // container, words
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      if (units[i].verdict != Verdict::kKeep || dom[i].f.link_density() >= p.prose_link_density) continue;
      words.emplace_back(dom[i].f.container, dom[i].f.words);
    }
    std::sort(words.begin(), words.end());
    uint32_t best = 0;
    for (size_t a = 0; a < words.size();) {
      size_t b = a;
      uint32_t sum = 0;
      while (b < words.size() && words[b].first == words[a].first) sum += words[b++].second;
      if (sum > best) best = sum, main = words[a].first;
      a = b;
    }
  }
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    UnitRecord& u = units[i];
    const DomFeatures& f = dom[i].f;
    DomCue cue;
    const Reason r = DomReason(f, p, &cue);
    dom[i].cue = cue;
    if (u.verdict == Verdict::kBoilerplate) {
      if (r != Reason::kNone) continue;
      const DomCue restore = DomRestore(f, u.reason, main != 0 && f.container == main, p);
      if (restore == DomCue::kNone) continue;
      dom[i].cue = restore;
      dom[i].decided = true;
      dom[i].overruled = u.reason;
      u.verdict = Verdict::kKeep;
      u.reason = Reason::kNone;
      u.decision.reason = Reason::kNone;
      continue;
    }
    if (u.verdict != Verdict::kKeep || r == Reason::kNone) continue;
    dom[i].decided = true;
    u.verdict = Verdict::kBoilerplate;
    u.reason = u.decision.reason = r;
  }
  // The headline is kept with the article it heads, as the text path keeps
  // a heading right before body text: when text after it is kept and only
  // the text classifier removed it.
  if (title == UINT32_MAX) return;
  UnitRecord& u = units[title];
  DomCue cue;
  if (u.verdict != Verdict::kBoilerplate || !SoftReason(u.reason) || DomReason(dom[title].f, p, &cue) != Reason::kNone)
    return;
  bool text_after = false;
  for (uint32_t i = title + 1; i < doc.unit_count && !text_after; ++i) text_after = units[i].verdict == Verdict::kKeep;
  if (!text_after) return;
  dom[title].cue = DomCue::kTitle;
  dom[title].decided = true;
  dom[title].overruled = u.reason;
  u.verdict = Verdict::kKeep;
  u.reason = u.decision.reason = Reason::kNone;
}

void Processor::AppendDomExplain(const Batch& batch, const Document& doc, uint32_t unit,
                                 std::string* out) const {
  const DomUnit& d = batch.dom[doc.first_dom + unit];
  *out += ",\"path\":";
  AppendJsonString(d.path.in(batch.dom_paths), out);
  *out += ",\"dom\":{\"tag\":";
  AppendJsonString(HtmlTagName(d.f.tag), out);
  *out += ",\"words\":";
  AppendUint(d.f.words, out);
  *out += ",\"link_density\":";
  AppendFixed(d.f.link_density(), out);
  *out += ",\"text_density\":";
  AppendFixed(d.f.text_density(), out);
  if (d.f.heading) {
    *out += ",\"heading\":";
    AppendUint(d.f.heading, out);
  }
  if (d.title) *out += ",\"title\":true";
  *out += ",\"position\":";
  AppendFixed(doc.unit_count > 1 ? static_cast<float>(unit) / (doc.unit_count - 1) : 0.f, out);
  *out += ",\"flags\":[";
  AppendDomFlagNames(d.f, out);
  *out += "]";
  *out += ",\"chars\":";
  AppendUint(d.f.chars, out);
  *out += ",\"link_chars\":";
  AppendUint(d.f.link_chars, out);
  *out += ",\"container\":";
  AppendUint(d.f.container, out);
  DomCue cue;
  const Reason r = DomReason(d.f, dom_params_, &cue);
  if (config_.dom_rules && r != Reason::kNone) {
    *out += ",\"dom_reason\":";
    AppendJsonString(ReasonName(r), out);
  }
  if (d.decided) {
    *out += ",\"dom_decided\":";
    AppendJsonString(DomCueName(d.cue), out);
  }
  *out += '}';
}

void Processor::AppendHtmlMeta(const Batch& batch, const Document& doc, std::string* out) {
  *out += ",\"title\":";
  AppendJsonString(batch.View(doc.meta.title), out);
  auto field = [&](const char* name, Span s) {
    if (s.empty()) return;
    *out += ",\"";
    *out += name;
    *out += "\":";
    AppendJsonString(batch.View(s), out);
  };
  field("published", doc.meta.published);
  field("author", doc.meta.author);
  field("lang", doc.meta.lang);
  field("canonical_url", doc.meta.canonical);
}

}  // namespace winnow
