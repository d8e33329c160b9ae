// Sketcher: word n-gram shingles of a match key, reduced to a content-defined
// sample (see stages/near_dup.h for the method and why).
#include <algorithm>
#include <cstring>

#include "stages/hash.h"
#include "stages/near_dup.h"
#include "stages/shingle.h"

namespace winnow {
namespace {

constexpr int kMaxNgram = 16;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

Sketcher::Sketcher(const NearDupOptions& options) : options_(options) {
  options_.ngram = std::clamp(options_.ngram, 1, kMaxNgram);
  options_.sketch_size = std::max(options_.sketch_size, 1);
  options_.sample_one_in = std::max(options_.sample_one_in, 1);
}

size_t Sketcher::Sketch(std::string_view key, std::vector<uint64_t>* out) const {
  if (!options_.near || key.empty()) return 0;
  const size_t base = out->size();
  const int n = options_.ngram;
  const char* const s = key.data();
  const size_t len = key.size();
  // Shingle hashes go to a stack buffer (typical units), spilling into *out
  // for long ones; only the sketch itself is written to *out.
  constexpr size_t kBuf = 512;
  uint64_t buf[kBuf];
  uint64_t* hashes = buf;
  size_t m = 0;
  bool spilled = false;
  uint32_t starts[kMaxNgram];  // ring of the last n token starts
  int ring = 0;
  size_t tokens = 0, words = 0;
  size_t pos = 0;
  while (pos < len) {
    const void* sp = std::memchr(s + pos, ' ', len - pos);
    const size_t end = sp ? static_cast<size_t>(static_cast<const char*>(sp) - s) : len;
    // A word: two or more bytes, not all digits (first or last byte tells for
    // every token the key can hold except rare mixes like "1a2").
    words += end - pos >= 2 && !(IsDigit(s[pos]) && IsDigit(s[end - 1]));
    starts[ring] = static_cast<uint32_t>(pos);
    ring = ring + 1 == n ? 0 : ring + 1;
    ++tokens;
    if (tokens >= static_cast<size_t>(n)) {
      // After the advance, `ring` points at the start of the n-gram ending here.
      const size_t first = starts[ring];
      const uint64_t h = XXH3_64bits_withSeed(s + first, end - first, kShingleSeed);
      if (!spilled && m == kBuf) {
        out->insert(out->end(), buf, buf + kBuf);
        spilled = true;
      }
      if (spilled) {
        out->push_back(h);
      } else {
        buf[m] = h;
      }
      ++m;
    }
    pos = end + 1;
  }
  if (spilled) hashes = out->data() + base;
  if (tokens < static_cast<size_t>(n) || words < static_cast<size_t>(options_.min_words)) {
    out->resize(base);
    return 0;
  }
  uint64_t* first = hashes;
  uint64_t* last = hashes + m;
  const size_t k = static_cast<size_t>(options_.sketch_size);
  uint64_t tau = UINT64_MAX;
  if (m > k) {
    // The k-th smallest hash, or the fixed-rate bound if it is larger.
    const uint64_t rate_bound = UINT64_MAX / static_cast<uint64_t>(options_.sample_one_in);
    std::nth_element(first, first + (k - 1), last);
    tau = std::max(first[k - 1], rate_bound);
    uint64_t* kept = std::partition(first + k, last, [tau](uint64_t h) { return h <= tau; });
    if (kept == last) tau = UINT64_MAX;  // every shingle is in
    last = kept;
  }
  std::sort(first, last);
  last = std::unique(first, last);
  const size_t kept = static_cast<size_t>(last - first);
  if (spilled) {
    out->resize(base + kept);
  } else {
    out->insert(out->end(), first, last);
  }
  out->push_back(m);
  out->push_back(tau);
  return out->size() - base;
}

Overlap CompareSketches(std::span<const uint64_t> later, const Sketch32& earlier) {
  Overlap o;
  const std::span<const uint64_t> a = SketchHashes(later);
  const uint32_t t = std::min(SketchTau(later), earlier.tau);
  const std::span<const uint32_t> b = earlier.hashes;
  // Both are ascending: the common sample is a prefix of each.
  size_t na = 0, nb = 0;
  while (na < a.size() && Shingle32(a[na]) <= t) ++na;
  while (nb < b.size() && b[nb] <= t) ++nb;
  // Branch-free merge: on equal values both sides advance.
  size_t i = 0, j = 0, both = 0;
  while (i < na && j < nb) {
    const uint32_t x = Shingle32(a[i]);
    const uint32_t y = b[j];
    both += x == y;
    i += x <= y;
    j += y <= x;
  }
  o.sampled = static_cast<uint32_t>(na);
  o.shared = static_cast<uint32_t>(both);
  if (na == 0) return o;
  o.containment = static_cast<float>(both) / static_cast<float>(na);
  o.jaccard = static_cast<float>(both) / static_cast<float>(na + nb - both);
  return o;
}

}  // namespace winnow
