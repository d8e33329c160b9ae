#include "stages/boilerplate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "stages/bp_features.h"
#include "stages/bp_lexicon.h"
#include "stages/normalize.h"
#include "tests/bp_test_util.h"

namespace winnow {
namespace {

using Result = testing::BpResult;

Result Classify(const std::vector<std::string>& lines, const BoilerplateOptions& opt = {},
                const std::vector<uint32_t>& template_docs = {}, bool site_source = true) {
  return testing::ClassifyLines(lines, opt, template_docs, site_source);
}

const char* kPara1 =
    "The city council approved a budget of 120 million pounds for a new tram line on Tuesday, "
    "after a debate that lasted well into the evening.";
const char* kPara2 =
    "Officials said the first phase would begin in March and should be finished within three "
    "years, although critics argue that the plan is far too expensive for a city of this size.";
const char* kPara3 =
    "According to figures published by the transport authority, about a third of households in "
    "the district would benefit directly from the new service once it opens.";
const char* kPara4 =
    "Residents who want to comment on the plans can attend one of six public meetings that are "
    "planned for the spring, the council said in a statement on its website.";

TEST(Boilerplate, NewsArticleWithNavShareRelatedAndComments) {
  Result r = Classify({"Skip to content", "Home | News | Sport | Business | Opinion",
                  "City approves 120 million plan for new tram line", "By Jane Porter",
                  "March 3, 2024 at 10:14 am", kPara1, kPara2, kPara3, kPara4,
                  "Share this article", "Facebook", "Twitter", "Related Posts",
                  "Mayor defends budget after week of protests",
                  "Flood barriers in the harbour to be finished by summer",
                  "Why the ring road is closing again this weekend", "12 Comments",
                  "Leave a Reply",
                  "Your email address will not be published. Required fields are marked *",
                  "\u00a9 2024 Example Media Group. All rights reserved."});
  EXPECT_EQ(r.Reason("Skip to content"), "nav");
  EXPECT_EQ(r.Reason("Home | News"), "nav");
  EXPECT_EQ(r.Reason("City approves"), "keep");
  // Bylines are gold on many real pages (dragnet, big9, l3s-gn1): as a hard
  // rule the byline phrase cost F1 there (bp_fit), so the model decides, and
  // keeps this one next to the headline.
  EXPECT_EQ(r.Reason("By Jane Porter"), "keep");
  EXPECT_EQ(r.Reason("March 3, 2024"), "date");
  EXPECT_EQ(r.Reason("The city council"), "keep");
  EXPECT_EQ(r.Reason("Officials said"), "keep");
  EXPECT_EQ(r.Reason("According to"), "keep");
  EXPECT_EQ(r.Reason("Residents who"), "keep");
  EXPECT_EQ(r.Reason("Share this article"), "share");
  EXPECT_EQ(r.Reason("Facebook"), "share");
  EXPECT_EQ(r.Reason("Related Posts"), "related");
  EXPECT_EQ(r.Reason("Mayor defends"), "tail");
  EXPECT_EQ(r.Reason("Flood barriers"), "tail");
  EXPECT_EQ(r.Reason("Why the ring road"), "tail");
  EXPECT_EQ(r.Reason("Leave a Reply"), "comments");
  EXPECT_EQ(r.Reason("Your email address"), "comments");
  EXPECT_EQ(r.Reason("\u00a9 2024"), "copyright");
}

TEST(Boilerplate, GermanPage) {
  Result r = Classify({"Zum Inhalt springen", "Politik", "Wirtschaft",
                  "Stadtrat bewilligt 40 Millionen für neue Radwege",
                  "Der Stadtrat hat am Dienstag 40 Millionen Euro für neue Radwege bewilligt, nach "
                  "einer Debatte, die bis in den späten Abend dauerte.",
                  "Lesen Sie auch: Warum die Stadtbahn wieder später kommt",
                  "Kritiker halten das Projekt für zu teuer und fordern, das Geld lieber in die "
                  "bestehende Infrastruktur zu stecken, wie ein Sprecher der Opposition sagte.",
                  "Artikel teilen", "Impressum | Datenschutz | AGB"});
  EXPECT_EQ(r.Reason("Zum Inhalt"), "nav");
  EXPECT_EQ(r.Reason("Politik"), "nav");
  EXPECT_EQ(r.Reason("Stadtrat bewilligt"), "keep");
  EXPECT_EQ(r.Reason("Der Stadtrat"), "keep");
  EXPECT_EQ(r.Reason("Lesen Sie auch"), "related");
  EXPECT_EQ(r.Reason("Kritiker"), "keep");
  EXPECT_EQ(r.Reason("Artikel teilen"), "share");
  EXPECT_EQ(r.Reason("Impressum"), "nav");
}

TEST(Boilerplate, FrenchPageWithPaywall) {
  Result r = Classify({"Aller au contenu principal", "La mairie vote 12 millions pour le tramway",
                  "Publié le 4 mars 2024 à 10h12",
                  "La mairie a voté lundi une enveloppe de 12 millions d'euros pour le tramway, "
                  "après un débat qui s'est prolongé tard dans la soirée.",
                  "\u00ab Nous avons assez attendu \u00bb, a déclaré la maire.",
                  "Cet article est réservé aux abonnés. Abonnez-vous pour lire la suite.",
                  "Partager"});
  EXPECT_EQ(r.Reason("Aller au contenu"), "nav");
  EXPECT_EQ(r.Reason("La mairie vote"), "keep");
  EXPECT_EQ(r.Reason("Publié le"), "date");
  EXPECT_EQ(r.Reason("La mairie a voté"), "keep");
  EXPECT_EQ(r.Reason("\u00ab Nous avons"), "keep");
  EXPECT_EQ(r.Reason("Cet article"), "paywall");
  EXPECT_EQ(r.Reason("Partager"), "share");
}

TEST(Boilerplate, ShoppingBlockAfterBody) {
  Result r = Classify({"New laptops compared", kPara1, kPara2, "Laptop", "Acer Nitro V Gaming Laptop",
                  "$849.99", "\U0001F517 Buy on amazon", "Headphones", "HP Touchscreen Laptop",
                  "$598.99", "\U0001F517 Buy on amazon"});
  EXPECT_EQ(r.Reason("The city council"), "keep");
  EXPECT_EQ(r.Reason("Officials said"), "keep");
  EXPECT_EQ(r.Reason("$849.99"), "shopping");
  EXPECT_EQ(r.Reason("\U0001F517 Buy"), "shopping");
  // Product names with no phrase of their own, right after a two-paragraph
  // body, are the model's call; on real pages short lines next to the body
  // are often its subheads, so they are not asserted here.
}

TEST(Boilerplate, CookieBanner) {
  Result r = Classify({"We use cookies to give you the best experience on our website. By continuing "
                  "to browse, you agree to our use of cookies.",
                  "Accept all", kPara1, kPara2});
  EXPECT_EQ(r.Reason("We use cookies"), "cookie");
  EXPECT_EQ(r.Reason("Accept all"), "cookie");
  EXPECT_EQ(r.Reason("The city council"), "keep");
}

TEST(Boilerplate, TeaserAndRepeatedTitle) {
  Result r = Classify({"City approves 120 million plan for new...",
                  "City approves 120 million plan for new tram line", kPara1,
                  "City approves 120 million plan for new tram line", kPara2});
  EXPECT_EQ(r.Reason("City approves 120 million plan for new..."), "teaser");
  EXPECT_EQ(ReasonName(r.d[1].reason), "keep");
  EXPECT_EQ(ReasonName(r.d[3].reason), "repeat");
  EXPECT_EQ(ReasonName(r.d[4].reason), "keep");
}

// A whole dump saved as one document (articles back to back, thousands of
// units): the rules that look across the document still hold far apart —
// a teaser whose full line is 150 articles away, a teaser of nothing, the
// body resuming after every related block.
TEST(Boilerplate, ContextRulesHoldAcrossAWholeDumpInOneDocument) {
  constexpr int kArticles = 300;
  auto head = [](int a) { return "Council approves plan number " + std::to_string(a) + " for the new tram line"; };
  std::vector<std::string> lines;
  for (int a = 0; a < kArticles; ++a) {
    const std::string far = head((a + 150) % kArticles);
    lines.push_back(far.substr(0, far.size() - 9) + "...");  // "... for the new..."
    if (a % 50 == 7) lines.push_back("Council rejects idea number " + std::to_string(a) + " for an old...");
    lines.push_back(head(a));
    for (const char* p : {kPara1, kPara2, kPara3})
      lines.push_back(std::string(p) + " It was item " + std::to_string(a) + " on the agenda.");
    lines.push_back("Related Posts");
    lines.push_back("Mayor defends budget number " + std::to_string(a) + " after protests");
    lines.push_back("Harbour barrier number " + std::to_string(a) + " to be finished by summer");
  }
  Result r = Classify(lines);
  int teasers = 0, kept = 0, tail = 0, loose = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view reason = ReasonName(r.d[i].reason);
    const std::string& t = r.text[i];
    if (t.rfind("Council rejects", 0) == 0) {
      loose += reason != "teaser";
    } else if (t.size() > 3 && t.compare(t.size() - 3, 3, "...") == 0) {
      teasers += reason == "teaser";
    } else if (t.find(" on the agenda.") != std::string::npos) {
      kept += reason == "keep";
    } else if (t.rfind("Mayor defends", 0) == 0 || t.rfind("Harbour barrier", 0) == 0) {
      tail += reason == "tail";
    }
  }
  EXPECT_EQ(teasers, kArticles);
  EXPECT_EQ(loose, kArticles / 50);
  EXPECT_EQ(kept, 3 * kArticles);
  EXPECT_EQ(tail, 2 * kArticles);
}

TEST(Boilerplate, ListSubheadsAndOneSentenceParagraphKept) {
  Result r = Classify({"Tram plan approved", kPara1, "The plan includes the following measures:",
                  "\u2022 twelve new stops along the main corridor",
                  "\u2022 longer opening hours at weekends", "\u2022 free transfers for children",
                  "What happens next", kPara2, "Nobody expects the debate to end here.", kPara3,
                  "The cost question", kPara4, "Subscribe", "\u00a9 2024 Example Media"});
  for (const char* s : {"Tram plan", "The plan includes", "\u2022 twelve", "\u2022 longer",
                        "\u2022 free", "What happens next", "Nobody expects", "The cost question"})
    EXPECT_EQ(r.Reason(s), "keep") << s;
  EXPECT_NE(r.Reason("Subscribe"), "keep");
}

TEST(Boilerplate, ListAtEndOfBodyKept) {
  Result r = Classify({kPara1, kPara2, "Key things to watch include:", "Whether the budget holds",
                  "Who wins the contract", "Related Posts", "Mayor defends budget after protests"});
  EXPECT_EQ(r.Reason("Whether the budget"), "keep");
  EXPECT_EQ(r.Reason("Who wins"), "keep");
  EXPECT_EQ(r.Reason("Mayor defends"), "tail");
}

TEST(Boilerplate, BodyResumesAfterInlineRelatedBlock) {
  Result r = Classify({kPara1, "Related", "Mayor defends budget after protests", kPara2, kPara3, kPara4,
                  "Post a Comment"});
  EXPECT_EQ(r.Reason("Mayor defends"), "tail");
  EXPECT_EQ(r.Reason("Officials said"), "keep");
  EXPECT_EQ(r.Reason("According to"), "keep");
  EXPECT_EQ(r.Reason("Post a Comment"), "comments");
}

TEST(Boilerplate, TemplateCountsMakeTemplate) {
  BoilerplateOptions opt;
  Result r = Classify({"The Daily Example: independent journalism since 1887", kPara1, kPara2,
                  "Download our app for the best experience"},
                 opt, {40, 1, 1, 3});
  EXPECT_EQ(r.Reason("The Daily Example"), "template");
  EXPECT_EQ(r.Reason("Download our app"), "template");
  EXPECT_EQ(r.Reason("The city council"), "keep");
  EXPECT_TRUE(r.d[0].features & (1u << 18));
}

// A prose paragraph in many documents of one source is the same story
// published again, not page chrome: it stays (dedup keeps its first copy),
// while a short chrome line with the same count is template.
TEST(Boilerplate, RepeatedProseParagraphIsNotTemplate) {
  Result r = Classify({"Home | Local | Sport | Weather", kPara1, kPara2, "Evening Edition since 1887"},
                      {}, {12, 12, 12, 12});
  EXPECT_EQ(r.Reason("Home | Local"), "nav");
  EXPECT_EQ(r.Reason("The city council"), "keep");
  EXPECT_EQ(r.Reason("Officials said"), "keep");
  EXPECT_EQ(r.Reason("Evening Edition"), "template");
  // Without dedup behind it, nothing would remove the later copies: the
  // repeated paragraph is template like any other repeated unit.
  BoilerplateOptions no_dedup;
  no_dedup.repeats_deduplicated = false;
  Result nd = Classify({"Home | Local | Sport | Weather", kPara1, kPara2, "Evening Edition since 1887"},
                       no_dedup, {12, 12, 12, 12});
  EXPECT_EQ(nd.Reason("The city council"), "template");
}

// A one-sentence paragraph counts as template when the count is per site,
// but not when it is per input file (no url): there it is more likely a
// short paragraph of a republished story.
TEST(Boilerplate, RepeatedSentenceIsTemplateOnlyPerSite) {
  const std::vector<std::string> lines = {kPara1, "The council will vote again next month.", kPara2};
  const std::vector<uint32_t> counts = {5, 5, 5};
  EXPECT_EQ(Classify(lines, {}, counts).Reason("The council will vote"), "template");
  EXPECT_EQ(Classify(lines, {}, counts, /*site_source=*/false).Reason("The council will vote"), "keep");
}

// An article's title also appears in the related lists of the site's other
// pages, so it counts as template; right before this document's body it is
// the title and stays, while the same kind of line after the body goes.
TEST(Boilerplate, TemplateTitleRightBeforeTheBodyIsKept) {
  Result r = Classify({"Tram line budget approved after long debate", kPara1, kPara2,
                       "Harbour tunnel closed for weekend repairs"},
                      {}, {4, 1, 1, 4});
  EXPECT_EQ(r.Reason("Tram line budget"), "keep");
  EXPECT_EQ(r.Reason("The city council"), "keep");
  EXPECT_EQ(r.Reason("Harbour tunnel closed"), "template");
}

TEST(Boilerplate, UserPhrasesFile) {
  const std::string path = ::testing::TempDir() + "/bp_user_phrases.txt";
  {
    std::ofstream f(path);
    f << "# our own cruft\nGet the Example App\n=Weather Today\n";
  }
  BoilerplateOptions opt;
  opt.phrases_file = path;
  Result r = Classify({kPara1, "Get the example app, it is free!", "Weather today",
                  "Weather today was sunny in the whole region, forecasters said on Monday.",
                  kPara2},
                 opt);
  EXPECT_EQ(r.Reason("Get the example app"), "user-phrase");
  EXPECT_EQ(r.Reason("Weather today"), "user-phrase");
  EXPECT_EQ(r.Reason("Weather today was"), "keep");
  std::remove(path.c_str());
}

TEST(Boilerplate, BadPhrasesPathIsAnError) {
  BoilerplateOptions opt;
  opt.phrases_file = "/nonexistent/dir/phrases.txt";
  std::string err;
  EXPECT_EQ(BoilerplateClassifier::Create(opt, &err), nullptr);
  EXPECT_NE(err.find("/nonexistent/dir/phrases.txt"), std::string::npos) << err;
  opt.phrases_file.clear();
  opt.stoplists_dir = "/nonexistent/stoplists";
  err.clear();
  EXPECT_EQ(BoilerplateClassifier::Create(opt, &err), nullptr);
  EXPECT_NE(err.find("/nonexistent/stoplists"), std::string::npos) << err;
}

TEST(Boilerplate, OneShortParagraphDocumentIsKept) {
  Result r = Classify({"A paragraph that is fine and long enough to be kept."});
  EXPECT_EQ(ReasonName(r.d[0].reason), "keep");
  r = Classify({"Menu", "Nobody expects the debate to end with this vote.", "Share"});
  EXPECT_EQ(r.Reason("Nobody"), "keep");
}

TEST(Boilerplate, ExplainJsonNamesEvidence) {
  BoilerplateOptions opt;
  std::string err;
  auto clf = BoilerplateClassifier::Create(opt, &err);
  ASSERT_NE(clf, nullptr);
  Result r = Classify({"Follow us on WhatsApp for breaking news", kPara1});
  UnitInput u;
  u.text = r.text[0];
  std::string key;
  Normalizer().MatchKey(u.text, &key);
  u.key = key;
  std::string js;
  clf->AppendExplainJson(u, r.d[0], &js);
  EXPECT_NE(js.find("\"words\":7"), std::string::npos) << js;
  EXPECT_NE(js.find("\"share"), std::string::npos) << js;
  EXPECT_NE(js.find("\"reason\":\"share\""), std::string::npos) << js;
}

TEST(Boilerplate, UnknownLanguageFallsBackToSentenceShape) {
  // No stoplist for this language: sentence shape and length decide.
  Result r = Classify({"Menu",
                  "Kaupunginvaltuusto hyväksyi tiistaina 120 miljoonan euron talousarvion uudelle "
                  "raitiotielle pitkän illan keskustelun jälkeen.",
                  "Viraston lukujen mukaan noin kolmannes alueen kotitalouksista hyötyisi suoraan "
                  "uudesta yhteydestä, kun se avataan."});
  EXPECT_EQ(r.Reason("Menu"), "nav");
  EXPECT_EQ(r.Reason("Kaupunginvaltuusto"), "keep");
  EXPECT_EQ(r.Reason("Viraston"), "keep");
}

// Stoplists from stopwords-iso cover the common Common Crawl languages:
// Polish and Russian prose has stopword evidence; Thai, written without
// spaces, is judged by characters.
TEST(Boilerplate, StoplistsOfCommonCrawlLanguages) {
  Result pl = Classify({"Rada miasta zatwierdziła we wtorek budżet w wysokości 120 milionów złotych "
                       "na nową linię tramwajową, po debacie trwającej do późnego wieczora.",
                       "Według danych urzędu około jednej trzeciej gospodarstw domowych w "
                       "dzielnicy skorzysta bezpośrednio z nowego połączenia, gdy zostanie ono "
                       "otwarte."});
  for (const UnitDecision& d : pl.d) EXPECT_GT(d.stop_permille, 100) << "pl";
  Result ru = Classify({"Городской совет во вторник одобрил план строительства новой трамвайной "
                       "линии, которая должна соединить центр города с северными районами.",
                       "По словам чиновников, работы начнутся весной и продлятся не менее трёх "
                       "лет, хотя многие жители считают, что этот проект слишком дорогой."});
  for (const UnitDecision& d : ru.d) {
    EXPECT_GT(d.stop_permille, 100) << "ru";
    EXPECT_EQ(d.reason, winnow::Reason::kNone) << "ru";
  }
  Lexicon lex;
  Normalizer norm;
  std::string err;
  ASSERT_TRUE(LoadLexicon(norm, "", "", &lex, &err)) << err;
  UnitFeatures f;
  const std::string th = "สภาเมืองอนุมัติงบประมาณสำหรับรถรางสายใหม่เมื่อวันอังคาร";
  std::string key;
  norm.MatchKey(th, &key);
  ComputeFeatures(lex, th, key, &f);
  EXPECT_TRUE(f.flags & kFlagCjk);
  for (const char* lang : {"ru", "pl", "tr", "vi", "id", "fa", "ar", "ko", "cs", "sv"})
    EXPECT_NE(std::find(lex.langs.begin(), lex.langs.end(), lang), lex.langs.end()) << lang;
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

// The text pass, whatever its block size, counts as this byte loop does:
// words start after a space; alphabetic words start with A-Z, a-v/x-z or the
// lead byte 0xC3 (capitalised: A-Z, or 0xC3 with an upper-case Latin-1
// letter); code points, digits and digit runs; separators and guillemets
// in order. Lines of every length around the 16-byte block edges.
TEST(BoilerplateFeatures, TextCountsMatchByteLoop) {
  Normalizer norm;
  Lexicon lex;
  std::string err;
  ASSERT_TRUE(LoadLexicon(norm, "", "", &lex, &err)) << err;
  const char* pieces[] = {"word", "Word", "wide", "\xC3\xA9t\xC3\xA9", "\xC3\x89t\xC3\xA9",
                          "\xC3\x97", "12", "3", " ", "|", "\xC2\xAB", "\xC2\xBB", "\xC2\xB7",
                          "\xE2\x80\xA2", "\xE4\xB8\xAD", "$", "@", "www.", "x", ".", "-"};
  uint64_t rng = 88172645463325252ULL;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    const size_t want = rng % 90;
    while (text.size() < want) {
      rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
      text += pieces[rng % (sizeof pieces / sizeof pieces[0])];
    }
    uint32_t alpha = 0, caps = 0, digits = 0, runs = 0, chars = 0, seps = 0;
    bool open = false;
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = text[i], next = i + 1 < text.size() ? text[i + 1] : 0;
      const bool start = i == 0 || text[i - 1] == ' ';
      const bool digit = c >= '0' && c <= '9';
      chars += (c & 0xC0) != 0x80;
      digits += digit;
      runs += digit && !(i > 0 && text[i - 1] >= '0' && text[i - 1] <= '9');
      if (start && c != ' ') {
        const bool upper = c >= 'A' && c <= 'Z';
        const bool latin = c == 0xC3 && i + 1 < text.size();
        alpha += upper || (c >= 'a' && c <= 'z') || latin;
        caps += upper || (latin && next >= 0x80 && next <= 0x9E && next != 0x97);
      }
      if (c == '|' || (c == 0xC2 && next == 0xB7)) ++seps;
      if (c == 0xE2 && i + 2 < text.size() && next == 0x80 && text[i + 2] == '\xA2') ++seps;
      if (c == 0xC2 && next == 0xAB) open = true;
      if (c == 0xC2 && next == 0xBB && !open) ++seps;
    }
    UnitFeatures f;
    ComputeFeatures(lex, text, "", &f);
    EXPECT_EQ(f.alpha, alpha) << text;
    EXPECT_EQ(f.caps, caps) << text;
    EXPECT_EQ(f.digits, digits) << text;
    EXPECT_EQ(f.digit_runs, runs) << text;
    EXPECT_EQ(f.chars, chars) << text;
    EXPECT_EQ(f.seps, seps) << text;
  }
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

// A long title-case headline, commas and all, right before its article is
// the article's title, not a `short` line, for the model and for the rule
// passes alone; after the article, with nothing following, the rules do not
// take it for a title.
TEST(Boilerplate, LongHeadlineBeforeItsArticleIsKept) {
  const std::string headline =
      "City Council Approves New Ferry Terminal Plan After Months of Debate Over Costs, Traffic and the "
      "Future of the Old Harbour District";
  const std::string body1 =
      "The city council voted on Tuesday evening to approve a plan for a new ferry terminal on the eastern "
      "edge of the old harbour, ending months of debate about what the project would cost.";
  const std::string body2 =
      "Supporters said the terminal would bring more visitors to the district and cut the traffic that builds "
      "up on the coast road every summer, while opponents said the money should go to schools.";
  BoilerplateOptions rules;
  rules.use_model = false;
  for (const BoilerplateOptions& opt : {BoilerplateOptions{}, rules}) {
    auto r = Classify({"Home | News | Sport", headline, body1, body2}, opt);
    EXPECT_EQ(r.Reason("City Council Approves"), "keep") << opt.use_model;
    EXPECT_EQ(r.Reason("The city council voted"), "keep") << opt.use_model;
  }
  auto tail = Classify({body1, body2, headline, "Home | News | Sport"}, rules);
  EXPECT_NE(tail.Reason("City Council Approves"), "keep");
}

// Who supplied a picture or the facts is a `credit`, told apart from a
// `caption` that describes the picture: the rules' evidence names them so,
// and a credit the model removes goes under that name.
TEST(Boilerplate, SourceAndPhotoCreditsAreCreditsNotCaptions) {
  const std::string body1 =
      "The harbour authority said on Friday that the number of ferry passengers rose by a fifth last year, "
      "the largest increase since the service began in the town.";
  const std::string body2 =
      "Officials expect the numbers to keep growing once the new terminal opens, and they plan to add two "
      "more boats to the morning timetable from the spring.";
  const std::string body3 =
      "Local businesses near the quay said the extra visitors had already helped shops and cafes through a "
      "quiet winter, and several plan to open longer hours.";
  BoilerplateOptions rules;
  rules.use_model = false;
  auto r = Classify({body1, "Source: Eastport Harbour Authority", "Photo: AP/Jane Doe",
                     "Photo: Passengers wait on the quay at dawn as the first boat of the day comes in.",
                     "Image credit: Getty Images", body2},
                    rules);
  EXPECT_EQ(r.Reason("Source: Eastport"), "credit");
  EXPECT_EQ(r.Reason("Photo: AP/Jane"), "credit");
  EXPECT_EQ(r.Reason("Image credit"), "credit");
  EXPECT_EQ(r.Reason("Photo: Passengers wait"), "caption");
  EXPECT_EQ(r.Reason("The harbour authority"), "keep");

  auto page = Classify({"Home | News | Sport | Business | Weather", "Harbour Passenger Numbers Rise by a Fifth",
                        body1, body2, body3, "Related stories", "Ferry timetable changes from April",
                        "Why the harbour tunnel keeps closing", "Photo: AP/Jane Doe",
                        "Source: Eastport Harbour Authority", "\xC2\xA9 2026 Eastport Gazette"});
  EXPECT_EQ(page.Reason("The harbour authority"), "keep");
  EXPECT_EQ(page.Reason("Photo: AP/Jane"), "credit");
  EXPECT_EQ(page.Reason("Source: Eastport"), "credit");
}

}  // namespace
}  // namespace winnow
