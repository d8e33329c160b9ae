#include "pipeline/input_stream.h"

namespace winnow {

InputStream::InputStream(const std::vector<InputFile>* files, const ReaderOptions& options,
                         size_t batch_bytes)
    : files_(files), options_(options), batch_bytes_(batch_bytes) {}

bool InputStream::Fill(Batch* batch) {
  batch->seq = seq_;
  while (batch->raw.size() < batch_bytes_) {
    if (!reader_) {
      if (next_file_ >= files_->size()) break;
      const uint32_t index = static_cast<uint32_t>(next_file_++);
      std::string error;
      reader_ = OpenReader((*files_)[index], index, options_, &error);
      if (!reader_) {
        errors_.push_back(error);
        continue;
      }
    }
    const size_t before = batch->docs.size();
    const bool more = reader_->Next(batch, batch_bytes_ - batch->raw.size());
    compressed_.store(compressed_done_ + reader_->compressed_bytes_read(), std::memory_order_relaxed);
    if (!more || batch->docs.size() == before) {
      if (!more) {
        skipped_done_ += reader_->skipped_records();
        compressed_done_ += reader_->compressed_bytes_read();
        reader_.reset();
      }
    }
  }
  for (Document& d : batch->docs) d.ordinal = ordinal_++;
  if (batch->docs.empty()) return false;
  ++seq_;
  return true;
}

}  // namespace winnow
