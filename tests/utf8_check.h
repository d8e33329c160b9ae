// A test oracle shared by the unit tests and the fuzz targets: is a byte
// string well-formed UTF-8 (no overlongs, surrogates or code points past
// U+10FFFF)? Uses ICU's decoder, not the project's own.
#ifndef WINNOW_TESTS_UTF8_CHECK_H_
#define WINNOW_TESTS_UTF8_CHECK_H_

#include <unicode/utf8.h>

#include <cstdint>
#include <string_view>

namespace winnow::testing {

inline bool ValidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_UTF8_CHECK_H_
