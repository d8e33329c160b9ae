// End to end through the built binary: HTML from WARC response/resource
// records, .html files, JSONL --html-field; the stats, explain and output
// fields HTML adds; malformed HTML and HTTP; the real WARC fixtures in
// ../shared (SharedData*, registered only when it exists).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "tests/stats_check.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::JsonCounts;
using testing::JsonNumber;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

std::string Warc(const std::string& type, const std::string& url, const std::string& block,
                 const std::string& extra_header = "") {
  return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Record-ID: <urn:test:" + url +
         ">\r\nWARC-Target-URI: https://site.example/" + url + "\r\n" + extra_header +
         "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
}

std::string Http(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status + "\r\n" + headers + "\r\n" + body;
}

int SeedOf(const std::string& s) {
  int seed = 1000;
  for (char c : s) seed = seed * 31 % 100003 + static_cast<unsigned char>(c);
  return seed;
}

// A page with nav, article (a heading and two paragraphs, the second made
// from the title), script, share bar and footer.
std::string Article(const std::string& title, const std::string& body_words,
                    const std::string& more_words = "") {
  return "<!doctype html><html lang=\"en\"><head><title>" + title +
         "</title><meta name=\"author\" content=\"Ann Writer\">"
         "<meta property=\"article:published_time\" content=\"2024-03-01\">"
         "<link rel=\"canonical\" href=\"https://site.example/canon\"><style>p{}</style></head><body>"
         "<nav><ul><li><a href=/>Home</a></li><li><a href=/w>World</a></li></ul></nav>"
         "<article><h1>" + title + "</h1><p>" + body_words + "</p><p>" +
         (more_words.empty() ? testing::MadeUpWords(SeedOf(title), 30) : more_words) + "</p><script>var hidden = 1;</script>"
         "<div class=\"share-bar\"><p>Share this story on every network you can find today</p></div>"
         "</article><footer><p>Copyright 2024 Site Example Media Group, all rights reserved worldwide</p></footer>"
         "</body></html>";
}

struct RunOut {
  testing::CommandResult r;
  std::string stats, explain;
};

RunOut Winnow(const std::string& dir, std::vector<std::string> args) {
  RunOut run;
  args.insert(args.end(), {"-q", "--stats", dir + "/stats.json", "--explain", dir + "/explain.jsonl"});
  run.r = RunWinnow(args);
  run.stats = ReadFile(dir + "/stats.json");
  run.explain = ReadFile(dir + "/explain.jsonl");
  testing::ExpectStatsAddUp(run.stats);
  testing::ExpectExplainMatchesStats(run.stats, run.explain);
  return run;
}

TEST(HtmlInput, WarcResponsesBecomeDocumentsAndTheRestIsCounted) {
  const std::string dir = MakeTempDir("html_warc");
  const std::string words = testing::MadeUpWords(1, 40);
  const std::string latin = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>" +
                            testing::MadeUpWords(2, 30) + " caf\xE9 cr\xE8me</p></body></html>";
  std::string gz = testing::Gzip(Article("Zipped story", testing::MadeUpWords(3, 40)));
  char hex[16];
  snprintf(hex, sizeof hex, "%zx", gz.size());
  std::string warc =
      Warc("warcinfo", "info", "software: test\r\n") +
      Warc("request", "a", "GET /a HTTP/1.1\r\n\r\n") +
      Warc("response", "a", Http("200 OK", "Content-Type: text/html; charset=utf-8\r\n", Article("Story A", words))) +
      Warc("response", "gone", Http("404 Not Found", "Content-Type: text/html\r\n", "<p>not found</p>")) +
      Warc("response", "moved", Http("301 Moved", "Location: /a\r\n", "")) +
      Warc("response", "logo.png", Http("200 OK", "Content-Type: image/png\r\n", "\x89PNG....")) +
      Warc("response", "doc.pdf", Http("200 OK", "Content-Type: application/pdf\r\n", "%PDF-1.4")) +
      Warc("revisit", "a", Http("200 OK", "", "")) +
      Warc("response", "latin", Http("200 OK", "Content-Type: text/html\r\n", latin)) +
      Warc("response", "zipped", Http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n"
                                      "Content-Encoding: gzip\r\n", std::string(hex) + "\r\n" + gz + "\r\n0\r\n\r\n")) +
      Warc("resource", "file.html", Article("Resource page", testing::MadeUpWords(4, 40)), "Content-Type: text/html\r\n") +
      Warc("conversion", "a", "Story A as text\n" + words + "\n") +
      Warc("response", "bad-gzip", Http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                                        "\x1f\x8b\x08 not really gzip"));
  WriteFile(dir + "/in.warc", warc);
  RunOut run = Winnow(dir, {dir + "/in.warc", "-o", dir + "/out.jsonl"});
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  const std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "in"}), 5) << run.stats;
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "emitted"}), 4) << run.stats;
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "rejected"}), 1);
  auto skipped = JsonCounts(run.stats, {"skipped_by_kind"});
  EXPECT_EQ(skipped["warcinfo"], 1);
  EXPECT_EQ(skipped["request"], 1);
  EXPECT_EQ(skipped["revisit"], 1);
  EXPECT_EQ(skipped["http-client-error"], 1);
  EXPECT_EQ(skipped["http-redirect"], 1);
  EXPECT_EQ(skipped["image"], 1);
  EXPECT_EQ(skipped["pdf"], 1);
  EXPECT_EQ(skipped["same-page"], 1);  // the conversion of response a
  EXPECT_EQ(JsonNumber(run.stats, {"skipped_records"}), 8);
  auto charsets = JsonCounts(run.stats, {"html", "charset_decided_by"});
  EXPECT_EQ(charsets["meta"], 1) << run.stats;
  EXPECT_EQ(JsonNumber(run.stats, {"html", "documents"}), 5);
  EXPECT_NE(run.stats.find("\"bad-http-body\":1"), std::string::npos) << run.stats;
  // Story A: metadata fields, body kept, nav/script/share/footer gone,
  // paragraphs separated by a blank line.
  EXPECT_NE(out.find("\"title\":\"Story A\",\"published\":\"2024-03-01\",\"author\":\"Ann Writer\","
                     "\"lang\":\"en\",\"canonical_url\":\"https://site.example/canon\""),
            std::string::npos) << out;
  EXPECT_NE(out.find(words + "\\n\\n" + testing::MadeUpWords(SeedOf("Story A"), 30)), std::string::npos) << out;
  EXPECT_EQ(out.find("var hidden"), std::string::npos);
  EXPECT_EQ(out.find("Share this story"), std::string::npos);
  EXPECT_EQ(out.find("Copyright 2024"), std::string::npos);
  EXPECT_NE(out.find("caf\xC3\xA9 cr\xC3\xA8me"), std::string::npos);
  EXPECT_NE(out.find("\"title\":\"Zipped story\""), std::string::npos);
  EXPECT_NE(out.find("\"title\":\"Resource page\""), std::string::npos);
  // Explain names each HTML unit's element path and DOM features.
  EXPECT_NE(run.explain.find("\"path\":\"html>body>article>p\""), std::string::npos) << run.explain.substr(0, 3000);
  EXPECT_NE(run.explain.find("\"flags\":[\"in-article\",\"cls-share\"]"), std::string::npos);
  EXPECT_NE(run.explain.find("\"dom_reason\":\"copyright\""), std::string::npos);  // the page footer
}

TEST(HtmlInput, PreferPicksHtmlOrTextWhateverTheOrder) {
  const std::string dir = MakeTempDir("html_prefer");
  const std::string html = Article("Twin", testing::MadeUpWords(20, 40));
  const std::string text = "Twin as text " + testing::MadeUpWords(21, 40) + "\n";
  // x: conversion first, then response; y: response first, then conversion;
  // w: a page of each kind, alone, first (the file mixes both kinds).
  WriteFile(dir + "/in.warc",
            Warc("response", "w1", Http("200 OK", "Content-Type: text/html\r\n", Article("W1", testing::MadeUpWords(22, 40)))) +
            Warc("conversion", "w2", "Alone " + testing::MadeUpWords(23, 40) + "\n") +
            Warc("conversion", "x", text) + Warc("request", "x", "GET /x HTTP/1.1\r\n\r\n") +
                Warc("response", "x", Http("200 OK", "Content-Type: text/html\r\n", html)) +
                Warc("response", "y", Http("200 OK", "Content-Type: text/html\r\n", html)) +
                Warc("conversion", "y", text));
  for (const std::string prefer : {"html", "text"}) {
    SCOPED_TRACE(prefer);
    RunOut run = Winnow(dir, {dir + "/in.warc", "--prefer", prefer, "--no-dedup", "-o", dir + "/out.jsonl"});
    ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
    const std::string out = ReadFile(dir + "/out.jsonl");
    EXPECT_EQ(JsonNumber(run.stats, {"documents", "in"}), 4) << run.stats;
    EXPECT_EQ(JsonCounts(run.stats, {"skipped_by_kind"})["same-page"], 2);
    EXPECT_EQ(JsonNumber(run.stats, {"html", "documents"}), prefer == "html" ? 3 : 1);
    EXPECT_EQ(out.find("\"title\":\"Twin\"") != std::string::npos, prefer == "html") << out;
    EXPECT_EQ(out.find("Twin as text") != std::string::npos, prefer == "text") << out;
  }
}

TEST(HtmlInput, HtmlFilesJsonlFieldAndForcedFormat) {
  const std::string dir = MakeTempDir("html_files");
  const std::string page = Article("File page", testing::MadeUpWords(5, 40));
  WriteFile(dir + "/page.html", page);
  WriteFile(dir + "/page.htm.gz", testing::Gzip(Article("Gz page", testing::MadeUpWords(6, 40))));
  WriteFile(dir + "/noext", Article("No extension", testing::MadeUpWords(15, 40), testing::MadeUpWords(16, 30)));
  RunOut run = Winnow(dir, {dir + "/page.html", dir + "/page.htm.gz", dir + "/noext", "-o", dir + "/out.jsonl"});
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_EQ(testing::Lines(out).size(), 3u) << out;  // noext: detected as HTML by content
  EXPECT_NE(out.find("\"title\":\"Gz page\""), std::string::npos);
  EXPECT_EQ(out.find("<p>"), std::string::npos);

  std::string jsonl = "{\"id\":\"j1\",\"url\":\"https://j.example/1\",\"html\":\"<title>J one</title><p>" +
                      testing::MadeUpWords(7, 30) + "</p>\",\"text\":\"ignored\",\"lang_hint\":\"en\"}\n";
  WriteFile(dir + "/in.jsonl", jsonl);
  run = Winnow(dir, {dir + "/in.jsonl", "--html-field", "html", "-o", dir + "/j.jsonl"});
  out = ReadFile(dir + "/j.jsonl");
  EXPECT_NE(out.find("{\"id\":\"j1\",\"url\":\"https://j.example/1\",\"title\":\"J one\",\"text\":\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"lang_hint\":\"en\"}"), std::string::npos);
  EXPECT_EQ(out.find("ignored"), std::string::npos);

  WriteFile(dir + "/page.txt", page);
  run = Winnow(dir, {dir + "/page.txt", "--input-format", "html", "-o", dir + "/f.jsonl"});
  EXPECT_NE(ReadFile(dir + "/f.jsonl").find("\"title\":\"File page\""), std::string::npos);
}

TEST(HtmlInput, BadHtmlNeverCrashesAndEveryPageHasAFate) {
  const std::string dir = MakeTempDir("html_bad");
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i) deep += "<div>";
  deep += "<p>" + testing::MadeUpWords(8, 30) + "</p>";
  std::string bigtext = "<p>" + std::string(8 << 20, 'x') + "</p>";
  std::string bigattr = "<p title=\"" + std::string(1 << 20, 'a') + "\">" + testing::MadeUpWords(9, 30) + "</p>";
  std::string nul = "<p>" + testing::MadeUpWords(10, 30) + std::string(10, '\0') + "</p>";
  std::string misnested = "<table><p><b><i>" + testing::MadeUpWords(11, 30) + "</b></p></td></i><li>x";
  std::string truncated_chunked = "200\r\n<html><body><p>" + testing::MadeUpWords(12, 30);
  std::string liar = "<meta charset=\"utf-8\"><p>" + testing::MadeUpWords(13, 20) + " \xE9t\xE9 \xE0 la plage</p>";
  std::string warc =
      Warc("response", "deep", Http("200 OK", "Content-Type: text/html\r\n", deep)) +
      Warc("response", "bigtext", Http("200 OK", "Content-Type: text/html\r\n", bigtext)) +
      Warc("response", "bigattr", Http("200 OK", "Content-Type: text/html\r\n", bigattr)) +
      Warc("response", "nul", Http("200 OK", "Content-Type: text/html\r\n", nul)) +
      Warc("response", "misnested", Http("200 OK", "Content-Type: text/html\r\n", misnested)) +
      Warc("response", "chunked", Http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                                       truncated_chunked)) +
      Warc("response", "liar", Http("200 OK", "Content-Type: text/html\r\n", liar));
  // A record whose Content-Length lies (too short): resynced at the next record.
  std::string lying = Warc("response", "lying", Http("200 OK", "Content-Type: text/html\r\n",
                                                      "<p>" + testing::MadeUpWords(14, 30) + "</p>"));
  lying.replace(lying.find("Content-Length: ") + 16, 2, "9");
  WriteFile(dir + "/bad.warc", warc + lying);
  RunOut run = Winnow(dir, {dir + "/bad.warc", "-o", dir + "/out.jsonl", "--no-dedup"});
  ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "in"}), 8) << run.stats;
  const std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_NE(out.find(testing::MadeUpWords(8, 30)), std::string::npos);   // deep
  EXPECT_NE(out.find(testing::MadeUpWords(9, 30)), std::string::npos);   // big attribute
  EXPECT_NE(out.find(testing::MadeUpWords(11, 30)), std::string::npos);  // misnested
  EXPECT_NE(out.find(testing::MadeUpWords(12, 30)), std::string::npos);  // truncated chunked
  EXPECT_NE(out.find("\xC3\xA9t\xC3\xA9 \xC3\xA0 la plage"), std::string::npos);  // lying charset
  EXPECT_EQ(out.find(std::string(1, '\0')), std::string::npos);
}

// One 50 MB text node (a page that is one huge paragraph) in a WARC
// response: under --max-record-bytes, so the page is processed whole and
// emitted; the block is split at spaces into units of at most 1 MiB
// (HtmlOptions::max_block_bytes), every unit has a verdict, and the extra
// memory is a bounded multiple of the page (README: about 8x), measured
// against a run on a small page.
TEST(HtmlInput, FiftyMegabyteTextNodeIsSplitIntoBoundedUnits) {
  const std::string dir = MakeTempDir("html_50mb");
  const size_t text_bytes = 50u << 20;
  std::string text;
  text.reserve(text_bytes + 16384);
  for (int seed = 0; text.size() < text_bytes; ++seed) {
    text += testing::MadeUpWords(seed, 1000);
    text += ". ";
  }
  const std::string head = "<!doctype html><html><head><title>One paragraph</title></head><body><p>";
  WriteFile(dir + "/big.warc",
            Warc("response", "big", Http("200 OK", "Content-Type: text/html; charset=utf-8\r\n",
                                         head + text + "</p></body></html>")));
  WriteFile(dir + "/small.warc", Warc("response", "small", Http("200 OK", "Content-Type: text/html\r\n",
                                                                 Article("Small page", testing::MadeUpWords(5, 40)))));
  const size_t units_min = text.size() / (1u << 20);
  text.clear();
  text.shrink_to_fit();

  // One run gives the output, the stats and the peak memory.
  const long base = testing::PeakRssKib({dir + "/small.warc", "-o", "/dev/null", "-q"});
  const long big = testing::PeakRssKib(
      {dir + "/big.warc", "-o", dir + "/out.jsonl", "-q", "--stats", dir + "/stats.json"});
  ASSERT_GT(base, 0);
  ASSERT_GT(big, 0);
  const long page_kib = static_cast<long>(text_bytes >> 10);
  const long factor = testing::kSanitized ? 40 : 10;
  EXPECT_LT(big - base, factor * page_kib) << "peak " << big << " KiB, base " << base << " KiB";

  const std::string stats = ReadFile(dir + "/stats.json");
  testing::ExpectStatsAddUp(stats);
  EXPECT_EQ(JsonNumber(stats, {"documents", "in"}), 1) << stats;
  EXPECT_EQ(JsonNumber(stats, {"documents", "emitted"}), 1) << stats;
  const long long units = JsonNumber(stats, {"units", "in"});
  EXPECT_GE(units, static_cast<long long>(units_min));
  EXPECT_LE(units, static_cast<long long>(units_min) + 2);
  const std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_NE(out.find("\"title\":\"One paragraph\""), std::string::npos);
  // Units are one line each, none longer than the block limit.
  size_t longest = 0;
  for (size_t at = out.find("\"text\":\"") + 8, end; at < out.size(); at = end + 2) {
    end = out.find("\\n", at);
    if (end == std::string::npos) end = out.find('"', at);
    if (end == std::string::npos) break;
    longest = std::max(longest, end - at);
    if (out[end] == '"') break;
  }
  EXPECT_GT(longest, 512u << 10);
  EXPECT_LE(longest, 1u << 20);
}

// The template pre-pass keeps each prepared page (--html-cache) so the
// cleaning pass does not parse it again: the output, --explain and the stats
// are the same with the cache, without it, and with a cache too small for
// every page (the rest parsed again), for one and two threads.
// A story whose headline the text classifier takes for a short line (a
// share bar follows it), with the page's <title> as "Headline | Site".
std::string HeadlinePage(const std::string& title) {
  return "<!doctype html><html lang=\"en\"><head><title>" + title +
         "</title></head><body>"
         "<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li></ul></nav></header>"
         "<div class=\"story\"><h1>Council backs tram extension to the harbour</h1>"
         "<ul class=\"tools\"><li><a href=\"#\">Share</a></li><li><a href=\"#\">Tweet</a></li>"
         "<li><a href=\"#\">Email</a></li><li><a href=\"#\">Print</a></li></ul>"
         "<div class=\"meta\"><span>By Ann Writer</span> <time datetime=\"2024-03-01\">1 March 2024</time></div>"
         "<div class=\"text\"><p>The city council voted on Thursday to extend the tram line from the central "
         "station to the harbour, ending a debate that has run for more than a decade.</p>"
         "<p>Work on the two-mile extension is expected to begin next spring, and the council said the first "
         "trams could run on the new section within three years if the national government confirms its share "
         "of the funding.</p><p>Residents near the harbour have long complained that the area is poorly served "
         "by buses, and several business owners told the meeting that a tram stop would bring more visitors to "
         "the waterfront.</p></div></div></body></html>";
}

TEST(HtmlInput, TheHeadlineNamedByTheTitleIsKeptWithItsStory) {
  const std::string dir = MakeTempDir("html_title");
  const std::string headline = "Council backs tram extension to the harbour";
  WriteFile(dir + "/titled.html", HeadlinePage(headline + " | City Times"));
  WriteFile(dir + "/other.html", HeadlinePage("City Times: local news"));
  for (const char* name : {"titled", "other"}) {
    RunOut run = Winnow(dir, {dir + "/" + name + ".html", "-o", dir + "/out.jsonl"});
    ASSERT_EQ(run.r.exit_code, 0) << run.r.err;
    const std::string out = ReadFile(dir + "/out.jsonl");
    ASSERT_NE(out.find("The city council voted on Thursday"), std::string::npos) << out;
    if (std::string(name) == "titled") {
      // Removed by the text classifier as short, kept as the page's headline.
      EXPECT_NE(out.find("\"text\":\"" + headline + "\\n"), std::string::npos) << out;
      EXPECT_NE(run.explain.find("\"title\":true"), std::string::npos);
      EXPECT_NE(run.explain.find("\"dom_decided\":\"title\""), std::string::npos) << run.explain;
      // Without the DOM rules the text classifier's verdict stands.
      run = Winnow(dir, {dir + "/titled.html", "--no-dom-rules", "-o", dir + "/plain.jsonl"});
      EXPECT_EQ(ReadFile(dir + "/plain.jsonl").find("\"text\":\"" + headline), std::string::npos);
    } else {
      // A heading the title does not name is left to the text classifier.
      EXPECT_EQ(out.find(headline), std::string::npos) << out;
      EXPECT_EQ(run.explain.find("\"title\":true"), std::string::npos);
    }
  }
}

TEST(HtmlInput, PagesKeptFromThePrePassGiveTheSameOutput) {
  const std::string dir = MakeTempDir("html_cache");
  std::string warc;
  for (int i = 0; i < 40; ++i) {
    const std::string site = i % 2 ? "north" : "south";
    std::string page = Article("Story " + std::to_string(i), testing::MadeUpWords(100 + i, 50));
    // A line every page of the site repeats: a template unit once counted.
    page.insert(page.find("<article>"), "<div><p>" + site + " edition: weather, traffic and the day's markets</p></div>");
    std::string rec = Warc("response", site + std::to_string(i), Http("200 OK", "Content-Type: text/html\r\n", page));
    rec.replace(rec.find("https://site.example/"), 21, "https://" + site + ".example/");
    warc += rec;
  }
  WriteFile(dir + "/pages.warc", warc);
  auto run = [&](const std::string& cache, const std::string& threads) {
    RunOut r = Winnow(dir, {dir + "/pages.warc", "-o", dir + "/out.jsonl", "--html-cache", cache, "-j", threads,
                            "--batch-bytes", "8K"});
    EXPECT_EQ(r.r.exit_code, 0) << r.r.err;
    std::string stats;
    for (const std::string& line : testing::Lines(r.stats)) stats += line;
    // Timings and the cache's own size differ; everything else must not.
    for (const char* key : {"\"seconds\":", "\"mb_per_s\":"}) {
      const size_t at = stats.find(key);
      if (at != std::string::npos) stats.erase(at, stats.find_first_of(",}", at) - at);
    }
    const size_t cache_at = stats.find(",\"html_cache\":");
    const long long kept = JsonNumber(stats, {"html_cache", "pages"});
    if (cache_at != std::string::npos) stats.erase(cache_at, stats.find('}', cache_at) + 1 - cache_at);
    return std::make_tuple(ReadFile(dir + "/out.jsonl"), r.explain, stats, kept);
  };
  const auto [out0, explain0, stats0, kept0] = run("0", "1");
  EXPECT_EQ(kept0, 0);
  EXPECT_NE(explain0.find("\"reason\":\"template\""), std::string::npos);
  for (const std::string threads : {"1", "2"}) {
    for (const std::string cache : {"256M", "64K", "0"}) {
      SCOPED_TRACE("-j " + threads + " --html-cache " + cache);
      const auto [out, explain, stats, kept] = run(cache, threads);
      EXPECT_EQ(out, out0);
      EXPECT_EQ(explain, explain0);
      EXPECT_EQ(stats, stats0);
      if (cache == "256M") EXPECT_EQ(kept, 40);
      if (cache == "64K") {
        EXPECT_GT(kept, 0);
        EXPECT_LT(kept, 40);
      }
    }
  }
}

TEST(SharedDataHtml, RealWarcResponsesAddUp) {
  const std::string dir = MakeTempDir("html_shared");
  for (const char* name : {"cc-whirlwind.warc.gz", "cc2020-34-resiliparse-warcfile.warc.gz",
                           "wget-dolma-sample-0000.warc.gz", "wget-dolma-sample-0001.warc.gz",
                           "bad-warcio-example-trunc.warc", "bad-warcio-example-wrong-chunks.warc.gz",
                           "bad-warcio-example-bad-non-chunked.warc.gz", "bad-clipped-gzip-houstonpress.warc.gz",
                           "warcio-example-iana.org-chunked.warc", "quirk-wayback-topic-02.warc.gz"}) {
    SCOPED_TRACE(name);
    RunOut run = Winnow(dir, {std::string(WINNOW_SHARED_DIR) + "/realdata/warc/" + name, "-o", dir + "/out.jsonl"});
    EXPECT_LE(run.r.exit_code, 1) << run.r.err;
    EXPECT_GE(JsonNumber(run.stats, {"html", "documents"}), 0);
  }
  // The iana.org page is chunked: its text comes out, not chunk sizes.
  RunOut run = Winnow(dir, {std::string(WINNOW_SHARED_DIR) + "/realdata/warc/warcio-example-iana.org-chunked.warc",
                         "-o", dir + "/iana.jsonl"});
  const std::string out = ReadFile(dir + "/iana.jsonl");
  EXPECT_NE(out.find("\"title\":\"Internet Assigned Numbers Authority\""), std::string::npos) << out.substr(0, 500);
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "emitted"}), 1);
  // The wget samples: every HTML page is emitted, dropped or rejected.
  run = Winnow(dir, {std::string(WINNOW_SHARED_DIR) + "/realdata/warc/wget-dolma-sample-0000.warc.gz", "-o",
                     dir + "/wget.jsonl"});
  EXPECT_EQ(JsonNumber(run.stats, {"documents", "in"}), 22);
  EXPECT_GE(JsonNumber(run.stats, {"documents", "emitted"}), 15) << run.stats;
}

}  // namespace
}  // namespace winnow
