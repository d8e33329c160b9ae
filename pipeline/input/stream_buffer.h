// StreamBuffer: a sliding window over a ByteSource, for the record readers.
// The window holds the bytes read and not yet consumed; it grows only as far
// as a caller asks (Fill), so its size is bounded by the largest record a
// reader accepts plus one read chunk, never by the size of the input.
//
// Views returned by window() stay valid until the next Fill or Consume.
// Not thread-safe.
#ifndef WINNOW_PIPELINE_INPUT_STREAM_BUFFER_H_
#define WINNOW_PIPELINE_INPUT_STREAM_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pipeline/input/byte_source.h"

namespace winnow {

class StreamBuffer {
 public:
  static constexpr size_t kChunk = 256 << 10;

  explicit StreamBuffer(std::unique_ptr<ByteSource> source);

  // Unconsumed bytes.
  std::string_view window() const { return std::string_view(buf_.data() + pos_, end_ - pos_); }
  // Reads until at least `want` bytes are in the window or the input ends.
  // Returns whether the window now holds `want` bytes.
  bool Fill(size_t want);
  // Reads one more chunk (at least one byte) unless the input ended.
  // Returns false at the end of the input.
  bool FillMore() { return Fill(end_ - pos_ + 1); }
  void Consume(size_t n) {
    pos_ += n;
    consumed_ += n;
  }

  // True once the source returned its last byte (the window may still hold
  // unconsumed bytes).
  bool eof() const { return eof_; }
  // Why the source stopped early; empty after a clean end.
  const std::string& error() const { return source_->error(); }
  // Decompressed bytes consumed so far.
  uint64_t consumed() const { return consumed_; }
  uint64_t compressed_bytes_read() const { return source_->compressed_bytes_read(); }

 private:
  std::unique_ptr<ByteSource> source_;
  std::string buf_;
  size_t pos_ = 0;
  size_t end_ = 0;
  bool eof_ = false;
  uint64_t consumed_ = 0;
};

// Finds the next line in `in`: on return *len is the line length without its
// '\n' and *advance the bytes to consume (including the '\n'). Lines longer
// than `max` are not buffered: they are skipped in bounded memory and
// reported with *too_long set (then *len is meaningless). Returns false when
// the input has no more bytes. A final line without '\n' is returned as is.
bool NextLine(StreamBuffer* in, size_t max, size_t* len, size_t* advance, bool* too_long);

// Consumes bytes up to (not including) the next line that starts with
// `prefix`, or to the end of the input. At most one chunk of lookahead is
// buffered. Returns the number of bytes skipped.
uint64_t SkipToLineStart(StreamBuffer* in, std::string_view prefix);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_STREAM_BUFFER_H_
