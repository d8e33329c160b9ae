#include "pipeline/document.h"

namespace winnow {

const char* FateName(Fate f) {
  switch (f) {
    case Fate::kEmitted: return "emitted";
    case Fate::kDropped: return "dropped";
    case Fate::kRejected: return "rejected";
    case Fate::kPending: break;
  }
  return "pending";
}

void Batch::Clear() {
  seq = 0;
  raw.clear();
  clean.clear();
  keys.clear();
  docs.clear();
  units.clear();
  sketches.clear();
  dom.clear();
  dom_paths.clear();
  probes.clear();
  probed = false;
  out.clear();
  dups.clear();
  explain.clear();
  html.clear();
  html_docs.clear();
  stats = BatchStats{};
  error.clear();
  index_filled = false;
  bytes_in = 0;
}

Span Batch::Append(std::string_view s) {
  Span span{static_cast<uint32_t>(raw.size()), static_cast<uint32_t>(s.size())};
  raw.append(s);
  return span;
}

}  // namespace winnow
