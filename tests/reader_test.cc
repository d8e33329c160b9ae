// Readers on real-looking files written to a temp dir: JSONL, WARC/WET and
// text, compressed or not, good and broken; input expansion. SharedData*
// tests read the real fixtures in ../shared/realdata.
#include "pipeline/input/reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::Gzip;
using testing::Zstd;

namespace fs = std::filesystem;

struct Doc {
  std::string id, url, text, extra, error;
  uint64_t record = 0;
  uint32_t file = 0;
  Fate fate = Fate::kPending;
  bool whole_file = false;
};

struct Result {
  std::vector<Doc> docs;
  uint64_t skipped = 0;
  uint64_t bytes_in = 0;
  int batches = 0;
  std::string open_error;

  std::vector<const Doc*> Good() const {
    std::vector<const Doc*> v;
    for (const Doc& d : docs) {
      if (d.fate != Fate::kRejected) v.push_back(&d);
    }
    return v;
  }
  std::vector<const Doc*> Rejected() const {
    std::vector<const Doc*> v;
    for (const Doc& d : docs) {
      if (d.fate == Fate::kRejected) v.push_back(&d);
    }
    return v;
  }
};

// A fresh directory for the running test.
std::string TestDir() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::path(::testing::TempDir()) /
                 (std::string("winnow_reader_") + info->test_suite_name() + "_" + info->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string() + "/";
}

std::string Write(const std::string& path, const std::string& bytes) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

Result Read(const InputFile& file, ReaderOptions opt = {}, size_t target = 1 << 20) {
  Result res;
  auto reader = OpenReader(file, 7, opt, &res.open_error);
  if (!reader) return res;
  Batch batch;
  while (true) {
    batch.Clear();
    if (!reader->Next(&batch, target)) {
      EXPECT_TRUE(batch.docs.empty());
      EXPECT_EQ(batch.bytes_in, 0u);
      break;
    }
    ++res.batches;
    res.bytes_in += batch.bytes_in;
    for (Document& d : batch.docs) {
      EXPECT_EQ(d.unparsed, opt.defer_jsonl && d.fate == Fate::kPending);
      ParseUnparsedRecord(&batch, &d, opt, file.display);
    }
    for (const Document& d : batch.docs) {
      EXPECT_EQ(d.file, 7u);
      res.docs.push_back(Doc{std::string(batch.View(d.id)), std::string(batch.View(d.url)),
                             std::string(batch.View(d.text)), std::string(batch.View(d.extra)),
                             std::string(batch.View(d.error)), d.record, d.file, d.fate,
                             d.whole_file});
    }
  }
  res.skipped = reader->skipped_records();
  return res;
}

Result Read(const std::string& path, ReaderOptions opt = {}, size_t target = 1 << 20) {
  return Read(InputFile{path, path}, opt, target);
}

std::string Record(const std::string& type, const std::string& body, const std::string& uri = "",
                   const std::string& id = "", long length = -1, const char* eol = "\r\n") {
  std::string h = std::string("WARC/1.0") + eol + "WARC-Type: " + type + eol;
  if (!uri.empty()) h += "WARC-Target-URI: " + uri + eol;
  if (!id.empty()) h += "WARC-Record-ID: " + id + eol;
  h += "Content-Length: " + std::to_string(length < 0 ? body.size() : length) + eol;
  return h + eol + body + eol + eol;
}

// ---- JSONL ----

TEST(ReaderJsonl, EscapesAndSurrogatePairsDecode) {
  std::string dir = TestDir();
  Result r = Read(Write(dir + "a.jsonl",
                        R"({"id":"e1","text":"line\none \"q\" caf\u00e9","url":"http:\/\/x.org/a"})"
                        "\n"
                        R"({"id":"e2","text":"smile \ud83d\ude00!"})"
                        "\n"));
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text, "line\none \"q\" caf\xC3\xA9");
  EXPECT_EQ(r.docs[0].url, "http://x.org/a");
  EXPECT_EQ(r.docs[0].id, "e1");
  EXPECT_EQ(r.docs[0].record, 1u);
  EXPECT_EQ(r.docs[1].text, "smile \xF0\x9F\x98\x80!");
  EXPECT_EQ(r.docs[1].fate, Fate::kPending);
}

TEST(ReaderJsonl, BadLineInTheMiddleIsRejectedAndReadingGoesOn) {
  std::string dir = TestDir();
  Result r = Read(Write(dir + "b.jsonl",
                        "{\"text\":\"one\"}\n"
                        "{\"text\":\"two\"}\n"
                        "{\"text\": \"unterminated}\n"
                        "\n"
                        "   \n"
                        "{\"text\":\"four\"}\r\n"
                        "{\"text\":\"five\"}"));
  ASSERT_EQ(r.docs.size(), 5u);
  EXPECT_EQ(r.Good().size(), 4u);
  ASSERT_EQ(r.Rejected().size(), 1u);
  const Doc& bad = *r.Rejected()[0];
  EXPECT_EQ(bad.record, 3u);
  EXPECT_EQ(bad.error, "invalid JSON at byte 9: unterminated string");
  EXPECT_EQ(bad.id, dir + "b.jsonl:3");
  EXPECT_EQ(r.docs[3].text, "four");
  EXPECT_EQ(r.docs[3].record, 6u);  // blank lines count as lines, not documents
  EXPECT_EQ(r.docs[4].text, "five");
  EXPECT_EQ(r.docs[4].record, 7u);
}

// The pipeline parses JSONL lines on its worker threads (defer_jsonl, then
// ParseUnparsedRecord); that must give exactly the reader's own documents,
// good and rejected, across batch boundaries.
TEST(ReaderJsonl, DeferredParsingGivesTheSameDocuments) {
  std::string dir = TestDir();
  std::string jsonl;
  for (int i = 0; i < 400; ++i) {
    switch (i % 7) {
      case 0: jsonl += R"({"id":"a)" + std::to_string(i) + R"(","text":"caf\u00e9 \"q\"\nline two","url":"http:\/\/x.org/)" + std::to_string(i) + R"(","lang":"fr","tags":[1,{"k":null}]})"; break;
      case 1: jsonl += R"({"text":"no id here \ud83d\ude00","n":)" + std::to_string(i) + "}"; break;
      case 2: jsonl += R"({"id":)" + std::to_string(i) + R"(,"text":"numeric id"})"; break;
      case 3: jsonl += R"({"id":"m)" + std::to_string(i) + R"(","body":"missing text"})"; break;
      case 4: jsonl += R"({"id":"x","text": "unterminated)"; break;
      case 5: jsonl += R"({"id":"t)" + std::to_string(i) + R"(","text":42})"; break;
      default: jsonl += "   "; break;  // blank: no document
    }
    jsonl += i % 11 == 0 ? "\r\n" : "\n";
  }
  const std::string path = Write(dir + "mixed.jsonl", jsonl);
  ReaderOptions deferred;
  deferred.defer_jsonl = true;
  for (size_t target : {size_t{300}, size_t{1} << 20}) {
    Result a = Read(path, {}, target);
    Result b = Read(path, deferred, target);
    ASSERT_EQ(a.docs.size(), b.docs.size());
    EXPECT_GT(a.Rejected().size(), 100u);
    for (size_t i = 0; i < a.docs.size(); ++i) {
      SCOPED_TRACE(i);
      EXPECT_EQ(a.docs[i].id, b.docs[i].id);
      EXPECT_EQ(a.docs[i].url, b.docs[i].url);
      EXPECT_EQ(a.docs[i].text, b.docs[i].text);
      EXPECT_EQ(a.docs[i].extra, b.docs[i].extra);
      EXPECT_EQ(a.docs[i].error, b.docs[i].error);
      EXPECT_EQ(a.docs[i].record, b.docs[i].record);
      EXPECT_EQ(a.docs[i].fate, b.docs[i].fate);
    }
  }
}

TEST(ReaderJsonl, OtherFieldsPassThroughVerbatim) {
  std::string dir = TestDir();
  Result r = Read(Write(dir + "c.jsonl",
                        R"({"meta": {"a" : [1, 2.50]}, "text":"t", "lang":"fr\u00e9", "n":1e3 ,)"
                        R"("id":17,"url":"u"})"
                        "\n"));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].extra, R"("meta":{"a" : [1, 2.50]},"lang":"fr\u00e9","n":1e3)");
  EXPECT_EQ(r.docs[0].id, "17");
  EXPECT_EQ(r.docs[0].url, "u");
}

TEST(ReaderJsonl, MissingIdIsGeneratedFromDisplayAndLine) {
  std::string dir = TestDir();
  Result r = Read(InputFile{Write(dir + "d.jsonl", "\n{\"text\":\"x\"}\n"), "shown/d.jsonl"});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "shown/d.jsonl:2");
  EXPECT_EQ(r.docs[0].extra, "");
}

TEST(ReaderJsonl, MissingOrNonStringTextIsRejected) {
  std::string dir = TestDir();
  Result r = Read(Write(dir + "e.jsonl",
                        "{\"id\":\"a\",\"body\":\"x\"}\n"
                        "{\"id\":\"b\",\"text\":42}\n"
                        "[\"text\"]\n"
                        "{\"text\":\"ok\",\"x\":\"\\ud800\"}\n"
                        "{\"text\":\"" + std::string(300, '[') + "\"}\n"));
  ASSERT_EQ(r.docs.size(), 5u);
  EXPECT_EQ(r.docs[0].error, "missing text field");
  EXPECT_EQ(r.docs[0].id, "a");
  EXPECT_EQ(r.docs[1].error, "text field is not a string");
  EXPECT_EQ(r.docs[1].id, "b");
  EXPECT_EQ(r.docs[2].error, "invalid JSON at byte 0: not a JSON object");
  EXPECT_EQ(r.docs[3].error, "invalid JSON at byte 18: lone surrogate escape");
  EXPECT_EQ(r.docs[4].fate, Fate::kPending);  // brackets inside a string are text
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r.docs[i].fate, Fate::kRejected);
}

TEST(ReaderJsonl, CustomFieldNames) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.text_field = "raw_content";
  opt.id_field = "digest";
  opt.url_field = "link";
  Result r = Read(Write(dir + "f.jsonl",
                        R"({"digest":"sha1:X","raw_content":"body","link":"l","text":"kept"})"
                        "\n"),
                  opt);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "sha1:X");
  EXPECT_EQ(r.docs[0].text, "body");
  EXPECT_EQ(r.docs[0].url, "l");
  EXPECT_EQ(r.docs[0].extra, R"("text":"kept")");
}

TEST(ReaderJsonl, InvalidUtf8AndNulBytesAreKept) {
  std::string dir = TestDir();
  std::string line = std::string("{\"text\":\"a\xff\xfe") + '\0' + "b\\u0000c\"}\n";
  Result r = Read(Write(dir + "g.jsonl", line));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].fate, Fate::kPending);
  EXPECT_EQ(r.docs[0].text, std::string("a\xff\xfe\0b\0c", 7));
}

TEST(ReaderJsonl, HugeLineIsRejectedAndSkipped) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.max_record_bytes = 4096;
  std::string huge = "{\"text\":\"" + std::string(1 << 20, 'z') + "\"}\n";
  Result r = Read(Write(dir + "h.jsonl", "{\"text\":\"a\"}\n" + huge + "{\"text\":\"b\"}\n"), opt);
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.docs[1].fate, Fate::kRejected);
  EXPECT_EQ(r.docs[1].error, "record exceeds 4 KiB");
  EXPECT_EQ(r.docs[1].record, 2u);
  EXPECT_EQ(r.docs[2].text, "b");
  EXPECT_EQ(r.docs[2].record, 3u);
}

TEST(ReaderJsonl, CompressedMultiMemberGzipAndZstd) {
  std::string dir = TestDir();
  std::string a = "{\"text\":\"one\"}\n{\"text\":\"two\"}\n", b = "{\"text\":\"three\"}\n";
  Result g = Read(Write(dir + "x.jsonl.gz", Gzip(a) + Gzip(b)));
  ASSERT_EQ(g.docs.size(), 3u);
  EXPECT_EQ(g.docs[2].text, "three");
  Result z = Read(Write(dir + "x.jsonl.zst", Zstd(a) + Zstd(b) + Zstd(a)));
  ASSERT_EQ(z.docs.size(), 5u);
  EXPECT_EQ(z.docs[4].text, "two");
  EXPECT_EQ(z.bytes_in, 2 * a.size() + b.size());
}

std::string ManyLines(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += "{\"text\":\"document number " + std::to_string(i) + "\"}\n";
  return s;
}

TEST(ReaderJsonl, TruncatedGzipKeepsEarlierLinesAndRejectsTheDamage) {
  std::string dir = TestDir();
  std::string first = ManyLines(10), second = ManyLines(5000);
  std::string gz = Gzip(first) + Gzip(second);
  Result r = Read(Write(dir + "t.jsonl.gz", gz.substr(0, gz.size() - 2000)));
  ASSERT_GE(r.Good().size(), 10u);
  EXPECT_LT(r.Good().size(), 5010u);
  ASSERT_EQ(r.Rejected().size(), 1u);
  EXPECT_EQ(r.docs.back().error, "truncated gzip stream");
  EXPECT_EQ(r.docs.back().record, r.Good().size() + 1);
}

TEST(ReaderJsonl, TruncatedZstdRejectsTheDamage) {
  std::string dir = TestDir();
  std::string z = Zstd(ManyLines(10)) + Zstd(ManyLines(5000));
  Result r = Read(Write(dir + "t.jsonl.zst", z.substr(0, z.size() - 100)));
  ASSERT_GE(r.Good().size(), 10u);
  ASSERT_EQ(r.Rejected().size(), 1u);
  EXPECT_EQ(r.docs.back().error, "truncated zstd stream");
}

TEST(ReaderJsonl, BatchesFollowTargetBytesAndCountInput) {
  std::string dir = TestDir();
  std::string data = ManyLines(1000);
  Result r = Read(Write(dir + "m.jsonl", data), ReaderOptions{}, 1000);
  EXPECT_EQ(r.docs.size(), 1000u);
  EXPECT_GT(r.batches, 15);
  EXPECT_EQ(r.bytes_in, data.size());
  for (size_t i = 0; i < r.docs.size(); ++i) EXPECT_EQ(r.docs[i].record, i + 1);
}

// ---- WARC / WET ----

TEST(ReaderWarc, WetConversionRecordsBecomeDocuments) {
  std::string dir = TestDir();
  std::string wet = Record("warcinfo", "software: test\r\n") +
                    Record("conversion", "First page\nline two\n", "https://a.example/1",
                           "<urn:uuid:1>") +
                    Record("request", "GET / HTTP/1.1\r\n") +
                    Record("conversion", "Second page\n", "<https://b.example/2>", "<urn:uuid:2>");
  Result r = Read(Write(dir + "x.warc.wet.gz", Gzip(wet.substr(0, 200)) + Gzip(wet.substr(200))));
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.skipped, 2u);
  EXPECT_EQ(r.docs[0].text, "First page\nline two\n");
  EXPECT_EQ(r.docs[0].url, "https://a.example/1");
  EXPECT_EQ(r.docs[0].id, "<urn:uuid:1>");
  EXPECT_EQ(r.docs[0].record, 2u);
  EXPECT_EQ(r.docs[1].url, "https://b.example/2");
  EXPECT_EQ(r.docs[1].record, 4u);
  EXPECT_EQ(r.bytes_in, wet.size());
}

TEST(ReaderWarc, LyingContentLengthResyncsAtNextVersionLine) {
  std::string dir = TestDir();
  std::string wet = Record("warcinfo", "x: y\n", "", "", -1, "\n") +
                    Record("conversion", "Short by a lot: some text here\n", "http://s/1", "", 5,
                           "\n") +
                    Record("conversion", "Too long claimed\n", "http://s/2", "", 900, "\n") +
                    Record("conversion", "Last one\nends here\n", "http://s/3", "", 3, "\n");
  Result r = Read(Write(dir + "lie.wet", wet));
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_EQ(r.docs[0].text, "Short by a lot: some text here");
  EXPECT_EQ(r.docs[0].id, dir + "lie.wet:2");
  EXPECT_EQ(r.docs[1].text, "Too long claimed");
  EXPECT_EQ(r.docs[1].url, "http://s/2");
  EXPECT_EQ(r.docs[2].text, "Last one\nends here");
  EXPECT_EQ(r.docs[2].url, "http://s/3");
}

TEST(ReaderWarc, RecordCutAtEofIsRejected) {
  std::string dir = TestDir();
  std::string good = Record("conversion", "Complete\n", "http://c/1", "<urn:1>");
  std::string cut = Record("conversion", std::string(500, 'q'), "http://c/2", "<urn:2>");
  Result r = Read(Write(dir + "cut.warc", good + cut.substr(0, cut.size() - 300)));
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text, "Complete\n");
  EXPECT_EQ(r.docs[1].fate, Fate::kRejected);
  EXPECT_EQ(r.docs[1].error, "truncated WARC record");
  EXPECT_EQ(r.docs[1].id, "<urn:2>");
  EXPECT_EQ(r.docs[1].record, 2u);
  // Cut inside the header.
  Result h = Read(Write(dir + "cut2.warc", good + "WARC/1.0\r\nWARC-Type: conv"));
  ASSERT_EQ(h.docs.size(), 2u);
  EXPECT_EQ(h.docs[1].error, "truncated WARC record");
}

TEST(ReaderWarc, BadHeaderIsRejectedAndReadingContinues) {
  std::string dir = TestDir();
  std::string data = Record("conversion", "one\n", "http://h/1") +
                     "WARC/1.0\r\nWARC-Target-URI: http://h/2\r\n\r\nbody without length\r\n\r\n" +
                     Record("conversion", "three\n", "http://h/3") +
                     "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 12x\r\n\r\nzzz\r\n\r\n" +
                     Record("conversion", "five\n", "http://h/5");
  Result r = Read(Write(dir + "hdr.warc", data));
  ASSERT_EQ(r.docs.size(), 5u);
  EXPECT_EQ(r.docs[1].error, "WARC header without WARC-Type/Content-Length");
  EXPECT_EQ(r.docs[1].record, 2u);
  EXPECT_EQ(r.docs[2].text, "three\n");
  EXPECT_EQ(r.docs[3].fate, Fate::kRejected);
  EXPECT_EQ(r.docs[4].text, "five\n");
  EXPECT_EQ(r.docs[4].record, 5u);
}

TEST(ReaderWarc, HeaderNamesAreCaseInsensitiveAndLfTolerated) {
  std::string dir = TestDir();
  std::string data =
      "WARC/0.18\nwarc-type: CONVERSION\nX-Extra: 1\nwarc-target-uri:  http://l/1 \n"
      "content-length: 4\n\nabcd\n\nWARC/1.1\nWARC-Type: resource\nContent-Length: 0\n\n";
  Result r = Read(Write(dir + "lf.warc", data));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].text, "abcd");
  EXPECT_EQ(r.docs[0].url, "http://l/1");
  EXPECT_EQ(r.skipped, 1u);
}

TEST(ReaderWarc, HugeRecordIsRejectedInBoundedMemory) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.max_record_bytes = 1 << 16;
  std::string data = Record("conversion", std::string(1 << 20, 'h'), "http://big/1", "<urn:big>") +
                     Record("request", std::string(1 << 20, 'r')) +
                     Record("conversion", "small\n", "http://big/2");
  Result r = Read(Write(dir + "big.warc", data), opt);
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].error, "record exceeds 64 KiB");
  EXPECT_EQ(r.docs[0].id, "<urn:big>");
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_EQ(r.docs[1].text, "small\n");
  EXPECT_EQ(r.docs[1].record, 3u);
}

// The last record understates its Content-Length and its block runs to the
// end of the input a few bytes past the record limit: rejected, not emitted
// over the limit (found by warc_reader_fuzz).
TEST(ReaderWarc, LastRecordJustOverTheLimitAfterALyingLengthIsRejected) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.max_record_bytes = 100;
  const std::string data = Record("conversion", "fine\n", "http://x/1") +
                           Record("conversion", std::string(104, 'w'), "http://x/2", "<urn:last>", 90, "\n");
  Result r = Read(Write(dir + "lying.warc", data), opt);
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text, "fine\n");
  EXPECT_EQ(r.docs[1].fate, Fate::kRejected);
  EXPECT_EQ(r.docs[1].error, "record exceeds 100 bytes");
  EXPECT_EQ(r.docs[1].id, "<urn:last>");
}

TEST(ReaderWarc, TruncatedGzipWetRejectsTheCutRecord) {
  std::string dir = TestDir();
  std::string one = Record("conversion", "kept\n", "http://g/1");
  std::string two = Record("conversion", ManyLines(3000), "http://g/2");
  std::string gz = Gzip(one) + Gzip(two);
  Result r = Read(Write(dir + "t.warc.wet.gz", gz.substr(0, gz.size() - 1000)));
  ASSERT_EQ(r.docs.size(), 2u);
  EXPECT_EQ(r.docs[0].text, "kept\n");
  EXPECT_EQ(r.docs[1].error, "truncated gzip stream");
  EXPECT_EQ(r.docs[1].record, 2u);
}

// ---- Text and detection ----

TEST(ReaderText, OneDocumentPerFileWithDisplayId) {
  std::string dir = TestDir();
  Result r = Read(InputFile{Write(dir + "a.txt", "Hello\n\nWorld\n"), "samples/a.txt"});
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].id, "samples/a.txt");
  EXPECT_EQ(r.docs[0].text, "Hello\n\nWorld\n");
  EXPECT_EQ(r.docs[0].record, 1u);
  EXPECT_TRUE(r.docs[0].whole_file);
  Result gz = Read(Write(dir + "fake.txt.gz", "plain after all\n"));
  ASSERT_EQ(gz.docs.size(), 1u);
  EXPECT_EQ(gz.docs[0].text, "plain after all\n");
}

// The template-counting pre-pass reads with skip_text: a text file (one
// document, alone in its source) gives nothing, while a file whose content
// makes it JSONL or WARC is read whatever its name.
TEST(ReaderText, SkipTextLeavesOnlyOtherFormats) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.skip_text = true;
  Result t = Read(Write(dir + "a.txt", "Hello\n\nWorld\n"), opt);
  EXPECT_TRUE(t.open_error.empty()) << t.open_error;
  EXPECT_TRUE(t.docs.empty());
  EXPECT_TRUE(Read(Write(dir + "b.txt.gz", Gzip("plain\n")), opt).docs.empty());
  Result j = Read(Write(dir + "j.txt", "{\"text\":\"j\"}\n"), opt);
  ASSERT_EQ(j.docs.size(), 1u);
  EXPECT_EQ(j.docs[0].text, "j");
  EXPECT_FALSE(j.docs[0].whole_file);
  EXPECT_EQ(Read(Write(dir + "w.txt", Record("conversion", "x", "u")), opt).docs.size(), 1u);
}

TEST(ReaderText, TooLargeOrTruncatedIsRejected) {
  std::string dir = TestDir();
  ReaderOptions opt;
  opt.max_record_bytes = 1000;
  Result r = Read(Write(dir + "big.txt", std::string(5000, 'b')), opt);
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].error, "record exceeds 1000 bytes");
  EXPECT_EQ(r.bytes_in, 5000u);
  std::string gz = Gzip(std::string(100000, 'c') + "tail");
  Result t = Read(Write(dir + "cut.txt.gz", gz.substr(0, gz.size() / 2)));
  ASSERT_EQ(t.docs.size(), 1u);
  EXPECT_EQ(t.docs[0].error, "truncated gzip stream");
}

TEST(ReaderDetect, ContentFirstThenNameThenOverride) {
  std::string dir = TestDir();
  // Content: WARC/ wins whatever the name; '{' means JSONL.
  EXPECT_EQ(Read(Write(dir + "w.txt", Record("conversion", "x", "u"))).docs[0].text, "x");
  EXPECT_EQ(Read(Write(dir + "j.txt", "  {\"text\":\"j\"}\n")).docs[0].text, "j");
  // Name breaks the tie: a .jsonl whose first line is garbage stays JSONL.
  Result j = Read(Write(dir + "bad.ndjson.gz", Gzip("oops\n{\"text\":\"k\"}\n")));
  ASSERT_EQ(j.docs.size(), 2u);
  EXPECT_EQ(j.docs[0].fate, Fate::kRejected);
  EXPECT_EQ(j.docs[1].text, "k");
  // Override.
  ReaderOptions opt;
  opt.format = InputFormat::kText;
  Result t = Read(Write(dir + "o.jsonl", "{\"text\":\"j\"}\n"), opt);
  ASSERT_EQ(t.docs.size(), 1u);
  EXPECT_EQ(t.docs[0].text, "{\"text\":\"j\"}\n");
}

TEST(ReaderDetect, OpenErrorNamesThePath) {
  Result r = Read(::testing::TempDir() + "winnow_missing.jsonl");
  EXPECT_EQ(r.open_error, ::testing::TempDir() + "winnow_missing.jsonl: No such file or directory");
}

TEST(ReaderDetect, ReadErrorBeforeAnyByteIsAnOpenError) {
  // Reading /proc/self/mem at offset 0 fails with EIO.
  Result r = Read("/proc/self/mem");
  EXPECT_EQ(r.open_error, "/proc/self/mem: read error: Input/output error");
}

// ---- Expansion ----

TEST(ReaderExpand, FoldersRecursiveSortedWithDisplayPaths) {
  std::string dir = TestDir();
  Write(dir + "in/b.txt", "b");
  Write(dir + "in/a.txt", "a");
  Write(dir + "in/sub/c.jsonl", "{}");
  Write(dir + "in/B.txt", "B");
  Write(dir + "single.txt", "s");
  std::vector<std::string> errors;
  auto files = ExpandInputs({dir + "single.txt", dir + "in/", "-", dir + "in/a.txt"}, &errors);
  EXPECT_TRUE(errors.empty());
  std::vector<std::string> display;
  for (const auto& f : files) display.push_back(f.display);
  EXPECT_EQ(display, (std::vector<std::string>{dir + "single.txt", dir + "in/B.txt",
                                               dir + "in/a.txt", dir + "in/b.txt",
                                               dir + "in/sub/c.jsonl", "stdin"}));
  EXPECT_EQ(files.back().path, "-");
  EXPECT_EQ(files[1].path, dir + "in/B.txt");
  // What the expansion saw: regular files with their sizes; stdin is not one.
  EXPECT_TRUE(files[4].regular);
  EXPECT_EQ(files[4].size, 2u);
  EXPECT_FALSE(files.back().regular);
  EXPECT_EQ(files.back().size, 0u);
}

TEST(ReaderExpand, NoPathsMeansStdin) {
  std::vector<std::string> errors;
  auto files = ExpandInputs({}, &errors);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].path, "-");
}

TEST(ReaderExpand, MissingPathsAndSymlinkLoopsAreErrors) {
  std::string dir = TestDir();
  Write(dir + "tree/ok.txt", "ok");
  fs::create_directory_symlink(".", dir + "tree/up");  // loops back to tree/
  fs::create_symlink(dir + "self", dir + "self");     // loops on itself
  std::vector<std::string> errors;
  auto files = ExpandInputs({dir + "nope.txt", dir + "tree", dir + "self"}, &errors);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].display, dir + "tree/ok.txt");
  EXPECT_EQ(errors, (std::vector<std::string>{dir + "nope.txt: No such file or directory",
                                              dir + "tree/up: symlink loop",
                                              dir + "self: symlink loop"}));
}

// Input arriving a few bytes at a time (a pipe fed in tiny writes) puts
// buffer edges everywhere: inside "WARC/", inside escapes, inside CRLFCRLF.
// The documents must not depend on where the edges fall.
std::vector<Doc> ReadThroughPipe(const std::string& data) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  std::thread writer([&data, fd = fds[1]] {
    size_t off = 0;
    for (size_t i = 0; off < data.size(); ++i) {
      size_t n = std::min<size_t>(1 + i % 7, data.size() - off);
      ssize_t w = write(fd, data.data() + off, n);
      if (w <= 0) break;
      off += static_cast<size_t>(w);
    }
    close(fd);
  });
  Result r = Read(InputFile{"/dev/fd/" + std::to_string(fds[0]), "pipe"});
  writer.join();
  close(fds[0]);
  return r.docs;
}

bool SameDocs(const std::vector<Doc>& a, const std::vector<Doc>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].url != b[i].url || a[i].text != b[i].text ||
        a[i].extra != b[i].extra || a[i].error != b[i].error || a[i].record != b[i].record) {
      return false;
    }
  }
  return true;
}

TEST(ReaderStream, BufferEdgesAnywhereGiveTheSameDocuments) {
  std::string dir = TestDir();
  std::string warc, jsonl;
  for (int i = 0; i < 300; ++i) {
    std::string body(static_cast<size_t>(i * 37 % 200), static_cast<char>('a' + i % 26));
    warc += Record(i % 3 ? "conversion" : "metadata", body + "\n", "http://p/" + std::to_string(i),
                   "", i % 11 == 0 ? 3 : -1, i % 2 ? "\r\n" : "\n");
    jsonl += "{\"k\":" + std::to_string(i) + ",\"text\":\"" + body + "\\u00e9\\ud83d\\ude00\"}\n";
  }
  std::vector<Doc> w = Read(Write(dir + "p.warc", warc)).docs;
  std::vector<Doc> j = Read(Write(dir + "p.jsonl", jsonl)).docs;
  EXPECT_EQ(w.size(), 200u);
  EXPECT_EQ(j.size(), 300u);
  for (Doc& d : w) d.id = "";  // generated ids name the path
  for (Doc& d : j) d.id = "";
  std::vector<Doc> wp = ReadThroughPipe(warc), jp = ReadThroughPipe(jsonl);
  for (Doc& d : wp) d.id = "";
  for (Doc& d : jp) d.id = "";
  EXPECT_TRUE(SameDocs(w, wp));
  EXPECT_TRUE(SameDocs(j, jp));
}

// ---- Real files from ../shared/realdata (SharedData*: run only when present) ----

std::string Real(const std::string& name) {
  return std::string(WINNOW_SHARED_DIR) + "/realdata/warc/" + name;
}

struct Counts {
  size_t good;
  size_t rejected;
  uint64_t skipped;
};

Counts CountsOf(const Result& r) { return Counts{r.Good().size(), r.Rejected().size(), r.skipped}; }

void ExpectCounts(const std::string& name, Counts want) {
  Result r = Read(Real(name), ReaderOptions{}, 4096);
  ASSERT_EQ(r.open_error, "") << name;
  Counts got = CountsOf(r);
  EXPECT_EQ(got.good, want.good) << name;
  EXPECT_EQ(got.rejected, want.rejected) << name;
  EXPECT_EQ(got.skipped, want.skipped) << name;
}

TEST(SharedDataWarc, CommonCrawlWetHasOneConversionRecord) {
  Result r = Read(Real("cc-whirlwind.warc.wet.gz"));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.skipped, 1u);
  const Doc& d = r.docs[0];
  EXPECT_EQ(d.fate, Fate::kPending);
  EXPECT_EQ(d.url, "https://an.wikipedia.org/wiki/Escopete");
  EXPECT_EQ(d.id, "<urn:uuid:ba729a40-ff84-4085-8d48-0a5b2ee0c42d>");
  EXPECT_EQ(d.record, 2u);
  EXPECT_EQ(d.text.size(), 4456u);
  EXPECT_NE(d.text.find("Ir al contenido"), std::string::npos);
}

TEST(SharedDataWarc, CcnetSampleWithLyingLengthsResyncs) {
  // LF-only, Content-Length short by up to 300 bytes. The file holds three
  // conversion records (two share a WARC-Record-ID).
  Result r = Read(Real("bad-ccnet-sample.warc.wet"));
  ASSERT_EQ(r.docs.size(), 3u);
  EXPECT_EQ(r.skipped, 1u);
  EXPECT_EQ(r.docs[0].url, "http://sample_english.com");
  EXPECT_EQ(r.docs[1].url, "http://sample_chinese.zh");
  EXPECT_EQ(r.docs[2].url, "http://sample_russian.ru");
  EXPECT_EQ(r.docs[0].text.substr(0, 24), "Famous Mark Twain Quotes");
  EXPECT_EQ(r.docs[0].text.substr(r.docs[0].text.size() - 12), "Truth isn't.");
  EXPECT_EQ(r.docs[2].id, "<urn:uuid:27dccd48-27b2-4eb0-b10b-a43661cbf0bc>");
  for (const Doc& d : r.docs) {
    EXPECT_EQ(d.fate, Fate::kPending);
    EXPECT_EQ(d.text.find("WARC/1.0"), std::string::npos);
  }
}

TEST(SharedDataWarc, ClippedGzipIsOneRejectedRecord) {
  Result r = Read(Real("bad-clipped-gzip-houstonpress.warc.gz"));
  ASSERT_EQ(r.docs.size(), 1u);
  EXPECT_EQ(r.docs[0].fate, Fate::kRejected);
  EXPECT_EQ(r.docs[0].error, "truncated gzip stream");
  EXPECT_EQ(r.docs[0].record, 1u);
  EXPECT_EQ(r.skipped, 0u);
}

TEST(SharedDataWarc, EveryFixtureIsFramedToTheRecord) {
  // {documents, rejected, skipped}: conversion records and HTML responses
  // are documents, every other record is skipped, whatever their framing
  // quirks.
  ExpectCounts("cc-whirlwind.warc.gz", {1, 0, 3});
  ExpectCounts("cc2020-34-resiliparse-warcfile.warc.gz", {16, 0, 34});
  ExpectCounts("wget-dolma-sample-0000.warc.gz", {22, 0, 26});
  ExpectCounts("wget-dolma-sample-0001.warc.gz", {15, 0, 19});
  ExpectCounts("quirk-wayback-topic-02.warc.gz", {0, 0, 129});
  ExpectCounts("bad-warcio-example-trunc.warc", {1, 0, 3});
  ExpectCounts("bad-warcio-example-wrong-chunks.warc.gz", {1, 0, 1});
  ExpectCounts("bad-warcio-example-bad-non-chunked.warc.gz", {1, 0, 5});
  ExpectCounts("quirk-warcio-wget-bad-target-uri.warc.gz", {1, 0, 5});
  ExpectCounts("quirk-warcio-space-in-target-uri.warc.gz", {0, 0, 2});
  ExpectCounts("warcio-example-iana.org-chunked.warc", {1, 0, 2});
  ExpectCounts("warcio-example.warc.gz", {1, 0, 5});
  ExpectCounts("edge-block-sized-records.warc", {0, 0, 3});
}

TEST(SharedDataWarc, BytesInIsTheDecompressedSize) {
  Result r = Read(Real("edge-block-sized-records.warc"), ReaderOptions{}, 1);
  EXPECT_EQ(r.bytes_in, 49158u);
}

TEST(SharedDataWarc, ForcedConversionOfFolderOfFixtures) {
  // The whole fixture folder through ExpandInputs: sorted, all readable.
  std::vector<std::string> errors;
  auto files = ExpandInputs({std::string(WINNOW_SHARED_DIR) + "/realdata/warc"}, &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(files.size(), 17u);  // 16 fixtures + SHA256SUMS
  EXPECT_EQ(files.front().display,
            std::string(WINNOW_SHARED_DIR) + "/realdata/warc/SHA256SUMS");
  size_t docs = 0;
  for (const InputFile& f : files) docs += Read(f).Good().size();
  // whirlwind WET, ccnet, SHA256SUMS as text; 60 HTML responses.
  EXPECT_EQ(docs, 1u + 3u + 1u + 60u);
}

}  // namespace
}  // namespace winnow
