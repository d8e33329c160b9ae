// Near-duplicate quality on the labelled set bench/neardup/set.jsonl.
//
// Feeds the units in input order through Normalizer (CleanText, MatchKey) ->
// Sketcher -> DedupIndex as the pipeline does (one unit per document: probe;
// insert when not found; units shorter than --min-chars skip both), then
// prints pairwise precision, recall and F1 per kind and overall. A flagged
// unit is correct when the unit it was matched to belongs to the same story
// cluster.
//
//   neardup_eval [--set FILE] [--ngram N] [--threshold T] [--sketch K]
//                [--keys K] [--sample S] [--min-words W] [--min-chars C]
//                [--exact-only] [--sweep]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "stages/hash.h"
#include "stages/near_dup.h"
#include "stages/normalize.h"

using namespace winnow;

namespace {

struct Unit {
  std::string text, kind, key;
  long dup_of = -1, not_dup_of = -1, cluster = 0;
};

// The set is written by make_set.py (json.dumps, flat objects): a small
// reader for exactly that shape keeps this tool independent of pipeline/.
void AppendUtf8(uint32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Returns the raw value after "name": (a decoded string, or the literal).
bool Field(const std::string& line, const char* name, std::string* out) {
  out->clear();
  const std::string pat = std::string("\"") + name + "\": ";
  size_t p = line.find(pat);
  if (p == std::string::npos) return false;
  p += pat.size();
  if (line[p] != '"') {
    size_t e = line.find_first_of(",}", p);
    out->assign(line, p, e - p);
    return true;
  }
  for (++p; p < line.size() && line[p] != '"'; ++p) {
    if (line[p] != '\\') {
      out->push_back(line[p]);
      continue;
    }
    char c = line[++p];
    if (c == 'n') out->push_back('\n');
    else if (c == 't') out->push_back('\t');
    else if (c == 'u') {
      uint32_t u = std::strtoul(line.substr(p + 1, 4).c_str(), nullptr, 16);
      p += 4;
      if (u >= 0xD800 && u < 0xDC00 && line.compare(p + 1, 2, "\\u") == 0) {
        uint32_t lo = std::strtoul(line.substr(p + 3, 4).c_str(), nullptr, 16);
        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
        p += 6;
      }
      AppendUtf8(u, out);
    } else {
      out->push_back(c);
    }
  }
  return true;
}

long ToLong(const std::string& v) { return v == "null" ? -1 : std::strtol(v.c_str(), nullptr, 10); }

std::vector<Unit> Load(const std::string& path, const Normalizer& norm) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(2);
  }
  std::vector<Unit> units;
  std::string line, v;
  while (std::getline(in, line)) {
    Unit u;
    if (!Field(line, "text", &v)) continue;
    norm.CleanText(v, &u.text);
    Field(line, "kind", &u.kind);
    if (Field(line, "dup_of", &v)) u.dup_of = ToLong(v);
    if (Field(line, "not_dup_of", &v)) u.not_dup_of = ToLong(v);
    if (Field(line, "cluster", &v)) u.cluster = ToLong(v);
    norm.MatchKey(u.text, &u.key);
    units.push_back(std::move(u));
  }
  return units;
}

struct Counts {
  long units = 0, positives = 0, flagged = 0, correct = 0, tp = 0;
  void Add(const Counts& o) {
    units += o.units, positives += o.positives, flagged += o.flagged, correct += o.correct, tp += o.tp;
  }
  double P() const { return flagged ? double(correct) / flagged : 1.0; }
  double R() const { return positives ? double(tp) / positives : 1.0; }
  double F1() const { return P() + R() > 0 ? 2 * P() * R() / (P() + R()) : 0; }
};

struct Result {
  std::map<std::string, Counts> kinds;
  Counts all, light;  // light: every positive kind but edit30 (<= 20% of words)
  double bytes_per_unit = 0;
  long indexed = 0;
  double sketch_mbs = 0;
};

Result Run(const std::vector<Unit>& units, const NearDupOptions& opt, size_t min_chars) {
  Result r;
  Sketcher sketcher(opt);
  DedupIndex index(opt);
  std::vector<uint64_t> sketches;
  std::vector<size_t> off(units.size() + 1);
  size_t key_bytes = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (size_t i = 0; i < units.size(); ++i) {
    off[i] = sketches.size();
    if (units[i].text.size() >= min_chars) sketcher.Sketch(units[i].key, &sketches);
    key_bytes += units[i].key.size();
  }
  off[units.size()] = sketches.size();
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.sketch_mbs = key_bytes / secs / 1e6;
  for (size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    Counts& c = r.kinds[u.kind];
    ++c.units;
    c.positives += u.dup_of >= 0;
    if (u.text.size() < min_chars) continue;
    const uint64_t key_hash = Hash64(u.key, kUnitKeySeed);
    std::span<const uint64_t> sk(sketches.data() + off[i], off[i + 1] - off[i]);
    // As the pipeline does: every unit is held, and is an original when
    // none of its candidates is.
    DedupMatch m = index.Probe(key_hash, sk);
    const uint32_t uid = index.Add(key_hash, sk, UnitRef{i, 0});
    if (m.found) {
      ++c.flagged;
      const Unit& of = units[m.of.doc];
      bool ok = of.cluster == u.cluster && static_cast<long>(m.of.doc) != u.not_dup_of;
      c.correct += ok;
      c.tp += ok && u.dup_of >= 0;
      if (!ok && std::getenv("NEARDUP_SHOW_FP"))
        std::fprintf(stderr, "FP %s c=%.2f j=%.2f\n  L: %s\n  E: %s\n", u.kind.c_str(), m.containment,
                     m.jaccard, u.text.c_str(), of.text.c_str());
      if (ok == false && u.dup_of >= 0) {}
    } else {
      if (u.dup_of >= 0 && std::getenv("NEARDUP_SHOW_FN"))
        std::fprintf(stderr, "FN %s\n  L: %s\n  E: %s\n", u.kind.c_str(), u.text.c_str(),
                     units[u.dup_of].text.c_str());
      if (uid != DedupIndex::kNotHeld) index.MarkOriginal(uid);
    }
  }
  for (auto& [k, c] : r.kinds) {
    r.all.Add(c);
    if (c.positives && k != "edit30") r.light.Add(c);
  }
  r.indexed = static_cast<long>(index.units());
  r.bytes_per_unit = double(index.bytes()) / std::max<size_t>(index.units(), 1);
  return r;
}

void Print(const Result& r) {
  std::printf("%-14s %6s %6s %7s %7s %6s %6s %6s\n", "kind", "units", "pos", "flagged", "correct", "P", "R",
              "F1");
  for (const auto& [k, c] : r.kinds)
    std::printf("%-14s %6ld %6ld %7ld %7ld %6.3f %6s %6s\n", k.c_str(), c.units, c.positives, c.flagged,
                c.correct, c.P(), c.positives ? std::to_string(c.R()).substr(0, 5).c_str() : "-",
                c.positives ? std::to_string(c.F1()).substr(0, 5).c_str() : "-");
  std::printf("%-14s %6ld %6ld %7ld %7ld %6.3f %6.3f %6.3f\n", "ALL", r.all.units, r.all.positives,
              r.all.flagged, r.all.correct, r.all.P(), r.all.R(), r.all.F1());
  std::printf("%-14s %6s %6ld %7s %7s %6s %6.3f\n", "R(<=20% edits)", "", r.light.positives, "", "", "",
              r.light.R());
  std::printf("indexed units %ld, index bytes/unit %.1f, sketch %.0f MB/s (unbenchmarked)\n", r.indexed,
              r.bytes_per_unit, r.sketch_mbs);
}

}  // namespace

int main(int argc, char** argv) {
  std::string set = "bench/neardup/set.jsonl";
  NearDupOptions opt;
  size_t min_chars = 24;
  bool sweep = false;
  for (int i = 1; i < argc; ++i) {
    auto arg = [&](const char* name) { return std::strcmp(argv[i], name) == 0 && i + 1 < argc; };
    if (arg("--set")) set = argv[++i];
    else if (arg("--ngram")) opt.ngram = std::atoi(argv[++i]);
    else if (arg("--threshold")) opt.threshold = std::atof(argv[++i]);
    else if (arg("--sketch")) opt.sketch_size = std::atoi(argv[++i]);
    else if (arg("--keys")) opt.index_keys = std::atoi(argv[++i]);
    else if (arg("--probe-keys")) opt.probe_keys = std::atoi(argv[++i]);
    else if (arg("--sample")) opt.sample_one_in = std::atoi(argv[++i]);
    else if (arg("--min-words")) opt.min_words = std::atoi(argv[++i]);
    else if (arg("--min-chars")) min_chars = std::strtoul(argv[++i], nullptr, 10);
    else if (std::strcmp(argv[i], "--exact-only") == 0) opt.near = false;
    else if (std::strcmp(argv[i], "--sweep") == 0) sweep = true;
    else {
      std::fprintf(stderr, "unknown argument %s\n", argv[i]);
      return 2;
    }
  }
  Normalizer norm;
  const std::vector<Unit> units = Load(set, norm);
  if (!sweep) {
    std::printf("set %s: %zu units; ngram %d threshold %.2f sketch %d keys %d sample 1/%d min-words %d%s\n",
                set.c_str(), units.size(), opt.ngram, opt.threshold, opt.sketch_size, opt.index_keys,
                opt.sample_one_in, opt.min_words, opt.near ? "" : " exact-only");
    Print(Run(units, opt, min_chars));
    return 0;
  }
  std::printf("ngram threshold    P      R   R<=20%%    F1   FP  bytes/unit\n");
  for (int n = 1; n <= 5; ++n) {
    for (double t : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
      NearDupOptions o = opt;
      o.ngram = n;
      o.threshold = t;
      Result r = Run(units, o, min_chars);
      std::printf("%5d %9.2f %6.3f %6.3f %6.3f %6.3f %4ld %8.1f\n", n, t, r.all.P(), r.all.R(), r.light.R(),
                  r.all.F1(), r.all.flagged - r.all.correct, r.bytes_per_unit);
    }
  }
  return 0;
}
