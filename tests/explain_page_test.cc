// The --explain-html page (pipeline/report): reason colours, anchors and
// links, and the sample, through its functions and through the built binary.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "pipeline/report/explain_doc.h"
#include "pipeline/report/explain_page.h"
#include "pipeline/report/explain_style.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::MadeUpWords;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

// `docs` documents: a nav line, a paragraph of their own, every third one
// a shared paragraph (a duplicate unit after the first), a share line;
// every tenth a copy of the one nine before it (a duplicate document).
std::string MakeCorpus(int docs) {
  const std::string shared =
      "The harbour authority said on Tuesday that the new ferry terminal would open in the spring after two years of delays.";
  std::vector<std::string> texts;
  std::string out;
  for (int i = 0; i < docs; ++i) {
    std::string text = "Skip to content\\n" + MadeUpWords(i, 60) + ".\\n";
    if (i % 3 == 0) text += shared + "\\n";
    text += MadeUpWords(1000 + i, 40) + ".\\nShare on Facebook";
    if (i % 10 == 9) text = texts[i - 9];
    texts.push_back(text);
    out += "{\"id\":\"doc-" + std::to_string(i) + "\",\"url\":\"https://site" + std::to_string(i % 4) +
           ".example/a/" + std::to_string(i) + "\",\"text\":\"" + text + "\"}\n";
  }
  return out;
}

std::vector<std::string> All(const std::string& s, const std::string& pattern) {
  std::vector<std::string> v;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    v.push_back((*it)[1].str());
  }
  return v;
}

// Every in-page link (href="#...") names an element id of the page, except
// the filter links (#reason=...).
void ExpectNoDeadLinks(const std::string& page) {
  const std::vector<std::string> ids = All(page, "id=\"([^\"]+)\"");
  const std::set<std::string> id_set(ids.begin(), ids.end());
  for (const std::string& target : All(page, "href=\"#([^\"]+)\"")) {
    if (target.rfind("reason=", 0) == 0) continue;
    EXPECT_TRUE(id_set.count(target)) << "dead link #" << target;
  }
}

std::string RunPage(const std::string& dir, const std::vector<std::string>& extra) {
  std::vector<std::string> args = {dir + "/in.jsonl", "-o", dir + "/out.jsonl", "--explain-html", dir + "/r.html",
                                   "--batch-bytes", "4K", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = RunWinnow(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ReadFile(dir + "/r.html");
}

TEST(ExplainPage, EveryReasonHasAColourRule) {
  const std::string css = ReasonCss();
  ASSERT_GE(AllReasons().size(), 20u);
  for (Reason r : AllReasons()) {
    const std::string name(ReasonName(r));
    EXPECT_NE(css.find(".r-" + name + "{--c:hsl("), std::string::npos) << name;
  }
  // The document reasons whose chips were white on white.
  for (const char* name : {"duplicate-document", "empty", "no-kept-text"}) {
    EXPECT_NE(css.find(std::string(".r-") + name + "{"), std::string::npos) << name;
  }
}

TEST(ExplainPage, LinksToDocumentsNotOnThePageBecomeText) {
  const std::string html =
      "<p>a<a class=\"of\" href=\"#d-3-u1\">copy of x unit 1</a></p>"
      "<h2><a class=\"of\" href=\"#d-4\">y</a></h2>";
  std::string out;
  ResolveDocLinks(html, [](uint64_t ordinal) { return ordinal == 4; }, &out);
  EXPECT_EQ(out,
            "<p>a<span class=\"gone\">copy of x unit 1 (not on this page: sampled out)</span></p>"
            "<h2><a class=\"of\" href=\"#d-4\">y</a></h2>");
}

TEST(ExplainPage, WholeRunHasTocAnchorsAndDuplicateLinks) {
  const std::string dir = MakeTempDir("page");
  WriteFile(dir + "/in.jsonl", MakeCorpus(40));
  const std::string page = RunPage(dir, {"--explain-sample", "0"});
  EXPECT_NE(page.find("Showing all 40 documents."), std::string::npos);
  const std::vector<std::string> docs = All(page, "<section class=\"doc [a-z]+\" id=\"(d-[0-9]+)\"");
  ASSERT_EQ(docs.size(), 40u);
  for (const std::string& d : docs) {
    EXPECT_NE(page.find("<li id=\"t-" + d + "\"><a href=\"#" + d + "\">"), std::string::npos) << d;
  }
  // A duplicate unit links to the unit it copies, a duplicate document to
  // the document; both exist on the page.
  EXPECT_NE(page.find("<a class=\"of\" href=\"#d-0-u2\">copy of doc-0 unit 2"), std::string::npos);
  EXPECT_NE(page.find("mostly a copy of</span> <a class=\"of\" href=\"#d-0\">doc-0</a>"), std::string::npos);
  EXPECT_NE(page.find("data-reasons=\"duplicate-document"), std::string::npos);
  ExpectNoDeadLinks(page);
  // Summary: reasons with counts and examples; the documents with the most removed.
  EXPECT_NE(page.find("<a class=\"chip r-duplicate-document\" href=\"#reason=duplicate-document\">"),
            std::string::npos);
  EXPECT_NE(page.find("<td class=\"n\">4 documents</td>"), std::string::npos);  // doc-9, -19, -29, -39
  EXPECT_NE(page.find("Documents with the most removed units"), std::string::npos);
}

TEST(ExplainPage, SampleIsTheSameForAnyThreadCountAndSaysSo) {
  const std::string dir = MakeTempDir("sample");
  WriteFile(dir + "/in.jsonl", MakeCorpus(120));
  const std::string one = RunPage(dir, {"--explain-sample", "7", "-j", "1"});
  const std::string two = RunPage(dir, {"--explain-sample", "7", "-j", "2"});
  const std::string eight = RunPage(dir, {"--explain-sample", "7", "-j", "8"});
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, eight);
  EXPECT_NE(one.find("Showing 7 of 120 documents, sampled by a hash"), std::string::npos);
  EXPECT_EQ(All(one, "<section class=\"doc [a-z]+\" id=\"(d-[0-9]+)\"").size(), 7u);
  ExpectNoDeadLinks(one);
  // The summary covers the whole run: ten most-removed entries, though
  // only seven documents are shown.
  const size_t top = one.find("Documents with the most removed units");
  ASSERT_NE(top, std::string::npos);
  const std::string list = one.substr(top, one.find("</ol>", top) - top);
  EXPECT_EQ(All(list, "(<li>)").size(), ExplainPage::kTopRemoved);
  EXPECT_NE(one.find("not on this page"), std::string::npos);
}

// An HTML page: each unit of an HTML document shows its element path and
// DOM features on a muted line, and which DOM evidence decided it: removed
// by a class word, kept again in the main container, or agreeing with the
// text classifier. Text documents get no such line.
TEST(ExplainPage, HtmlUnitsShowElementPathAndDecidingDomFeatures) {
  const std::string dir = MakeTempDir("page_html");
  const std::string prose =
      "The harbour authority said on Tuesday that the new ferry terminal would open in the spring after two years "
      "of delays and rising costs.";
  WriteFile(dir + "/page.html",
            "<!doctype html><html lang=\"en\"><head><title>Harbour news</title></head><body>"
            "<article><h1>Harbour ferry terminal opens</h1><p>" + prose + "</p><p>Updated 3 March 2024</p><p>" +
            MadeUpWords(3, 40) + ".</p></article>"
            "<div class=\"comments\"><p>I have been waiting for this terminal for years and I am glad that the "
            "council finally listened to the people who live here.</p></div>"
            "<aside><p>Read more about ferries and the harbour in our other stories this week</p></aside>"
            "</body></html>");
  WriteFile(dir + "/in.jsonl", MakeCorpus(3));
  auto r = RunWinnow({dir + "/page.html", dir + "/in.jsonl", "-o", dir + "/out.jsonl", "--explain-html",
                      dir + "/r.html", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string page = ReadFile(dir + "/r.html");
  const std::string prose_unit = "<p id=\"d-0-u1\" class=\"k\"";
  ASSERT_NE(page.find(prose_unit), std::string::npos);
  const std::string unit1 = page.substr(page.find(prose_unit), page.find("</p>", page.find(prose_unit)) -
                                                                    page.find(prose_unit));
  EXPECT_NE(unit1.find(prose + "<span class=\"dom\">html&gt;body&gt;article&gt;p \xC2\xB7 24 words \xC2\xB7 "
                               "links 0.00 \xC2\xB7 text density 12.0 \xC2\xB7 in-article</span>"),
            std::string::npos)
      << unit1;
  // The date line the text classifier removed, kept by the DOM.
  EXPECT_NE(page.find("Updated 3 March 2024<span class=\"dom\">html&gt;body&gt;article&gt;p"), std::string::npos);
  EXPECT_NE(page.find("<b>DOM kept: main-container (text classifier: date)</b>"), std::string::npos);
  // Prose the text classifier kept, removed for its container's class.
  EXPECT_NE(page.find("class=\"x r-comments\""), std::string::npos);
  EXPECT_NE(page.find("html&gt;body&gt;div!&gt;p \xC2\xB7 24 words \xC2\xB7 links 0.00 \xC2\xB7 text density "
                      "12.0 \xC2\xB7 cls-comment \xC2\xB7 <b>DOM removed: class-word cls-comment</b>"),
            std::string::npos);
  EXPECT_NE(page.find("in-aside \xC2\xB7 <b>DOM agrees: aside</b>"), std::string::npos);
  // Every unit of the HTML document has its line; the text documents none.
  const size_t html_doc = page.find("id=\"d-0\"");
  const size_t text_docs = page.find("id=\"d-1\"");
  ASSERT_NE(html_doc, std::string::npos);
  ASSERT_NE(text_docs, std::string::npos);
  const std::string first = page.substr(html_doc, page.find("</section>", html_doc) - html_doc);
  EXPECT_EQ(All(first, "<p id=\"(d-0-u[0-9]+)\"").size(), All(first, "(<span class=\"dom\">)").size());
  EXPECT_GE(All(first, "(<span class=\"dom\">)").size(), 6u);
  EXPECT_EQ(page.find("<span class=\"dom\">", text_docs), std::string::npos);
  ExpectNoDeadLinks(page);
}

// Without --explain-sample a corpus makes a page of a bounded number of
// documents, not one as large as the input.
TEST(ExplainPage, DefaultSampleBoundsThePage) {
  const std::string dir = MakeTempDir("default");
  WriteFile(dir + "/in.jsonl", MakeCorpus(450));
  const std::string page = RunPage(dir, {});
  EXPECT_NE(page.find("Showing 400 of 450 documents, sampled"), std::string::npos);
  EXPECT_EQ(All(page, "<section class=\"doc [a-z]+\" id=\"(d-[0-9]+)\"").size(), 400u);
  EXPECT_NE(page.find("<nav id=\"toc\"><details><summary>Documents on this page (400)"), std::string::npos);
  ExpectNoDeadLinks(page);
}

}  // namespace
}  // namespace winnow
