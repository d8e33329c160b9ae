// Prepared HTML documents kept from the template pre-pass for the cleaning
// pass, so that a page is decoded, parsed and cleaned once, not twice.
//
// The pre-pass prepares every page fully (units, match keys, DOM features)
// and, in its serial in-order Count filter, Keep() copies each page's
// prepared form here: its clean text, keys, units, DOM units and paths,
// metadata, charset. Pages stop being kept once the copies reach the byte
// bound, and a page over a sixteenth of the bound is never kept; the
// cleaning pass parses those again. Take() rebuilds a page in the
// cleaning pass's batch exactly as preparing it would, so the output is
// byte-identical with or without the cache. A page is found by its input
// file and record number and checked by a hash of its raw bytes.
//
// Threads: Keep runs on one thread (the serial filter) while no Take runs;
// Take runs on many threads at once once keeping has ended (read-only).
#ifndef WINNOW_PIPELINE_HTML_CACHE_H_
#define WINNOW_PIPELINE_HTML_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/document.h"

namespace winnow {

class HtmlCache {
 public:
  explicit HtmlCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }
  // Copies the prepared HTML documents of `batch` while under the bound.
  void Keep(const Batch& batch);
  // Rebuilds `doc` (an HTML document not yet prepared) in `batch` from its
  // kept copy; false when it was not kept.
  bool Take(Batch* batch, Document* doc) const;

  size_t bytes() const { return bytes_; }
  size_t pages() const { return pages_.size(); }

 private:
  // What preparing a unit sets (UnitRecord and DomUnit hold more, set later).
  struct Unit {
    Span text, key, path;  // relative to Page::clean, keys, paths
    uint64_t key_hash;
    uint32_t words;
    DomFeatures f;
  };
  struct Page {
    uint64_t raw_hash = 0;
    std::string clean, keys, paths, meta;  // meta: title, published, author, lang, canonical back to back
    uint32_t meta_len[5] = {};
    std::vector<Unit> units;
    uint32_t invalid_utf8 = 0;
    uint8_t charset = Document::kNoCharset;
  };
  // A page larger than this share of the bound is not kept.
  static constexpr size_t kMaxPageShare = 16;
  static uint64_t Key(const Document& doc) { return (uint64_t{doc.file} << 44) ^ doc.record; }

  const size_t max_bytes_;
  size_t bytes_ = 0;
  bool full_ = false;
  std::unordered_map<uint64_t, Page> pages_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_HTML_CACHE_H_
