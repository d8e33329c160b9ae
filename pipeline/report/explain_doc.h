// One document of the explain page (explain_page.h) as an HTML fragment: a
// <section> with an anchor per document (`d-<ordinal>`) and per unit
// (`d-<ordinal>-u<i>`), each removed unit tagged with its reason, each
// duplicate linked to the unit (or, for a duplicate document, the document)
// it copies. Pure functions of the batch: safe on any thread.
#ifndef WINNOW_PIPELINE_REPORT_EXPLAIN_DOC_H_
#define WINNOW_PIPELINE_REPORT_EXPLAIN_DOC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "pipeline/document.h"

namespace winnow {

void AppendEscapedHtml(std::string_view s, std::string* out);

// "d-<ordinal>", and with unit >= 0 "d-<ordinal>-u<unit>".
void AppendAnchor(uint64_t ordinal, int64_t unit, std::string* out);

// Units the run counts as removed for this document (all of a dropped one).
uint32_t RemovedUnits(const Batch& batch, const Document& doc);

// The reasons seen in the document, space-separated (its drop reason first),
// as the page's filter matches them.
void AppendDocReasons(const Batch& batch, const Document& doc, std::string* out);

// The earlier unit a dropped duplicate document copies most (its largest
// duplicate unit's source, as Processor::Dedup reports), or nullptr.
const UnitRecord* DuplicatedMost(const Batch& batch, const Document& doc);

// The document's <section>, ending in a newline.
void AppendDocHtml(const Batch& batch, const Document& doc, std::string* out);

// Copies `html` (fragments from AppendDocHtml) to *out; a link to a document
// for which `on_page(ordinal)` is false becomes text that says the document
// is not on the page.
void ResolveDocLinks(std::string_view html, const std::function<bool(uint64_t)>& on_page, std::string* out);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_REPORT_EXPLAIN_DOC_H_
