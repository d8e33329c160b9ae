// Sketcher: word n-gram shingles of a match key, reduced to a content-defined
// sample (see stages/near_dup.h for the method and why).
#include <algorithm>
#include <cmath>

#include "stages/key_tokens.h"
#include "stages/near_dup.h"
#include "stages/shingle.h"

namespace winnow {
namespace {

constexpr int kMaxNgram = 16;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Sorts n hashes that are uniform on [0, max] with few branch mispredictions:
// counting sort on the top bits into B >= n buckets (about one value each),
// then an insertion pass orders values within a bucket. tmp holds n values.
void SortUniform(uint64_t* a, size_t n, uint64_t max, uint64_t* tmp) {
  constexpr size_t kMaxBuckets = 1024;
  if (n < 2) return;
  if (n > kMaxBuckets) {
    std::sort(a, a + n);
    return;
  }
  int bits = 1;
  while ((size_t{1} << bits) < n) ++bits;
  const size_t buckets = size_t{1} << bits;
  // bucket(h) = floor(h * mult / 2^64) < buckets, monotone in h.
  const unsigned __int128 mult =
      (static_cast<unsigned __int128>(buckets) << 64) / (static_cast<unsigned __int128>(max) + 1);
  if (mult >> 64) {  // max < buckets: not hash-like
    std::sort(a, a + n);
    return;
  }
  const uint64_t m64 = static_cast<uint64_t>(mult);
  uint16_t start[kMaxBuckets + 1];
  std::fill(start, start + buckets + 1, uint16_t{0});
  auto bucket = [&](uint64_t h) {
    return static_cast<size_t>((static_cast<unsigned __int128>(h) * m64) >> 64);
  };
  for (size_t i = 0; i < n; ++i) ++start[bucket(a[i]) + 1];
  for (size_t b = 1; b <= buckets; ++b) start[b] = static_cast<uint16_t>(start[b] + start[b - 1]);
  for (size_t i = 0; i < n; ++i) tmp[start[bucket(a[i])]++] = a[i];
  a[0] = tmp[0];
  for (size_t i = 1; i < n; ++i) {
    const uint64_t x = tmp[i];
    size_t j = i;
    while (j > 0 && a[j - 1] > x) {
      a[j] = a[j - 1];
      --j;
    }
    a[j] = x;
  }
}

}  // namespace

Sketcher::Sketcher(const NearDupOptions& options) : options_(options) {
  options_.ngram = std::clamp(options_.ngram, 1, kMaxNgram);
  options_.sketch_size = std::max(options_.sketch_size, 1);
  options_.sample_one_in = std::max(options_.sample_one_in, 1);
  for (int i = 0; i < options_.ngram; ++i) pow_n_ *= kShinglePoly;
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
  // The window's polynomial over its token hashes, kept by a rolling
  // update: times P, plus the new token, minus the one that left (whose
  // coefficient is now P^n; ring slots start at 0, so nothing leaves
  // before the window is full).
  uint64_t ring[kMaxNgram] = {};
  int ring_at = 0;
  uint64_t poly = 0;
  size_t tokens = 0, words = 0;
  const unsigned char* const p = reinterpret_cast<const unsigned char*>(s);
  for (size_t pos = 0, end; pos < len; pos = end + 1) {
    const key_tokens::Token tok = key_tokens::At(p, len, pos);
    end = tok.end;
    // A word: two or more bytes, not all digits (first or last byte tells for
    // every token the key can hold except rare mixes like "1a2").
    words += end - pos >= 2 && !(IsDigit(s[pos]) && IsDigit(s[end - 1]));
    poly = poly * kShinglePoly + tok.hash - ring[ring_at] * pow_n_;
    ring[ring_at] = tok.hash;
    ring_at = ring_at + 1 == n ? 0 : ring_at + 1;
    if (++tokens >= static_cast<size_t>(n)) {
      const uint64_t h = ShingleFinish(poly);
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
  bool sorted = false;
  uint64_t cand[kBuf], tmp[kBuf];
  if (m <= k) {
    SortUniform(first, m, UINT64_MAX, tmp);
    sorted = true;
  } else {
    // tau = max(k-th smallest hash, fixed-rate bound); keep every h <= tau.
    const uint64_t rate_bound = UINT64_MAX / static_cast<uint64_t>(options_.sample_one_in);
    size_t low = 0;
    for (size_t i = 0; i < m; ++i) low += first[i] <= rate_bound;
    if (low >= k) {
      // The k-th smallest is below the bound: keep what is below the bound.
      tau = low == m ? UINT64_MAX : rate_bound;
      size_t c = 0;
      for (size_t i = 0; i < m; ++i) {
        first[c] = first[i];
        c += first[i] <= rate_bound;
      }
      last = first + c;
      if (c <= kBuf) {
        SortUniform(first, c, rate_bound, tmp);
        sorted = true;
      }
    } else {
      // Hashes are uniform: all but a vanishing share of units have their k
      // smallest below a bound a few standard deviations past k/m. Sort only
      // those; fall back to selection over all when they are too few.
      const double share = (static_cast<double>(k) + 2.0 * std::sqrt(static_cast<double>(k)) + 8.0) /
                           static_cast<double>(m);
      const uint64_t guess =
          share >= 1.0 ? UINT64_MAX : static_cast<uint64_t>(share * 18446744073709551616.0);
      size_t c = 0;
      if (m <= kBuf) {
        for (size_t i = 0; i < m; ++i) {
          cand[c] = first[i];
          c += first[i] <= guess;
        }
      }
      if (c >= k) {
        SortUniform(cand, c, guess, tmp);
        tau = cand[k - 1];  // > rate_bound, as fewer than k hashes are below it
        const size_t kept = static_cast<size_t>(std::upper_bound(cand, cand + c, tau) - cand);
        if (kept == m) tau = UINT64_MAX;  // every shingle is in
        std::copy(cand, cand + kept, first);
        last = first + kept;
        sorted = true;
      } else {
        std::nth_element(first, first + (k - 1), last);
        tau = std::max(first[k - 1], rate_bound);
        uint64_t* kept = std::partition(first + k, last, [tau](uint64_t h) { return h <= tau; });
        if (kept == last) tau = UINT64_MAX;  // every shingle is in
        last = kept;
      }
    }
  }
  if (!sorted) std::sort(first, last);
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

namespace {

// The overlap of two ascending samples below the lower of their bounds;
// `hash(i)` is the later unit's i-th 32-bit hash. With need > 0 it may stop
// as soon as a containment of `need` is out of reach, and then returns
// shared and containment as far as it got (below need) and no jaccard.
template <class Hash>
Overlap CompareSamples(size_t later_size, Hash&& hash, uint32_t later_tau, const Sketch32& earlier, float need) {
  Overlap o;
  const uint32_t t = std::min(later_tau, earlier.tau);
  const std::span<const uint32_t> b = earlier.hashes;
  // Both are ascending: the common sample is a prefix of each.
  size_t na = 0;
  while (na < later_size && hash(na) <= t) ++na;
  o.sampled = static_cast<uint32_t>(na);
  if (na == 0) return o;
  // Branch-free merge in steps of kStep: on equal values both sides advance.
  // An earlier hash above t is above every later one left, so the merge
  // needs no bound on the earlier side but its size.
  constexpr size_t kStep = 8;
  size_t i = 0, j = 0, both = 0;
  for (;;) {
    for (size_t step = 0; step < kStep && i < na && j < b.size(); ++step) {
      const uint32_t x = hash(i);
      const uint32_t y = b[j];
      both += x == y;
      i += x <= y;
      j += y <= x;
    }
    if (i == na || j == b.size()) break;
    // Even if every later hash left matched: float division is monotone in
    // the numerator, so the final containment could not reach `need`.
    if (static_cast<float>(both + (na - i)) / static_cast<float>(na) < need) {
      o.shared = static_cast<uint32_t>(both);
      o.containment = static_cast<float>(both) / static_cast<float>(na);
      return o;
    }
  }
  o.shared = static_cast<uint32_t>(both);
  o.containment = static_cast<float>(both) / static_cast<float>(na);
  if (o.containment < need) return o;
  // The earlier sample's size, for jaccard: the merge stopped within it.
  size_t nb = j;
  while (nb < b.size() && b[nb] <= t) ++nb;
  o.jaccard = static_cast<float>(both) / static_cast<float>(na + nb - both);
  return o;
}

}  // namespace

Overlap CompareSketches(std::span<const uint64_t> later, const Sketch32& earlier, float need) {
  const std::span<const uint64_t> a = SketchHashes(later);
  return CompareSamples(a.size(), [a](size_t i) { return Shingle32(a[i]); }, SketchTau(later), earlier, need);
}

Overlap CompareSketches(const Sketch32& later, const Sketch32& earlier, float need) {
  const std::span<const uint32_t> a = later.hashes;
  return CompareSamples(a.size(), [a](size_t i) { return a[i]; }, later.tau, earlier, need);
}

}  // namespace winnow
