// Helpers shared by the libFuzzer targets in tests/fuzz (each *_fuzz.cc is
// its own binary; see the `fuzz` CMake preset).
#ifndef WINNOW_TESTS_FUZZ_FUZZ_UTIL_H_
#define WINNOW_TESTS_FUZZ_FUZZ_UTIL_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "pipeline/input/byte_source.h"
#include "pipeline/input/reader_internal.h"
#include "pipeline/input/stream_buffer.h"
#include "tests/utf8_check.h"

namespace winnow::fuzz {

#define FUZZ_CHECK(cond)                                                    \
  do {                                                                      \
    if (!(cond)) {                                                          \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                         \
    }                                                                       \
  } while (0)

// An in-memory file holding `data`, positioned at 0, for the readers' fd
// path (ByteSource::FromFd). Returns -1 on failure.
inline int MemFile(std::string_view data) {
  int fd = ::memfd_create("fuzz-input", MFD_CLOEXEC);
  if (fd < 0) return -1;
  size_t off = 0;
  while (off < data.size()) {
    ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) {
      ::close(fd);
      return -1;
    }
    off += static_cast<size_t>(n);
  }
  ::lseek(fd, 0, SEEK_SET);
  return fd;
}

using testing::ValidUtf8;

inline bool SpanInside(Span s, const std::string& buf) {
  return static_cast<uint64_t>(s.off) + s.len <= buf.size();
}

using ReaderFactory = std::unique_ptr<Reader> (*)(ReaderInput);

// Runs one reader over `data` until it is exhausted, checking that every
// document's spans lie inside the batch and that records are numbered in
// order. (Next may return true with no documents: skipped input.)
// The first byte picks the record limit (small limits reach the too-large
// paths) and the batch target.
inline void RunReader(ReaderFactory make, const uint8_t* data, size_t size) {
  if (size == 0) return;
  const uint8_t knob = data[0];
  std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  int fd = MemFile(bytes);
  if (fd < 0) return;
  ReaderInput input;
  input.in = std::make_unique<StreamBuffer>(ByteSource::FromFd(fd, /*owned=*/true));
  input.display = "fuzz";
  const size_t max_record = (knob & 0x80) ? (size_t{64} << (knob & 0x0F)) : (size_t{64} << 20);
  input.options.max_record_bytes = max_record;
  std::unique_ptr<Reader> reader = make(std::move(input));
  const size_t target = size_t{1} << (6 + ((knob >> 4) & 0x7));
  Batch batch;
  uint64_t last_record = 0;
  for (int rounds = 0; rounds < 1000000; ++rounds) {
    batch.Clear();
    if (!reader->Next(&batch, target)) break;
    for (const Document& d : batch.docs) {
      FUZZ_CHECK(SpanInside(d.id, batch.raw));
      FUZZ_CHECK(SpanInside(d.url, batch.raw));
      FUZZ_CHECK(SpanInside(d.text, batch.raw));
      FUZZ_CHECK(SpanInside(d.extra, batch.raw));
      FUZZ_CHECK(SpanInside(d.error, batch.raw));
      FUZZ_CHECK(d.record >= 1);
      FUZZ_CHECK(d.record >= last_record);
      last_record = d.record;
      if (d.fate == Fate::kRejected) {
        FUZZ_CHECK(d.error.len > 0);
      } else {
        FUZZ_CHECK(d.fate == Fate::kPending);
        FUZZ_CHECK(d.text.len <= max_record);
      }
    }
  }
  // After the end, the reader stays ended.
  batch.Clear();
  FUZZ_CHECK(!reader->Next(&batch, target));
}

}  // namespace winnow::fuzz

#endif  // WINNOW_TESTS_FUZZ_FUZZ_UTIL_H_
