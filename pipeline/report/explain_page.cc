#include "pipeline/report/explain_page.h"

#include <algorithm>
#include <cstdio>

#include "pipeline/report/explain_doc.h"
#include "pipeline/report/explain_style.h"
#include "stages/hash.h"

namespace winnow {
namespace {

constexpr uint64_t kSampleSeed = 0x53414d504c45ULL;  // "SAMPLE"
constexpr size_t kExampleBytes = 90;
constexpr size_t kOpenToc = 50;
constexpr const char* kTocEnd = "</ol></details></nav>\n<main>\n";

bool DocumentReason(Reason r) { return KindOf(r) == ReasonKind::kDropped || KindOf(r) == ReasonKind::kRejected; }

// Units removed for r, or documents dropped or rejected for it.
uint64_t Count(const BatchStats& t, Reason r) {
  const size_t i = static_cast<size_t>(r);
  return DocumentReason(r) ? t.doc_reasons[i] : t.unit_reasons[i];
}

// At most `n` bytes of `s`, cut on a character boundary, "..." when cut.
std::string Clip(std::string_view s, size_t n) {
  if (s.size() <= n) return std::string(s);
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

void AppendChip(Reason r, std::string* out) {
  *out += "<a class=\"chip r-";
  *out += ReasonName(r);
  *out += "\" href=\"#reason=";
  *out += ReasonName(r);
  *out += "\">";
  *out += ReasonName(r);
  *out += "</a>";
}

}  // namespace

uint64_t ExplainPage::SampleKey(uint64_t ordinal) {
  char bytes[8];
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(ordinal >> (8 * i));
  return Hash64(std::string_view(bytes, 8), kSampleSeed);
}

bool ExplainPage::Open(const std::string& path, std::string* error) {
  path_ = path;
  return sample_ > 0 || body_.Open(path + ".body", error);
}

void ExplainPage::Abort() {
  body_.Abort();
  if (sample_ == 0) std::remove((path_ + ".body").c_str());
}

bool ExplainPage::Wants(uint64_t ordinal) const {
  return sample_ == 0 || SampleKey(ordinal) <= threshold_.load(std::memory_order_relaxed);
}

bool ExplainPage::OnPage(uint64_t ordinal) const {
  return sample_ == 0 || kept_.count({SampleKey(ordinal), ordinal}) > 0;
}

void ExplainPage::Format(Batch* batch) const {
  for (const Document& doc : batch->docs) {
    if (!Wants(doc.ordinal)) continue;
    AppendDocHtml(*batch, doc, &batch->html);
    batch->html_docs.push_back(Batch::HtmlDoc{doc.ordinal, batch->html.size()});
  }
}

void ExplainPage::Observe(const Batch& batch, const Document& doc) {
  ++docs_;
  const uint32_t removed = RemovedUnits(batch, doc);
  if (removed > 0 && (top_.size() < kTopRemoved || removed > top_.back().removed)) {
    // After the equals: on a tie the earlier document stays ahead.
    auto at = std::upper_bound(top_.begin(), top_.end(), removed,
                               [](uint64_t n, const Removed& e) { return n > e.removed; });
    std::string fate = FateName(doc.fate);
    if (doc.fate == Fate::kDropped) fate += std::string(": ") + std::string(ReasonName(doc.reason));
    top_.insert(at, Removed{doc.ordinal, removed, doc.unit_count, std::string(batch.View(doc.id)), fate});
    if (top_.size() > kTopRemoved) top_.pop_back();
  }
  if (doc.fate == Fate::kDropped || doc.fate == Fate::kRejected) {
    auto& ex = examples_[static_cast<size_t>(doc.reason)];
    if (ex.size() < kExamples) ex.push_back(Example{doc.ordinal, -1, Clip(batch.View(doc.id), kExampleBytes)});
  }
  for (uint32_t i = 0; i < doc.unit_count && doc.fate != Fate::kRejected; ++i) {
    const UnitRecord& u = batch.units[doc.first_unit + i];
    auto& ex = examples_[static_cast<size_t>(u.reason)];
    if (u.verdict == Verdict::kKeep || ex.size() >= kExamples) continue;
    ex.push_back(Example{doc.ordinal, i, Clip(u.text.in(batch.clean), kExampleBytes)});
  }
}

bool ExplainPage::Take(const Batch& batch, std::string* error) {
  size_t next = 0, begin = 0;
  for (const Document& doc : batch.docs) {
    Observe(batch, doc);
    if (next == batch.html_docs.size() || batch.html_docs[next].ordinal != doc.ordinal) continue;
    const size_t end = batch.html_docs[next++].end;
    const std::string_view html = std::string_view(batch.html).substr(begin, end - begin);
    begin = end;
    std::string toc = "<li id=\"t-";
    AppendAnchor(doc.ordinal, -1, &toc);
    toc += "\"><a href=\"#";
    AppendAnchor(doc.ordinal, -1, &toc);
    toc += "\">";
    AppendEscapedHtml(batch.View(doc.id), &toc);
    toc += "</a> <span class=\"fate\">";
    toc += doc.fate == Fate::kDropped || doc.fate == Fate::kRejected ? ReasonName(doc.reason)
                                                                     : std::string_view(FateName(doc.fate));
    toc += ", " + std::to_string(RemovedUnits(batch, doc)) + "/" + std::to_string(doc.unit_count) +
           " removed</span></li>\n";
    if (sample_ == 0) {
      toc_ += toc;
      if (!body_.Write(html, error)) return false;
      continue;
    }
    const std::pair<uint64_t, uint64_t> key{SampleKey(doc.ordinal), doc.ordinal};
    if (kept_.size() >= sample_ && key > kept_.rbegin()->first) continue;
    kept_.emplace(key, Kept{doc.ordinal, std::string(html), std::move(toc)});
    if (kept_.size() > sample_) kept_.erase(std::prev(kept_.end()));
    if (kept_.size() == sample_) threshold_.store(kept_.rbegin()->first.first, std::memory_order_relaxed);
  }
  return true;
}

void ExplainPage::AppendRef(uint64_t ordinal, int64_t unit, std::string_view text, std::string* out) const {
  if (!OnPage(ordinal)) {
    *out += "<span title=\"not on this page (sampled out)\">";
    AppendEscapedHtml(text, out);
    *out += "</span>";
    return;
  }
  *out += "<a href=\"#";
  AppendAnchor(ordinal, unit, out);
  *out += "\">";
  AppendEscapedHtml(text, out);
  *out += "</a>";
}

std::string ExplainPage::Head(const BatchStats& t) const {
  std::string h = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>winnow explain</title>\n<style>";
  h += kExplainCss;
  h += ReasonCss();
  h += "</style></head><body>\n<header><h1>winnow: what was removed and why</h1><p>";
  h += std::to_string(t.docs_in) + " documents: " + std::to_string(t.emitted) + " emitted, " +
       std::to_string(t.dropped) + " dropped, " + std::to_string(t.rejected) + " rejected. " +
       std::to_string(t.units_in) + " units: " + std::to_string(t.units_kept) + " kept, " +
       std::to_string(t.units_removed) + " removed.</p>\n<p class=\"sample\">";
  const size_t shown = sample_ == 0 ? docs_ : kept_.size();
  if (shown < docs_) {
    h += "Showing " + std::to_string(shown) + " of " + std::to_string(docs_) +
         " documents, sampled by a hash of each document's input position (the same documents for any "
         "thread count); the summary counts every document. --explain-sample 0 shows all.";
  } else {
    h += "Showing all " + std::to_string(docs_) + " documents.";
  }
  h += "</p>\n<div class=\"controls\"><label>Reason <select id=\"reason\"><option value=\"\">all</option>";
  for (Reason r : AllReasons()) {
    if (Count(t, r) == 0) continue;
    h += "<option>";
    h += ReasonName(r);
    h += "</option>";
  }
  if (t.rejected > 0) h += "<option>rejected</option>";
  h += "</select></label> <input id=\"q\" type=\"search\" placeholder=\"search text or id\"> "
       "<span id=\"shown\"></span></div></header>\n";
  return h;
}

std::string ExplainPage::Summary(const BatchStats& t) const {
  std::vector<Reason> seen;
  for (Reason r : AllReasons()) {
    if (Count(t, r) > 0) seen.push_back(r);
  }
  std::stable_sort(seen.begin(), seen.end(), [&t](Reason a, Reason b) { return Count(t, a) > Count(t, b); });
  std::string s = "<section id=\"summary\"><h2>Reasons</h2><table>\n";
  for (Reason r : seen) {
    const size_t i = static_cast<size_t>(r);
    s += "<tr><td>";
    AppendChip(r, &s);
    s += "</td><td class=\"n\">";
    s += std::to_string(Count(t, r)) + (DocumentReason(r) ? " documents" : " units");
    if (KindOf(r) == ReasonKind::kDropped && t.unit_reasons[i] > 0) {
      s += ", " + std::to_string(t.unit_reasons[i]) + " units";
    }
    s += "</td><td class=\"ex\">";
    for (const Example& e : examples_[i]) AppendRef(e.ordinal, e.unit, e.text, &s);
    s += "</td></tr>\n";
  }
  s += "</table>\n<h2>Documents with the most removed units</h2><ol>\n";
  for (const Removed& e : top_) {
    s += "<li>";
    AppendRef(e.ordinal, -1, e.id, &s);
    s += " <span class=\"fate\">" + std::to_string(e.removed) + " of " + std::to_string(e.units) +
         " units removed, " + e.fate + "</span></li>\n";
  }
  s += "</ol></section>\n";
  return s;
}

bool ExplainPage::Commit(const BatchStats& totals, std::string* error) {
  if (sample_ == 0 && !body_.Commit(error)) return false;
  OutputFile page;
  if (!page.Open(path_, error)) {
    Abort();
    return false;
  }
  std::string head = Head(totals) + Summary(totals);
  // A long table of contents starts folded, so the first screen shows the summary.
  const size_t shown = sample_ == 0 ? docs_ : kept_.size();
  head += std::string("<nav id=\"toc\"><details") + (shown <= kOpenToc ? " open" : "") +
          "><summary>Documents on this page (" + std::to_string(shown) + ")</summary><ol>\n";
  bool ok = true;
  if (sample_ == 0) {
    head += toc_ + kTocEnd;
    ok = page.Write(head, error);
    const std::string body_path = path_ + ".body";
    if (std::FILE* body = std::fopen(body_path.c_str(), "rb")) {
      char buf[1 << 16];
      size_t n;
      while (ok && (n = std::fread(buf, 1, sizeof buf, body)) > 0) ok = page.Write(std::string_view(buf, n), error);
      std::fclose(body);
    }
    std::remove(body_path.c_str());
  } else {
    std::vector<const Kept*> docs;
    for (const auto& entry : kept_) docs.push_back(&entry.second);
    std::sort(docs.begin(), docs.end(), [](const Kept* a, const Kept* b) { return a->ordinal < b->ordinal; });
    for (const Kept* d : docs) head += d->toc;
    head += kTocEnd;
    ok = page.Write(head, error);
    const auto on_page = [this](uint64_t ordinal) { return OnPage(ordinal); };
    std::string html;
    for (size_t i = 0; ok && i < docs.size(); ++i) {
      html.clear();
      ResolveDocLinks(docs[i]->html, on_page, &html);
      ok = page.Write(html, error);
    }
  }
  ok = ok && page.Write(std::string("</main>\n<script>") + kExplainScript + "</script>\n</body></html>\n", error);
  return ok && page.Commit(error);
}

}  // namespace winnow
