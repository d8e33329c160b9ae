#include "pipeline/input/html_record.h"

#include "pipeline/input/http.h"

namespace winnow {

bool DecodeHtmlRecord(std::string_view raw, bool http, size_t max_bytes, std::string* body,
                      std::string* utf8, std::string_view* html, HtmlRecord* r) {
  *r = HtmlRecord();
  std::string_view bytes = raw;
  std::string_view http_charset;
  if (http) {
    HttpHead head;
    ParseHttpHead(raw, &head);  // the reader checked the status line
    http_charset = head.charset;
    HttpBody b;
    if (!DecodeHttpBody(head, raw.substr(std::min(head.body_offset, raw.size())), max_bytes, body, &bytes, &b)) {
      r->reason = Reason::kBadHttpBody;
      r->error = b.error;
      return false;
    }
    r->truncated = b.truncated;
  }
  if (!DecodeToUtf8(bytes, http_charset, utf8, html, &r->charset)) {
    r->reason = Reason::kUndecodable;
    r->error = "undecodable page: " + std::to_string(r->charset.replaced) + " of " +
               std::to_string(bytes.size()) + " bytes do not decode (tried " + r->charset.name + ")";
    return false;
  }
  return true;
}

}  // namespace winnow
