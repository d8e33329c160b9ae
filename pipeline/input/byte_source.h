// A ByteSource yields the decompressed bytes of one input (a file or stdin).
// Compression is found from the first bytes of the file, never from its name:
// gzip (1f 8b, including concatenated members as in .warc.gz), zstd
// (28 b5 2f fd, any number of frames), otherwise the bytes are passed through.
//
// Errors never throw. A failed or truncated stream ends like a clean one
// (Read returns 0) and error() then says why, e.g. "truncated gzip stream";
// everything decoded before the damage has already been returned.
//
// Memory is bounded: one fixed input buffer plus the decompressor state,
// whatever the size of the input (plus DecompressAhead's budget). Not
// thread-safe; one reader at a time.
#ifndef WINNOW_PIPELINE_INPUT_BYTE_SOURCE_H_
#define WINNOW_PIPELINE_INPUT_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace winnow {

enum class Compression : uint8_t { kNone = 0, kGzip, kZstd };

// The compression named by the magic bytes at the start of `head`.
Compression DetectCompression(std::string_view head);

class ByteSource {
 public:
  // Opens `path` ("-" is stdin, which is never closed). On failure returns
  // nullptr and sets *error to the reason (strerror text, "Is a directory").
  static std::unique_ptr<ByteSource> Open(const std::string& path, std::string* error);
  // Reads from an already open descriptor; takes ownership when `owned`.
  static std::unique_ptr<ByteSource> FromFd(int fd, bool owned);
  // Decompresses `inner` on a thread of its own, up to `budget` bytes ahead
  // of Read, so that decompression overlaps the caller's work (and other
  // files' decompression). Returns `inner` itself when it is not compressed
  // or budget is 0. Same bytes, same errors, same end.
  static std::unique_ptr<ByteSource> DecompressAhead(std::unique_ptr<ByteSource> inner,
                                                     size_t budget);

  virtual ~ByteSource() = default;
  ByteSource(const ByteSource&) = delete;
  ByteSource& operator=(const ByteSource&) = delete;

  // Writes up to `n` decompressed bytes to `dst` and returns how many; 0
  // means the stream ended (check error()). Blocks until at least one byte
  // is available or the stream ends.
  virtual size_t Read(char* dst, size_t n) = 0;

  // Empty while the stream is healthy and after a clean end; otherwise the
  // reason the stream stopped ("truncated gzip stream", "corrupt zstd
  // stream: ...", "read error: ...").
  const std::string& error() const { return error_; }
  Compression compression() const { return compression_; }
  // Bytes read from the file so far (compressed).
  uint64_t compressed_bytes_read() const { return compressed_bytes_read_; }

 protected:
  explicit ByteSource(Compression c) : compression_(c) {}
  std::string error_;
  Compression compression_;
  uint64_t compressed_bytes_read_ = 0;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_BYTE_SOURCE_H_
