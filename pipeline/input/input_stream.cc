#include "pipeline/input/input_stream.h"

#include <algorithm>

namespace winnow {

InputStream::InputStream(const std::vector<InputFile>* files, const ReaderOptions& options,
                         size_t batch_bytes)
    : files_(files), options_(options), batch_bytes_(batch_bytes) {}

void InputStream::OpenNext() {
  const uint32_t index = static_cast<uint32_t>(next_file_++);
  Opened o;
  o.reader = OpenReader((*files_)[index], index, options_, &o.error);
  ahead_.push_back(std::move(o));
}

void InputStream::OpenAhead() {
  while (ahead_.size() < static_cast<size_t>(std::max(options_.open_ahead, 0)) &&
         next_file_ < files_->size()) {
    // Only regular files: opening stdin or a FIFO early would wait for its
    // first bytes while this file is being read.
    if (!(*files_)[next_file_].regular) break;
    OpenNext();
  }
}

bool InputStream::Fill(Batch* batch) {
  batch->seq = seq_;
  while (batch->raw.size() < batch_bytes_) {
    if (!reader_) {
      if (ahead_.empty()) {
        if (next_file_ >= files_->size()) break;
        OpenNext();
      }
      Opened next = std::move(ahead_.front());
      ahead_.pop_front();
      OpenAhead();  // keep the next files decompressing while this one is read
      if (!next.reader) {
        errors_.push_back(next.error);  // reported in file order
        continue;
      }
      reader_ = std::move(next.reader);
    }
    const size_t before = batch->docs.size();
    const bool more = reader_->Next(batch, batch_bytes_ - batch->raw.size());
    compressed_.store(compressed_done_ + reader_->compressed_bytes_read(), std::memory_order_relaxed);
    if (!more || batch->docs.size() == before) {
      if (!more) {
        skipped_done_ += reader_->skipped_records();
        for (size_t i = 0; i < skip_counts_done_.size(); ++i) skip_counts_done_[i] += reader_->skip_counts()[i];
        compressed_done_ += reader_->compressed_bytes_read();
        reader_.reset();
      }
    }
  }
  for (Document& d : batch->docs) d.ordinal = ordinal_++;
  if (batch->docs.empty()) {
    // The input ended in records that became no document (skipped ones):
    // their bytes were read all the same.
    trailing_bytes_ += batch->bytes_in;
    batch->bytes_in = 0;
    return false;
  }
  ++seq_;
  return true;
}

}  // namespace winnow
