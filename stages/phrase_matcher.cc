#include "stages/phrase_matcher.h"

#include <algorithm>

namespace winnow {

bool PhraseMatcher::Add(std::string_view key, uint8_t category, Anchor anchor) {
  if (key.empty() || key.size() > 255 || category >= 32) return false;
  Pattern p;
  p.text.reserve(key.size() + 2);
  p.text.push_back(' ');
  p.text.append(key);
  p.text.push_back(' ');
  p.category = category;
  p.anchor = anchor;
  patterns_.push_back(std::move(p));
  return true;
}

void PhraseMatcher::Build() {
  std::fill(std::begin(cls_), std::end(cls_), 0);
  nclasses_ = 1;
  for (const Pattern& p : patterns_)
    for (unsigned char c : p.text)
      if (cls_[c] == 0) cls_[c] = static_cast<uint8_t>(nclasses_++);
  const uint32_t nc = nclasses_;
  // Trie with explicit goto edges (-1 = none).
  std::vector<int32_t> go(nc, -1);
  std::vector<int32_t> own;  // first own output per state
  own.push_back(-1);
  outs_.clear();
  for (const Pattern& p : patterns_) {
    int32_t s = 0;
    for (unsigned char c : p.text) {
      int32_t& e = go[static_cast<size_t>(s) * nc + cls_[c]];
      if (e < 0) {
        e = static_cast<int32_t>(own.size());
        own.push_back(-1);
        go.resize(go.size() + nc, -1);
      }
      s = go[static_cast<size_t>(s) * nc + cls_[c]];
    }
    outs_.push_back(Out{static_cast<uint16_t>(p.text.size()), p.category, p.anchor, own[s]});
    own[s] = static_cast<int32_t>(outs_.size() - 1);
  }
  nstates_ = static_cast<uint32_t>(own.size());
  if (static_cast<uint64_t>(nstates_) * nc > kStateMask) {  // offsets must fit: drop the automaton
    nstates_ = 0;
    delta_.clear();
    out_.clear();
    return;
  }
  delta_.assign(static_cast<size_t>(nstates_) * nc, 0);
  out_.assign(nstates_, -1);
  std::vector<uint32_t> fail(nstates_, 0), queue;
  queue.reserve(nstates_);
  for (uint32_t c = 0; c < nc; ++c) {
    int32_t t = go[c];
    if (t > 0) {
      delta_[c] = static_cast<uint32_t>(t);
      fail[t] = 0;
      queue.push_back(static_cast<uint32_t>(t));
    }
  }
  for (size_t qi = 0; qi < queue.size(); ++qi) {
    const uint32_t s = queue[qi];
    // Output chain: own outputs, then those of the suffix state.
    const int32_t inherited = out_[fail[s]];
    if (own[s] >= 0) {
      int32_t o = own[s];
      while (outs_[o].next >= 0) o = outs_[o].next;
      outs_[o].next = inherited;
      out_[s] = own[s];
    } else {
      out_[s] = inherited;
    }
    for (uint32_t c = 0; c < nc; ++c) {
      const int32_t t = go[static_cast<size_t>(s) * nc + c];
      if (t > 0) {
        fail[t] = delta_[static_cast<size_t>(fail[s]) * nc + c];
        delta_[static_cast<size_t>(s) * nc + c] = static_cast<uint32_t>(t);
        queue.push_back(static_cast<uint32_t>(t));
      } else {
        delta_[static_cast<size_t>(s) * nc + c] = delta_[static_cast<size_t>(fail[s]) * nc + c];
      }
    }
  }
  // Flag transitions into states with outputs (BFS order: out_ is final now
  // for every state, and fail links were read from unflagged values above).
  for (uint32_t& t : delta_) {
    const bool out = out_[t] >= 0;
    t *= nc;
    if (out) t |= kOutBit;
  }
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
