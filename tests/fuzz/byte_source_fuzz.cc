// libFuzzer target: ByteSource (plain / gzip / zstd by magic bytes) over
// arbitrary bytes, read in odd-sized pieces. Checks: no crash, Read never
// claims more than asked, reading after the end returns 0, and an error is
// only ever set once the stream ended; gzip input that zlib decodes without
// error (every member, nothing after the last) decodes to the same bytes
// without error. Output is capped so that a decompression bomb costs
// bounded time.
#include "tests/fuzz/fuzz_util.h"

#include <zlib.h>

#include <string>

namespace {

// zlib's reading of `data` as gzip members, one after another; false on any
// error or a cut. Gives up (false) past `cap` output bytes.
bool ZlibGunzip(const uint8_t* data, size_t size, size_t cap, std::string* out) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return false;
  zs.next_in = const_cast<Bytef*>(data);
  zs.avail_in = static_cast<uInt>(size);
  char buf[1 << 15];
  bool ok = false;
  while (out->size() <= cap) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) { ok = true; break; }
      inflateReset(&zs);
    } else if (rc != Z_OK) {
      break;  // an error, or Z_BUF_ERROR: cut short
    }
  }
  inflateEnd(&zs);
  return ok;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace winnow;
  int fd = fuzz::MemFile(std::string_view(reinterpret_cast<const char*>(data), size));
  if (fd < 0) return 0;
  std::unique_ptr<ByteSource> src = ByteSource::FromFd(fd, /*owned=*/true);
  std::string buf(65536, '\0'), got;
  size_t total = 0;
  size_t piece = 1 + (size > 0 ? data[size - 1] : 0) * 97 % 65535;
  for (;;) {
    size_t n = src->Read(buf.data(), piece);
    FUZZ_CHECK(n <= piece);
    if (n == 0) break;
    total += n;
    if (total > (64u << 20)) return 0;
    if (src->compression() == Compression::kGzip) got.append(buf.data(), n);
    piece = piece * 31 % 65535 + 1;
  }
  FUZZ_CHECK(src->Read(buf.data(), buf.size()) == 0);
  FUZZ_CHECK(src->compressed_bytes_read() <= size);
  if (src->compression() == Compression::kNone) FUZZ_CHECK(src->error().empty() && total == size);
  std::string want;
  if (src->compression() == Compression::kGzip && ZlibGunzip(data, size, 64u << 20, &want)) {
    FUZZ_CHECK(src->error().empty());
    FUZZ_CHECK(got == want);
  }
  return 0;
}
