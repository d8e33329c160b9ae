#include "pipeline/input/charset.h"

#include <strings.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "stages/utf8.h"
#include "stages/string_room.h"

namespace winnow {
namespace {

bool StartsNoCase(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && strncasecmp(s.data(), p.data(), p.size()) == 0;
}

bool IsUtf8Name(std::string_view n) {
  return StartsNoCase(n, "utf-8") ? n.size() == 5 : StartsNoCase(n, "utf8") && n.size() == 4;
}

// UTF-16/32 declarations on a page that decodes as an ASCII-compatible one
// are always wrong (a page's <meta> is read as ASCII, so it cannot be UTF-16).
bool IsWideName(std::string_view n) { return StartsNoCase(n, "utf-16") || StartsNoCase(n, "utf-32"); }

struct DetectorDeleter {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};

// ICU's best guess for `bytes`; empty when it has none.
std::string Detect(std::string_view bytes) {
  thread_local std::unique_ptr<UCharsetDetector, DetectorDeleter> det;
  UErrorCode err = U_ZERO_ERROR;
  if (!det) {
    det.reset(ucsdet_open(&err));
    if (U_FAILURE(err)) return {};
    ucsdet_enableInputFilter(det.get(), true);  // skip markup
  }
  err = U_ZERO_ERROR;
  const size_t n = std::min<size_t>(bytes.size(), 64 * 1024);
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(n), &err);
  const UCharsetMatch* m = ucsdet_detect(det.get(), &err);
  if (U_FAILURE(err) || !m) return {};
  const char* name = ucsdet_getName(m, &err);
  return U_SUCCESS(err) && name ? std::string(name) : std::string();
}

// Converts with ICU; false when `name` is unknown to ICU. Counts U+FFFD
// substitutions in *replaced.
bool Convert(std::string_view bytes, const std::string& name, std::string* out, uint32_t* replaced) {
  UErrorCode err = U_ZERO_ERROR;
  UConverter* from = ucnv_open(name.c_str(), &err);
  if (U_FAILURE(err) || !from) return false;
  err = U_ZERO_ERROR;
  UConverter* to = ucnv_open("UTF-8", &err);
  if (U_FAILURE(err)) {
    ucnv_close(from);
    return false;
  }
  const size_t start = out->size();
  // UTF-8 output is at most 3 bytes per input byte for these charsets
  // (4 for a 4-byte sequence from 4 input bytes, or a surrogate pair).
  ResizeForOverwrite(out, start + bytes.size() * 3 + 16);
  char* target = out->data() + start;
  const char* source = bytes.data();
  UChar pivot[1024];
  UChar* ps = pivot;
  UChar* pt = pivot;
  err = U_ZERO_ERROR;
  ucnv_convertEx(to, from, &target, out->data() + out->size(), &source, bytes.data() + bytes.size(),
                 pivot, &ps, &pt, pivot + 1024, true, true, &err);
  ucnv_close(from);
  ucnv_close(to);
  if (U_FAILURE(err)) {
    out->resize(start);
    return false;
  }
  out->resize(static_cast<size_t>(target - out->data()));
  uint32_t fffd = 0;
  std::string_view res = std::string_view(*out).substr(start);
  for (size_t p = res.find("\xEF\xBF\xBD"); p != std::string_view::npos; p = res.find("\xEF\xBF\xBD", p + 3)) {
    ++fffd;
  }
  *replaced = fffd;
  return true;
}

// Appends valid-or-not UTF-8 as it is, ill-formed bytes replaced by U+FFFD.
uint32_t AppendUtf8(std::string_view bytes, std::string* out) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t n = bytes.size();
  if (utf8::CountIllFormed(s, n) == 0) {
    out->append(bytes);
    return 0;
  }
  uint32_t bad = 0;
  size_t i = 0;
  while (i < n) {
    const size_t start = i;
    if (utf8::Next(s, &i, n) < 0) {
      out->append("\xEF\xBF\xBD");
      ++bad;
    } else {
      out->append(bytes.substr(start, i - start));
    }
  }
  return bad;
}

void NulToSpace(std::string* out, size_t from) {
  for (size_t p = out->find('\0', from); p != std::string::npos; p = out->find('\0', p + 1)) (*out)[p] = ' ';
}

// Whether a page that is not UTF-8 has too little to detect a charset from:
// fewer than one byte in kSparseOneIn above 0x7F (from `from` on), none of
// them part of a well-formed UTF-8 sequence. Such a page is English-like
// text with a few typographic quotes, dashes or accented letters, and
// detectors guess among the single-byte charsets from a handful of bytes
// (ICU often says ISO-8859-1, whose C1 controls then drop the page's
// apostrophes and quotes: "doesnt"). windows-1252 is what the web means by
// an undeclared Western page (the WHATWG encoding standard's default).
constexpr size_t kSparseOneIn = 1000;
bool SparseNonUtf8(const uint8_t* s, size_t n, size_t from) {
  size_t high = 0;
  for (size_t i = from; i < n;) {
    i += utf8::FindNonAscii(s + i, n - i);
    while (i < n && s[i] >= 0x80) {
      if (++high * kSparseOneIn >= n) return false;
      const size_t at = i;
      if (utf8::Next(s, &i, n) >= 0 && i - at > 1) return false;  // a UTF-8 sequence
    }
  }
  return true;
}

bool TooDamaged(uint32_t replaced, size_t bytes) { return replaced >= 16 && uint64_t{replaced} * 10 > bytes; }

}  // namespace

std::string_view CharsetSourceName(CharsetSource s) {
  switch (s) {
    case CharsetSource::kAscii: return "ascii";
    case CharsetSource::kBom: return "bom";
    case CharsetSource::kHttp: return "http";
    case CharsetSource::kMeta: return "meta";
    case CharsetSource::kUtf8Override: return "utf8-over-declared";
    case CharsetSource::kUtf8Valid: return "utf8-undeclared";
    case CharsetSource::kDetected: return "detected";
    case CharsetSource::kFallback: return "fallback";
    case CharsetSource::kSparse: return "sparse-windows-1252";
    case CharsetSource::kCount: break;
  }
  return "?";
}

std::string_view FindMetaCharset(std::string_view html, size_t limit) {
  html = html.substr(0, limit);
  for (size_t m = 0; (m = html.find('<', m)) != std::string_view::npos; ++m) {
    if (!StartsNoCase(html.substr(m), "<meta")) continue;
    size_t end = html.find('>', m);
    std::string_view tag = html.substr(m, end == std::string_view::npos ? html.size() - m : end - m);
    for (size_t c = 0; c + 7 <= tag.size(); ++c) {
      if (!StartsNoCase(tag.substr(c), "charset")) continue;
      size_t i = c + 7;
      while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t')) ++i;
      if (i >= tag.size() || tag[i] != '=') continue;
      ++i;
      while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '"' || tag[i] == '\'')) ++i;
      size_t j = i;
      while (j < tag.size() && tag[j] != '"' && tag[j] != '\'' && tag[j] != ';' && tag[j] != ' ' &&
             tag[j] != '/' && tag[j] != '>') {
        ++j;
      }
      if (j > i && j - i < 40) return tag.substr(i, j - i);
    }
  }
  return {};
}

namespace {

// DecodeToUtf8 into *out (appended), except text that needs no change
// (ASCII, or valid UTF-8 without a BOM, and no NUL byte): not copied,
// *in_place is set to `bytes` instead.
bool DecodeAppend(std::string_view bytes, std::string_view http_charset, std::string* out, CharsetResult* r,
                  std::string_view* in_place) {
  *r = CharsetResult();
  auto as_is = [&] {
    if (std::memchr(bytes.data(), 0, bytes.size()) == nullptr) {
      *in_place = bytes;
    } else {
      const size_t at = out->size();
      out->append(bytes);
      NulToSpace(out, at);
    }
    return true;
  };
  const size_t start = out->size();
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  // Byte-order marks.
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    r->source = CharsetSource::kBom;
    r->name = "UTF-8";
    r->replaced = AppendUtf8(bytes.substr(3), out);
    NulToSpace(out, start);
    return !TooDamaged(r->replaced, bytes.size());
  }
  if (bytes.size() >= 2 && ((s[0] == 0xFE && s[1] == 0xFF) || (s[0] == 0xFF && s[1] == 0xFE))) {
    r->source = CharsetSource::kBom;
    r->name = s[0] == 0xFE ? "UTF-16BE" : "UTF-16LE";
    if (Convert(bytes.substr(2), r->name, out, &r->replaced)) {
      NulToSpace(out, start);
      return !TooDamaged(r->replaced, bytes.size() / 2);
    }
  }
  const size_t first_non_ascii = utf8::FindNonAscii(s, bytes.size());
  if (first_non_ascii == bytes.size()) {
    r->source = CharsetSource::kAscii;
    r->name = "US-ASCII";
    return as_is();
  }
  const bool valid_utf8 = utf8::CountIllFormed(s, bytes.size()) == 0;
  std::string_view declared = http_charset;
  CharsetSource source = CharsetSource::kHttp;
  std::string_view meta;
  if (declared.empty() || IsWideName(declared)) {
    meta = FindMetaCharset(bytes);
    declared = meta;
    source = CharsetSource::kMeta;
  }
  if (IsWideName(declared)) declared = {};
  if (valid_utf8) {
    r->source = declared.empty() ? CharsetSource::kUtf8Valid
                : IsUtf8Name(declared) ? source : CharsetSource::kUtf8Override;
    r->name = "UTF-8";
    return as_is();
  }
  if (!declared.empty() && !IsUtf8Name(declared)) {
    std::string name(declared);
    if (Convert(bytes, name, out, &r->replaced) && !TooDamaged(r->replaced, bytes.size())) {
      r->source = source;
      r->name = std::move(name);
      NulToSpace(out, start);
      return true;
    }
    out->resize(start);
  }
  // Undeclared, declared UTF-8 but not, or a declaration that failed.
  if (SparseNonUtf8(s, bytes.size(), first_non_ascii)) {
    r->name = "windows-1252";
    if (Convert(bytes, r->name, out, &r->replaced) && !TooDamaged(r->replaced, bytes.size())) {
      r->source = CharsetSource::kSparse;
      NulToSpace(out, start);
      return true;
    }
    out->resize(start);
  }
  std::string guess = Detect(bytes);
  if (!guess.empty() && !IsWideName(guess)) {
    if (Convert(bytes, guess, out, &r->replaced) && !TooDamaged(r->replaced, bytes.size())) {
      r->source = CharsetSource::kDetected;
      r->name = std::move(guess);
      NulToSpace(out, start);
      return true;
    }
    out->resize(start);
  }
  r->source = CharsetSource::kFallback;
  r->name = "windows-1252";
  if (!Convert(bytes, r->name, out, &r->replaced)) {
    r->replaced = AppendUtf8(bytes, out);
  }
  NulToSpace(out, start);
  // windows-1252 decodes nearly every byte; binary data shows as control
  // characters. A page that is a tenth C0 controls is not text.
  uint32_t controls = 0;
  for (char c : bytes) controls += static_cast<uint8_t>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t';
  return !TooDamaged(r->replaced + controls, bytes.size());
}

}  // namespace

bool DecodeToUtf8(std::string_view bytes, std::string_view http_charset, std::string* storage,
                  std::string_view* utf8, CharsetResult* r) {
  storage->clear();
  std::string_view in_place;
  const bool ok = DecodeAppend(bytes, http_charset, storage, r, &in_place);
  *utf8 = in_place.data() != nullptr ? in_place : std::string_view(*storage);
  return ok;
}

}  // namespace winnow
