// Decoding an HTML page to UTF-8: which charset (a byte-order mark, then the
// HTTP Content-Type charset, then <meta charset> / http-equiv in the first
// 8 KiB, then ICU's charset detection), and the conversion (ICU ucnv).
// Thread-safe (per-thread ICU detector and converters).
//
// A declaration that the bytes contradict is not followed: bytes that are
// valid UTF-8 with non-ASCII characters are read as UTF-8 whatever a legacy
// single-byte or CJK declaration says (kUtf8Override), and a page declared
// UTF-8 that is not is detected instead.
#ifndef WINNOW_PIPELINE_INPUT_CHARSET_H_
#define WINNOW_PIPELINE_INPUT_CHARSET_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace winnow {

// What decided a page's charset. Stable names (CharsetSourceName) for stats.
enum class CharsetSource : uint8_t {
  kAscii = 0,      // only ASCII bytes: any declaration reads the same
  kBom,
  kHttp,
  kMeta,
  kUtf8Override,   // declared otherwise, valid UTF-8 read as UTF-8
  kUtf8Valid,      // undeclared and valid UTF-8
  kDetected,       // ICU charset detection
  kFallback,       // nothing worked: windows-1252
  kSparse,         // too few non-ASCII bytes to detect from: windows-1252
  kCount
};
std::string_view CharsetSourceName(CharsetSource s);

// The charset named in a <meta charset=...> or <meta http-equiv
// content="...; charset=..."> within the first `limit` bytes; empty if none.
std::string_view FindMetaCharset(std::string_view html, size_t limit = 8192);

struct CharsetResult {
  CharsetSource source = CharsetSource::kAscii;
  std::string name;           // the charset used ("UTF-8", "windows-1251", ...)
  uint32_t replaced = 0;      // bytes that did not decode (became U+FFFD)
};

// Decodes `bytes` to UTF-8 (NUL bytes become spaces) into *utf8: `bytes`
// itself when it is ASCII or UTF-8 already (no BOM, no NUL byte), else
// *storage (overwritten). Returns false when the page cannot be decoded:
// more than a tenth of it does not decode in any charset tried (binary
// data).
bool DecodeToUtf8(std::string_view bytes, std::string_view http_charset, std::string* storage,
                  std::string_view* utf8, CharsetResult* result);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_CHARSET_H_
