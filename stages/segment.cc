#include "stages/segment.h"

#include <cstring>

namespace winnow {

size_t SegmentUnits(std::string_view text, UnitMode mode, std::vector<Span>* out) {
  const size_t before = out->size();
  const char* base = text.data();
  size_t pos = 0;
  const size_t n = text.size();
  bool open = false;  // a block is being extended
  while (pos < n) {
    const void* nl = std::memchr(base + pos, '\n', n - pos);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - base) : n;
    size_t b = pos, e = end;
    while (b < e && (base[b] == ' ' || base[b] == '\t' || base[b] == '\r')) ++b;
    while (e > b && (base[e - 1] == ' ' || base[e - 1] == '\t' || base[e - 1] == '\r')) --e;
    if (b == e) {
      open = false;
    } else if (mode == UnitMode::kBlock && open) {
      Span& s = out->back();
      s.len = static_cast<uint32_t>(e - s.off);
    } else {
      out->push_back(Span{static_cast<uint32_t>(b), static_cast<uint32_t>(e - b)});
      open = true;
    }
    pos = end + 1;
  }
  return out->size() - before;
}

}  // namespace winnow
