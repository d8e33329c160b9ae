// End-to-end tests: run the built winnow binary on files and stdin.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/stats_check.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::ExpectDupsMatchStats;
using testing::ExpectExplainMatchesStats;
using testing::ExpectStatsAddUp;
using testing::FileExists;
using testing::JsonNumber;
using testing::Lines;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

const std::string kSamples = std::string(WINNOW_SOURCE_DIR) + "/samples";

// A wire story republished by several outlets, some copies lightly edited
// (near duplicates), a short sentence repeated in many documents (too short
// for a sketch: matched by exact key only), plus unique stories; big enough
// (with a small --batch-bytes) to make many batches.
std::string MakeCorpus(int docs) {
  const char* shared[] = {
      "The central bank raised its main interest rate by a quarter point on Thursday, the third increase this year, citing stubborn inflation in services.",
      "Economists surveyed before the decision had expected the move, although a minority had argued for a pause given slowing retail sales.",
      "The governor said further increases could not be ruled out if wage growth stayed above four per cent through the summer.",
  };
  // Unique paragraphs: words made of random syllables (a fixed LCG), so no
  // two documents share their own paragraphs, not even word pairs.
  const char* syl[] = {"ka", "lo", "mer", "dan", "ti", "su", "ben", "ra", "vo", "hel",
                       "gri", "pa", "nor", "est", "ul", "fa", "qui", "zon", "bre", "ic"};
  uint64_t x = 12345;
  auto next = [&x](int n) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((x >> 33) % n);
  };
  auto paragraph = [&]() {
    std::string p;
    for (int w = 0; w < 40; ++w) {
      if (w) p += ' ';
      for (int k = 0, n = 2 + next(2); k < n; ++k) p += syl[next(20)];
    }
    return p + ".";
  };
  std::string out;
  for (int i = 0; i < docs; ++i) {
    std::string text = paragraph() + "\n\n";
    if (i % 3 == 0) {
      for (const char* s : shared) text += std::string(s) + "\n\n";
    } else if (i % 4 == 1) {
      // An edited copy: one word changed, a clause added.
      std::string e = shared[i % 3];
      e.replace(e.find(' '), 1, " newly ");
      text += e.substr(0, e.size() - 1) + ", officials added.\n\n";
    }
    if (i % 5 == 2) text += "The vote is expected to pass easily next week.\n\n";
    text += paragraph();
    std::string escaped;
    for (char c : text) {
      if (c == '\n') escaped += "\\n";
      else escaped += c;
    }
    out += "{\"id\":\"doc-" + std::to_string(i) + "\",\"url\":\"https://outlet" + std::to_string(i) +
           ".example/a/" + std::to_string(i) + "\",\"text\":\"" + escaped + "\",\"n\":" + std::to_string(i) + "}\n";
  }
  return out;
}

TEST(Cli, RunsOnSamplesAndAccountsForEveryDocument) {
  std::string dir = MakeTempDir("out");
  auto r = RunWinnow({kSamples, "-o", dir + "/out.jsonl", "--stats", dir + "/stats.json", "--dups",
                      dir + "/dups.jsonl", "--explain", dir + "/explain.jsonl", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string stats = ReadFile(dir + "/stats.json");
  ExpectStatsAddUp(stats);
  ExpectDupsMatchStats(stats, ReadFile(dir + "/dups.jsonl"));
  ExpectExplainMatchesStats(stats, ReadFile(dir + "/explain.jsonl"));
  EXPECT_GT(JsonNumber(stats, {"documents", "emitted"}), 5);
  // The sample JSONL holds one non-string text and one cut line: both
  // rejected with file and line.
  EXPECT_EQ(JsonNumber(stats, {"rejected_records", "count"}), 2) << stats;
  EXPECT_NE(stats.find("\"file\":\"" + kSamples + "/jsonl/news.jsonl\""), std::string::npos) << stats;
  for (const std::string& line : Lines(ReadFile(dir + "/out.jsonl"))) {
    EXPECT_EQ(line.rfind("{\"id\":", 0), 0u) << line;
    EXPECT_EQ(line.back(), '}');
  }
}

// From 4 threads on, dedup lookups run ahead of the serial filter: both
// the near-duplicate and the exact-only index must give the answers of a
// single thread.
TEST(Cli, SameBytesForAnyThreadCount) {
  std::string dir = MakeTempDir("det");
  WriteFile(dir + "/in.jsonl", MakeCorpus(3000));
  for (const std::string mode : {"near", "exact"}) {
    SCOPED_TRACE(mode);
    std::vector<std::string> outputs, dups;
    for (const char* threads : {"1", "2", "8"}) {
      std::string o = dir + "/out" + threads + ".jsonl", d = dir + "/dups" + threads + ".jsonl";
      std::string st = dir + "/stats" + threads + ".json", ex = dir + "/explain" + threads + ".jsonl";
      std::vector<std::string> args = {dir + "/in.jsonl", "-j", threads, "--batch-bytes", "16K", "-o", o,
                                       "--dups", d, "--stats", st, "--explain", ex, "-q"};
      if (mode == "exact") args.push_back("--exact-only");
      auto r = RunWinnow(args);
      ASSERT_EQ(r.exit_code, 0) << r.err;
      outputs.push_back(ReadFile(o));
      dups.push_back(ReadFile(d));
      const std::string stats = ReadFile(st);
      ExpectStatsAddUp(stats);
      ExpectDupsMatchStats(stats, dups.back());
      ExpectExplainMatchesStats(stats, ReadFile(ex));
    }
    ASSERT_GT(outputs[0].size(), 100000u);
    EXPECT_NE(dups[0].find("\"kind\":\"exact\""), std::string::npos);
    if (mode == "near") EXPECT_NE(dups[0].find("\"kind\":\"near\""), std::string::npos);
    EXPECT_EQ(outputs[0], outputs[1]);
    EXPECT_EQ(outputs[0], outputs[2]);
    EXPECT_EQ(dups[0], dups[1]);
    EXPECT_EQ(dups[0], dups[2]);
  }
}

// Many compressed files, decompressed ahead on threads of their own when
// running with more than one thread, and a missing file among them: the same
// bytes for every thread count, the missing file reported once.
TEST(Cli, ManyCompressedFilesGiveTheSameBytesForAnyThreadCount) {
  std::string dir = MakeTempDir("manygz");
  const std::string corpus = MakeCorpus(2400);
  std::vector<std::string> lines = Lines(corpus);
  std::vector<std::string> inputs;
  for (size_t f = 0; f < 8; ++f) {
    std::string part;
    for (size_t i = f; i < lines.size(); i += 8) part += lines[i] + "\n";
    const std::string name = dir + "/part" + std::to_string(f) + (f % 3 == 0 ? ".jsonl.gz" : f % 3 == 1 ? ".jsonl.zst" : ".jsonl");
    WriteFile(name, f % 3 == 0 ? testing::Gzip(part) : f % 3 == 1 ? testing::Zstd(part) : part);
    inputs.push_back(name);
    if (f == 4) inputs.push_back(dir + "/missing.jsonl.gz");
  }
  std::vector<std::string> outputs;
  for (const char* threads : {"1", "2", "8"}) {
    std::vector<std::string> args = inputs;
    for (const char* a : {"-j", threads, "--batch-bytes", "16K", "-q", "--stats"}) args.push_back(a);
    args.push_back(dir + "/stats" + threads + ".json");
    auto r = RunWinnow(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;  // a missing input is a usage error, after the run
    EXPECT_NE(r.err.find("missing.jsonl.gz"), std::string::npos) << r.err;
    outputs.push_back(r.out);
    const std::string stats = ReadFile(dir + "/stats" + threads + ".json");
    EXPECT_EQ(JsonNumber(stats, {"documents", "in"}), 2400) << stats;
    ExpectStatsAddUp(stats);
  }
  ASSERT_GT(outputs[0].size(), 100000u);
  EXPECT_EQ(outputs[0], outputs[1]);
  EXPECT_EQ(outputs[0], outputs[2]);
}

TEST(Cli, KeepsTheFirstCopyAcrossFiles) {
  std::string dir = MakeTempDir("first");
  const std::string para =
      "The river authority said on Friday that water levels had fallen below the summer average for the first time in a decade.";
  WriteFile(dir + "/in/a.txt", "Alpha report opens with a line of its own about the weather.\n\n" + para + "\n");
  WriteFile(dir + "/in/b.txt", "Beta report opens differently, with news about the harbour.\n\n" + para + "\n");
  auto r = RunWinnow({dir + "/in", "--no-boilerplate", "--dups", dir + "/dups.jsonl", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  EXPECT_NE(lines[0].find("water levels"), std::string::npos);
  EXPECT_EQ(lines[1].find("water levels"), std::string::npos);
  std::string d = ReadFile(dir + "/dups.jsonl");
  EXPECT_NE(d.find("\"doc\":\"" + dir + "/in/b.txt\",\"unit\":1"), std::string::npos) << d;
  EXPECT_NE(d.find("\"of_doc\":\"" + dir + "/in/a.txt\",\"of_unit\":1,\"similarity\":1.0"), std::string::npos) << d;
}

// The first copy of a paragraph sits in a document dropped as a copy of an
// earlier one, so it is never written: the next copy is kept, and the copies
// after it (exact or edited) are reported as copies of that kept one.
TEST(Cli, ACopyInADroppedDocumentDoesNotShadowLaterCopies) {
  std::string dir = MakeTempDir("shadow");
  const std::vector<std::string> story = {
      "The harbour board confirmed on Monday that the northern pier will close for repairs from the first week of June.",
      "Engineers found corrosion in several of the steel piles that carry the deck, according to a report published by the board.",
      "Ferry services will move to the southern terminal while the work goes on, which is expected to take about five months.",
      "Local traders said they feared a drop in visitors during the summer season, the busiest time of the year for them."};
  const std::string fresh =
      "A new footbridge linking the old town with the railway station is due to open before the end of the year.";
  std::string a, b;
  for (const std::string& p : story) a += p + "\n\n", b += p + "\n\n";
  b += fresh;
  WriteFile(dir + "/in/1a.txt", a);
  WriteFile(dir + "/in/2b.txt", b);
  WriteFile(dir + "/in/3c.txt", "The council also discussed parking fees in the town centre at length.\n\n" + fresh);
  WriteFile(dir + "/in/4d.txt", "Weather: sunny spells with a light breeze from the west for most of the week.\n\n" + fresh);
  WriteFile(dir + "/in/5e.txt", "Sports: the rowing club won its third regatta of the season on Saturday afternoon.\n\n"
                                "Officials said a new footbridge linking the old town with the railway station is due to open before the end of the year.");
  auto r = RunWinnow({dir + "/in", "--no-boilerplate", "--dups", dir + "/dups.jsonl", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 4u) << r.out;  // 2b is dropped
  EXPECT_EQ(r.out.find("2b.txt"), std::string::npos) << r.out;
  EXPECT_NE(lines[1].find("3c.txt"), std::string::npos);
  EXPECT_NE(lines[1].find("footbridge"), std::string::npos);
  EXPECT_EQ(lines[2].find("footbridge"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[3].find("footbridge"), std::string::npos) << lines[3];
  const std::string d = ReadFile(dir + "/dups.jsonl");
  // The dropped document: each copied unit with its source, then the document.
  for (int i = 0; i < 4; ++i) {
    EXPECT_NE(d.find("\"doc\":\"" + dir + "/in/2b.txt\",\"unit\":" + std::to_string(i)), std::string::npos) << d;
  }
  EXPECT_NE(d.find("\"doc\":\"" + dir + "/in/2b.txt\",\"unit\":null,\"text\":null,\"of_doc\":\"" + dir + "/in/1a.txt\""),
            std::string::npos) << d;
  EXPECT_NE(d.find("\"doc\":\"" + dir + "/in/4d.txt\",\"unit\":1"), std::string::npos) << d;
  EXPECT_NE(d.find("\"of_doc\":\"" + dir + "/in/3c.txt\",\"of_unit\":1,\"similarity\":1.0"), std::string::npos) << d;
  const size_t e = d.find("\"doc\":\"" + dir + "/in/5e.txt\",\"unit\":1");
  ASSERT_NE(e, std::string::npos) << d;
  EXPECT_NE(d.find("\"of_doc\":\"" + dir + "/in/3c.txt\"", e), std::string::npos) << d;
  EXPECT_NE(d.find("\"kind\":\"near\"", e), std::string::npos) << d;
}

// A wire story republished by several outlets, in JSONL without urls (so
// every document's source is the file): its paragraphs repeat in every
// document, as template lines would, but only the later copies go. The
// first document keeps the story; its short chrome line, in all four, goes.
TEST(Cli, RepublishedStoryWithoutUrlsKeepsItsFirstCopy) {
  const std::vector<std::string> story = {
      "The city council approved a budget of 120 million pounds for a new tram line on Tuesday, "
      "after a debate that lasted well into the evening.",
      "Officials said the first phase would begin in March and should be finished within three "
      "years, although critics argue that the plan is far too expensive.",
      "According to figures published by the transport authority, about a third of households in "
      "the district would benefit directly from the new service.",
      "The council will vote again next month."};
  std::string input;
  for (int d = 0; d < 4; ++d) {
    std::string text = "Outlet " + std::to_string(d) + " Evening Edition\\nSubscribe today";
    for (const std::string& p : story) text += "\\n" + p;  // JSON-escaped line breaks
    input += "{\"id\":\"d" + std::to_string(d) + "\",\"text\":\"" + text + "\"}\n";
  }
  auto r = RunWinnow({"-q"}, &input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_NE(lines[0].find("\"id\":\"d0\""), std::string::npos) << r.out;
  for (const std::string& p : story) EXPECT_NE(lines[0].find(p), std::string::npos) << p;
  EXPECT_EQ(lines[0].find("Subscribe today"), std::string::npos) << r.out;
}

TEST(Cli, ReadsStdinWritesStdout) {
  std::string input =
      "{\"id\":\"x1\",\"text\":\"A first paragraph long enough to matter in the output of the run.\",\"lang\":\"en\"}\n";
  auto r = RunWinnow({"--no-boilerplate", "-q"}, &input);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "{\"id\":\"x1\",\"url\":\"\",\"text\":\"A first paragraph long enough to matter in the output of the "
            "run.\",\"lang\":\"en\"}\n");
  auto dash = RunWinnow({"-", "--no-boilerplate", "-q"}, &input);
  EXPECT_EQ(dash.out, r.out);
}

TEST(Cli, MissingInputIsAnErrorNamingTheFile) {
  std::string dir = MakeTempDir("missing");
  WriteFile(dir + "/ok.txt", "A paragraph that is perfectly fine and long enough to be kept.\n");
  auto r = RunWinnow({dir + "/ok.txt", dir + "/nope.txt", "-q", "--stats", dir + "/stats.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(dir + "/nope.txt"), std::string::npos) << r.err;
  // The readable input was still processed (keep going is the default).
  EXPECT_NE(r.out.find("perfectly fine"), std::string::npos);
  auto ff = RunWinnow({dir + "/ok.txt", dir + "/nope.txt", "--fail-fast", "-q"});
  EXPECT_EQ(ff.exit_code, 2);
  EXPECT_TRUE(ff.out.empty());
  // The missing path is named once, then what --fail-fast did.
  const std::string named = dir + "/nope.txt: No such file or directory";
  ASSERT_NE(ff.err.find(named), std::string::npos) << ff.err;
  EXPECT_EQ(ff.err.find(named, ff.err.find(named) + 1), std::string::npos) << ff.err;
  EXPECT_NE(ff.err.find("winnow: --fail-fast: 1 input path could not be read; nothing was processed"),
            std::string::npos)
      << ff.err;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(RunWinnow({"--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(RunWinnow({"--index-memory", "lots"}).exit_code, 2);
  auto help = RunWinnow({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag : {"--threads", "--unit", "--min-dedup-chars", "--no-dedup", "--dups", "--stats", "--format",
                           "--text-field", "--id-field", "--url-field", "--input-format", "--nfkc", "--quiet"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
  auto v = RunWinnow({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out.rfind("winnow ", 0), 0u);
}

TEST(Cli, CompressedOutputIsRenamedIntoPlace) {
  std::string dir = MakeTempDir("gz");
  WriteFile(dir + "/in.jsonl", MakeCorpus(200));
  for (const char* ext : {"gz", "zst"}) {
    std::string o = dir + "/out.jsonl." + ext;
    auto r = RunWinnow({dir + "/in.jsonl", "--batch-bytes", "8K", "-o", o, "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto plain = RunWinnow({dir + "/in.jsonl", "--batch-bytes", "8K", "-q"});
    std::string z = ReadFile(o);
    EXPECT_EQ(std::string(ext) == "gz" ? testing::Gunzip(z) : testing::Unzstd(z), plain.out);
  }
  // Only the final names remain: no temporaries.
  EXPECT_EQ(testing::ListDir(dir), (std::vector<std::string>{"in.jsonl", "out.jsonl.gz", "out.jsonl.zst"}));
}

TEST(Cli, TextFormatSeparatesDocumentsWithFormFeedLines) {
  std::string dir = MakeTempDir("text");
  WriteFile(dir + "/a.txt", "First document has a single paragraph that is kept.\n");
  WriteFile(dir + "/b.txt", "Second document paragraph one is here.\n\nAnd its paragraph two is here.\n");
  auto r = RunWinnow({dir, "--format", "text", "--no-boilerplate", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "First document has a single paragraph that is kept.\n\f\n"
            "Second document paragraph one is here.\n\nAnd its paragraph two is here.\n\f\n");
}

TEST(Cli, StatsListRejectedRecordsAndAddUp) {
  std::string dir = MakeTempDir("rej");
  std::string jsonl =
      "{\"id\":\"a\",\"text\":\"Good record one with enough words to be kept in the output.\"}\n"
      "{\"id\":\"b\",\"text\":\"unterminated\n"
      "{\"id\":\"c\",\"text\":17}\n"
      "{\"id\":\"d\",\"text\":\"Another accepted line, about the harbour ferry timetable changing in spring.\"}\n"
      "{\"id\":\"e\",\"text\":\"   \"}\n";
  WriteFile(dir + "/in.jsonl", jsonl);
  auto r = RunWinnow({dir + "/in.jsonl", "--stats", dir + "/s.json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string s = ReadFile(dir + "/s.json");
  ExpectStatsAddUp(s);
  EXPECT_EQ(JsonNumber(s, {"documents", "in"}), 5);
  EXPECT_EQ(JsonNumber(s, {"documents", "emitted"}), 2);
  EXPECT_EQ(JsonNumber(s, {"documents", "dropped"}), 1);
  EXPECT_EQ(JsonNumber(s, {"documents", "rejected"}), 2);
  EXPECT_EQ(JsonNumber(s, {"documents", "reasons", "dropped", "empty"}), 1);
  EXPECT_NE(s.find("\"record\":2"), std::string::npos);
  EXPECT_NE(s.find("\"record\":3"), std::string::npos);
}

TEST(Cli, NoDedupKeepsRepeats) {
  std::string input;
  for (int i = 0; i < 3; ++i)
    input += "{\"id\":\"r" + std::to_string(i) +
             "\",\"text\":\"Exactly the same paragraph of text appears in all three records here.\"}\n";
  auto on = RunWinnow({"--no-boilerplate", "-q"}, &input);
  auto off = RunWinnow({"--no-boilerplate", "--no-dedup", "-q"}, &input);
  EXPECT_EQ(Lines(on.out).size(), 1u);
  EXPECT_EQ(Lines(off.out).size(), 3u);
}

}  // namespace
}  // namespace winnow

namespace winnow {
namespace {

TEST(Cli, IndexMemoryLimitWarnsOnceAndKeepsMatching) {
  std::string dir = testing::MakeTempDir("mem");
  // Thousands of distinct paragraphs fill a tiny index; the document
  // repeated at the end still matches its indexed first copy.
  std::string corpus = MakeCorpus(4000);
  std::string first_line = corpus.substr(0, corpus.find('\n') + 1);
  std::string repeat = first_line;
  repeat.replace(repeat.find("doc-0"), 5, "doc-again");
  testing::WriteFile(dir + "/in.jsonl", corpus + repeat);
  auto r = testing::RunWinnow({dir + "/in.jsonl", "--index-memory", "1M", "--stats", dir + "/s.json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string s = testing::ReadFile(dir + "/s.json");
  EXPECT_NE(s.find("\"full\":true"), std::string::npos) << s;
  size_t warnings = 0, pos = 0;
  while ((pos = r.err.find("reached --index-memory", pos)) != std::string::npos) ++warnings, ++pos;
  EXPECT_EQ(warnings, 1u) << r.err;
  EXPECT_EQ(r.out.find("doc-again"), std::string::npos);  // dropped as a duplicate document
  EXPECT_LE(testing::JsonNumber(s, {"index", "bytes"}), 2 * 1024 * 1024);
}

}  // namespace
}  // namespace winnow
