// Output files. A path of "-" (or empty) is stdout; anything else is written
// under a temporary name beside the target ("PATH.tmp-PID") and renamed into
// place by Commit(), so an interrupted run never leaves a partial file under
// the final name. Compression is chosen by extension: ".gz" or ".zst".
//
// Compression is done by Compress() on caller threads (the pipeline's
// parallel format filter compresses each batch into its own gzip member or
// zstd frame; concatenated members/frames are valid streams), so Write() only
// moves bytes. Not thread-safe: one writer thread at a time.
#ifndef WINNOW_PIPELINE_OUTPUT_H_
#define WINNOW_PIPELINE_OUTPUT_H_

#include <cstdio>
#include <string>
#include <string_view>

#include "pipeline/input/byte_source.h"  // Compression

namespace winnow {

// Compression implied by a path's extension.
Compression CompressionForPath(std::string_view path);

// Appends `in` compressed as one complete gzip member / zstd frame to *out.
// kNone appends `in` unchanged. Thread-safe.
void Compress(Compression c, std::string_view in, std::string* out);

class OutputFile {
 public:
  OutputFile() = default;
  ~OutputFile();  // aborts (removes the temporary) unless committed
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Opens `path` for writing. Returns false and sets *error on failure.
  bool Open(const std::string& path, std::string* error);
  bool is_open() const { return file_ != nullptr; }
  bool is_stdout() const { return is_stdout_; }
  Compression compression() const { return compression_; }
  const std::string& path() const { return path_; }

  // Writes bytes (already compressed if compression() != kNone). Returns
  // false and sets *error on failure (disk full, closed pipe).
  bool Write(std::string_view bytes, std::string* error);
  // Flushes, closes and renames the temporary into place: Close() then
  // Publish().
  bool Commit(std::string* error);
  // Commit in two steps, for outputs that appear only when others succeeded
  // too (the parts of a multi-rank run): Close flushes and closes, keeping
  // the temporary (removed by Abort, or on failure); Publish renames it into
  // place.
  bool Close(std::string* error);
  bool Publish(std::string* error);
  // Where the bytes are: the temporary until published ("" for stdout and
  // devices).
  const std::string& temp_path() const { return temp_; }
  // Closes and removes the temporary. Safe to call more than once.
  void Abort();

 private:
  std::FILE* file_ = nullptr;
  bool is_stdout_ = false;
  Compression compression_ = Compression::kNone;
  std::string path_;
  std::string temp_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_OUTPUT_H_
