#include "pipeline/progress.h"

#include <cstdio>

namespace winnow {

void Progress::Start(bool enabled) { enabled_ = enabled; }

void Progress::Phase(const char* name, uint64_t total_compressed) {
  phase_ = name;
  total_ = total_compressed;
  start_ = std::chrono::steady_clock::now();
  last_ = start_ - std::chrono::seconds(1);  // the phase's first update draws
}

void Progress::Update(uint64_t docs, uint64_t bytes_in, uint64_t compressed_read) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  double mb = bytes_in / 1e6;
  std::fprintf(stderr, "\r\033[K%s: %llu docs  %.1f MB  %.1f MB/s", phase_, (unsigned long long)docs, mb,
               secs > 0 ? mb / secs : 0.0);
  if (total_ > 0 && compressed_read > 0) {
    double frac = static_cast<double>(compressed_read) / total_;
    if (frac > 1) frac = 1;
    double eta = frac > 0 ? secs * (1 - frac) / frac : 0;
    std::fprintf(stderr, "  %3.0f%% ETA %d:%02d", frac * 100, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60);
  }
  drawn_ = true;
}

void Progress::Finish() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace winnow
