#include "stages/bp_model.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "stages/bp_features.h"

namespace winnow {

const char* const kStage1Names[kStage1Features] = {
    "bias",        "log_words",   "log_len",     "stop",        "terminal",    "question",
    "colon",       "ellipsis",    "comma_end",   "quote_end",   "bullet",      "upper_start",
    "title_case",  "heading",     "cjk",         "link",        "currency",    "separators",
    "copyright",   "digit_share", "caps_share",  "unknown_lang", "template",   "h_meta",
    "h_nav",       "h_shop",      "h_related",   "h_comments",  "h_legal",     "h_template",
    "cf_bad",      "cf_short",    "cf_neargood", "rule_keep",   "tail",        "heading_list",
    "prev_keep",   "next_keep",   "win5_good",   "win20_keep",  "pos",         "dist_dense",
    "run_shape",   "after_comments", "w1",        "w2_3",        "w4_7",        "w8_15",
    "w16_31",      "stop_x_logw", "prev_stop",   "next_stop",   "prev_logw",   "next_logw",
    "before_dense", "after_dense", "rel_len",    "win5_stop",   "before_first_good", "after_last_good"};

const char* const kStage2Names[kStage2Features] = {
    "bias",      "z1",        "p_prev1",      "p_next1",      "p_prev3",   "p_next3",
    "p_win10",   "dist_dense", "before_dense", "after_dense", "log_words", "short_in_body",
    "doc_mass",  "p_rel_max", "p_prev2",      "p_next2",      "p_win5"};

namespace {

constexpr uint32_t Bit(Reason r) { return 1u << static_cast<uint32_t>(r); }
constexpr uint32_t kMeta = Bit(Reason::kDate) | Bit(Reason::kByline) | Bit(Reason::kCaption) | Bit(Reason::kCredit);
constexpr uint32_t kNavLike = Bit(Reason::kNav) | Bit(Reason::kShare) | Bit(Reason::kLink);
constexpr uint32_t kShop = Bit(Reason::kShopping) | Bit(Reason::kAd);
constexpr uint32_t kLegal = Bit(Reason::kCookie) | Bit(Reason::kPaywall) |
                            Bit(Reason::kNewsletter) | Bit(Reason::kCopyright);
constexpr size_t kDenseWindow = 10;

// 1.0f or 0.0f without a branch or a conversion: the bits of 1.0f, masked.
inline float F(bool b) { return std::bit_cast<float>(0x3f800000u & (0u - static_cast<uint32_t>(b))); }

// log1p of a count, from a table for the small counts that most units have
// (the same values std::log1p gives, so fitting and inference agree).
// Up to 4096: a prose paragraph's length in characters (log_len) is often
// over 1000, and log1pf costs ~20 ns; only the entries in use are cached.
constexpr size_t kLog1pTable = 4096;
struct Log1pTable {
  float v[kLog1pTable];
  Log1pTable() {
    for (size_t i = 0; i < kLog1pTable; ++i) v[i] = std::log1p(static_cast<float>(i));
  }
};
const Log1pTable kLog1p;
inline float Log1p(size_t k) {
  return k < kLog1pTable ? kLog1p.v[k] : std::log1p(static_cast<float>(k));
}
inline float Sigmoid(float z) { return 1.0f / (1.0f + std::exp(-z)); }

// A coarse shape: word-count bucket and sentence end. Menus and lists of
// other stories are runs of one shape.
uint8_t Shape(const UnitEvidence& e) {
  const uint8_t b = e.words <= 3 ? 0 : e.words <= 9 ? 1 : e.words <= 29 ? 2 : 3;
  return static_cast<uint8_t>(b * 2 + ((e.flags & kFlagTerminal) ? 1 : 0));
}

// Start of the window of kDenseWindow units with the largest sum of mass[i]
// (cum = prefix sums, size n + 1).
size_t DensestStart(const double* cum, size_t n) {
  const size_t w = std::min(kDenseWindow, n);
  size_t best = 0;
  double best_mass = -1;
  for (size_t a = 0; a + w <= n; ++a) {
    const double m = cum[a + w] - cum[a];
    if (m > best_mass) best_mass = m, best = a;
  }
  return best;
}

float Distance(size_t i, size_t a, size_t n) {
  const size_t b = std::min(n, a + kDenseWindow);  // [a, b)
  const size_t d = i < a ? a - i : i >= b ? i - b + 1 : 0;
  return Log1p(d);
}

}  // namespace

void Stage1Features(std::span<const UnitEvidence> ev, ModelScratch* s, const float* w, float* z,
                    std::vector<float>* rows) {
  const size_t n = ev.size();
  constexpr int D = kStage1Features;
  if (rows) rows->resize(n * D);  // every feature of every row is written below
  float local[D];
  s->after_comments.resize(n);
  // The length of each unit's run of one shape.
  std::vector<float>& run = s->p;
  run.resize(n);
  for (size_t i = 0; i < n;) {
    size_t end = i + 1;
    const uint8_t shape = Shape(ev[i]);
    while (end < n && Shape(ev[end]) == shape) ++end;
    const float len = Log1p(end - i);
    for (size_t j = i; j < end; ++j) run[j] = len;
    i = end;
  }
  // Prefix sums: words (cw), words of good units, words of rule-kept units,
  // stopword density x words.
  std::vector<double>& c = s->cum;
  c.resize(4 * (n + 1));
  double* cw = c.data();
  double* cg = cw + (n + 1);
  double* ck = cg + (n + 1);
  double* cs = ck + (n + 1);
  cw[0] = cg[0] = ck[0] = cs[0] = 0;
  uint32_t max_words = 1;
  for (size_t i = 0; i < n; ++i) {
    const double ww = ev[i].words + 1;
    cw[i + 1] = cw[i] + ww;
    cg[i + 1] = cg[i] + (ev[i].cf == 3 ? ww : 0);
    ck[i + 1] = ck[i] + (ev[i].rule == Reason::kNone ? ww : 0);
    cs[i + 1] = cs[i] + ev[i].stop * ww;
    max_words = std::max(max_words, ev[i].words);
  }
  const float log_max = Log1p(max_words);
  // The first and last prose paragraphs: the article lies between them.
  size_t first_good = n, last_good = 0;
  for (size_t i = 0; i < n; ++i)
    if (ev[i].cf == 3 && ev[i].hard == Reason::kNone) first_good = std::min(first_good, i), last_good = i;
  const size_t dense = DensestStart(ck, n);
  bool comments_seen = false, body_seen = false;
  for (size_t i = 0; i < n; ++i) {
    const UnitEvidence& e = ev[i];
    float* x = rows ? rows->data() + i * D : local;
    const uint32_t fl = e.flags;
    const uint32_t hb = e.hard == Reason::kNone ? 0 : Bit(e.hard);
    x[0] = 1;
    x[1] = Log1p(e.words);
    x[2] = Log1p(e.eff_len);
    x[3] = e.stop;
    x[4] = F(fl & kFlagTerminal);
    x[5] = F(fl & kFlagQuestion);
    x[6] = F(fl & kFlagColon);
    x[7] = F(fl & kFlagEllipsis);
    x[8] = F(fl & kFlagComma);
    x[9] = F(fl & kFlagQuoteEnd);
    x[10] = F(fl & kFlagBullet);
    x[11] = F(fl & kFlagUpperStart);
    x[12] = F(fl & kFlagTitleCase);
    x[13] = F(fl & kFlagHeading);
    x[14] = F(fl & kFlagCjk);
    x[15] = F(fl & (kFlagUrl | kFlagEmail));
    x[16] = F(fl & kFlagCurrency);
    x[17] = F(fl & kFlagSeparators);
    x[18] = F(fl & kFlagCopyrightSign);
    x[19] = e.chars ? static_cast<float>(e.digits) / static_cast<float>(e.chars) : 0;
    x[20] = e.alpha ? static_cast<float>(e.caps) / static_cast<float>(e.alpha) : 0;
    x[21] = F(fl & kFlagUnknownLang);
    x[22] = e.template_docs > 1 ? Log1p(e.template_docs - 1) : 0;
    x[23] = F(hb & kMeta);
    x[24] = F(hb & kNavLike);
    x[25] = F(hb & kShop);
    x[26] = F(hb & Bit(Reason::kRelated));
    x[27] = F(hb & Bit(Reason::kComments));
    x[28] = F(hb & kLegal);
    x[29] = F(hb & Bit(Reason::kTemplate));
    x[30] = F(e.cf == 0);
    x[31] = F(e.cf == 1);
    x[32] = F(e.cf == 2);
    x[33] = F(e.rule == Reason::kNone);
    x[34] = F(fl & kFlagTail);
    x[35] = F(fl & (kFlagHeadingKept | kFlagListItem));
    x[36] = F(i > 0 && ev[i - 1].rule == Reason::kNone);
    x[37] = F(i + 1 < n && ev[i + 1].rule == Reason::kNone);
    const double wi = e.words + 1;
    {
      const size_t lo = i >= 5 ? i - 5 : 0, hi = std::min(n, i + 6);
      const double ww = cw[hi] - cw[lo] - wi;
      x[38] = ww > 0 ? static_cast<float>((cg[hi] - cg[lo] - (e.cf == 3 ? wi : 0)) / ww) : 0;
    }
    {
      const size_t lo = i >= 20 ? i - 20 : 0, hi = std::min(n, i + 21);
      const double ww = cw[hi] - cw[lo] - wi;
      x[39] = ww > 0 ? static_cast<float>((ck[hi] - ck[lo] - (e.rule == Reason::kNone ? wi : 0)) / ww)
                    : 0;
    }
    x[40] = n > 1 ? static_cast<float>(i) / static_cast<float>(n - 1) : 0;
    x[41] = Distance(i, dense, n);
    x[42] = run[i];
    x[43] = F(comments_seen);
    s->after_comments[i] = comments_seen;
    const uint32_t nw = e.words;
    x[44] = F(nw == 1);
    x[45] = F(nw >= 2 && nw <= 3);
    x[46] = F(nw >= 4 && nw <= 7);
    x[47] = F(nw >= 8 && nw <= 15);
    x[48] = F(nw >= 16 && nw <= 31);
    x[49] = e.stop * x[1];
    x[50] = i > 0 ? ev[i - 1].stop : 0;
    x[51] = i + 1 < n ? ev[i + 1].stop : 0;
    x[52] = i > 0 ? Log1p(ev[i - 1].words) : 0;
    x[53] = i + 1 < n ? Log1p(ev[i + 1].words) : 0;
    x[54] = F(i < dense);
    x[55] = F(i >= dense + kDenseWindow);
    x[56] = x[1] - log_max;
    {
      const size_t lo = i >= 5 ? i - 5 : 0, hi = std::min(n, i + 6);
      const double ww = cw[hi] - cw[lo] - wi;
      x[57] = ww > 0 ? static_cast<float>((cs[hi] - cs[lo] - e.stop * wi) / ww) : 0;
    }
    x[58] = F(i < first_good);
    x[59] = F(first_good < n && i > last_good);
    if (body_seen && e.hard == Reason::kComments) comments_seen = true;
    if (e.rule == Reason::kNone && e.cf == 3) body_seen = true;
    if (w) z[i] = BpModel::Dot(w, x, D);
  }
}

void Stage2Features(std::span<const UnitEvidence> ev, std::span<const float> z1, ModelScratch* s,
                    const float* w, float* z, std::vector<float>* rows) {
  const size_t n = ev.size();
  constexpr int D = kStage2Features;
  if (rows) rows->resize(n * D);  // every feature of every row is written below
  float local[D];
  std::vector<double>& c = s->cum;
  c.resize(3 * (n + 1));
  double* cw = c.data();
  double* cp = cw + (n + 1);
  double* cm = cp + (n + 1);
  cw[0] = cp[0] = cm[0] = 0;
  std::vector<float>& p = s->p;
  p.resize(n);
  float max_p = 0;
  double kept_words = 0, all_words = 0;
  for (size_t i = 0; i < n; ++i) {
    p[i] = Sigmoid(z1[i]);
    max_p = std::max(max_p, p[i]);
    const double ww = ev[i].words + 1;
    cw[i + 1] = cw[i] + ww;
    cp[i + 1] = cp[i] + p[i] * ww;
    cm[i + 1] = cm[i] + p[i];
    all_words += ww;
    kept_words += p[i] > 0.5f ? ww : 0;
  }
  const size_t dense = DensestStart(cp, n);
  const size_t dense_end = std::min(n, dense + kDenseWindow);
  s->dense_begin = dense;
  s->dense_end = dense_end;
  const float doc_mass = all_words > 0 ? static_cast<float>(kept_words / all_words) : 0;
  for (size_t i = 0; i < n; ++i) {
    float* x = rows ? rows->data() + i * D : local;
    x[0] = 1;
    x[1] = z1[i];
    x[2] = i > 0 ? p[i - 1] : 0;
    x[3] = i + 1 < n ? p[i + 1] : 0;
    {
      const size_t lo = i >= 3 ? i - 3 : 0;
      x[4] = i > lo ? static_cast<float>((cm[i] - cm[lo]) / static_cast<double>(i - lo)) : 0;
      const size_t hi = std::min(n, i + 4);
      x[5] = hi > i + 1 ? static_cast<float>((cm[hi] - cm[i + 1]) / static_cast<double>(hi - i - 1))
                        : 0;
    }
    {
      const size_t lo = i >= 10 ? i - 10 : 0, hi = std::min(n, i + 11);
      const double wi = ev[i].words + 1;
      const double ww = cw[hi] - cw[lo] - wi;
      x[6] = ww > 0 ? static_cast<float>((cp[hi] - cp[lo] - p[i] * wi) / ww) : 0;
    }
    x[7] = Distance(i, dense, n);
    x[8] = F(i < dense);
    x[9] = F(i >= dense_end);
    x[10] = Log1p(ev[i].words);
    x[11] = ev[i].words < 8 ? std::min(x[2], x[3]) : 0;
    x[12] = doc_mass;
    x[13] = p[i] - max_p;
    x[14] = i > 1 ? p[i - 2] : 0;
    x[15] = i + 2 < n ? p[i + 2] : 0;
    {
      const size_t lo = i >= 5 ? i - 5 : 0, hi = std::min(n, i + 6);
      const double wi = ev[i].words + 1;
      const double ww = cw[hi] - cw[lo] - wi;
      x[16] = ww > 0 ? static_cast<float>((cp[hi] - cp[lo] - p[i] * wi) / ww) : 0;
    }
    if (w) z[i] = BpModel::Dot(w, x, D);
  }
}

bool BpModel::Parse(std::string_view text, std::string* error) {
  w1.assign(kStage1Features, 0.0f);
  w2.assign(kStage2Features, 0.0f);
  m1.assign(kStage1Features, 0.0f);
  m2.assign(kStage2Features, 0.0f);
  int seen1 = 0, seen2 = 0;
  size_t pos = 0;
  int line_no = 0;
  auto fail = [&](const std::string& what) {
    if (error) *error = "bp_model line " + std::to_string(line_no) + ": " + what;
    w1.clear();
    w2.clear();
    return false;
  };
  while (pos < text.size()) {
    size_t e = text.find('\n', pos);
    if (e == std::string_view::npos) e = text.size();
    std::string_view line = text.substr(pos, e - pos);
    pos = e + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return fail("expected '<key> <value>'");
    const std::string_view key = line.substr(0, sp);
    std::string_view rest = line.substr(sp + 1);
    auto number = [&](std::string_view v, float* out) {
      // std::from_chars for float: locale-independent.
      auto r = std::from_chars(v.data(), v.data() + v.size(), *out);
      return r.ec == std::errc() && r.ptr == v.data() + v.size();
    };
    if (key == "fitted_on") {
      fitted_on = std::string(rest);
    } else if (key == "threshold") {
      if (!number(rest, &threshold)) return fail("bad threshold");
    } else if (key == "veto") {
      size_t vp = 0;
      while (vp <= rest.size()) {
        size_t ve = rest.find(',', vp);
        if (ve == std::string_view::npos) ve = rest.size();
        const std::string_view name = rest.substr(vp, ve - vp);
        vp = ve + 1;
        if (name.empty()) continue;
        const Reason r = ReasonFromName(name);
        if (r == Reason::kNone || static_cast<uint32_t>(r) >= 32)
          return fail("unknown reason '" + std::string(name) + "'");
        veto |= 1u << static_cast<uint32_t>(r);
      }
    } else if (key == "s1" || key == "s2") {
      const size_t sp2 = rest.find(' ');
      if (sp2 == std::string_view::npos) return fail("expected 's1 <name> <weight>'");
      const std::string_view name = rest.substr(0, sp2);
      const bool one = key == "s1";
      int& seen = one ? seen1 : seen2;
      const char* const* names = one ? kStage1Names : kStage2Names;
      const int d = one ? kStage1Features : kStage2Features;
      if (seen >= d || name != names[seen])
        return fail("feature '" + std::string(name) + "' where '" +
                    (seen < d ? names[seen] : "end of stage") + "' was expected");
      std::string_view nums = rest.substr(sp2 + 1);
      const size_t sp3 = nums.find(' ');
      if (sp3 == std::string_view::npos) return fail("expected '<weight> <mean>'");
      if (!number(nums.substr(0, sp3), &(one ? w1 : w2)[seen]) ||
          !number(nums.substr(sp3 + 1), &(one ? m1 : m2)[seen]))
        return fail("bad number");
      ++seen;
    } else {
      return fail("unknown key '" + std::string(key) + "'");
    }
  }
  if (seen1 != kStage1Features || seen2 != kStage2Features)
    return fail("model has " + std::to_string(seen1) + "/" + std::to_string(seen2) +
                " weights, expected " + std::to_string(kStage1Features) + "/" +
                std::to_string(kStage2Features));
  return true;
}

std::string BpModel::Serialize() const {
  std::string out;
  char buf[128];
  out += "fitted_on " + fitted_on + "\n";
  snprintf(buf, sizeof buf, "threshold %.6g\n", threshold);
  out += buf;
  if (veto) {
    out += "veto ";
    bool first = true;
    for (uint32_t b = 1; b < 32; ++b) {
      if (!(veto & (1u << b))) continue;
      if (!first) out += ",";
      first = false;
      out += ReasonName(static_cast<Reason>(b));
    }
    out += "\n";
  }
  for (int i = 0; i < kStage1Features; ++i) {
    snprintf(buf, sizeof buf, "s1 %s %.6g %.6g\n", kStage1Names[i], w1[i], m1[i]);
    out += buf;
  }
  for (int i = 0; i < kStage2Features; ++i) {
    snprintf(buf, sizeof buf, "s2 %s %.6g %.6g\n", kStage2Names[i], w2[i], m2[i]);
    out += buf;
  }
  return out;
}

}  // namespace winnow
