#include "pipeline/html_cache.h"

#include <algorithm>

#include "stages/hash.h"

namespace winnow {
namespace {

constexpr uint64_t kRawSeed = 0x6874'6d6c'6361'6368ull;  // "htmlcach"

}  // namespace

void HtmlCache::Keep(const Batch& batch) {
  if (full_) return;
  for (const Document& doc : batch.docs) {
    // Prepared pages only: pending, or dropped for having no text. Pages
    // that failed to decode are prepared again (rare, and cheap to reject).
    const bool prepared = doc.fate == Fate::kPending || (doc.fate == Fate::kDropped && doc.reason == Reason::kEmpty);
    if (!doc.html() || !prepared || doc.unparsed) continue;
    const UnitRecord* units = batch.units.data() + doc.first_unit;
    const DomUnit* dom = batch.dom.data() + doc.first_dom;
    const uint32_t key_off = doc.unit_count ? units[0].key.off : 0;
    const uint32_t path_off = doc.unit_count ? dom[0].path.off : 0;
    uint32_t key_end = key_off, path_end = path_off;
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      key_end = std::max(key_end, units[i].key.off + units[i].key.len);
      path_end = std::max(path_end, dom[i].path.off + dom[i].path.len);
    }
    const Span meta[5] = {doc.meta.title, doc.meta.published, doc.meta.author, doc.meta.lang, doc.meta.canonical};
    size_t size = sizeof(Page) + doc.clean.len + (key_end - key_off) + (path_end - path_off) +
                  size_t{doc.unit_count} * sizeof(Unit);
    for (const Span& m : meta) size += m.len;
    // A huge page (a 50 MB text node) is parsed again rather than held:
    // it would take the room of thousands of ordinary ones.
    if (size > max_bytes_ / kMaxPageShare) continue;
    if (bytes_ + size > max_bytes_) {
      // From here on every page is parsed again: the kept ones stay a prefix.
      full_ = true;
      return;
    }
    Page p;
    p.raw_hash = Hash64(batch.View(doc.text), kRawSeed);
    p.clean.assign(doc.clean.in(batch.clean));
    p.keys.assign(batch.keys, key_off, key_end - key_off);
    p.paths.assign(batch.dom_paths, path_off, path_end - path_off);
    p.units.reserve(doc.unit_count);
    for (uint32_t i = 0; i < doc.unit_count; ++i) {
      Unit u;
      u.text = Span{units[i].text.off - doc.clean.off, units[i].text.len};
      u.key = Span{units[i].key.off - key_off, units[i].key.len};
      u.path = Span{dom[i].path.off - path_off, dom[i].path.len};
      u.key_hash = units[i].key_hash;
      u.words = units[i].words;
      u.f = dom[i].f;
      p.units.push_back(u);
    }
    for (int m = 0; m < 5; ++m) {
      p.meta.append(batch.View(meta[m]));
      p.meta_len[m] = meta[m].len;
    }
    p.invalid_utf8 = doc.invalid_utf8;
    p.charset = doc.charset;
    bytes_ += size;
    pages_.emplace(Key(doc), std::move(p));
  }
}

bool HtmlCache::Take(Batch* batch, Document* doc) const {
  if (pages_.empty()) return false;
  const auto it = pages_.find(Key(*doc));
  if (it == pages_.end()) return false;
  const Page& p = it->second;
  if (p.raw_hash != Hash64(batch->View(doc->text), kRawSeed)) return false;
  doc->charset = p.charset;
  doc->invalid_utf8 = p.invalid_utf8;  // the reader's count plus cleaning's, as prepared
  Span* meta[5] = {&doc->meta.title, &doc->meta.published, &doc->meta.author, &doc->meta.lang,
                   &doc->meta.canonical};
  size_t at = 0;
  for (int m = 0; m < 5; ++m) {
    *meta[m] = batch->Append(std::string_view(p.meta).substr(at, p.meta_len[m]));
    at += p.meta_len[m];
  }
  const uint32_t clean_off = static_cast<uint32_t>(batch->clean.size());
  const uint32_t key_off = static_cast<uint32_t>(batch->keys.size());
  const uint32_t path_off = static_cast<uint32_t>(batch->dom_paths.size());
  batch->clean += p.clean;
  batch->keys += p.keys;
  batch->dom_paths += p.paths;
  doc->first_unit = static_cast<uint32_t>(batch->units.size());
  doc->first_dom = static_cast<uint32_t>(batch->dom.size());
  for (const Unit& c : p.units) {
    UnitRecord u;
    u.text = Span{c.text.off + clean_off, c.text.len};
    u.key = Span{c.key.off + key_off, c.key.len};
    u.key_hash = c.key_hash;
    u.words = c.words;
    batch->units.push_back(u);
    DomUnit d;
    d.f = c.f;
    d.path = Span{c.path.off + path_off, c.path.len};
    batch->dom.push_back(d);
  }
  doc->clean = Span{clean_off, static_cast<uint32_t>(p.clean.size())};
  doc->unit_count = static_cast<uint32_t>(p.units.size());
  if (doc->unit_count == 0) {
    doc->fate = Fate::kDropped;
    doc->reason = Reason::kEmpty;
  }
  return true;
}

}  // namespace winnow
