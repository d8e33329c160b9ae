// A generated English-like corpus for the text benchmarks: Zipf-distributed
// words, sentences and paragraph lines of web-like length (~470 bytes), with
// about 1.5% non-ASCII bytes as scraped articles have them: curly quotes and
// apostrophes, dashes, ellipses, accented names and loanwords, now and then a
// ligature, a fullwidth or a CJK word. Deterministic for a given seed.
#ifndef WINNOW_BENCH_TEXT_CORPUS_H_
#define WINNOW_BENCH_TEXT_CORPUS_H_

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::bench {

inline std::vector<std::string> Vocabulary() {
  static const char* const kCommon[] = {
      "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "was", "on", "with", "he",
      "as", "by", "at", "from", "his", "an", "were", "are", "which", "this", "be", "or", "have",
      "had", "not", "but", "they", "has", "one", "their", "been", "also", "more", "its", "new",
      "after", "who", "first", "would", "two", "when", "there", "all", "year", "people", "said",
      "government", "city", "state", "company", "president", "market", "police", "report",
      "officials", "week", "percent", "million", "according", "minister", "election", "court",
      "health", "water", "school", "public", "team", "season", "game", "data", "research",
      "university", "country", "world", "time", "news", "business", "local", "national"};
  static const char* const kSyllables[] = {
      "ka", "re", "ti", "on", "al", "men", "ter", "ing", "ver", "pro", "con", "ly", "tion", "st",
      "an", "de", "ble", "ex", "com", "per", "is", "ent", "ar", "ous", "ment", "for", "und",
      "mar", "sel", "ho", "ri", "va", "lo", "ne", "ca", "pi"};
  std::vector<std::string> v(std::begin(kCommon), std::end(kCommon));
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> syl(0, std::size(kSyllables) - 1);
  std::uniform_int_distribution<int> len(1, 4);
  while (v.size() < 30000) {
    std::string w;
    for (int k = len(rng); k > 0; --k) w += kSyllables[syl(rng)];
    v.push_back(std::move(w));
  }
  return v;
}

inline std::string EnglishLikeCorpus(size_t bytes, uint64_t seed = 42) {
  static const std::vector<std::string> vocab = Vocabulary();
  static const char* const kAccented[] = {
      "caf\u00E9", "na\u00EFve", "r\u00E9sum\u00E9", "Z\u00FCrich", "S\u00E3o", "M\u00FCller",
      "se\u00F1or", "fa\u00E7ade", "r\u00F4le", "\u0160koda", "\u0141\u00F3d\u017A", "Bj\u00F6rk",
      "Fran\u00E7ois", "Jos\u00E9", "Garc\u00EDa", "\u00C9lys\u00E9e", "d\u00E9j\u00E0",
      "Curac\u0327ao", "Sa\u0303o"};  // the last two with combining marks
  static const char* const kRare[] = {"\uFB01nance", "\uFF21\uFF22\uFF23", "\u6771\u4EAC",
                                      "\u2122", "\u00BD", "\u2026"};
  std::mt19937_64 rng(seed);
  // Zipf over the vocabulary (s = 1) by inverse CDF on a precomputed table.
  static const std::vector<double> cdf = [] {
    std::vector<double> c(vocab.size());
    double sum = 0;
    for (size_t k = 0; k < c.size(); ++k) c[k] = (sum += 1.0 / (k + 1));
    for (double& x : c) x /= sum;
    return c;
  }();
  std::uniform_real_distribution<double> u(0, 1);
  auto word = [&]() -> const std::string& {
    return vocab[std::lower_bound(cdf.begin(), cdf.end(), u(rng)) - cdf.begin()];
  };
  auto chance = [&](double p) { return u(rng) < p; };

  std::string out;
  out.reserve(bytes + 1024);
  while (out.size() < bytes) {
    std::string line;
    const int sentences = 1 + static_cast<int>(u(rng) * 6);
    for (int s = 0; s < sentences; ++s) {
      const int words = 6 + static_cast<int>(u(rng) * 22);
      bool quoted = chance(0.1);
      if (!line.empty()) line += ' ';
      if (quoted) line += "\u201C";
      for (int w = 0; w < words; ++w) {
        if (w > 0) {
          if (chance(0.06)) line += ',';
          if (chance(0.008)) {
            line += " \u2014 ";
          } else {
            line += ' ';
          }
        }
        std::string token = chance(0.004) ? kAccented[rng() % std::size(kAccented)]
                            : chance(0.0008) ? kRare[rng() % std::size(kRare)]
                                             : word();
        if (w == 0 && !quoted) token[0] = static_cast<char>(std::toupper(token[0]));
        if (chance(0.04)) token[0] = static_cast<char>(std::toupper(token[0]));
        line += token;
        if (chance(0.008)) line += "\u2019s";
        if (chance(0.004)) line += " (" + std::to_string(rng() % 2030) + ")";
      }
      if (quoted) line += chance(0.5) ? ",\u201D" : ".\u201D";
      line += chance(0.9) ? "." : chance(0.5) ? "?" : "!";
    }
    out += line;
    out += chance(0.3) ? "\n\n" : "\n";
  }
  return out;
}

inline double NonAsciiShare(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += c >= 0x80;
  return s.empty() ? 0 : static_cast<double>(n) / s.size();
}

inline std::string StripNonAscii(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) out.push_back(static_cast<char>(c));
  }
  return out;
}

// Splits `text` at '\n' into non-empty lines (views into text).
inline std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t e = text.find('\n', pos);
    if (e == std::string_view::npos) e = text.size();
    if (e > pos) lines.push_back(text.substr(pos, e - pos));
    pos = e + 1;
  }
  return lines;
}

}  // namespace winnow::bench

#endif  // WINNOW_BENCH_TEXT_CORPUS_H_
