// Placeholder implementation (correct, slow): every text goes through ICU.
#include "stages/normalize.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace winnow {
namespace {

bool IsSpace(UChar32 c) {
  return c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}
bool IsZeroWidth(UChar32 c) {
  return (c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF;
}
bool IsNoSpaceScript(UChar32 c) {
  UErrorCode ec = U_ZERO_ERROR;
  UScriptCode s = uscript_getScript(c, &ec);
  return s == USCRIPT_HAN || s == USCRIPT_HIRAGANA || s == USCRIPT_KATAKANA || s == USCRIPT_THAI ||
         s == USCRIPT_LAO || s == USCRIPT_KHMER || s == USCRIPT_MYANMAR;
}

}  // namespace

Normalizer::Normalizer(const NormalizeOptions& options) : options_(options) {}

size_t Normalizer::CleanText(std::string_view in, std::string* out) const {
  // Pass 1: decode, replace invalid, map whitespace, drop controls.
  std::string tmp;
  size_t bad = 0;
  int32_t i = 0, n = static_cast<int32_t>(in.size());
  const uint8_t* s = reinterpret_cast<const uint8_t*>(in.data());
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) { ++bad; c = 0xFFFD; }
    if (c == '\r') { if (i < n && s[i] == '\n') continue; c = '\n'; }
    if (c != '\n' && IsSpace(c)) c = ' ';
    if (c != '\n' && c != ' ' && (u_iscntrl(c) && !(c >= 0x80 && u_charType(c) != U_CONTROL_CHAR))) continue;
    if (IsZeroWidth(c)) continue;
    char buf[4]; int32_t k = 0; UBool err = false;
    (void)err;
    U8_APPEND(buf, k, 4, c, err);
    tmp.append(buf, k);
  }
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* norm = options_.nfkc ? icu::Normalizer2::getNFKCInstance(ec)
                                               : icu::Normalizer2::getNFCInstance(ec);
  std::string normed;
  icu::StringByteSink<std::string> sink(&normed);
  norm->normalizeUTF8(0, icu::StringPiece(tmp.data(), tmp.size()), sink, nullptr, ec);
  // Pass 2: collapse spaces, trim lines, collapse blank lines.
  size_t start = out->size();
  bool pending_blank = false;
  size_t pos = 0;
  while (pos <= normed.size()) {
    size_t e = normed.find('\n', pos);
    if (e == std::string::npos) e = normed.size();
    std::string_view line(normed.data() + pos, e - pos);
    std::string cl;
    bool sp = false;
    for (char ch : line) {
      if (ch == ' ') { sp = true; continue; }
      if (sp && !cl.empty()) cl.push_back(' ');
      sp = false;
      cl.push_back(ch);
    }
    if (cl.empty()) {
      pending_blank = out->size() > start;
    } else {
      if (out->size() > start) out->append(pending_blank ? "\n\n" : "\n");
      pending_blank = false;
      out->append(cl);
    }
    pos = e + 1;
  }
  return bad;
}

size_t Normalizer::MatchKey(std::string_view in, std::string* out) const {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* cf = icu::Normalizer2::getNFKCCasefoldInstance(ec);
  std::string folded;
  icu::StringByteSink<std::string> sink(&folded);
  cf->normalizeUTF8(0, icu::StringPiece(in.data(), in.size()), sink, nullptr, ec);
  size_t tokens = 0;
  bool in_tok = false;
  const size_t start = out->size();
  int32_t i = 0, n = static_cast<int32_t>(folded.size());
  const uint8_t* s = reinterpret_cast<const uint8_t*>(folded.data());
  while (i < n) {
    int32_t b = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    bool word = c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK));
    if (!word) { in_tok = false; continue; }
    bool single = IsNoSpaceScript(c);
    if (!in_tok || single) {
      if (out->size() > start) out->push_back(' ');
      ++tokens;
    }
    out->append(folded.data() + b, i - b);
    in_tok = !single;
  }
  return tokens;
}

}  // namespace winnow
