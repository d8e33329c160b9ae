// Evaluates the boilerplate stage against labelled documents, through the
// same code path as the CLI: CleanText per line, MatchKey, template counts
// per source over the whole set, then Classify per document.
//
// Inputs:
//   *.jsonl  one document per line: {"id","url","split","lines":[["K","text"],...]}
//            (K keep, B boilerplate; the url host is the template source)
//   DIR      a directory of *.labels.tsv (label TAB line-number TAB text; labels
//            K, B, D = duplicate of an earlier line, ? = not counted; each file is
//            its own source)
// Prints token-level precision/recall/F1 of kept text, per-reason counts, and
// with --verbose every wrong unit.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "stages/boilerplate.h"
#include "stages/hash.h"
#include "stages/normalize.h"
#include "stages/template_counts.h"

using namespace winnow;

namespace {

struct Line {
  char label;  // K B D ?
  std::string text;
};
struct Doc {
  std::string id, source, split;
  std::vector<Line> lines;
};

// --- minimal JSON reading for the devset format
struct Json {
  const char* p;
  const char* e;
  bool ok = true;
  void Ws() { while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) ++p; }
  static void PutUtf8(uint32_t c, std::string* o) {
    if (c < 0x80) o->push_back(static_cast<char>(c));
    else if (c < 0x800) { o->push_back(static_cast<char>(0xC0 | (c >> 6))); o->push_back(static_cast<char>(0x80 | (c & 63))); }
    else if (c < 0x10000) { o->push_back(static_cast<char>(0xE0 | (c >> 12))); o->push_back(static_cast<char>(0x80 | ((c >> 6) & 63))); o->push_back(static_cast<char>(0x80 | (c & 63))); }
    else { o->push_back(static_cast<char>(0xF0 | (c >> 18))); o->push_back(static_cast<char>(0x80 | ((c >> 12) & 63))); o->push_back(static_cast<char>(0x80 | ((c >> 6) & 63))); o->push_back(static_cast<char>(0x80 | (c & 63))); }
  }
  uint32_t Hex4() {
    uint32_t v = 0;
    for (int i = 0; i < 4 && p < e; ++i, ++p) {
      char c = *p;
      v = v * 16 + (c >= '0' && c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
    }
    return v;
  }
  bool Str(std::string* o) {
    Ws();
    if (p >= e || *p != '"') return ok = false;
    ++p;
    while (p < e && *p != '"') {
      if (*p != '\\') { o->push_back(*p++); continue; }
      ++p;
      if (p >= e) return ok = false;
      char c = *p++;
      switch (c) {
        case 'n': o->push_back('\n'); break;
        case 't': o->push_back('\t'); break;
        case 'r': o->push_back('\r'); break;
        case 'b': o->push_back('\b'); break;
        case 'f': o->push_back('\f'); break;
        case 'u': {
          uint32_t u = Hex4();
          if (u >= 0xD800 && u < 0xDC00 && p + 6 <= e && p[0] == '\\' && p[1] == 'u') {
            p += 2;
            uint32_t lo = Hex4();
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
          }
          PutUtf8(u, o);
          break;
        }
        default: o->push_back(c);
      }
    }
    if (p >= e) return ok = false;
    ++p;
    return true;
  }
  void Skip() {  // any value
    Ws();
    if (p >= e) { ok = false; return; }
    if (*p == '"') { std::string t; Str(&t); return; }
    if (*p == '{' || *p == '[') {
      char close = *p == '{' ? '}' : ']';
      ++p;
      Ws();
      if (p < e && *p == close) { ++p; return; }
      while (ok && p < e) {
        if (close == '}') { std::string k; Str(&k); Ws(); if (p < e && *p == ':') ++p; }
        Skip();
        Ws();
        if (p < e && *p == ',') { ++p; continue; }
        if (p < e && *p == close) { ++p; return; }
        ok = false;
      }
      return;
    }
    while (p < e && *p != ',' && *p != '}' && *p != ']') ++p;
  }
};

std::string HostOf(const std::string& url) {
  size_t b = url.find("://");
  b = b == std::string::npos ? 0 : b + 3;
  size_t e = url.find('/', b);
  return url.substr(b, e == std::string::npos ? std::string::npos : e - b);
}

bool ParseDoc(const std::string& line, Doc* d) {
  Json j{line.data(), line.data() + line.size()};
  j.Ws();
  if (j.p >= j.e || *j.p != '{') return false;
  ++j.p;
  while (j.ok) {
    std::string k;
    if (!j.Str(&k)) return false;
    j.Ws();
    if (j.p >= j.e || *j.p != ':') return false;
    ++j.p;
    j.Ws();
    if (k == "id") j.Str(&d->id);
    else if (k == "split") j.Str(&d->split);
    else if (k == "url") { std::string u; j.Str(&u); d->source = HostOf(u); }
    else if (k == "lines") {
      if (*j.p != '[') return false;
      ++j.p;
      j.Ws();
      while (j.ok && j.p < j.e && *j.p != ']') {
        j.Ws();
        if (*j.p != '[') return false;
        ++j.p;
        std::string lab, text;
        j.Str(&lab);
        j.Ws();
        if (j.p < j.e && *j.p == ',') ++j.p;
        j.Str(&text);
        j.Ws();
        if (j.p < j.e && *j.p == ']') ++j.p;
        j.Ws();
        if (j.p < j.e && *j.p == ',') ++j.p;
        j.Ws();
        d->lines.push_back(Line{lab.empty() ? '?' : lab[0], std::move(text)});
      }
      if (j.p < j.e) ++j.p;
    } else {
      j.Skip();
    }
    j.Ws();
    if (j.p < j.e && *j.p == ',') { ++j.p; continue; }
    break;
  }
  return j.ok;
}

bool LoadJsonl(const std::string& path, std::vector<Doc>* docs) {
  std::ifstream in(path);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    Doc d;
    if (!ParseDoc(line, &d)) {
      fprintf(stderr, "bad JSON line in %s\n", path.c_str());
      continue;
    }
    docs->push_back(std::move(d));
  }
  return true;
}

bool LoadTsvDir(const std::string& dir, std::vector<Doc>* docs) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 11 && name.substr(name.size() - 11) == ".labels.tsv") files.push_back(e.path());
  }
  if (ec) return false;
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    Doc d;
    d.id = f.filename().string();
    d.source = d.id;
    std::string line;
    while (std::getline(in, line)) {
      size_t t1 = line.find('\t');
      if (t1 == std::string::npos) continue;
      size_t t2 = line.find('\t', t1 + 1);
      if (t2 == std::string::npos) continue;
      d.lines.push_back(Line{line[0], line.substr(t2 + 1)});
    }
    docs->push_back(std::move(d));
  }
  return true;
}

size_t Tokens(const std::string& s) {
  size_t n = 0;
  bool in = false;
  for (char c : s) {
    bool sp = c == ' ' || c == '\t';
    if (!sp && !in) ++n;
    in = !sp;
  }
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  BoilerplateOptions opt;
  std::string input, split = "all";
  bool verbose = false, explain = false;
  double min_f1 = -1;  // exit 3 when F1 is below this
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&](const char* name) -> const char* {
      size_t n = strlen(name);
      return a.compare(0, n, name) == 0 && a.size() > n && a[n] == '=' ? argv[i] + n + 1 : nullptr;
    };
    if (a == "--verbose" || a == "-v") verbose = true;
    else if (a == "--explain") verbose = explain = opt.explain = true;
    else if (a == "--rules-only") opt.use_model = false;
    else if (a == "--merged-stoplist") opt.detect_language = false;
    else if (a == "--keep-short-headings") opt.keep_short_headings = true;
    else if (const char* v = val("--split")) split = v;
    else if (const char* v = val("--min-f1")) min_f1 = atof(v);
    else if (const char* v = val("--min-words")) opt.min_words = atoi(v);
    else if (const char* v = val("--template-min-docs")) opt.template_min_docs = atoi(v);
    else if (const char* v = val("--template-max-words")) opt.template_max_words = atoi(v);
    else if (const char* v = val("--stoplists")) opt.stoplists_dir = v;
    else if (const char* v = val("--boilerplate-phrases")) opt.phrases_file = v;
    else if (const char* v = val("--boilerplate-model")) {
      std::ifstream in(v, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      if (!in || ss.str().empty()) {
        fprintf(stderr, "cannot read boilerplate model %s\n", v);
        return 2;
      }
      opt.model_text = ss.str();
    }
    else if (!a.empty() && a[0] != '-') input = a;
    else {
      fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (input.empty()) {
    fprintf(stderr,
            "usage: bp_eval [--split=dev|heldout|all] [--verbose] [--explain] [--merged-stoplist]\n"
            "               [--min-words=N] [--template-min-docs=N] [--template-max-words=N]\n"
            "               [--keep-short-headings] [--rules-only] [--min-f1=X]\n"
            "               FILE.jsonl | DIR-of-labels.tsv\n");
    return 2;
  }
  std::vector<Doc> docs;
  const bool is_dir = std::filesystem::is_directory(input);
  if (!(is_dir ? LoadTsvDir(input, &docs) : LoadJsonl(input, &docs))) {
    fprintf(stderr, "cannot read %s\n", input.c_str());
    return 1;
  }
  std::string err;
  auto clf = BoilerplateClassifier::Create(opt, &err);
  if (!clf) {
    fprintf(stderr, "%s\n", err.c_str());
    return 1;
  }
  Normalizer norm;
  // Prepare units exactly as the pipeline does.
  struct Prepared {
    std::vector<std::string> text, key;
    std::vector<uint32_t> words;
    std::vector<int> line;  // unit -> line index
    uint64_t source;
  };
  std::vector<Prepared> prep(docs.size());
  TemplateCounts counts;
  for (size_t d = 0; d < docs.size(); ++d) {
    Prepared& p = prep[d];
    p.source = Hash64(docs[d].source, kSourceSeed);
    std::vector<uint64_t> hashes;
    for (size_t l = 0; l < docs[d].lines.size(); ++l) {
      std::string t;
      norm.CleanText(docs[d].lines[l].text, &t);
      if (t.empty()) continue;
      std::string k;
      const uint32_t w = static_cast<uint32_t>(norm.MatchKey(t, &k));
      hashes.push_back(Hash64(k, kUnitKeySeed));
      p.text.push_back(std::move(t));
      p.key.push_back(std::move(k));
      p.words.push_back(w);
      p.line.push_back(static_cast<int>(l));
    }
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (uint64_t h : hashes) counts.Add(p.source, h);
  }
  auto scratch = clf->NewScratch();
  // Token tallies: [label K/B/D][kept?]
  size_t tok[3][2] = {}, units_n[3][2] = {};
  std::map<std::string, std::pair<size_t, size_t>> by_reason;  // units, tokens
  std::map<std::string, size_t> wrong_reason;                  // K tokens lost per reason
  size_t ndocs = 0;
  std::vector<UnitInput> in;
  std::vector<UnitDecision> out;
  for (size_t d = 0; d < docs.size(); ++d) {
    if (split != "all" && docs[d].split != split && !is_dir) continue;
    ++ndocs;
    const Prepared& p = prep[d];
    in.assign(p.text.size(), UnitInput{});
    out.assign(p.text.size(), UnitDecision{});
    for (size_t u = 0; u < p.text.size(); ++u) {
      in[u].text = p.text[u];
      in[u].key = p.key[u];
      in[u].words = p.words[u];
      in[u].template_docs = counts.Count(p.source, Hash64(p.key[u], kUnitKeySeed));
    }
    clf->Classify(in, out, scratch.get(), /*site_source=*/!is_dir);  // devset sources are url hosts
    for (size_t u = 0; u < p.text.size(); ++u) {
      const Line& ln = docs[d].lines[p.line[u]];
      const int lab = ln.label == 'K' ? 0 : ln.label == 'B' ? 1 : ln.label == 'D' ? 2 : -1;
      const bool kept = out[u].reason == Reason::kNone;
      const size_t t = Tokens(ln.text);
      auto& r = by_reason[std::string(ReasonName(out[u].reason))];
      ++r.first;
      r.second += t;
      if (lab < 0) continue;
      tok[lab][kept] += t;
      ++units_n[lab][kept];
      const bool wrong = (lab == 0) != kept;
      if (lab == 0 && !kept) wrong_reason[std::string(ReasonName(out[u].reason))] += t;
      if (verbose && wrong) {
        printf("%s\t%c\t%s\t%.*s\n", docs[d].id.c_str(), ln.label,
               std::string(ReasonName(out[u].reason)).c_str(),
               static_cast<int>(std::min<size_t>(ln.text.size(), 150)), ln.text.c_str());
        if (explain) {
          std::string js;
          clf->AppendExplainJson(in[u], out[u], &js);
          printf("\t%s\n", js.c_str());
        }
      }
    }
  }
  const double kept_k = tok[0][1], kept_all = tok[0][1] + tok[1][1] + tok[2][1];
  const double all_k = tok[0][0] + tok[0][1];
  const double prec = kept_all ? kept_k / kept_all : 0, rec = all_k ? kept_k / all_k : 0;
  const double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
  printf("documents %zu (split %s)\n", ndocs, is_dir ? "all" : split.c_str());
  printf("tokens: K %zu (kept %zu), B %zu (removed %zu), D %zu (removed %zu)\n",
         tok[0][0] + tok[0][1], tok[0][1], tok[1][0] + tok[1][1], tok[1][0],
         tok[2][0] + tok[2][1], tok[2][0]);
  auto pct = [](size_t a, size_t b) { return b ? 100.0 * a / b : 100.0; };
  printf("units:  K kept %.1f%%  B removed %.1f%%  D removed %.1f%%\n",
         pct(units_n[0][1], units_n[0][0] + units_n[0][1]),
         pct(units_n[1][0], units_n[1][0] + units_n[1][1]),
         pct(units_n[2][0], units_n[2][0] + units_n[2][1]));
  printf("tokens: K kept %.1f%%  B removed %.1f%%  D removed %.1f%%\n",
         pct(tok[0][1], tok[0][0] + tok[0][1]), pct(tok[1][0], tok[1][0] + tok[1][1]),
         pct(tok[2][0], tok[2][0] + tok[2][1]));
  printf("precision %.4f  recall %.4f  F1 %.4f\n", prec, rec, f1);
  printf("reasons (units tokens):");
  for (const auto& [name, v] : by_reason) printf(" %s=%zu/%zu", name.c_str(), v.first, v.second);
  printf("\n");
  if (!wrong_reason.empty()) {
    printf("K tokens lost by reason:");
    for (const auto& [name, v] : wrong_reason) printf(" %s=%zu", name.c_str(), v);
    printf("\n");
  }
  if (f1 < min_f1) {
    fprintf(stderr, "F1 %.4f is below the floor %.4f\n", f1, min_f1);
    return 3;
  }
  return 0;
}
