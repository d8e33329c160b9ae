// Reads the run's input files one after another into batches, numbering
// batches (seq) and documents (ordinal) in input order. Used only by the
// pipeline's serial read filter; not thread-safe.
#ifndef WINNOW_PIPELINE_INPUT_INPUT_STREAM_H_
#define WINNOW_PIPELINE_INPUT_INPUT_STREAM_H_

#include <atomic>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/document.h"
#include "pipeline/input/reader.h"

namespace winnow {

class InputStream {
 public:
  // `files` must outlive the stream.
  InputStream(const std::vector<InputFile>* files, const ReaderOptions& options,
              size_t batch_bytes);

  // Appends the next documents (about batch_bytes of text) to *batch, which
  // must be empty. Returns false when every file is exhausted.
  bool Fill(Batch* batch);

  // Files that could not be opened ("PATH: reason"), in order.
  const std::vector<std::string>& errors() const { return errors_; }
  uint64_t skipped_records() const { return skipped_done_ + (reader_ ? reader_->skipped_records() : 0); }
  // The same by kind (SkipKind).
  SkipCounts skip_counts() const {
    SkipCounts c = skip_counts_done_;
    if (reader_) {
      for (size_t i = 0; i < c.size(); ++i) c[i] += reader_->skip_counts()[i];
    }
    return c;
  }
  // Input bytes read after the last document (records skipped at the end
  // of the input), which no batch carries.
  uint64_t trailing_bytes() const { return trailing_bytes_; }
  // Numbers documents from `first` on (default 0): a process that reads a
  // later share of a distributed run's inputs (pipeline/dist/).
  void set_first_ordinal(uint64_t first) { ordinal_ = first; }
  // The ordinal the next document gets.
  uint64_t next_ordinal() const { return ordinal_; }
  // Compressed bytes consumed so far, readable from any thread (progress).
  uint64_t compressed_bytes() const { return compressed_.load(std::memory_order_relaxed); }

 private:
  const std::vector<InputFile>* files_;
  ReaderOptions options_;
  size_t batch_bytes_;
  size_t next_file_ = 0;
  // Opens the next file onto ahead_ (an open error is kept there, to be
  // reported in file order).
  void OpenNext();
  // Opens regular files until options_.open_ahead wait in ahead_.
  void OpenAhead();
  struct Opened {
    std::unique_ptr<Reader> reader;  // null when the file could not be opened
    std::string error;
  };
  std::deque<Opened> ahead_;  // opened files, in order, not yet read
  std::unique_ptr<Reader> reader_;
  uint64_t seq_ = 0;
  uint64_t ordinal_ = 0;
  uint64_t trailing_bytes_ = 0;
  uint64_t skipped_done_ = 0;
  SkipCounts skip_counts_done_{};
  uint64_t compressed_done_ = 0;
  std::atomic<uint64_t> compressed_{0};
  std::vector<std::string> errors_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_INPUT_STREAM_H_
