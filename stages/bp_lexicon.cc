#include "stages/bp_lexicon.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "stages/embedded.h"
#include "stages/normalize.h"
#include "stages/unit.h"

namespace winnow {
namespace {

// Calls fn(line) for every non-empty, non-comment line, trimmed of spaces/CR.
template <typename Fn>
void ForLines(std::string_view data, Fn&& fn) {
  size_t pos = 0;
  while (pos < data.size()) {
    size_t e = data.find('\n', pos);
    if (e == std::string_view::npos) e = data.size();
    std::string_view line = data.substr(pos, e - pos);
    pos = e + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') continue;
    fn(line);
  }
}

bool ReadFile(const std::string& path, std::string* out) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = ss.str();
  return !in.bad();
}

void AddStoplist(const Normalizer& norm, std::string_view data, int lang, PhraseMatcher* m) {
  if (lang < 0 || lang >= kMaxLangs) return;
  std::string key;
  ForLines(data, [&](std::string_view w) {
    key.clear();
    if (norm.MatchKey(w, &key) != 1) return;  // single tokens only
    m->AddTokenData(key, 1u << lang);
  });
}

int LangIndex(Lexicon* lex, std::string_view code) {
  for (size_t i = 0; i < lex->langs.size(); ++i)
    if (lex->langs[i] == code) return static_cast<int>(i);
  if (lex->langs.size() >= kMaxLangs) return -1;
  lex->langs.emplace_back(code);
  return static_cast<int>(lex->langs.size() - 1);
}

uint8_t CategoryFromName(std::string_view name) {
  if (name == "dateword") return kCatDateWord;
  Reason r = ReasonFromName(name);
  return static_cast<uint8_t>(r);  // kNone (0) = unknown
}

void AddPhrase(const Normalizer& norm, std::string_view p, uint8_t cat, PhraseMatcher* m,
               size_t* added) {
  PhraseMatcher::Anchor a = PhraseMatcher::kAnywhere;
  if (!p.empty() && p[0] == '^') a = PhraseMatcher::kStart, p.remove_prefix(1);
  else if (!p.empty() && p[0] == '=') a = PhraseMatcher::kWhole, p.remove_prefix(1);
  else if (!p.empty() && p[0] == '~') a = PhraseMatcher::kWeak, p.remove_prefix(1);
  std::string key;
  norm.MatchKey(p, &key);
  if (m->Add(key, cat, a) && added) ++*added;
}

}  // namespace

bool LoadLexicon(const Normalizer& norm, const std::string& stoplists_dir,
                 const std::string& phrases_file, Lexicon* lex, std::string* error) {
  for (std::string_view name : EmbeddedFileNames()) {
    if (name.size() < 10 || name.substr(0, 5) != "stop_" || name.substr(name.size() - 4) != ".txt")
      continue;
    const int lang = LangIndex(lex, name.substr(5, name.size() - 9));
    AddStoplist(norm, EmbeddedFile(name), lang, &lex->phrases);
  }
  if (!stoplists_dir.empty()) {
    std::error_code ec;
    std::filesystem::directory_iterator it(stoplists_dir, ec);
    if (ec) {
      *error = "cannot read stoplists directory '" + stoplists_dir + "': " + ec.message();
      return false;
    }
    for (const auto& entry : it) {
      const auto& path = entry.path();
      if (path.extension() != ".txt") continue;
      std::string data;
      if (!ReadFile(path.string(), &data)) {
        *error = "cannot read stoplist '" + path.string() + "'";
        return false;
      }
      const int lang = LangIndex(lex, path.stem().string());
      AddStoplist(norm, data, lang, &lex->phrases);
    }
  }
  ForLines(EmbeddedFile("bp_phrases.txt"), [&](std::string_view line) {
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return;
    const uint8_t cat = CategoryFromName(line.substr(0, tab));
    if (cat == 0) return;
    AddPhrase(norm, line.substr(tab + 1), cat, &lex->phrases, nullptr);
  });
  if (!phrases_file.empty()) {
    std::string data;
    if (!ReadFile(phrases_file, &data)) {
      *error = "cannot read boilerplate phrases file '" + phrases_file + "'";
      return false;
    }
    ForLines(data, [&](std::string_view line) {
      AddPhrase(norm, line, static_cast<uint8_t>(Reason::kUserPhrase), &lex->phrases,
                &lex->user_phrases);
    });
  }
  lex->phrases.SetCountedCategory(kCatDateWord);
  lex->phrases.Build();
  return true;
}

}  // namespace winnow
