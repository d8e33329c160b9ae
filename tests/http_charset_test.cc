#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "pipeline/input/charset.h"
#include "pipeline/input/html_record.h"
#include "pipeline/input/http.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

std::string Brotli(std::string_view s) {
  std::string out(BrotliEncoderMaxCompressedSize(s.size()) + 16, '\0');
  size_t n = out.size();
  EXPECT_TRUE(BrotliEncoderCompress(5, 22, BROTLI_MODE_TEXT, s.size(), reinterpret_cast<const uint8_t*>(s.data()),
                                    &n, reinterpret_cast<uint8_t*>(out.data())));
  out.resize(n);
  return out;
}

std::string Deflate(std::string_view s, int window_bits) {
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, s.size()) + 16, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  zs.avail_in = static_cast<uInt>(s.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Decode(const std::string& head, const std::string& body, HttpBody* r = nullptr) {
  std::string msg = head + "\r\n\r\n" + body;
  HttpHead h;
  EXPECT_TRUE(ParseHttpHead(msg, &h));
  std::string storage;
  std::string_view out;
  HttpBody local;
  if (!r) r = &local;
  if (!DecodeHttpBody(h, std::string_view(msg).substr(h.body_offset), 1 << 20, &storage, &out, r)) {
    return "ERROR: " + r->error;
  }
  return std::string(out);
}

const std::string kPage = "<html><body><p>Hello, world.</p></body></html>";

TEST(Http, StatusAndHeaders) {
  HttpHead h;
  std::string m = "HTTP/1.1 404 Not Found\r\nContent-Type: Text/HTML ; Charset=\"ISO-8859-1\"\r\n"
                  "Transfer-Encoding: chunked\r\ncontent-encoding:  gzip \r\n\r\nbody";
  ASSERT_TRUE(ParseHttpHead(m, &h));
  EXPECT_EQ(h.status, 404);
  EXPECT_EQ(h.media_type, "Text/HTML");
  EXPECT_EQ(h.charset, "ISO-8859-1");
  EXPECT_EQ(h.transfer_encoding, "chunked");
  EXPECT_EQ(h.content_encoding, "gzip");
  EXPECT_EQ(m.substr(h.body_offset), "body");
  EXPECT_FALSE(ParseHttpHead("GET / HTTP/1.1\r\n\r\n", &h));
  EXPECT_EQ(MediaKind("text/html"), "html");
  EXPECT_EQ(MediaKind("image/png"), "image");
  EXPECT_EQ(MediaKind("application/pdf"), "pdf");
  EXPECT_EQ(MediaKind("application/ld+json"), "json");
  EXPECT_EQ(MediaKind(""), "unknown");
}

TEST(Http, ChunkedGzipDeflateBrotli) {
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "5\r\n<html\r\n3;ext=1\r\n><p\r\n0\r\n\r\n"),
            "<html><p");
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", testing::Gzip(kPage)), kPage);
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: deflate", Deflate(kPage, 15)), kPage);
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: deflate", Deflate(kPage, -15)), kPage);
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: br", Brotli(kPage)), kPage);
  // Chunked, then gzip: chunk boundaries inside the compressed stream.
  std::string gz = testing::Gzip(kPage);
  char size_a[16], size_b[16];
  snprintf(size_a, sizeof size_a, "%zx", gz.size() / 2);
  snprintf(size_b, sizeof size_b, "%zx", gz.size() - gz.size() / 2);
  std::string chunked = std::string(size_a) + "\r\n" + gz.substr(0, gz.size() / 2) + "\r\n" + size_b + "\r\n" +
                        gz.substr(gz.size() / 2) + "\r\n0\r\n\r\n";
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip", chunked), kPage);
}

TEST(Http, LenientOnBrokenBodies) {
  // Declared chunked but stored de-chunked (as warcio's bad-non-chunked).
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", kPage), kPage);
  // Truncated chunked body: what arrived is kept.
  HttpBody r;
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked", "20\r\n<html><body>cut", &r), "<html><body>cut");
  EXPECT_TRUE(r.truncated);
  // Clipped gzip keeps its decoded prefix; garbage is an error.
  std::string big = kPage;
  for (int i = 0; i < 200; ++i) big += "<p>paragraph " + std::to_string(i) + "</p>";
  std::string gz = testing::Gzip(big);
  std::string clipped = Decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", gz.substr(0, gz.size() / 2), &r);
  EXPECT_TRUE(r.truncated);
  EXPECT_EQ(big.substr(0, clipped.size()), clipped);
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", "\x1f\x8b garbage garbage"),
            "ERROR: corrupt compressed body: unknown compression method");
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: compress", "xx").substr(0, 30), "ERROR: unknown Content-Encodin");
  // Stored decompressed under a gzip header: taken as it is.
  EXPECT_EQ(Decode("HTTP/1.1 200 OK\r\nContent-Encoding: gzip", kPage), kPage);
}

std::string Utf8Of(std::string_view bytes, std::string_view http_charset, CharsetSource* src) {
  std::string storage;
  std::string_view out;
  CharsetResult r;
  EXPECT_TRUE(DecodeToUtf8(bytes, http_charset, &storage, &out, &r)) << bytes;
  *src = r.source;
  return std::string(out);
}

TEST(Charset, OrderOfEvidence) {
  CharsetSource src;
  EXPECT_EQ(Utf8Of("\xEF\xBB\xBF<p>caf\xC3\xA9", "iso-8859-1", &src), "<p>caf\xC3\xA9");
  EXPECT_EQ(src, CharsetSource::kBom);
  EXPECT_EQ(Utf8Of("<p>caf\xE9", "iso-8859-1", &src), "<p>caf\xC3\xA9");
  EXPECT_EQ(src, CharsetSource::kHttp);
  EXPECT_EQ(Utf8Of("<meta charset=\"windows-1251\"><p>\xCF\xF0\xE8\xE2\xE5\xF2", "", &src),
            "<meta charset=\"windows-1251\"><p>\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  EXPECT_EQ(src, CharsetSource::kMeta);
  EXPECT_EQ(Utf8Of("<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'><p>\xE9", "", &src).substr(73),
            "\xC3\xA9");
  EXPECT_EQ(src, CharsetSource::kMeta);
  EXPECT_EQ(Utf8Of("<p>plain", "utf-16", &src), "<p>plain");
  EXPECT_EQ(src, CharsetSource::kAscii);
  // A page lying about its charset: declared Latin-1, valid UTF-8.
  EXPECT_EQ(Utf8Of("<p>caf\xC3\xA9 na\xC3\xAFve", "iso-8859-1", &src), "<p>caf\xC3\xA9 na\xC3\xAFve");
  EXPECT_EQ(src, CharsetSource::kUtf8Override);
  // Declared UTF-8, not UTF-8: detected.
  std::string latin = "<p>";
  for (int i = 0; i < 20; ++i) latin += "Le caf\xE9 est tr\xE8s bon et la cr\xE8me br\xFBl\xE9" "e aussi. ";
  Utf8Of(latin, "utf-8", &src);
  EXPECT_EQ(src, CharsetSource::kDetected);
  // NUL bytes never reach the parser.
  EXPECT_EQ(Utf8Of(std::string("<p>a\0b", 6), "", &src), "<p>a b");
}

// An undeclared page with a handful of non-ASCII bytes among thousands is
// read as windows-1252 without detection: its typographic apostrophe stays
// an apostrophe (ISO-8859-1 would make it a C1 control). With more
// evidence, or with a UTF-8 sequence among the bytes, detection decides.
TEST(Charset, SparseNonAsciiIsWindows1252) {
  std::string page = "<html><body>";
  for (int i = 0; i < 40; ++i) page += "<p>The committee met on Tuesday and agreed on the budget for next year.</p>\n";
  page += "<p>It doesn\x92t solve the problem, she said \x93today\x94.</p></body></html>";
  CharsetSource src;
  const std::string out = Utf8Of(page, "", &src);
  EXPECT_EQ(src, CharsetSource::kSparse);
  EXPECT_NE(out.find("doesn\xE2\x80\x99t solve the problem, she said \xE2\x80\x9Ctoday\xE2\x80\x9D."),
            std::string::npos);
  EXPECT_EQ(CharsetSourceName(src), "sparse-windows-1252");

  // The same page with Russian text in windows-1251: too many bytes to skip detection.
  std::string ru = page;
  for (int i = 0; i < 20; ++i) ru += "<p>\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0</p>";
  Utf8Of(ru, "", &src);
  EXPECT_EQ(src, CharsetSource::kDetected);

  // A UTF-8 sequence next to a stray byte: not a windows-1252 page for certain.
  std::string mixed = page + "<p>caf\xC3\xA9</p>";
  Utf8Of(mixed, "", &src);
  EXPECT_NE(src, CharsetSource::kSparse);
}

TEST(Charset, BinaryIsUndecodable) {
  std::string bin;
  for (int i = 0; i < 4000; ++i) bin.push_back(static_cast<char>((i * 7919) % 256));
  std::string utf8, body;
  std::string_view html;
  HtmlRecord rec;
  EXPECT_FALSE(DecodeHtmlRecord(bin, false, 1 << 20, &body, &utf8, &html, &rec));
  EXPECT_EQ(rec.reason, Reason::kUndecodable);
  EXPECT_FALSE(rec.error.empty());
}

TEST(Charset, MetaCharsetScan) {
  EXPECT_EQ(FindMetaCharset("<head><META CHARSET = 'Shift_JIS' />"), "Shift_JIS");
  EXPECT_EQ(FindMetaCharset("<meta name=x content=y><meta charset=gbk>"), "gbk");
  EXPECT_EQ(FindMetaCharset("<p>charset=utf-8</p>"), "");
}

}  // namespace
}  // namespace winnow
