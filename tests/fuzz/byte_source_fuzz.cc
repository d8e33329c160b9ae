// libFuzzer target: ByteSource (plain / gzip / zstd by magic bytes) over
// arbitrary bytes, read in odd-sized pieces. Checks: no crash, Read never
// claims more than asked, reading after the end returns 0, and an error is
// only ever set once the stream ended. Output is capped so that a
// decompression bomb costs bounded time.
#include "tests/fuzz/fuzz_util.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace winnow;
  int fd = fuzz::MemFile(std::string_view(reinterpret_cast<const char*>(data), size));
  if (fd < 0) return 0;
  std::unique_ptr<ByteSource> src = ByteSource::FromFd(fd, /*owned=*/true);
  std::string buf(65536, '\0');
  size_t total = 0;
  size_t piece = 1 + (size > 0 ? data[size - 1] : 0) * 97 % 65535;
  for (;;) {
    size_t n = src->Read(buf.data(), piece);
    FUZZ_CHECK(n <= piece);
    if (n == 0) break;
    total += n;
    if (total > (64u << 20)) return 0;
    piece = piece * 31 % 65535 + 1;
  }
  FUZZ_CHECK(src->Read(buf.data(), buf.size()) == 0);
  FUZZ_CHECK(src->compressed_bytes_read() <= size);
  if (src->compression() == Compression::kNone) FUZZ_CHECK(src->error().empty() && total == size);
  return 0;
}
