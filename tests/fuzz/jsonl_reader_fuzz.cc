// libFuzzer target: the jsonl reader over arbitrary bytes (plain, or gzip/zstd
// when the bytes start with their magic). The first byte picks the record
// limit and batch size. Checks: no crash, no hang, every span inside its
// batch, records numbered in order, rejected records carry a reason.
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  winnow::fuzz::RunReader(&winnow::NewJsonlReader, data, size);
  return 0;
}
