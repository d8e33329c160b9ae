// Pieces shared by the format readers (text, JSONL, WARC) behind
// pipeline/input/reader.h. Internal to pipeline/: not part of the public API.
//
// Every helper appends to the batch (Batch::raw and Batch::docs); spans are
// recorded before later appends, so reallocation of raw is harmless.
#ifndef WINNOW_PIPELINE_INPUT_READER_INTERNAL_H_
#define WINNOW_PIPELINE_INPUT_READER_INTERNAL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "pipeline/input/reader.h"
#include "pipeline/input/stream_buffer.h"

namespace winnow {

// What a format reader is built from. The reader owns `in`.
struct ReaderInput {
  std::unique_ptr<StreamBuffer> in;
  uint32_t file = 0;
  std::string display;
  ReaderOptions options;
};

std::unique_ptr<Reader> NewTextReader(ReaderInput input);
std::unique_ptr<Reader> NewJsonlReader(ReaderInput input);
std::unique_ptr<Reader> NewWarcReader(ReaderInput input);
std::unique_ptr<Reader> NewHtmlFileReader(ReaderInput input);

// "64 MiB", "3 KiB" or "1000 bytes": the size limit as people write it.
std::string FormatByteLimit(size_t bytes);

// Appends "<display>:<record>" to raw and returns its span.
Span AppendGeneratedId(Batch* batch, std::string_view display, uint64_t record);

// Appends a rejected document. `id` is used when non-empty, otherwise a
// generated id; `why` (the detail, e.g. "invalid JSON at byte 12: ...") is
// copied into raw, `reason` is what stats count it under.
void AppendRejected(Batch* batch, uint32_t file, uint64_t record, Span id,
                    std::string_view display, Reason reason, std::string_view why);

// Base for the readers: the stream, the counters and the Next loop. A
// subclass implements Step, which reads one record (or skips input) and
// returns false once the input is exhausted.
class StreamReader : public Reader {
 public:
  explicit StreamReader(ReaderInput input) : input_(std::move(input)) {}

  bool Next(Batch* batch, size_t target_bytes) final;
  uint64_t compressed_bytes_read() const final { return in()->compressed_bytes_read(); }
  uint64_t skipped_records() const final { return skipped_; }
  const SkipCounts& skip_counts() const final { return skip_counts_; }

 protected:
  virtual bool Step(Batch* batch) = 0;

  StreamBuffer* in() const { return input_.in.get(); }
  const ReaderOptions& options() const { return input_.options; }
  const std::string& display() const { return input_.display; }
  uint32_t file() const { return input_.file; }
  void Reject(Batch* batch, uint64_t record, Span id, Reason reason, std::string_view why) {
    AppendRejected(batch, file(), record, id, display(), reason, why);
  }
  // When the stream stopped on an error, appends one rejected document for
  // it (once) at `record`, with `id` when known.
  void RejectStreamError(Batch* batch, uint64_t record, Span id = Span{});

  void Skip(SkipKind kind) {
    ++skipped_;
    ++skip_counts_[static_cast<size_t>(kind)];
  }

  uint64_t skipped_ = 0;
  SkipCounts skip_counts_{};

 private:
  ReaderInput input_;
  bool done_ = false;
  bool stream_error_reported_ = false;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_READER_INTERNAL_H_
