// Progress line on stderr while stderr is a terminal, one phase at a time:
// "\rcounting template lines: 12,345 docs  812.4 MB  301.2 MB/s  41% ETA 0:52"
// then "\rcleaning: ...". Each phase has its own rate and ETA. Updated from
// the serial filters only; throttled to a few redraws per second, the first
// update of a phase drawn at once.
#ifndef WINNOW_PIPELINE_PROGRESS_H_
#define WINNOW_PIPELINE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace winnow {

class Progress {
 public:
  void Start(bool enabled);
  // Starts a phase named `name` over `total_compressed` input bytes (the sum
  // of the input file sizes; 0 when unknown, e.g. stdin: no ETA).
  void Phase(const char* name, uint64_t total_compressed);
  void Update(uint64_t docs, uint64_t bytes_in, uint64_t compressed_read);
  void Finish();

 private:
  bool enabled_ = false;
  bool drawn_ = false;
  const char* phase_ = "";
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_PROGRESS_H_
