// Bad input through the built binary: every kind of damage a scraped dump can
// carry, each checked for the exit code, the reason reported (stderr or the
// --stats rejected list, with file and record number) and the accounting
// (documents in = emitted + dropped + rejected, each record in its bucket).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/stats_check.h"
#include "tests/test_util.h"
#include "tests/utf8_check.h"

namespace winnow {
namespace {

using testing::Gzip;
using testing::Zstd;

namespace fs = std::filesystem;
using testing::ExpectStatsAddUp;
using testing::CommandResult;
using testing::ValidUtf8;
using testing::JsonNumber;
using testing::Lines;
using testing::MakeTempDir;
using testing::PeakRssKib;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

using testing::kSanitized;

// A body-text paragraph (kept by the boilerplate classifier), different
// enough from every other i that dedup keeps it: function words between
// made-up content words (three syllables of 24, so shingles rarely repeat),
// drawn by a generator seeded with i.
std::string Para(int i) {
  std::string s = testing::MadeUpWords(i, 40);
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s + " in item " + std::to_string(i) + ".";
}

std::string JsonlLine(const std::string& id, const std::string& raw_text) {
  return "{\"id\":\"" + id + "\",\"text\":\"" + raw_text + "\"}\n";
}

struct Outcome {
  CommandResult r;
  std::string stats;
};

// Runs winnow with --stats into `dir` (plus `args`).
Outcome RunStats(const std::string& dir, std::vector<std::string> args) {
  args.push_back("--stats");
  args.push_back(dir + "/stats.json");
  Outcome o;
  o.r = RunWinnow(args);
  o.stats = ReadFile(dir + "/stats.json");
  ExpectStatsAddUp(o.stats);
  return o;
}

// documents.{in,emitted,dropped,rejected} are exactly these, and add up.
void ExpectBuckets(const std::string& stats, long long in, long long emitted, long long dropped,
                   long long rejected) {
  EXPECT_EQ(JsonNumber(stats, {"documents", "in"}), in) << stats;
  EXPECT_EQ(JsonNumber(stats, {"documents", "emitted"}), emitted) << stats;
  EXPECT_EQ(JsonNumber(stats, {"documents", "dropped"}), dropped) << stats;
  EXPECT_EQ(JsonNumber(stats, {"documents", "rejected"}), rejected) << stats;
  EXPECT_EQ(JsonNumber(stats, {"rejected_records", "count"}), rejected) << stats;
}

// The entries of rejected_records.listed, each as its raw JSON object text.
std::vector<std::string> Listed(const std::string& stats) {
  std::vector<std::string> out;
  size_t pos = stats.find("\"listed\":[");
  size_t end = stats.find("]},\"file_errors\"", pos);
  if (pos == std::string::npos || end == std::string::npos) return out;
  for (;;) {
    size_t b = stats.find("{\"file\":", pos);
    if (b == std::string::npos || b > end) break;
    size_t e = stats.find("\"}", b);
    out.push_back(stats.substr(b, e + 2 - b));
    pos = e;
  }
  return out;
}

// True when a listed rejection has this file (suffix), record and a reason
// containing `reason`.
bool HasRejection(const std::string& stats, const std::string& file_suffix, long long record,
                  const std::string& reason) {
  for (const std::string& entry : Listed(stats)) {
    size_t f = entry.find("\",\"record\":" + std::to_string(record) + ",");
    if (f == std::string::npos || entry.compare(0, 9, "{\"file\":\"") != 0) continue;
    std::string file = entry.substr(9, f - 9);
    if (file.size() < file_suffix.size() || file.compare(file.size() - file_suffix.size(), std::string::npos,
                                                         file_suffix) != 0) {
      continue;
    }
    size_t r = entry.find("\"reason\":\"");
    if (r != std::string::npos && entry.find(reason, r) != std::string::npos) return true;
  }
  return false;
}


size_t CountOf(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Each kind of ill-formed UTF-8, with the number of U+FFFD it becomes (one
// per maximal ill-formed subpart, the Unicode / W3C practice).
struct BadUtf8 {
  const char* name;
  std::string bytes;
  size_t replacements;
};

std::vector<BadUtf8> BadUtf8Cases() {
  return {
      {"overlong-2", "\xC0\xAF", 2},
      {"overlong-3", "\xE0\x80\xAF", 3},
      {"overlong-4", "\xF0\x80\x80\xAF", 4},
      {"surrogate", "\xED\xA0\x80", 3},
      {"surrogate-low", "\xED\xBF\xBF", 3},
      {"truncated-3", "\xE2\x82", 1},
      {"truncated-4", "\xF0\x9F\x98", 1},
      {"lone-continuation", "\x80", 1},
      {"two-continuations", "\xBF\xBF", 2},
      {"ff", "\xFF", 1},
      {"fe", "\xFE", 1},
      {"five-byte", "\xF8\x88\x80\x80\x80", 5},
      {"above-10ffff", "\xF4\x90\x80\x80", 4},
  };
}

TEST(BadInput, InvalidUtf8InJsonlIsReplacedCountedAndEmitted) {
  std::string dir = MakeTempDir("utf8j");
  std::string jsonl;
  size_t total = 0;
  auto cases = BadUtf8Cases();
  for (size_t i = 0; i < cases.size(); ++i) {
    jsonl += JsonlLine(cases[i].name, Para(static_cast<int>(i)) + " Bad bytes [" + cases[i].bytes + "] here.");
    total += cases[i].replacements;
  }
  // Cut at the very end of the text, before the closing quote.
  jsonl += JsonlLine("truncated-at-end", Para(99) + " \xE2\x82");
  total += 1;
  WriteFile(dir + "/in.jsonl", jsonl);
  auto o = RunStats(dir, {dir + "/in.jsonl", "--no-boilerplate", "--exact-only", "-o", dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, cases.size() + 1, cases.size() + 1, 0, 0);
  EXPECT_EQ(JsonNumber(o.stats, {"invalid_utf8_replaced"}), static_cast<long long>(total)) << o.stats;
  std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_TRUE(ValidUtf8(out));
  auto lines = Lines(out);
  ASSERT_EQ(lines.size(), cases.size() + 1);
  for (size_t i = 0; i < cases.size(); ++i) {
    EXPECT_NE(lines[i].find(std::string("\"id\":\"") + cases[i].name + "\""), std::string::npos) << lines[i];
    EXPECT_EQ(CountOf(lines[i], kReplacement), cases[i].replacements) << cases[i].name << ": " << lines[i];
  }
  EXPECT_EQ(CountOf(lines.back(), kReplacement), 1u) << lines.back();
}

TEST(BadInput, InvalidUtf8InTextFilesIsReplacedCountedAndEmitted) {
  std::string dir = MakeTempDir("utf8t");
  size_t total = 0;
  auto cases = BadUtf8Cases();
  for (size_t i = 0; i < cases.size(); ++i) {
    WriteFile(dir + "/in/" + cases[i].name + ".txt",
              Para(static_cast<int>(i)) + "\n\n" + Para(static_cast<int>(i) + 100) + " Bad bytes [" +
                  cases[i].bytes + "] here.\n");
    total += cases[i].replacements;
  }
  WriteFile(dir + "/in/zz-ends-cut.txt", Para(77) + "\xF0\x9F\x98");  // ends inside a sequence
  total += 1;
  auto o = RunStats(dir, {dir + "/in", "--no-boilerplate", "--format", "text", "-o", dir + "/out.txt", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, cases.size() + 1, cases.size() + 1, 0, 0);
  EXPECT_EQ(JsonNumber(o.stats, {"invalid_utf8_replaced"}), static_cast<long long>(total)) << o.stats;
  std::string out = ReadFile(dir + "/out.txt");
  EXPECT_TRUE(ValidUtf8(out));
  EXPECT_EQ(CountOf(out, kReplacement), total);
}

TEST(BadInput, NulBytesAreRemovedFromTextAndJsonStrings) {
  std::string dir = MakeTempDir("nul");
  std::string nul(1, '\0');
  WriteFile(dir + "/in.txt", Para(1) + nul + nul + " and more" + nul + "\n");
  WriteFile(dir + "/in.jsonl",
            JsonlLine("raw-nul", Para(2) + nul + " raw") + JsonlLine("escaped-nul", Para(3) + "\\u0000 escaped") +
                // A NUL between tokens is not JSON: the line is rejected.
                "{\"id\":\"outside\"," + nul + "\"text\":\"x\"}\n" + JsonlLine("after", Para(4)));
  auto o = RunStats(dir, {dir + "/in.txt", dir + "/in.jsonl", "--no-boilerplate", "-o", dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, 5, 4, 0, 1);
  EXPECT_TRUE(HasRejection(o.stats, "/in.jsonl", 3, "invalid JSON at byte 16: expected string key")) << o.stats;
  std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_EQ(out.find('\0'), std::string::npos);
  EXPECT_EQ(out.find("\\u0000"), std::string::npos) << out;
  EXPECT_EQ(Lines(out).size(), 4u);
  EXPECT_NE(out.find("and more"), std::string::npos);
}

// Writes `size` bytes of text words with no newline to `f`, streamed in 1 MiB
// chunks so the test itself stays small.
void WriteLongLine(std::ofstream& f, size_t size) {
  std::string chunk;
  while (chunk.size() < (1u << 20)) chunk += "word" + std::to_string(chunk.size() % 997) + " ";
  chunk.resize(1u << 20);
  for (size_t left = size; left > 0;) {
    size_t n = std::min(left, chunk.size());
    f.write(chunk.data(), static_cast<std::streamsize>(n));
    left -= n;
  }
}

// A 200 MB JSONL line (no newline inside) against the default 64 MiB limit:
// rejected with a reason naming the limit, and the next record is emitted.
// Under AddressSanitizer the same shape runs at 2 MiB against a 1 MiB
// limit (the reader's path is identical; only the sizes differ).
TEST(BadInput, HugeLineIsRejectedNamingTheLimitAndTheNextRecordIsEmitted) {
  std::string dir = MakeTempDir("huge");
  const size_t line_bytes = kSanitized ? (2u << 20) : (200u << 20);
  const std::string limit_flag = kSanitized ? "1M" : "64M";
  const std::string limit_text = kSanitized ? "1 MiB" : "64 MiB";
  {
    std::ofstream f(dir + "/huge.jsonl", std::ios::binary);
    f << JsonlLine("before", Para(1));
    f << "{\"id\":\"huge\",\"text\":\"";
    WriteLongLine(f, line_bytes);
    f << "\"}\n";
    f << JsonlLine("after", Para(2));
  }
  {
    // A text file is one record: past the limit it is rejected whole.
    std::ofstream f(dir + "/huge.txt", std::ios::binary);
    WriteLongLine(f, (2u << 20) + 1);
  }
  auto o = RunStats(dir, {dir + "/huge.jsonl", dir + "/huge.txt", "--max-record-bytes", limit_flag, "--no-boilerplate", "-o",
                          dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  // The text file is over the limit only in the sanitized run.
  const long long text_rejected = kSanitized ? 1 : 0;
  ExpectBuckets(o.stats, 4, 3 - text_rejected, 0, 1 + text_rejected);
  EXPECT_TRUE(HasRejection(o.stats, "/huge.jsonl", 2, "record exceeds " + limit_text)) << o.stats;
  if (kSanitized) EXPECT_TRUE(HasRejection(o.stats, "/huge.txt", 1, "record exceeds 1 MiB")) << o.stats;
  auto lines = Lines(ReadFile(dir + "/out.jsonl"));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"id\":\"before\""), std::string::npos);
  EXPECT_NE(lines[1].find("\"id\":\"after\""), std::string::npos);
  fs::remove_all(dir);
}

TEST(BadInput, EmptyAndWhitespaceOnlyFiles) {
  std::string dir = MakeTempDir("empty");
  WriteFile(dir + "/in/a-empty.txt", "");
  WriteFile(dir + "/in/b-blank.txt", " \n\t\r\n\n   \f\n");
  WriteFile(dir + "/in/c-empty.jsonl", "");
  WriteFile(dir + "/in/d-blank.jsonl", "\n   \n\t\n");
  auto o = RunStats(dir, {dir + "/in", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  EXPECT_EQ(o.r.out, "");
  // A text file is a document even when empty: it is dropped as empty.
  // Blank JSONL lines are not records.
  ExpectBuckets(o.stats, 2, 0, 2, 0);
  EXPECT_EQ(JsonNumber(o.stats, {"documents", "reasons", "dropped", "empty"}), 2) << o.stats;
}

// A binary file read as text (an image, or random bytes with NULs): when
// more than a tenth of its bytes are ill-formed UTF-8 it is rejected as "not
// UTF-8 text" rather than emitted as U+FFFD soup. Text in a legacy 8-bit
// encoding with a few accented letters stays text, with U+FFFD for each.
TEST(BadInput, BinaryFileReadAsTextIsRejectedAsNotText) {
  std::string dir = MakeTempDir("binary");
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0", 29);
  uint32_t x = 12345;
  for (int i = 0; i < 20000; ++i) {
    x = x * 1103515245u + 12345u;
    png.push_back(static_cast<char>(x >> 24));
  }
  WriteFile(dir + "/in/image.png", png);
  std::string latin1 = Para(5) + " Le caf\xE9 de la gare a rouvert apr\xE8s les travaux.\n";
  WriteFile(dir + "/in/latin1.txt", latin1);
  for (const char* bp : {"--no-boilerplate", "--min-words=0"}) {
    auto o = RunStats(dir, {dir + "/in", bp, "-o", dir + "/out.jsonl", "-q"});
    ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
    ExpectBuckets(o.stats, 2, 1, 0, 1);
    EXPECT_TRUE(HasRejection(o.stats, "/image.png", 1, "not UTF-8 text: ")) << o.stats;
    EXPECT_TRUE(HasRejection(o.stats, "/image.png", 1, "% of bytes are invalid UTF-8")) << o.stats;
    // Only the emitted document's two bytes: the rejected image's are not
    // counted as replaced, since nothing of it was written.
    EXPECT_EQ(JsonNumber(o.stats, {"invalid_utf8_replaced"}), 2) << o.stats;
    EXPECT_EQ(JsonNumber(o.stats, {"documents", "reasons", "rejected", "not-text"}), 1) << o.stats;
    std::string out = ReadFile(dir + "/out.jsonl");
    EXPECT_TRUE(ValidUtf8(out));
    EXPECT_NE(out.find("Le caf\xEF\xBF\xBD de la gare"), std::string::npos) << out;
  }
}

std::string Records(int from, int to) {
  std::string s;
  for (int i = from; i < to; ++i) s += JsonlLine("r" + std::to_string(i), Para(i));
  return s;
}

// Two members / frames: the first whole (records 0..99), the second cut in
// half. Everything decoded before the damage is emitted; the damage is one
// rejected record naming the stream error; the next file is still read.
TEST(BadInput, TruncatedGzipAndZstdRejectTheDamageAndKeepTheRest) {
  std::string dir = MakeTempDir("trunc");
  for (const std::string ext : {"gz", "zst"}) {
    std::string second = ext == "gz" ? Gzip(Records(100, 200)) : Zstd(Records(100, 200));
    std::string first = ext == "gz" ? Gzip(Records(0, 100)) : Zstd(Records(0, 100));
    WriteFile(dir + "/in/a.jsonl." + ext, first + second.substr(0, second.size() / 2));
    WriteFile(dir + "/in/b.jsonl", JsonlLine("next-file", Para(500)));
    auto o = RunStats(dir, {dir + "/in", "--no-boilerplate", "-o", dir + "/out.jsonl", "-q"});
    ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
    long long in = JsonNumber(o.stats, {"documents", "in"});
    long long emitted = JsonNumber(o.stats, {"documents", "emitted"});
    EXPECT_EQ(in, emitted + 1) << o.stats;
    EXPECT_GE(emitted, 101) << o.stats;  // the whole first member and b.jsonl
    EXPECT_LE(emitted, 201) << o.stats;
    ExpectBuckets(o.stats, in, emitted, 0, 1);
    const std::string why = ext == "gz" ? "truncated gzip stream" : "truncated zstd stream";
    EXPECT_TRUE(HasRejection(o.stats, "/a.jsonl." + ext, in - 1, why)) << o.stats;
    std::string out = ReadFile(dir + "/out.jsonl");
    EXPECT_NE(out.find("\"id\":\"r99\""), std::string::npos);
    EXPECT_NE(out.find("\"id\":\"next-file\""), std::string::npos);
    fs::remove_all(dir + "/in");
  }
}

TEST(BadInput, GzipNameOnPlainTextIsReadAsPlainText) {
  std::string dir = MakeTempDir("fakegz");
  WriteFile(dir + "/plain.jsonl.gz", Records(0, 10));
  WriteFile(dir + "/plain.txt.zst", Para(42) + "\n");
  auto o = RunStats(dir, {dir + "/plain.jsonl.gz", dir + "/plain.txt.zst", "--no-boilerplate", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, 11, 11, 0, 0);
}

TEST(BadInput, GarbageAfterAGzipMemberIsRejected) {
  std::string dir = MakeTempDir("gzjunk");
  WriteFile(dir + "/a.jsonl.gz", Gzip(Records(0, 20)) + std::string("\x1f\x8bgarbage that is not deflate", 29));
  auto o = RunStats(dir, {dir + "/a.jsonl.gz", "--no-boilerplate", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, 21, 20, 0, 1);
  EXPECT_TRUE(HasRejection(o.stats, "/a.jsonl.gz", 21, "gzip")) << o.stats;
}

TEST(BadInput, MalformedJsonLinesAreRejectedWithLineAndReason) {
  std::string dir = MakeTempDir("json");
  std::string deep = "{\"id\":\"deep\",\"text\":\"t\",\"nest\":" + std::string(100000, '[') + "\n";
  struct Bad {
    std::string line;
    std::string reason;
  };
  std::vector<Bad> bad = {
      {"{\"id\":\"unterminated\",\"text\":\"never closed}\n", "unterminated string"},
      {"{\"id\":\"trailing\",\"text\":\"fine so far\"} and then garbage\n", "trailing characters after object"},
      {"{\"id\":\"badesc\",\"text\":\"a \\q escape\"}\n", "invalid escape"},
      {"{\"id\":\"badu\",\"text\":\"a \\u12G4 escape\"}\n", "invalid \\\\u escape"},
      {"{\"id\":\"lone-high\",\"text\":\"x \\ud800 y\"}\n", "lone surrogate escape"},
      {"{\"id\":\"lone-low\",\"text\":\"x \\udc00 y\"}\n", "lone surrogate escape"},
      {"{\"id\":\"reversed-pair\",\"text\":\"x \\udc00\\ud800 y\"}\n", "lone surrogate escape"},
      {deep, "nesting deeper than 256"},
      {"{\"id\":\"num\",\"text\":42}\n", "text field is not a string"},
      {"{\"id\":\"null\",\"text\":null}\n", "text field is not a string"},
      {"{\"id\":\"obj\",\"text\":{\"a\":\"b\"}}\n", "text field is not a string"},
      {"{\"id\":\"missing\",\"body\":\"no text here\"}\n", "missing text field"},
      {"[\"an\",\"array\"]\n", "not a JSON object"},
      {"not json at all\n", "not a JSON object"},
      {"{\"id\":\"cut\",\"te\n", "unterminated string"},
  };
  std::string jsonl = JsonlLine("first", Para(1));
  for (const Bad& b : bad) jsonl += b.line;
  jsonl += JsonlLine("last", Para(2));
  WriteFile(dir + "/in.jsonl", jsonl);
  auto o = RunStats(dir, {dir + "/in.jsonl", "--no-boilerplate", "--exact-only", "-o", dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  const long long n = static_cast<long long>(bad.size());
  ExpectBuckets(o.stats, n + 2, 2, 0, n);
  for (size_t i = 0; i < bad.size(); ++i) {
    EXPECT_TRUE(HasRejection(o.stats, "/in.jsonl", static_cast<long long>(i) + 2, bad[i].reason))
        << "line " << i + 2 << " want " << bad[i].reason << "\n" << o.stats;
  }
  // A record whose id parsed keeps it in the report.
  EXPECT_NE(o.stats.find("\"id\":\"num\""), std::string::npos);
  auto lines = Lines(ReadFile(dir + "/out.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("\"id\":\"last\""), std::string::npos);
  EXPECT_EQ(JsonNumber(o.stats, {"documents", "reasons", "rejected", "invalid-json"}), n - 4) << o.stats;
  EXPECT_EQ(JsonNumber(o.stats, {"documents", "reasons", "rejected", "missing-text"}), 4) << o.stats;

  // The summary on stderr names the first five by file:line and says where
  // the rest are listed.
  auto loud = RunWinnow({dir + "/in.jsonl", "--no-boilerplate", "-o", dir + "/out.jsonl", "--stats",
                         dir + "/loud.json"});
  ASSERT_EQ(loud.exit_code, 0) << loud.err;
  for (size_t i = 0; i < 5; ++i) {
    const std::string named = dir + "/in.jsonl:" + std::to_string(i + 2) + ": ";
    EXPECT_NE(loud.err.find(named), std::string::npos) << named << "\n" << loud.err;
  }
  EXPECT_EQ(loud.err.find(dir + "/in.jsonl:7: "), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("... and " + std::to_string(n - 5) + " more rejected records: the first " +
                          std::to_string(n) + " are listed in " + dir + "/loud.json"),
            std::string::npos)
      << loud.err;
  EXPECT_NE(loud.err.find("documents rejected: invalid-json=" + std::to_string(n - 4) + ", missing-text=4"),
            std::string::npos)
      << loud.err;
}

// 50 MB of text in one JSON string is under the 64 MiB record limit, so it
// is accepted and processed like any document.
TEST(BadInput, FiftyMegabyteJsonStringIsAccepted) {
  std::string dir = MakeTempDir("fifty");
  const size_t target = kSanitized ? (5u << 20) : (50u << 20);
  {
    std::ofstream f(dir + "/in.jsonl", std::ios::binary);
    f << "{\"id\":\"big\",\"text\":\"";
    size_t written = 0;
    for (int i = 0; written < target; ++i) {
      std::string p = Para(i) + "\\n\\n";
      f << p;
      written += p.size();
    }
    f << "\"}\n" << JsonlLine("after", "A small closing record about the weather on the coast this weekend.");
  }
  auto o = RunStats(dir, {dir + "/in.jsonl", "--no-boilerplate", "--exact-only", "-o", dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, 2, 2, 0, 0);
  EXPECT_GT(JsonNumber(o.stats, {"bytes", "out"}), static_cast<long long>(target * 9 / 10)) << o.stats;
  fs::remove_all(dir);
}

std::string WarcRecord(const std::string& type, const std::string& id, const std::string& body, long long length_delta,
                       bool with_type = true, bool with_length = true) {
  std::string h = "WARC/1.0\r\n";
  if (with_type) h += "WARC-Type: " + type + "\r\n";
  h += "WARC-Record-ID: <urn:uuid:" + id + ">\r\n";
  h += "WARC-Target-URI: https://news.example/" + id + "\r\n";
  if (with_length) h += "Content-Length: " + std::to_string(static_cast<long long>(body.size()) + length_delta) + "\r\n";
  return h + "\r\n" + body + "\r\n\r\n";
}

TEST(BadInput, BrokenWarcRecordsAreRejectedOrResynced) {
  std::string dir = MakeTempDir("warc");
  std::string body2 = Para(2) + "\n" + Para(3) + "\n";
  std::string body7 = Para(7) + "\n";
  std::string wet = WarcRecord("warcinfo", "info", "software: test\r\n", 0) +        // 1 skipped
                    WarcRecord("conversion", "good", body2, 0) +                      // 2 emitted
                    WarcRecord("conversion", "short-length", Para(4) + "\n", -20) +   // 3 resync, emitted
                    WarcRecord("conversion", "long-length", Para(5) + "\n", +40) +    // 4 resync, emitted
                    WarcRecord("conversion", "no-length", Para(6) + "\n", 0, true, false) +  // 5 rejected
                    // 6 rejected; reading resumes at the next WARC/ line, so
                    // the stray line after it belongs to this rejected record.
                    WarcRecord("conversion", "no-type", Para(8) + "\n", 0, false, true) +
                    "this line is not a WARC header\r\n\r\n" +
                    WarcRecord("conversion", "after", body7, 0);                      // 7 emitted
  // 8: cut in the middle of its block.
  std::string cut = WarcRecord("conversion", "cut", Para(9) + "\n" + Para(10) + "\n", 0);
  wet += cut.substr(0, cut.size() - 150);
  WriteFile(dir + "/in.warc.wet", wet);
  // A file cut inside a header.
  WriteFile(dir + "/header-cut.warc", WarcRecord("conversion", "whole", Para(11) + "\n", 0) +
                                          "WARC/1.0\r\nWARC-Type: conver");
  // A file that does not start with a version line.
  WriteFile(dir + "/junk-first.warc", "<html>not a WARC header</html>\r\n\r\n" +
                                          WarcRecord("conversion", "after-junk", Para(12) + "\n", 0));
  auto o = RunStats(dir, {dir + "/in.warc.wet", dir + "/header-cut.warc", dir + "/junk-first.warc",
                          "--no-boilerplate", "-o", dir + "/out.jsonl", "-q"});
  ASSERT_EQ(o.r.exit_code, 0) << o.r.err;
  ExpectBuckets(o.stats, 11, 6, 0, 5);
  EXPECT_EQ(JsonNumber(o.stats, {"skipped_records"}), 1) << o.stats;
  EXPECT_TRUE(HasRejection(o.stats, "/in.warc.wet", 5, "without WARC-Type/Content-Length")) << o.stats;
  EXPECT_TRUE(HasRejection(o.stats, "/in.warc.wet", 6, "without WARC-Type/Content-Length")) << o.stats;
  EXPECT_TRUE(HasRejection(o.stats, "/in.warc.wet", 8, "truncated WARC record")) << o.stats;
  EXPECT_TRUE(HasRejection(o.stats, "/junk-first.warc", 1, "expected WARC/ version line")) << o.stats;
  EXPECT_TRUE(HasRejection(o.stats, "/header-cut.warc", 2, "truncated WARC record")) << o.stats;
  std::string out = ReadFile(dir + "/out.jsonl");
  for (const char* id : {"good", "short-length", "long-length", "after", "whole", "after-junk"}) {
    EXPECT_NE(out.find(std::string("\"id\":\"<urn:uuid:") + id + ">\""), std::string::npos) << id << "\n" << out;
  }
  // A lying length never cuts text or swallows the next record.
  EXPECT_NE(out.find(" in item 4."), std::string::npos);
  EXPECT_NE(out.find(" in item 5."), std::string::npos);
  EXPECT_EQ(out.find("WARC/1.0"), std::string::npos);
}

// Paths that fail even for root (tests run as root in CI, where chmod 000
// does not stop reading): a dangling symlink, a symlink loop, a folder
// symlinked to its parent, and a FIFO inside a folder (not a regular file).
TEST(BadInput, UnreadableEntriesAreReportedAndTheRunGoesOn) {
  std::string dir = MakeTempDir("unreadable");
  std::string in = dir + "/in";
  WriteFile(in + "/a-good.txt", Para(1) + "\n");
  WriteFile(in + "/z-good.txt", Para(2) + "\n");
  fs::create_symlink(dir + "/does-not-exist", in + "/b-dangling.txt");
  fs::create_symlink(in + "/c-loop2", in + "/c-loop1");
  fs::create_symlink(in + "/c-loop1", in + "/c-loop2");
  fs::create_directories(in + "/d-sub");
  fs::create_directory_symlink("..", in + "/d-sub/up");
  ASSERT_EQ(::mkfifo((in + "/e-fifo").c_str(), 0644), 0);
  auto o = RunStats(dir, {in, "-o", dir + "/out.jsonl", "-q"});
  EXPECT_EQ(o.r.exit_code, 2) << o.r.err;
  EXPECT_NE(o.r.err.find(in + "/b-dangling.txt: No such file or directory"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.err.find(in + "/c-loop1: symlink loop"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.err.find(in + "/c-loop2: symlink loop"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.err.find(in + "/d-sub/up: symlink loop"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.err.find(in + "/e-fifo: not a regular file"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.err.find("input file(s) could not be read"), std::string::npos) << o.r.err;
  // The readable files were processed and the output committed.
  auto lines = Lines(ReadFile(dir + "/out.jsonl"));
  ASSERT_EQ(lines.size(), 2u) << o.r.err;
  EXPECT_NE(lines[0].find("a-good.txt"), std::string::npos);
  EXPECT_NE(lines[1].find("z-good.txt"), std::string::npos);
  EXPECT_EQ(JsonNumber(o.stats, {"documents", "emitted"}), 2) << o.stats;
  EXPECT_NE(o.stats.find("\"file_errors\":[\"" + in + "/b-dangling.txt"), std::string::npos) << o.stats;
}

// A file that opens but whose read() fails (EIO), even for root: a symlink
// to /proc/self/mem, unmapped at offset 0. The file could not be read, so it
// is a file error like a missing one: named on stderr and in file_errors,
// exit 2, and the other inputs are still processed.
TEST(BadInput, ReadErrorInsideAFileIsAFileError) {
  std::string dir = MakeTempDir("eio");
  WriteFile(dir + "/in/a-good.txt", Para(1) + "\n");
  fs::create_symlink("/proc/self/mem", dir + "/in/b-mem.txt");
  auto o = RunStats(dir, {dir + "/in", "--no-boilerplate", "-o", dir + "/out.jsonl", "-q"});
  EXPECT_EQ(o.r.exit_code, 2) << o.r.err;
  EXPECT_NE(o.r.err.find(dir + "/in/b-mem.txt: read error: Input/output error"), std::string::npos) << o.r.err;
  EXPECT_NE(o.stats.find("\"file_errors\":[\"" + dir + "/in/b-mem.txt"), std::string::npos) << o.stats;
  EXPECT_EQ(JsonNumber(o.stats, {"documents", "emitted"}), 1) << o.stats;
  EXPECT_EQ(Lines(ReadFile(dir + "/out.jsonl")).size(), 1u);
}

TEST(BadInput, SymlinkLoopGivenByNameIsAnError) {
  std::string dir = MakeTempDir("loop");
  fs::create_symlink(dir + "/l2", dir + "/l1");
  fs::create_symlink(dir + "/l1", dir + "/l2");
  WriteFile(dir + "/ok.txt", Para(3) + "\n");
  auto o = RunStats(dir, {dir + "/l1", dir + "/ok.txt", "-q"});
  EXPECT_EQ(o.r.exit_code, 2);
  EXPECT_NE(o.r.err.find(dir + "/l1: symlink loop"), std::string::npos) << o.r.err;
  EXPECT_NE(o.r.out.find(" in item 3."), std::string::npos);
  auto ff = RunWinnow({dir + "/l1", dir + "/ok.txt", "--fail-fast", "-q"});
  EXPECT_EQ(ff.exit_code, 2);
  EXPECT_TRUE(ff.out.empty());
}

// One 30 MB unit (a line with no newline inside a JSONL text) is under the
// record limit, so it is processed whole: one unit, kept, written out. The
// extra memory is a bounded multiple of the record (raw + clean + key +
// sketch), measured against a run on a small input.
TEST(BadInput, ThirtyMegabyteUnitIsProcessedInBoundedMemory) {
  std::string dir = MakeTempDir("unit30");
  const size_t unit = 30u << 20;
  {
    std::ofstream f(dir + "/big.jsonl", std::ios::binary);
    f << "{\"id\":\"big\",\"text\":\"";
    WriteLongLine(f, unit);
    f << "\"}\n";
  }
  WriteFile(dir + "/small.jsonl", JsonlLine("small", Para(1)));
  std::vector<std::string> common = {"-j", "2", "--no-boilerplate", "-o", "/dev/null", "-q", "--stats",
                                     dir + "/stats.json"};
  auto with = [&](const std::string& input) {
    std::vector<std::string> a = {input};
    a.insert(a.end(), common.begin(), common.end());
    return a;
  };
  long base = PeakRssKib(with(dir + "/small.jsonl"));
  long big = PeakRssKib(with(dir + "/big.jsonl"));
  ASSERT_GT(base, 0);
  ASSERT_GT(big, 0);
  std::string stats = ReadFile(dir + "/stats.json");
  ExpectBuckets(stats, 1, 1, 0, 0);
  EXPECT_EQ(JsonNumber(stats, {"units", "in"}), 1) << stats;
  const long unit_kib = static_cast<long>(unit >> 10);
  // ASan's shadow memory and quarantine inflate every allocation.
  const long factor = kSanitized ? 40 : 12;
  EXPECT_LT(big - base, factor * unit_kib) << "peak " << big << " KiB, base " << base << " KiB";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace winnow
