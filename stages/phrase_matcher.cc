#include "stages/phrase_matcher.h"

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <utility>

namespace winnow {

bool PhraseMatcher::Add(std::string_view key, uint8_t category, Anchor anchor) {
  if (key.empty() || key.size() > 255 || category >= 32) return false;
  patterns_.push_back(Pattern{std::string(key), category, anchor});
  return true;
}

void PhraseMatcher::AddTokenData(std::string_view token, uint32_t data) {
  Insert(token)->data |= data;
}

PhraseMatcher::Token* PhraseMatcher::Insert(std::string_view tok) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(tok.data());
  const uint64_t h = TokenHash(tok);
  const uint64_t w0 = tok.empty() ? 0 : key_tokens::Load(p, tok.size(), 0) & key_tokens::LowBytes(tok.size());
  for (size_t j = h & tok_mask_;; j = (j + 1) & tok_mask_) {
    Token& e = toks_[j];
    if (e.hash == h && e.len == tok.size() && e.w0 == w0 &&
        (tok.size() <= 8 || pool_.compare(e.pool, tok.size(), tok) == 0))
      return &e;
    if (e.hash != 0) continue;
    if ((tok_used_ + 1) * 2 > toks_.size()) {  // grow and retry
      std::vector<Token> old(toks_.size() * 2);
      old.swap(toks_);
      tags_.assign(toks_.size(), 0);
      tok_mask_ = toks_.size() - 1;
      for (const Token& o : old) {
        if (o.hash == 0) continue;
        size_t k = o.hash & tok_mask_;
        while (toks_[k].hash != 0) k = (k + 1) & tok_mask_;
        toks_[k] = o;
        tags_[k] = Tag(o.hash);
      }
      return Insert(tok);
    }
    e.hash = h;
    tags_[j] = Tag(h);
    e.w0 = w0;
    e.len = static_cast<uint32_t>(tok.size());
    if (tok.size() > 8) {
      e.pool = static_cast<uint32_t>(pool_.size());
      pool_.append(tok);
    }
    ++tok_used_;
    return &e;
  }
}

void PhraseMatcher::BuildLookup() {
  // Grown at 5/8 full: linear probing over 16-byte entries, 4 to a line.
  size_t cap = 16;
  while (cap < tok_used_ * 3) cap <<= 1;
  look_keys_.assign(cap, 0);
  look_.assign(cap, Look{});
  long_.assign(cap, LongTok{});
  look_mask_ = cap - 1;
  for (const Token& o : toks_) {
    if (o.hash == 0) continue;
    size_t j = o.hash & look_mask_;
    while (look_keys_[j] != 0) j = (j + 1) & look_mask_;
    look_keys_[j] = ProbeKey(o.hash);
    look_[j] = Look{o.w0, o.data, IdLen(o.id, o.len)};
    if (o.len > 8) long_[j] = LongTok{o.pool, o.len};
  }
}

void PhraseMatcher::Build() {
  struct Relook {  // the lookup table from toks_ on every way out
    PhraseMatcher* m;
    ~Relook() { m->BuildLookup(); }
  } relook{this};
  root_.clear();
  edges_.clear();
  fail_.clear();
  out_.clear();
  outs_.clear();
  if (patterns_.empty()) return;
  // Token ids, and the trie over them (build-time edge map).
  std::vector<std::vector<uint32_t>> seqs;
  seqs.reserve(patterns_.size());
  for (const Pattern& p : patterns_) {
    std::vector<uint32_t> seq;
    size_t b = 0;
    while (true) {
      size_t e = p.text.find(' ', b);
      if (e == std::string::npos) e = p.text.size();
      Token* t = Insert(std::string_view(p.text).substr(b, e - b));
      if (t->id == 0) {
        if (ntok_ids_ + 1 >= (1u << 24))  // Look::id_len holds 24 bits of id
          throw std::length_error("phrase matcher: over 16M distinct phrase tokens");
        t->id = ++ntok_ids_;
      }
      seq.push_back(t->id);
      if (e == p.text.size()) break;
      b = e + 1;
    }
    seqs.push_back(std::move(seq));
  }
  root_.assign(ntok_ids_ + 1, 0);
  std::unordered_map<uint64_t, uint32_t> go;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> children(1);  // (token, state)
  std::vector<int32_t> own(1, -1);  // first own output per state
  auto child = [&](uint32_t s, uint32_t t) -> uint32_t {
    if (s == 0) return root_[t];
    auto it = go.find(static_cast<uint64_t>(s) << 32 | t);
    return it == go.end() ? 0 : it->second;
  };
  for (size_t i = 0; i < patterns_.size(); ++i) {
    uint32_t s = 0;
    for (uint32_t t : seqs[i]) {
      uint32_t c = child(s, t);
      if (c == 0) {
        c = static_cast<uint32_t>(own.size());
        own.push_back(-1);
        children.emplace_back();
        children[s].emplace_back(t, c);
        if (s == 0) root_[t] = c;
        else go[static_cast<uint64_t>(s) << 32 | t] = c;
      }
      s = c;
    }
    const Pattern& p = patterns_[i];
    outs_.push_back(Out{static_cast<uint16_t>(p.text.size() + 2), p.category, p.anchor, own[s]});
    own[s] = static_cast<int32_t>(outs_.size() - 1);
  }
  const size_t nstates = own.size();
  fail_.assign(nstates, 0);
  out_.assign(nstates, -1);
  // Suffix links and output chains in BFS order: own outputs, then those of
  // the suffix state (so a chain runs from the longest match to the shortest).
  std::vector<uint32_t> queue(1, 0);
  queue.reserve(nstates);
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    const uint32_t s = queue[qi];
    const int32_t inherited = s == 0 ? -1 : out_[fail_[s]];
    if (own[s] >= 0) {
      int32_t o = own[s];
      while (outs_[o].next >= 0) o = outs_[o].next;
      outs_[o].next = inherited;
      out_[s] = own[s];
    } else {
      out_[s] = inherited;
    }
    for (const auto& [t, c] : children[s]) {
      if (s != 0) {
        uint32_t f = fail_[s];
        while (true) {
          const uint32_t g = child(f, t);
          if (g != 0 || f == 0) { fail_[c] = g; break; }
          f = fail_[f];
        }
      }
      queue.push_back(c);
    }
  }
  // Flat edge table for Scan.
  size_t cap = 16;
  while (cap < go.size() * 2) cap <<= 1;
  edges_.assign(cap, Edge{});
  edge_mask_ = cap - 1;
  edge_shift_ = 64 - __builtin_ctzll(cap);
  for (const auto& [key, next] : go) {
    size_t j = (key * kMulA) >> edge_shift_;
    while (edges_[j].key != 0) j = (j + 1) & edge_mask_;
    edges_[j] = Edge{key, next};
  }
}

size_t PhraseMatcher::bytes() const {
  return toks_.size() * (sizeof(Token) + sizeof(uint32_t)) +
         look_.size() * (sizeof(Look) + sizeof(uint8_t) + sizeof(LongTok)) + pool_.size() + root_.size() * sizeof(uint32_t) +
         edges_.size() * sizeof(Edge) + fail_.size() * sizeof(uint32_t) +
         out_.size() * sizeof(int32_t) + outs_.size() * sizeof(Out);
}

void PhraseMatcher::Report(int32_t o, uint32_t end, uint32_t total, Result* r,
                           uint32_t* cov_end) const {
  for (; o >= 0; o = outs_[o].next) {
    const Out& x = outs_[o];
    const uint32_t start = end - x.len;
    const uint32_t bit = 1u << x.category;
    bool strong = false;
    switch (x.anchor) {
      case kAnywhere: strong = true; break;
      case kStart: strong = start == 0; if (strong) r->start |= bit; break;
      case kWhole:
        strong = start == 0 && end == total;
        if (strong) r->start |= bit, r->whole |= bit;
        break;
      case kWeak:
        r->weak |= bit;
        if (x.category == counted_category_) {
          ++r->counted;
          continue;
        }
        break;
    }
    if (x.anchor == kAnywhere && start == 0) r->start |= bit;
    if (x.anchor == kAnywhere && start == 0 && end == total) r->whole |= bit;
    if (strong) {
      r->any |= bit;
      if (r->first_end == 0) r->first_end = end >= 2 ? end - 2 : 0;
    }
    if (strong || x.anchor == kWeak) {
      const uint32_t a = std::max(start + 1, *cov_end);
      if (end - 1 > a) r->covered += end - 1 - a;
      *cov_end = std::max(*cov_end, end - 1);
    }
  }
}

}  // namespace winnow
