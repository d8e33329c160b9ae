// Progress line on stderr ("\r12,345 docs  812.4 MB  301.2 MB/s  41% ETA 0:52")
// while stderr is a terminal. Updated from the serial writer only; throttled
// to a few redraws per second.
#ifndef WINNOW_PIPELINE_PROGRESS_H_
#define WINNOW_PIPELINE_PROGRESS_H_

#include <chrono>
#include <cstdint>

namespace winnow {

class Progress {
 public:
  // total_compressed = sum of input file sizes (0 when unknown, e.g. stdin).
  void Start(bool enabled, uint64_t total_compressed);
  void Update(uint64_t docs, uint64_t bytes_in, uint64_t compressed_read);
  void Finish();

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_PROGRESS_H_
