#include "stages/html_raw_text.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlversion.h>

#include <cstdint>
#include <cstring>

#include "stages/html_vocab.h"
#include "stages/utf8.h"

namespace winnow::html_raw_text {

size_t PlainRawTextPrefix(std::string_view s, std::string_view name) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      // Eight printable ASCII bytes without '<' at a time.
      const uint64_t w = utf8::Load64(p + i);
      const uint64_t odd = (w & utf8::kHigh) | utf8::EqMask(w, '<') | utf8::EqMask(w, 0) |
                           utf8::InRange7(w & utf8::kLow7, 1, 0x1F);
      if (odd == 0) {
        i += 8;
        continue;
      }
      i += utf8::FirstLane(odd);
    }
    const uint8_t c = p[i];
    if (c == '<') {
      if (i + 1 < n && p[i + 1] == '/' && n - i - 2 >= name.size() &&
          html_vocab::EqualsNoCase(s.substr(i + 2, name.size()), name)) {
        return i;
      }
      ++i;
    } else if (c >= 0x80) {
      size_t j = i;
      const int32_t cp = utf8::Next(p, &j, n);
      if (cp < 0 || cp == 0xFFFE || cp == 0xFFFF) return i;
      i = j;
    } else if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else {
      return i;
    }
  }
  return n;
}

bool RawTextSkipSupported() {
  static const bool supported = LIBXML_VERSION == 20914 && std::strcmp(xmlParserVersion, "20914") == 0;
  return supported;
}

void SkipRawText(_xmlParserCtxt* ctxt) {
  xmlParserInputPtr in = ctxt->input;
  // Not after libxml2 switched the page to another encoding.
  if (in == nullptr || ctxt->name == nullptr || ctxt->charset != XML_CHAR_ENCODING_UTF8 ||
      (in->buf != nullptr && in->buf->encoder != nullptr) || in->cur >= in->end) {
    return;
  }
  // The cursor is on the chunk's last character, which libxml2 steps over
  // when the call returns.
  const uint8_t* cur = in->cur;
  const size_t left = static_cast<size_t>(in->end - cur);
  size_t step = 0;
  if (utf8::Next(cur, &step, left) < 0) return;
  const std::string_view name(reinterpret_cast<const char*>(ctxt->name));
  const std::string_view here(reinterpret_cast<const char*>(cur), left);
  if (PlainRawTextPrefix(here.substr(0, 2 + name.size()), name) == 0) return;  // the body's end
  in->cur = cur + PlainRawTextPrefix(here.substr(step), name);
}

}  // namespace winnow::html_raw_text
