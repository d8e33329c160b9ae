// ByteSource (compression by magic bytes), StreamBuffer line reading and
// the strict JSON scanner.
#include "pipeline/input/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <fstream>
#include <new>
#include <string>
#include <vector>

#include "tests/test_util.h"

#include "pipeline/json_util.h"
#include "pipeline/output.h"
#include "pipeline/input/stream_buffer.h"

namespace winnow {
namespace {

using testing::Gzip;
using testing::Zstd;

std::string TempFile(const std::string& name, const std::string& bytes) {
  std::string path = ::testing::TempDir() + "winnow_bs_" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

struct Drained {
  std::string bytes;
  std::string error;
  Compression compression;
};

// Reads in pieces of `piece` bytes: small on purpose, so that there are many
// calls and member edges fall inside them.
Drained Drain(const std::string& path, size_t ahead = 0, size_t piece = 1000) {
  std::string err;
  auto src = ByteSource::Open(path, &err);
  if (src && ahead > 0) src = ByteSource::DecompressAhead(std::move(src), ahead);
  EXPECT_NE(src, nullptr) << err;
  Drained d{"", "", Compression::kNone};
  if (!src) return d;
  std::string buf(piece, '\0');
  while (size_t n = src->Read(buf.data(), piece)) d.bytes.append(buf.data(), n);
  d.error = src->error();
  d.compression = src->compression();
  return d;
}

std::string Lines(int n, const std::string& tag) {
  std::string s;
  for (int i = 0; i < n; ++i) s += tag + " line " + std::to_string(i) + " of some text\n";
  return s;
}

TEST(ByteSource, MultiMemberGzipYieldsEveryMember) {
  std::string a = Lines(2000, "a"), b = Lines(10, "b"), c = Lines(3000, "c");
  Drained d = Drain(TempFile("multi.gz", Gzip(a) + Gzip(b) + Gzip(c)));
  EXPECT_EQ(d.compression, Compression::kGzip);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.bytes, a + b + c);
}

// Members whose header carries the optional fields (extra field, file name,
// comment, header CRC), as gzip -N and archiving tools write them, and a
// reader taking one byte per call (the decoder's held-back output must
// come out with no input left).
TEST(ByteSource, GzipHeaderFieldsAndOneByteReads) {
  const std::string a = Lines(300, "a"), b = Lines(40, "b");
  std::string head = std::string("\x1f\x8b\x08\x1e", 4) + std::string(6, '\0');  // FEXTRA|FNAME|FCOMMENT|FHCRC
  head += std::string("\x04\x00" "ab\x01\x02", 6);  // XLEN 4
  head += std::string("page.warc\0", 10) + std::string("a comment\0", 10);
  const uLong hcrc = crc32(0, reinterpret_cast<const Bytef*>(head.data()), static_cast<uInt>(head.size()));
  head += static_cast<char>(hcrc & 0xFF);
  head += static_cast<char>((hcrc >> 8) & 0xFF);
  const std::string file = TempFile("fields.gz", head + Gzip(a).substr(10) + Gzip(b));
  for (size_t piece : {size_t{1}, size_t{7}, size_t{1} << 16}) {
    const Drained d = Drain(file, 0, piece);
    EXPECT_EQ(d.error, "") << piece;
    EXPECT_EQ(d.bytes, a + b) << piece;
  }
}

// gzip header fields, a header CRC included, of a member that starts just
// before a refill of the input buffer (128 KiB reads), so that its header
// arrives in two reads. The first member's extra field sets where the
// second one starts, byte by byte.
TEST(ByteSource, GzipHeaderSplitAcrossReads) {
  std::string a;
  uint64_t x = 88172645463325252ULL;  // xorshift: text deflate cannot shrink much
  while (a.size() < 100000) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    a += static_cast<char>('!' + x % 90);
  }
  const std::string b = Lines(50, "b"), ga = Gzip(a), gb = Gzip(b);
  const std::string body_a = ga.substr(10), body_b = gb.substr(10);  // after the 10-byte header
  std::string head_b = std::string("\x1f\x8b\x08\x0a", 4) + std::string(6, '\0') + "page.txt" + '\0';
  const uLong hcrc = crc32(0, reinterpret_cast<const Bytef*>(head_b.data()), static_cast<uInt>(head_b.size()));
  head_b += static_cast<char>(hcrc & 0xFF);
  head_b += static_cast<char>((hcrc >> 8) & 0xFF);
  constexpr size_t kRead = 128 << 10;
  for (size_t before = 1; before <= head_b.size() + 1; ++before) {
    const size_t xlen = kRead - before - 12 - body_a.size();  // header 10 + XLEN 2
    std::string head_a = std::string("\x1f\x8b\x08\x04", 4) + std::string(6, '\0');
    head_a += static_cast<char>(xlen & 0xFF);
    head_a += static_cast<char>(xlen >> 8);
    head_a += std::string(xlen, 'x');
    const std::string file = head_a + body_a + head_b + body_b;
    ASSERT_EQ(file.find(head_b), kRead - before);
    const Drained d = Drain(TempFile("split.gz", file));
    EXPECT_EQ(d.error, "") << before;
    EXPECT_TRUE(d.bytes == a + b) << before;
  }
}

// A member whose CRC-32 or length trailer does not match its data, and
// bytes after the last member that are not a member, are errors, after
// the data that decoded.
TEST(ByteSource, GzipTrailerAndTrailingGarbageAreChecked) {
  const std::string a = Lines(200, "a");
  std::string bad_crc = Gzip(a);
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  Drained d = Drain(TempFile("badcrc.gz", bad_crc));
  EXPECT_EQ(d.error, "corrupt gzip stream: incorrect data check");
  std::string bad_len = Gzip(a);
  bad_len[bad_len.size() - 4] ^= 0x01;
  d = Drain(TempFile("badlen.gz", bad_len));
  EXPECT_EQ(d.error.rfind("corrupt gzip stream: ", 0), 0u) << d.error;
  d = Drain(TempFile("garbage.gz", Gzip(a) + "not a member at all\n"));
  EXPECT_EQ(d.bytes, a);
  EXPECT_EQ(d.error, "corrupt gzip stream: not a gzip member header");
}

// Output compression (one gzip member per call, ISA-L) read back by zlib and
// by the reader: compressible text over several MiB, incompressible bytes,
// one byte, and members appended to what the buffer already holds.
TEST(ByteSource, GzipOutputRoundTrips) {
  std::string noise;
  uint64_t x = 2463534242ULL;
  while (noise.size() < (1 << 20)) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    noise += static_cast<char>(x);
  }
  const std::vector<std::string> inputs = {Lines(120000, "t"), noise, "x"};
  std::string all, file;
  for (const std::string& in : inputs) {
    std::string gz = "prefix";
    Compress(Compression::kGzip, in, &gz);
    ASSERT_EQ(gz.rfind("prefix", 0), 0u);
    EXPECT_EQ(testing::Gunzip(std::string_view(gz).substr(6)), in);
    file += gz.substr(6);
    all += in;
  }
  EXPECT_LT(file.size(), all.size() / 2);
  const Drained d = Drain(TempFile("out.gz", file));
  EXPECT_EQ(d.error, "");
  EXPECT_TRUE(d.bytes == all);
}

TEST(ByteSource, ZstdSeveralFrames) {
  std::string a = Lines(5000, "x"), b = Lines(7, "y");
  Drained d = Drain(TempFile("frames.zst", Zstd(a) + Zstd(b) + Zstd(a)));
  EXPECT_EQ(d.compression, Compression::kZstd);
  EXPECT_EQ(d.error, "");
  EXPECT_EQ(d.bytes, a + b + a);
}

TEST(ByteSource, TruncatedGzipKeepsPrefixAndReportsError) {
  std::string a = Lines(100, "a"), b = Lines(4000, "b");
  std::string gz = Gzip(a) + Gzip(b);
  Drained d = Drain(TempFile("trunc.gz", gz.substr(0, gz.size() - 500)));
  EXPECT_EQ(d.error, "truncated gzip stream");
  EXPECT_EQ(d.bytes.substr(0, a.size()), a);
  EXPECT_LT(d.bytes.size(), a.size() + b.size());
}

TEST(ByteSource, TruncatedZstdReportsError) {
  std::string a = Lines(100, "a"), b = Lines(4000, "b");
  std::string z = Zstd(a) + Zstd(b);
  Drained d = Drain(TempFile("trunc.zst", z.substr(0, z.size() - 100)));
  EXPECT_EQ(d.error, "truncated zstd stream");
  EXPECT_EQ(d.bytes.substr(0, a.size()), a);
}

TEST(ByteSource, CorruptGzipReportsError) {
  std::string gz = Gzip(Lines(100, "a"));
  gz[20] ^= 0x55;
  gz[21] ^= 0x55;
  Drained d = Drain(TempFile("corrupt.gz", gz));
  EXPECT_NE(d.error, "");
}

// Decompressing on a worker thread, with any budget, gives the same bytes,
// the same error and the same end as reading the source directly.
TEST(ByteSource, DecompressAheadIsTheSameStream) {
  const std::string a = Lines(60000, "a"), b = Lines(30000, "b");  // several 1 MiB chunks
  const std::string gz = Gzip(a) + Gzip(b), z = Zstd(a) + Zstd(b);
  const std::vector<std::string> files = {
      TempFile("ahead.gz", gz), TempFile("ahead.zst", z),
      TempFile("ahead_cut.gz", gz.substr(0, gz.size() - 1000)),
      TempFile("ahead_cut.zst", z.substr(0, z.size() / 2)), TempFile("ahead.txt", a)};
  for (const std::string& f : files) {
    SCOPED_TRACE(f);
    const Drained direct = Drain(f);
    for (size_t budget : {size_t{1}, size_t{3} << 20, size_t{256} << 20}) {
      const Drained ahead = Drain(f, budget);
      EXPECT_EQ(ahead.bytes, direct.bytes);
      EXPECT_EQ(ahead.error, direct.error);
      EXPECT_EQ(ahead.compression, direct.compression);
    }
  }
  EXPECT_FALSE(Drain(files[2]).error.empty());
  // Dropped before the end, with the worker blocked on a full queue: no hang.
  std::string err;
  auto src = ByteSource::DecompressAhead(ByteSource::Open(files[0], &err), 1);
  char buf[100];
  ASSERT_GT(src->Read(buf, sizeof buf), 0u);
  src.reset();
}

// A decompressor that runs out of memory on its worker thread ends the
// stream with an error after the bytes it produced, instead of ending the
// process.
TEST(ByteSource, DecompressAheadWorkerFailureIsAnError) {
  class FailingSource : public ByteSource {
   public:
    FailingSource() : ByteSource(Compression::kGzip) {}
    size_t Read(char* dst, size_t n) override {
      if (calls_++ == 3) throw std::bad_alloc();
      std::memset(dst, 'a', n);
      return n;
    }

   private:
    int calls_ = 0;
  };
  auto src = ByteSource::DecompressAhead(std::make_unique<FailingSource>(), size_t{8} << 20);
  std::string got, buf(1 << 16, '\0');
  while (size_t n = src->Read(buf.data(), buf.size())) got.append(buf.data(), n);
  EXPECT_EQ(src->error().rfind("decompression failed: ", 0), 0u) << src->error();
  EXPECT_EQ(got.size() % (size_t{1} << 20), 0u);  // whole 1 MiB chunks made before the failure
  EXPECT_EQ(got.find_first_not_of('a'), std::string::npos);
}

TEST(ByteSource, MagicBytesDecideNotTheName) {
  Drained d = Drain(TempFile("plain.txt.gz", "just text\n"));
  EXPECT_EQ(d.compression, Compression::kNone);
  EXPECT_EQ(d.bytes, "just text\n");
  Drained e = Drain(TempFile("hidden.txt", Gzip("was compressed\n")));
  EXPECT_EQ(e.compression, Compression::kGzip);
  EXPECT_EQ(e.bytes, "was compressed\n");
  Drained empty = Drain(TempFile("empty.gz", ""));
  EXPECT_EQ(empty.bytes, "");
  EXPECT_EQ(empty.error, "");
}

TEST(ByteSource, OpenFailures) {
  std::string err;
  EXPECT_EQ(ByteSource::Open(::testing::TempDir() + "no/such/file", &err), nullptr);
  EXPECT_EQ(err, "No such file or directory");
  EXPECT_EQ(ByteSource::Open(::testing::TempDir(), &err), nullptr);
  EXPECT_EQ(err, "Is a directory");
}

TEST(ByteSourceStreamBuffer, LongLinesAreSkippedInBoundedMemory) {
  std::string big(3 * StreamBuffer::kChunk + 17, 'x');
  std::string path = TempFile("lines.txt", "short\n" + big + "\nafter\nlast");
  std::string err;
  StreamBuffer in(ByteSource::Open(path, &err));
  std::vector<std::string> got;
  size_t len, advance;
  bool too_long;
  while (NextLine(&in, 1000, &len, &advance, &too_long)) {
    got.push_back(too_long ? "<too long>" : std::string(in.window().substr(0, len)));
    EXPECT_LE(in.window().size(), 2 * StreamBuffer::kChunk + 1000);
    in.Consume(advance);
  }
  EXPECT_EQ(got, (std::vector<std::string>{"short", "<too long>", "after", "last"}));
  EXPECT_EQ(in.consumed(), 6 + big.size() + 1 + 6 + 4);
}

std::string JsonError(std::string_view line) {
  std::vector<JsonField> fields;
  winnow::JsonError err;
  if (ParseJsonObject(line, &fields, &err)) return "ok";
  return std::to_string(err.offset) + ": " + err.what;
}

std::string Unescape(std::string_view raw) {
  std::string out;
  AppendJsonUnescaped(raw, &out);
  return out;
}

TEST(ByteSourceJson, FieldsAreRawSlices) {
  std::vector<JsonField> f;
  winnow::JsonError err;
  ASSERT_TRUE(ParseJsonObject(R"( {"a" : [1, {"b":null}] ,"t":"x\"y", "n":-1.5e3} )", &f, &err));
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].key, "\"a\"");
  EXPECT_EQ(f[0].value, R"([1, {"b":null}])");
  EXPECT_EQ(f[0].type, JsonType::kArray);
  EXPECT_EQ(f[1].value, R"("x\"y")");
  EXPECT_EQ(f[2].value, "-1.5e3");
  EXPECT_EQ(f[2].type, JsonType::kNumber);
}

TEST(ByteSourceJson, StrictErrors) {
  EXPECT_EQ(JsonError(R"({"text": "abc)"), "9: unterminated string");
  EXPECT_EQ(JsonError(R"({"a":1} x)"), "8: trailing characters after object");
  EXPECT_EQ(JsonError(R"({"a":"\q"})"), "6: invalid escape");
  EXPECT_EQ(JsonError(R"({"a":"\ud800"})"), "6: lone surrogate escape");
  EXPECT_EQ(JsonError(R"({"a":"\udc00\ud800"})"), "6: lone surrogate escape");
  EXPECT_EQ(JsonError(R"({"a":01})"), "6: expected ',' or '}'");
  EXPECT_EQ(JsonError(R"({"a":tru})"), "5: invalid literal");
  EXPECT_EQ(JsonError(R"({"a":1,})"), "7: expected string key");
  EXPECT_EQ(JsonError(R"([1])"), "0: not a JSON object");
  EXPECT_EQ(JsonError(R"({"a" 1})"), "5: expected ':'");
  EXPECT_EQ(JsonError(R"({"a":[1 2]})"), "8: expected ',' or ']'");
  EXPECT_EQ(JsonError(""), "0: not a JSON object");
}

TEST(ByteSourceJson, DepthIsLimitedWithoutRecursion) {
  std::string ok = "{\"a\":" + std::string(255, '[') + std::string(255, ']') + "}";
  EXPECT_EQ(JsonError(ok), "ok");
  std::string deep = "{\"a\":" + std::string(256, '[') + std::string(256, ']') + "}";
  EXPECT_EQ(JsonError(deep), "260: nesting deeper than 256");
  std::string huge = "{\"a\":" + std::string(1 << 20, '[');
  EXPECT_NE(JsonError(huge), "ok");
}

TEST(ByteSourceJson, UnescapeDecodesEscapesAndPairs) {
  EXPECT_EQ(Unescape(R"("a\nb\"c\\d\/e\t\u00e9")"), "a\nb\"c\\d/e\t\xC3\xA9");
  EXPECT_EQ(Unescape(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(Unescape(R"("\u0000x")"), std::string("\0x", 2));
  EXPECT_TRUE(JsonKeyEquals(R"("te\u0078t")", "text"));
  EXPECT_FALSE(JsonKeyEquals(R"("texts")", "text"));
  // Invalid UTF-8 and raw control bytes inside strings are kept.
  EXPECT_EQ(JsonError("{\"a\":\"\xff\xfe\t\x01\"}"), "ok");
}

}  // namespace
}  // namespace winnow
