// DistDedup: the exchanges of a distributed dedup (see dist_dedup.h).
#include "pipeline/dist/dist_dedup.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "pipeline/dist/comm.h"
#include "stages/dedup_index.h"
#include "stages/dedup_resolve.h"
#include "stages/shingle.h"

namespace winnow {
namespace {

constexpr size_t kMaxIndexKeys = 8;  // index keys a representative sends along


template <class T>
void Put(std::string* out, const T& v) {
  out->append(reinterpret_cast<const char*>(&v), sizeof v);
}
template <class T>
T Get(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Fixed-size records of type R from AllToAll pieces (whole records each).
template <class R, class F>
Comm::Consumer Records(F&& f) {
  return [f](int source, std::string_view bytes) {
    for (size_t i = 0; i + sizeof(R) <= bytes.size(); i += sizeof(R)) f(source, Get<R>(bytes.data() + i));
  };
}

// Variable-length messages of 32-bit words, each [words, payload...]: the
// pieces of one source arrive in order, so a message cut between two rounds
// is put together again.
class Messages {
 public:
  explicit Messages(int ranks) : partial_(static_cast<size_t>(ranks)) {}
  template <class F>
  Comm::Consumer Consumer(F&& f) {
    return [this, f](int source, std::string_view bytes) {
      std::string& buf = partial_[static_cast<size_t>(source)];
      buf.append(bytes);
      size_t pos = 0;
      while (buf.size() - pos >= 4) {
        const uint32_t words = Get<uint32_t>(buf.data() + pos);
        if (buf.size() - pos < 4 * (size_t{words} + 1)) break;
        f(source, reinterpret_cast<const uint32_t*>(buf.data() + pos + 4), words);
        pos += 4 * (size_t{words} + 1);
      }
      buf.erase(0, pos);
    };
  }

 private:
  std::vector<std::string> partial_;
};

void PutWords(std::string* out, std::span<const uint32_t> words) {
  Put(out, static_cast<uint32_t>(words.size()));
  out->append(reinterpret_cast<const char*>(words.data()), words.size() * 4);
}
void Push64(std::vector<uint32_t>* w, uint64_t v) {
  w->push_back(static_cast<uint32_t>(v));
  w->push_back(static_cast<uint32_t>(v >> 32));
}
uint64_t Read64(const uint32_t* p) { return uint64_t{p[0]} | (uint64_t{p[1]} << 32); }

struct ExactRec {
  uint64_t key, uid;
};
struct MembersRec {
  uint64_t uid;
  uint64_t n;
  uint64_t member[DedupIndex::kMaxMembers];
};
struct IndexKeyRec {
  uint32_t key, nk;
  uint64_t uid;
  uint32_t ks[kMaxIndexKeys];
};
struct __attribute__((packed)) ProbeRec {  // 12 bytes: the most numerous record
  uint32_t key;
  uint64_t uid;
};
struct PairRec {
  uint64_t rep, uid;
};

}  // namespace

DistDedup::DistDedup(Comm& comm, const NearDupOptions& options, double doc_dup_threshold, size_t chunk_bytes,
                     size_t slice_units)
    : comm_(comm), options_(options), doc_dup_threshold_(doc_dup_threshold), chunk_(chunk_bytes),
      slice_units_(std::max<size_t>(slice_units, 1)) {
  // As DedupIndex clamps them.
  options_.index_keys = std::clamp(options_.index_keys, 1, static_cast<int>(kMaxIndexKeys));
  options_.probe_keys = std::clamp(options_.probe_keys, 1, 256);
}

void DistDedup::Document(uint64_t ordinal, std::string_view id, uint64_t kept_chars) {
  docs_.push_back(DocRec{ordinal, kept_chars, static_cast<uint32_t>(units_.size()), 0});
  ids_.append(id);
  id_end_.push_back(ids_.size());
}

void DistDedup::Unit(uint32_t unit, uint64_t len, uint64_t key_hash, std::span<const uint64_t> sketch) {
  UnitRec u{};
  u.key_hash = key_hash;
  u.len = static_cast<uint32_t>(std::min<uint64_t>(len, UINT32_MAX));
  u.sketch_off = kNoSketch;
  u.unit = unit;
  u.doc = static_cast<uint32_t>(docs_.size() - 1);
  if (options_.near && !sketch.empty()) {
    u.sketch_off = sketches_.size();
    sketches_.resize(sketches_.size() + SketchHashes(sketch).size() + 3);
    WriteSketch32(sketch, SIZE_MAX, sketches_.data() + u.sketch_off);
  }
  units_.push_back(u);
  ++docs_.back().units;
}

int DistDedup::RankOfUid(uint64_t uid) const {
  // rank_base_ is ascending with the total last; the rank whose range holds uid.
  auto it = std::upper_bound(rank_base_.begin(), rank_base_.end() - 1, uid);
  return static_cast<int>(it - rank_base_.begin()) - 1;
}

void DistDedup::Decide(uint64_t ordinal_base) {
  for (DocRec& d : docs_) d.ordinal += ordinal_base;
  uid_base_ = comm_.ExclusiveSum(units_.size());
  // Every rank's first uid, and the total.
  std::string mine;
  Put(&mine, uid_base_);
  std::string all;
  if (comm_.rank() == 0) {
    for (const std::string& s : comm_.Gather(mine)) all += s;
  } else {
    comm_.Gather(mine);
  }
  all = comm_.Broadcast(all);
  rank_base_.clear();
  for (size_t i = 0; i + 8 <= all.size(); i += 8) rank_base_.push_back(Get<uint64_t>(all.data() + i));
  rank_base_.push_back(comm_.Sum(units_.size()));
  // WINNOW_DIST_TIMING=1: each rank prints how long each step took (bench/dist.sh).
  const bool timing = std::getenv("WINNOW_DIST_TIMING") != nullptr;
  auto t = std::chrono::steady_clock::now();
  std::string times;
  auto lap = [&](const char* step) {
    if (!timing) return;
    const auto now = std::chrono::steady_clock::now();
    times += ' ';
    times += step;
    times += '=';
    times += std::to_string(std::chrono::duration<double>(now - t).count());
    t = now;
  };
  ExchangeExact();
  lap("exact");
  if (options_.near) {
    ExchangeIndexKeys();
    lap("index_keys");
    ExchangeProbes();
    lap("probes");
  } else {
    cand_end_.assign(units_.size(), 0);
  }
  Resolve();
  if (timing) times += " resolve_wait=" + std::to_string(resolve_wait_);
  lap("resolve");
  FetchRefs();
  lap("refs");
  if (timing) std::fprintf(stderr, "winnow: rank %d: %zu units, dedup steps (s):%s\n", comm_.rank(), units_.size(), times.c_str());
  bytes_ = docs_.capacity() * sizeof(DocRec) + units_.capacity() * sizeof(UnitRec) +
           sketches_.capacity() * 4 + ids_.capacity() + key_.capacity() * 4 + key_rep_.capacity() * 8 +
           common_from_.capacity() * sizeof(common_from_[0]) + id_end_.capacity() * 8 + key_slot_.capacity() * 8 +
           cands_.capacity() * sizeof(DedupCandidate);
}

void DistDedup::ExchangeExact() {
  const int n = comm_.size();
  std::vector<std::string> out(static_cast<size_t>(n));
  for (size_t i = 0; i < units_.size(); ++i) {
    Put(&out[static_cast<size_t>(OwnerOf(units_[i].key_hash, n))], ExactRec{units_[i].key_hash, uid_base_ + i});
  }
  std::vector<ExactRec> owned;
  comm_.AllToAll(out, sizeof(ExactRec), chunk_, Records<ExactRec>([&](int, const ExactRec& r) { owned.push_back(r); }));
  std::sort(owned.begin(), owned.end(),
            [](const ExactRec& a, const ExactRec& b) { return a.key != b.key ? a.key < b.key : a.uid < b.uid; });
  // Each text's first holders go back to every unit of the text; a unit
  // alone with its text hears nothing (it is its only member).
  for (std::string& o : out) o.clear();
  for (size_t i = 0; i < units_.size(); ++i) {
    units_[i].members = 1;
    units_[i].member[0] = uid_base_ + i;
  }
  for (size_t a = 0; a < owned.size();) {
    size_t b = a;
    while (b < owned.size() && owned[b].key == owned[a].key) ++b;
    if (b - a == 1) {
      a = b;
      continue;
    }
    MembersRec m{};
    m.n = std::min(b - a, DedupIndex::kMaxMembers);
    for (size_t i = 0; i < m.n; ++i) m.member[i] = owned[a + i].uid;
    for (size_t i = a; i < b; ++i) {
      m.uid = owned[i].uid;
      Put(&out[static_cast<size_t>(RankOfUid(m.uid))], m);
    }
    a = b;
  }
  owned = {};
  comm_.AllToAll(out, sizeof(MembersRec), chunk_, Records<MembersRec>([&](int, const MembersRec& m) {
                   UnitRec& u = units_[m.uid - uid_base_];
                   u.members = static_cast<uint8_t>(m.n);
                   std::copy_n(m.member, m.n, u.member);
                 }));
}

void DistDedup::ExchangeIndexKeys() {
  const int n = comm_.size();
  std::vector<std::string> out(static_cast<size_t>(n));
  std::vector<IndexKeyRec> owned;
  // In slices of units, as the probes (the owners keep what they receive).
  const uint64_t slices = comm_.Max((units_.size() + slice_units_ - 1) / slice_units_);
  for (uint64_t slice = 0; slice < slices; ++slice) {
    const size_t begin = std::min(units_.size(), static_cast<size_t>(slice * slice_units_));
    const size_t end = std::min(units_.size(), begin + slice_units_);
    for (std::string& o : out) o.clear();
    for (size_t i = begin; i < end; ++i) {
      const UnitRec& u = units_[i];
      // Only a text's first holder is its representative.
      if (u.sketch_off == kNoSketch || u.members == 0 || u.member[0] != uid_base_ + i) continue;
      const std::span<const uint32_t> h = Stored(u).hashes;
      IndexKeyRec r{};
      r.uid = uid_base_ + i;
      r.nk = static_cast<uint32_t>(std::min(h.size(), static_cast<size_t>(options_.index_keys)));
      for (uint32_t j = 0; j < r.nk; ++j) r.ks[j] = h[j];
      for (uint32_t j = 0; j < r.nk; ++j) {
        r.key = r.ks[j];
        Put(&out[static_cast<size_t>(OwnerOf(r.key, n))], r);
      }
    }
    comm_.AllToAll(out, sizeof(IndexKeyRec), chunk_,
                   Records<IndexKeyRec>([&](int, const IndexKeyRec& r) { owned.push_back(r); }));
  }
  std::sort(owned.begin(), owned.end(), [](const IndexKeyRec& a, const IndexKeyRec& b) {
    return a.key != b.key ? a.key < b.key : a.uid < b.uid;
  });
  // As DedupIndex::Add: a key keeps its first 3 representatives; it turns
  // common at the first later one that shares no other index key with them.
  key_.clear();
  key_rep_.clear();
  common_from_.clear();
  for (size_t a = 0; a < owned.size();) {
    size_t b = a;
    while (b < owned.size() && owned[b].key == owned[a].key) ++b;
    const uint32_t key = owned[a].key;
    const size_t n = std::min<size_t>(b - a, 3);
    for (size_t i = 0; i < n; ++i) {
      key_.push_back(key);
      key_rep_.push_back(owned[a + i].uid);
    }
    for (size_t i = a + n; i < b; ++i) {
      bool shared = false;
      for (size_t h = a; h < a + n && !shared; ++h) {
        for (uint32_t x = 0; x < owned[h].nk; ++x) {
          if (owned[h].ks[x] == key) continue;
          for (uint32_t y = 0; y < owned[i].nk; ++y) shared |= owned[h].ks[x] == owned[i].ks[y];
        }
      }
      if (!shared) {
        common_from_.emplace_back(key, owned[i].uid);
        break;
      }
    }
    a = b;
  }
  // Half full at most.
  size_t slots = 16;
  while (slots < 2 * key_.size()) slots *= 2;
  key_slot_.assign(key_.empty() ? 0 : slots, 0);
  for (size_t k = 0; k < key_.size(); ++k) {
    if (k > 0 && key_[k] == key_[k - 1]) continue;
    size_t i = BucketTable::Mix32(key_[k]) & (slots - 1);
    while (key_slot_[i] != 0) i = (i + 1) & (slots - 1);
    key_slot_[i] = (uint64_t{key_[k]} << 32) | static_cast<uint32_t>(k + 1);
  }
}

size_t DistDedup::FirstEntry(uint32_t key) const {
  if (key_slot_.empty()) return key_.size();
  const size_t mask = key_slot_.size() - 1;
  for (size_t i = BucketTable::Mix32(key) & mask;; i = (i + 1) & mask) {
    const uint64_t e = key_slot_[i];
    if (e == 0) return key_.size();
    if (static_cast<uint32_t>(e >> 32) == key) return static_cast<uint32_t>(e) - 1;
  }
}

void DistDedup::ExchangeProbes() {
  const int n = comm_.size();
  std::vector<std::string> out(static_cast<size_t>(n));
  // In slices of units, so that the records in flight stay bounded
  // whatever the input size; every rank runs as many slices as the rank
  // with the most units.
  std::vector<std::pair<uint64_t, DedupCandidate>> near;
  const uint64_t slices = comm_.Max((units_.size() + slice_units_ - 1) / slice_units_);
  for (uint64_t slice = 0; slice < slices; ++slice) {
    const size_t begin = std::min(units_.size(), static_cast<size_t>(slice * slice_units_));
    const size_t end = std::min(units_.size(), begin + slice_units_);
    for (size_t i = begin; i < end; ++i) {
      const UnitRec& u = units_[i];
      if (u.sketch_off == kNoSketch) continue;
      const std::span<const uint32_t> h = Stored(u).hashes;
      const size_t lookups = std::min(h.size(), static_cast<size_t>(options_.probe_keys));
      for (size_t j = 0; j < lookups; ++j) {
        const ProbeRec r{h[j], uid_base_ + i};
        Put(&out[static_cast<size_t>(OwnerOf(r.key, n))], r);
      }
    }
    // Owners answer with the representatives held before the unit: pairs,
    // sent to the representative's rank.
    std::vector<std::string> pairs(static_cast<size_t>(n));
    auto answer = [&](const ProbeRec& r) {
      const size_t first = FirstEntry(r.key);
      if (first == key_.size()) return;
      auto c = std::lower_bound(common_from_.begin(), common_from_.end(), std::make_pair(r.key, uint64_t{0}));
      if (c != common_from_.end() && c->first == r.key && c->second < r.uid) return;
      for (size_t k = first; k < key_.size() && key_[k] == r.key; ++k) {
        const uint64_t rep = key_rep_[k];
        if (rep < r.uid) Put(&pairs[static_cast<size_t>(RankOfUid(rep))], PairRec{rep, r.uid});
      }
    };
    comm_.AllToAll(out, sizeof(ProbeRec), chunk_, [&](int, std::string_view bytes) {
      // The slot lookups are random loads: start each a few records ahead.
      constexpr size_t kAhead = 32;
      const size_t n = bytes.size() / sizeof(ProbeRec);
      auto rec = [&](size_t i) { return Get<ProbeRec>(bytes.data() + i * sizeof(ProbeRec)); };
      const size_t mask = key_slot_.empty() ? 0 : key_slot_.size() - 1;
      for (size_t i = 0; i < n; ++i) {
        if (mask && i + kAhead < n) __builtin_prefetch(&key_slot_[BucketTable::Mix32(rec(i + kAhead).key) & mask]);
        answer(rec(i));
      }
    });
    for (std::string& o : out) o.clear();
    std::vector<PairRec> mine;
    comm_.AllToAll(pairs, sizeof(PairRec), chunk_, Records<PairRec>([&](int, const PairRec& p) { mine.push_back(p); }));
    std::sort(mine.begin(), mine.end(),
              [](const PairRec& a, const PairRec& b) { return a.rep != b.rep ? a.rep < b.rep : a.uid < b.uid; });
    mine.erase(std::unique(mine.begin(), mine.end(),
                           [](const PairRec& a, const PairRec& b) { return a.rep == b.rep && a.uid == b.uid; }),
               mine.end());
    // Each representative, once per rank that asks: its sketch, its text's
    // members and the units there to verify it against.
    // (Sorted by rep then uid, the pairs of one rep are grouped by rank too:
    // ranks hold ascending uid ranges.)
    std::vector<std::string> reps(static_cast<size_t>(n));
    std::vector<uint32_t> words;
    for (size_t a = 0; a < mine.size();) {
      const int dest = RankOfUid(mine[a].uid);
      size_t b = a;
      while (b < mine.size() && mine[b].rep == mine[a].rep && RankOfUid(mine[b].uid) == dest) ++b;
      const UnitRec& r = units_[mine[a].rep - uid_base_];
      words.clear();
      Push64(&words, mine[a].rep);
      words.push_back(r.members);
      for (size_t i = 0; i < r.members; ++i) Push64(&words, r.member[i]);
      words.push_back(static_cast<uint32_t>(b - a));
      for (size_t i = a; i < b; ++i) Push64(&words, mine[i].uid);
      // As the index stores it: at most SketchArena::kMaxStored hashes.
      const Sketch32 sk = Stored(r);
      const size_t kept = std::min(sk.hashes.size(), SketchArena::kMaxStored);
      words.push_back(kept < sk.hashes.size() ? sk.hashes[kept - 1] : sk.tau);
      words.push_back(static_cast<uint32_t>(kept));
      words.push_back(sk.shingles);
      words.insert(words.end(), sk.hashes.begin(), sk.hashes.begin() + static_cast<ptrdiff_t>(kept));
      PutWords(&reps[static_cast<size_t>(dest)], words);
      a = b;
    }
    // Verified near candidates per unit: (unit, candidate).
    Messages msgs(n);
    comm_.AllToAll(reps, 4, chunk_, msgs.Consumer([&](int, const uint32_t* w, uint32_t) {
                     const uint64_t rep = Read64(w);
                     const uint32_t nm = w[2];
                     const uint32_t* members = w + 3;
                     const uint32_t nu = members[2 * nm];
                     const uint32_t* uids = members + 2 * nm + 1;
                     const Sketch32 rep_sketch = ReadSketch32(uids + 2 * nu);
                     for (uint32_t k = 0; k < nu; ++k) {
                       const uint64_t uid = Read64(uids + 2 * k);
                       const UnitRec& u = units_[uid - uid_base_];
                       // The representative of the unit's own text is an exact candidate already.
                       if (u.members > 0 && u.member[0] == rep) continue;
                       Overlap o;
                       if (!VerifyNear(Stored(u), rep_sketch, options_, &o)) continue;
                       for (uint32_t i = 0; i < nm; ++i) {
                         DedupCandidate c;
                         c.uid = Read64(members + 2 * i);
                         if (c.uid >= uid) continue;  // held after the unit
                         c.similarity = o.containment;
                         c.jaccard = o.jaccard;
                         near.emplace_back(uid - uid_base_, c);
                       }
                     }
                   }));
  }
  std::sort(near.begin(), near.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.uid < b.second.uid;
  });
  // Candidates in the order DedupIndex::Candidates gives them.
  cands_.clear();
  cand_end_.assign(units_.size(), 0);
  size_t k = 0;
  for (size_t i = 0; i < units_.size(); ++i) {
    const UnitRec& u = units_[i];
    for (size_t m = 0; m < u.members; ++m) {
      if (u.member[m] >= uid_base_ + i) break;
      DedupCandidate c;
      c.uid = u.member[m];
      c.similarity = c.jaccard = 1;
      c.exact = true;
      cands_.push_back(c);
    }
    for (; k < near.size() && near[k].first == i; ++k) cands_.push_back(near[k].second);
    cand_end_[i] = cands_.size();
  }
}

void DistDedup::Resolve() {
  const int n = comm_.size(), me = comm_.rank();
  // Which earlier ranks' units this rank must know about.
  std::vector<uint64_t> remote;
  for (const DedupCandidate& c : cands_) {
    if (c.uid < uid_base_) remote.push_back(c.uid);
  }
  std::sort(remote.begin(), remote.end());
  remote.erase(std::unique(remote.begin(), remote.end()), remote.end());
  std::vector<std::string> ask(static_cast<size_t>(n));
  for (uint64_t uid : remote) Put(&ask[static_cast<size_t>(RankOfUid(uid))], uid);
  std::vector<std::vector<uint64_t>> asked(static_cast<size_t>(n));
  comm_.AllToAll(ask, 8, chunk_, Records<uint64_t>([&](int source, uint64_t uid) {
                   asked[static_cast<size_t>(source)].push_back(uid);
                 }));
  // The answers of the ranks before this one, in rank order.
  std::vector<uint8_t> remote_original(remote.size(), 0);
  size_t at = 0;
  const auto wait_start = std::chrono::steady_clock::now();
  for (int s = 0; s < me; ++s) {
    const std::string bits = comm_.Recv(s);
    for (size_t i = 0; i < bits.size() && at < remote.size(); ++i) remote_original[at++] = static_cast<uint8_t>(bits[i]);
  }
  resolve_wait_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - wait_start).count();
  originals_.assign((units_.size() + 63) / 64, 0);
  auto is_original = [&](uint64_t uid) {
    if (uid >= uid_base_) {
      const uint64_t i = uid - uid_base_;
      return ((originals_[i / 64] >> (i % 64)) & 1) != 0;
    }
    auto it = std::lower_bound(remote.begin(), remote.end(), uid);
    return it != remote.end() && *it == uid && remote_original[static_cast<size_t>(it - remote.begin())] != 0;
  };
  match_.assign(units_.size(), -1);
  std::vector<ResolveUnit> r;
  for (DocRec& d : docs_) {
    r.assign(d.units, ResolveUnit{});
    for (uint32_t k = 0; k < d.units; ++k) {
      const size_t i = d.first_unit + k;
      const UnitRec& u = units_[i];
      const uint64_t uid = uid_base_ + i;
      const bool held = std::find(u.member, u.member + u.members, uid) != u.member + u.members;
      r[k].len = u.len;
      r[k].uid = held ? uid : kNoUid;
      const uint64_t begin = i == 0 ? 0 : cand_end_[i - 1];
      r[k].cands = std::span<const DedupCandidate>(cands_.data() + begin, cand_end_[i] - begin);
    }
    d.dropped = ResolveDocument(std::span<ResolveUnit>(r), uid_base_ + d.first_unit, d.kept_chars,
                                doc_dup_threshold_, is_original, [&](uint64_t uid) {
                                  const uint64_t i = uid - uid_base_;
                                  originals_[i / 64] |= uint64_t{1} << (i % 64);
                                });
    for (uint32_t k = 0; k < d.units; ++k) {
      if (r[k].match) match_[d.first_unit + k] = r[k].match - cands_.data();
    }
  }
  // Answers for the ranks after this one.
  for (int t = me + 1; t < n; ++t) {
    std::string bits;
    for (uint64_t uid : asked[static_cast<size_t>(t)]) bits.push_back(is_original(uid) ? 1 : 0);
    comm_.Send(t, bits);
  }
}

void DistDedup::FetchRefs() {
  const int n = comm_.size();
  // Each match's document ordinal, unit and id, from the rank that holds it.
  std::vector<std::string> ask(static_cast<size_t>(n));
  for (int64_t m : match_) {
    if (m >= 0) Put(&ask[static_cast<size_t>(RankOfUid(cands_[static_cast<size_t>(m)].uid))], cands_[static_cast<size_t>(m)].uid);
  }
  std::vector<std::string> answer(static_cast<size_t>(n));
  std::vector<uint32_t> words;
  comm_.AllToAll(ask, 8, chunk_, Records<uint64_t>([&](int source, uint64_t uid) {
                   const UnitRec& u = units_[uid - uid_base_];
                   const std::string_view id(ids_.data() + (u.doc == 0 ? 0 : id_end_[u.doc - 1]),
                                             id_end_[u.doc] - (u.doc == 0 ? 0 : id_end_[u.doc - 1]));
                   words.clear();
                   Push64(&words, uid);
                   Push64(&words, docs_[u.doc].ordinal);
                   words.push_back(u.unit);
                   words.push_back(static_cast<uint32_t>(id.size()));
                   const size_t at = words.size();
                   words.resize(at + (id.size() + 3) / 4, 0);
                   std::memcpy(words.data() + at, id.data(), id.size());
                   PutWords(&answer[static_cast<size_t>(source)], words);
                 }));
  ask = {};
  struct Ref {
    uint64_t uid, ordinal;
    uint32_t unit;
    uint64_t id_begin, id_end;
  };
  std::vector<Ref> refs;
  Messages msgs(n);
  comm_.AllToAll(answer, 4, chunk_, msgs.Consumer([&](int, const uint32_t* w, uint32_t) {
                   Ref r{Read64(w), Read64(w + 2), w[4], match_ids_.size(), 0};
                   match_ids_.append(reinterpret_cast<const char*>(w + 6), w[5]);
                   r.id_end = match_ids_.size();
                   refs.push_back(r);
                 }));
  std::sort(refs.begin(), refs.end(), [](const Ref& a, const Ref& b) { return a.uid < b.uid; });
  matches_.assign(units_.size(), UnitMatch{});
  for (size_t i = 0; i < units_.size(); ++i) {
    if (match_[i] < 0) continue;
    UnitMatch& m = matches_[i];
    m.found = true;
    m.candidate = cands_[static_cast<size_t>(match_[i])];
    auto it = std::lower_bound(refs.begin(), refs.end(), m.candidate.uid,
                               [](const Ref& r, uint64_t uid) { return r.uid < uid; });
    if (it == refs.end() || it->uid != m.candidate.uid) throw std::logic_error("dist dedup: a match without its reference");
    m.candidate.of = UnitRef{it->ordinal, it->unit};
    m.of_id = std::string_view(match_ids_).substr(it->id_begin, it->id_end - it->id_begin);
  }
}

void DistDedup::Next(bool* dropped, std::span<const UnitMatch>* units) {
  if (next_doc_ >= docs_.size()) throw std::logic_error("dist dedup: more documents in the second pass than in the first");
  const DocRec& d = docs_[next_doc_++];
  *dropped = d.dropped;
  *units = std::span<const UnitMatch>(matches_.data() + d.first_unit, d.units);
}

}  // namespace winnow
