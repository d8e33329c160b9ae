// Template counting end to end: a line repeated across documents of one
// source is removed as "template", from files (counting pre-pass) and from
// stdin (look-ahead window), with the same result.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "stages/segment.h"
#include "stages/template_counts.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::JsonNumber;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

TEST(TemplateCounts, CountsDocumentsPerSource) {
  TemplateCounts c;
  for (int doc = 0; doc < 5; ++doc) c.Add(/*source=*/1, /*key=*/42);
  c.Add(2, 42);
  for (uint64_t k = 1000; k < 5000; ++k) c.Add(1, k);  // forces growth
  EXPECT_EQ(c.Count(1, 42), 5u);
  EXPECT_EQ(c.Count(2, 42), 1u);
  EXPECT_EQ(c.Count(3, 42), 0u);
  EXPECT_EQ(c.Count(1, 4999), 1u);
  EXPECT_EQ(c.entries(), 4002u);
}

// ForShortLineKeys must give exactly the short units of cleaning the whole
// text and segmenting it into lines, on text with every kind of line break,
// characters CleanText removes or maps, marks at line starts and bad bytes.
TEST(TemplateCounts, ShortLineKeysMatchWholeTextCleaning) {
  const std::vector<std::string> pieces = {
      "Home", "News", "sports", "The quick brown fox", "2026", "|", " ", "  ", "\t", "\n", "\r",
      "\r\n", "\n\n", "\n \n", "\x01", "\x7F", "\u00A0", "\u200B", "\u0301", "e\u0301",
      "\uFB01", "\u00C9T\u00C9", "\u201CQuote\u201D", "\u2014", "\u0085", "\u2028", "\xFF",
      "\xE2\x82", "\u65E5\u672C", "Follow us on WhatsApp", "a b c d e f g h i j k l m n o p"};
  std::mt19937_64 rng(7);
  const Normalizer norm;
  std::string line, key;
  for (int iter = 0; iter < 3000; ++iter) {
    std::string raw;
    const int parts = std::uniform_int_distribution<int>(0, 60)(rng);
    for (int k = 0; k < parts; ++k) raw += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    const size_t max_words = std::uniform_int_distribution<size_t>(1, 20)(rng);
    SCOPED_TRACE(::testing::PrintToString(raw) + " max_words " + std::to_string(max_words));

    std::string clean;
    norm.CleanText(raw, &clean);
    std::vector<Span> spans;
    SegmentUnits(clean, UnitMode::kLine, &spans);
    std::vector<std::string> want;
    for (Span s : spans) {
      std::string k;
      const size_t words = norm.MatchKey(std::string_view(clean).substr(s.off, s.len), &k);
      if (words > 0 && words <= max_words) want.push_back(k);
    }
    std::vector<std::string> got;
    ForShortLineKeys(norm, raw, max_words, &line, &key,
                     [&](std::string_view k, size_t words) {
                       EXPECT_GE(words, 1u);
                       EXPECT_LE(words, max_words);
                       got.emplace_back(k);
                     });
    ASSERT_EQ(got, want);
  }
}

// Five articles of one outlet, each with the outlet's promo sentence, and
// one of another outlet with the same sentence.
std::string OutletDump() {
  const char* promo = "The Coastal Ledger is an independent newspaper that has served readers on the coast since 1921.";
  const char* bodies[] = {
      "Fishermen at the north pier reported the largest herring catch in a decade on Monday, and prices at the morning auction fell by a third as a result.",
      "The county approved a new cycle path along the old railway line, which will link the two harbour villages by the end of next summer.",
      "A storm knocked out power to about four thousand homes overnight, and crews were still working to restore supply to the outlying farms on Tuesday.",
      "Teachers at the secondary school voted to accept a revised pay offer after weeks of talks that had threatened to delay the start of the exam season.",
      "The lifeboat crew rescued two kayakers who had been swept out beyond the headland by a strong ebb tide on Sunday afternoon.",
      "A bakery on the high street celebrated its hundredth year in business with free bread for the first hundred customers through the door.",
  };
  std::string out;
  for (int i = 0; i < 6; ++i) {
    std::string host = i < 5 ? "coastalledger.example" : "otherpaper.example";
    out += "{\"id\":\"d" + std::to_string(i) + "\",\"url\":\"https://" + host + "/n/" + std::to_string(i) +
           "\",\"text\":\"" + bodies[i] + "\\n" + promo + "\"}\n";
  }
  return out;
}

TEST(Template, FilePrePassAndStdinWindowAgree) {
  std::string dir = MakeTempDir("tpl");
  const std::string dump = OutletDump();
  WriteFile(dir + "/in.jsonl", dump);
  // Dedup off so that only the template rule can remove the promo line.
  auto file = RunWinnow({dir + "/in.jsonl", "--no-dedup", "--stats", dir + "/f.json", "-q"});
  auto pipe = RunWinnow({"--no-dedup", "--stats", dir + "/p.json", "-q"}, &dump);
  ASSERT_EQ(file.exit_code, 0) << file.err;
  ASSERT_EQ(pipe.exit_code, 0) << pipe.err;
  EXPECT_EQ(file.out, pipe.out);
  std::string fs = ReadFile(dir + "/f.json");
  EXPECT_EQ(JsonNumber(fs, {"units", "reasons", "template"}), 5) << fs;
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/p.json"), {"units", "reasons", "template"}), 5);
  // The other outlet's single copy is not template.
  EXPECT_NE(file.out.find("\"id\":\"d5\",\"url\":\"https://otherpaper.example/n/5\",\"text\":\"A bakery"),
            std::string::npos);
  EXPECT_NE(file.out.find("since 1921.\"}"), std::string::npos) << file.out;
}

// Text files are one document each, alone in their source (the file): a
// sentence every file repeats is never template, nothing is counted for
// them, and --explain reports each of their short units in one document.
// The same documents as one URL-less JSONL file share that file as source,
// and there the repeated sentence is template.
TEST(Template, TextFilesAreAloneInTheirSource) {
  const std::string dir = MakeTempDir("tpl_txt");
  const std::string promo = "The Coastal Ledger is an independent newspaper that has served readers on the coast since 1921.";
  const char* bodies[] = {
      "Fishermen at the north pier reported the largest herring catch in a decade on Monday.",
      "The county approved a new cycle path along the old railway line between the villages.",
      "A storm knocked out power to about four thousand homes overnight on the east side.",
      "Teachers at the secondary school voted to accept a revised pay offer after long talks.",
  };
  std::string jsonl;
  for (int i = 0; i < 4; ++i) {
    WriteFile(dir + "/txt/" + std::to_string(i) + ".txt", std::string(bodies[i]) + "\n" + promo + "\n");
    jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"text\":\"" + bodies[i] + "\\n" + promo + "\"}\n";
  }
  WriteFile(dir + "/all.jsonl", jsonl);
  // Dedup off: only the template rule could remove the repeated sentence.
  auto txt = RunWinnow({dir + "/txt", "--no-dedup", "--stats", dir + "/t.json", "--explain",
                        dir + "/t_explain.jsonl", "-q"});
  ASSERT_EQ(txt.exit_code, 0) << txt.err;
  const std::string ts = ReadFile(dir + "/t.json");
  EXPECT_EQ(JsonNumber(ts, {"documents", "emitted"}), 4) << ts;
  EXPECT_EQ(ts.find("\"template\":"), std::string::npos) << ts;  // no unit removed as template
  EXPECT_EQ(JsonNumber(ts, {"template_counts", "entries"}), 0) << ts;
  size_t promos = 0;
  for (size_t p = 0; (p = txt.out.find("since 1921.", p)) != std::string::npos; ++p) ++promos;
  EXPECT_EQ(promos, 4u) << txt.out;
  const std::string ex = ReadFile(dir + "/t_explain.jsonl");
  size_t ones = 0;
  for (size_t p = 0; (p = ex.find("\"template_docs\":1,", p)) != std::string::npos; ++p) ++ones;
  EXPECT_EQ(ones, 8u) << ex;  // both units of each file
  EXPECT_EQ(ex.find("\"template_docs\":0,"), std::string::npos) << ex;

  auto one = RunWinnow({dir + "/all.jsonl", "--no-dedup", "--stats", dir + "/j.json", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::string js = ReadFile(dir + "/j.json");
  EXPECT_EQ(JsonNumber(js, {"units", "reasons", "template"}), 4) << js;
  EXPECT_GT(JsonNumber(js, {"template_counts", "entries"}), 0) << js;
}

TEST(Template, StdinWindowOnlyCountsWhatItHasSeen) {
  const std::string dump = OutletDump();
  // Windows of ~one batch: each window sees too few copies to call the
  // promo template, so it stays (bounded look-ahead, documented).
  auto small = RunWinnow({"--no-dedup", "--batch-bytes", "256", "--template-window", "1", "-q"}, &dump);
  ASSERT_EQ(small.exit_code, 0) << small.err;
  auto big = RunWinnow({"--no-dedup", "-q"}, &dump);
  EXPECT_LT(big.out.size(), small.out.size());
  // A window of 0 bytes holds one batch at a time: the same as the
  // smallest window, not an empty run.
  auto zero = RunWinnow({"--no-dedup", "--batch-bytes", "256", "--template-window", "0"}, &dump);
  ASSERT_EQ(zero.exit_code, 0) << zero.err;
  EXPECT_EQ(zero.out, small.out);
  EXPECT_NE(zero.err.find("documents in"), std::string::npos) << zero.err;
}

}  // namespace
}  // namespace winnow
