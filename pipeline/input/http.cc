#include "pipeline/input/http.h"

#include <brotli/decode.h>
#include <strings.h>
#include <zlib.h>

#include <algorithm>

namespace winnow {
namespace {

std::string_view Trim(std::string_view s) { return TrimField(s); }

bool StartsNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && strncasecmp(s.data(), prefix.data(), prefix.size()) == 0;
}

void SplitContentType(std::string_view v, HttpHead* head) {
  size_t semi = v.find(';');
  head->media_type = Trim(v.substr(0, semi));
  while (semi != std::string_view::npos) {
    v.remove_prefix(semi + 1);
    semi = v.find(';');
    std::string_view param = Trim(v.substr(0, semi));
    if (StartsNoCase(param, "charset=")) {
      std::string_view cs = Trim(param.substr(8));
      if (cs.size() >= 2 && (cs.front() == '"' || cs.front() == '\'')) cs = cs.substr(1, cs.size() - 2);
      head->charset = Trim(cs);
    }
  }
}

// De-chunks `body` into *out. Returns false when the first line is not a
// chunk size (the body is not chunked after all).
bool Dechunk(std::string_view body, size_t max_bytes, std::string* out, HttpBody* r) {
  size_t pos = 0;
  bool first = true;
  for (;;) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) {
      r->truncated = pos < body.size() || first;
      return !first;
    }
    std::string_view line = Trim(body.substr(pos, eol - pos));
    size_t semi = line.find(';');  // chunk extensions
    line = Trim(line.substr(0, semi));
    uint64_t n = 0;
    if (line.empty() || line.size() > 15) return first ? false : (r->truncated = true, true);
    for (char c : line) {
      int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (d < 0) return first ? false : (r->truncated = true, true);
      n = n * 16 + static_cast<uint64_t>(d);
    }
    first = false;
    pos = eol + 1;
    if (n == 0) return true;
    const size_t take = static_cast<size_t>(std::min<uint64_t>(n, body.size() - pos));
    if (out->size() + take > max_bytes) {
      r->error = "decoded body too large";
      return true;
    }
    out->append(body.substr(pos, take));
    if (take < n) {
      r->truncated = true;
      return true;
    }
    pos += take;
    if (pos < body.size() && body[pos] == '\r') ++pos;
    if (pos < body.size() && body[pos] == '\n') ++pos;
  }
}

bool Inflate(std::string_view in, int window_bits, size_t max_bytes, std::string* out, HttpBody* r) {
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) {
    r->error = "zlib init failed";
    return false;
  }
  const size_t start = out->size();
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<size_t>(in.size(), UINT32_MAX));
  int rc = Z_OK;
  char buf[65536];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out->append(buf, sizeof buf - zs.avail_out);
    if (out->size() - start > max_bytes) {
      inflateEnd(&zs);
      r->error = "decompressed body too large";
      return false;
    }
    if (rc == Z_STREAM_END) {
      // Another gzip member may follow.
      if (zs.avail_in > 2 && zs.next_in[0] == 0x1f && zs.next_in[1] == 0x8b) {
        inflateReset(&zs);
        continue;
      }
      break;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {  // input ended mid-stream
      r->truncated = true;
      break;
    }
    if (rc != Z_OK) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END && rc != Z_BUF_ERROR && rc != Z_OK) {
    if (out->size() == start) {
      r->error = std::string("corrupt compressed body: ") + (zs.msg ? zs.msg : "zlib error");
      return false;
    }
    r->truncated = true;  // keep what decoded before the damage
  }
  return true;
}

bool Unbrotli(std::string_view in, size_t max_bytes, std::string* out, HttpBody* r) {
  BrotliDecoderState* s = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (!s) {
    r->error = "brotli init failed";
    return false;
  }
  const size_t start = out->size();
  size_t avail_in = in.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(in.data());
  BrotliDecoderResult rc;
  uint8_t buf[65536];
  do {
    size_t avail_out = sizeof buf;
    uint8_t* next_out = buf;
    rc = BrotliDecoderDecompressStream(s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    out->append(reinterpret_cast<char*>(buf), sizeof buf - avail_out);
    if (out->size() - start > max_bytes) {
      BrotliDecoderDestroyInstance(s);
      r->error = "decompressed body too large";
      return false;
    }
  } while (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT);
  BrotliDecoderDestroyInstance(s);
  if (rc == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) r->truncated = true;
  if (rc == BROTLI_DECODER_RESULT_ERROR) {
    if (out->size() == start) {
      r->error = "corrupt brotli body";
      return false;
    }
    r->truncated = true;
  }
  return true;
}

}  // namespace

std::string_view TrimField(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool ParseHttpHead(std::string_view m, HttpHead* head) {
  *head = HttpHead();
  if (!StartsNoCase(m, "HTTP/")) return false;
  size_t eol = m.find('\n');
  if (eol == std::string_view::npos) return false;
  std::string_view status_line = Trim(m.substr(0, eol));
  size_t sp = status_line.find(' ');
  if (sp != std::string_view::npos) {
    std::string_view code = Trim(status_line.substr(sp + 1)).substr(0, 3);
    int v = 0;
    for (char c : code) v = (c >= '0' && c <= '9') ? v * 10 + (c - '0') : -1000;
    head->status = v > 0 ? v : 0;
  }
  size_t pos = eol + 1;
  for (;;) {
    eol = m.find('\n', pos);
    if (eol == std::string_view::npos) {
      head->body_offset = m.size();
      return false;
    }
    std::string_view line = m.substr(pos, eol - pos);
    pos = eol + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = Trim(line.substr(0, colon));
    std::string_view value = Trim(line.substr(colon + 1));
    if (EqualsNoCase(name, "Content-Type")) {
      SplitContentType(value, head);
    } else if (EqualsNoCase(name, "Transfer-Encoding")) {
      head->transfer_encoding = value;
    } else if (EqualsNoCase(name, "Content-Encoding")) {
      head->content_encoding = value;
    }
  }
  head->body_offset = pos;
  return true;
}

std::string_view MediaKind(std::string_view t) {
  if (t.empty()) return "unknown";
  if (StartsNoCase(t, "text/html") || StartsNoCase(t, "application/xhtml")) return "html";
  if (StartsNoCase(t, "image/")) return "image";
  if (StartsNoCase(t, "application/pdf")) return "pdf";
  if (t.find("json") != std::string_view::npos) return "json";
  if (t.find("javascript") != std::string_view::npos || StartsNoCase(t, "text/css")) return "script";
  if (StartsNoCase(t, "text/")) return "text";
  return "other";
}

bool SniffHtml(std::string_view b) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") b.remove_prefix(3);
  b = b.substr(0, 1024);
  while (!b.empty() && (b.front() == ' ' || b.front() == '\t' || b.front() == '\r' || b.front() == '\n')) {
    b.remove_prefix(1);
  }
  if (b.empty() || b.front() != '<') return false;
  for (std::string_view p : {"<!doctype html", "<html", "<head", "<body", "<title", "<meta"}) {
    for (size_t i = b.find('<'); i != std::string_view::npos; i = b.find('<', i + 1)) {
      if (StartsNoCase(b.substr(i), p)) return true;
    }
  }
  return false;
}

bool DecodeHttpBody(const HttpHead& head, std::string_view body, size_t max_bytes,
                    std::string* storage, std::string_view* decoded, HttpBody* r) {
  *r = HttpBody();
  storage->clear();
  *decoded = std::string_view();
  std::string dechunked;
  if (head.transfer_encoding.find("chunked") != std::string_view::npos ||
      head.transfer_encoding.find("CHUNKED") != std::string_view::npos) {
    if (Dechunk(body, max_bytes, &dechunked, r)) {
      if (!r->error.empty()) return false;
      r->dechunked = true;
      body = dechunked;
    } else {
      r->truncated = false;
    }
  }
  // The body as it is: a view of the record, or of the dechunked copy.
  const bool in_dechunked = body.data() == dechunked.data();
  auto as_is = [&] {
    if (in_dechunked) {
      storage->swap(dechunked);
      *decoded = *storage;
    } else {
      *decoded = body;
    }
    return true;
  };
  // What was decoded into *storage.
  auto stored = [&](bool ok) {
    *decoded = *storage;
    return ok;
  };
  std::string* out = storage;
  std::string_view ce = Trim(head.content_encoding);
  if (ce.empty() || EqualsNoCase(ce, "identity") || EqualsNoCase(ce, "none")) {
    if (body.size() > max_bytes) {
      r->error = "body too large";
      return false;
    }
    return as_is();
  }
  // A body stored decompressed under its original header: take it as is.
  const bool gz_magic = body.size() >= 2 && static_cast<uint8_t>(body[0]) == 0x1f &&
                        static_cast<uint8_t>(body[1]) == 0x8b;
  if (EqualsNoCase(ce, "gzip") || EqualsNoCase(ce, "x-gzip")) {
    if (!gz_magic && SniffHtml(body)) return as_is();
    return stored(Inflate(body, 15 + 32, max_bytes, out, r));
  }
  if (EqualsNoCase(ce, "deflate")) {
    if (SniffHtml(body)) return as_is();
    HttpBody zlib_try;
    if (Inflate(body, 15 + 32, max_bytes, out, &zlib_try) && !out->empty()) {
      *r = zlib_try;
      return stored(true);
    }
    out->clear();
    return stored(Inflate(body, -15, max_bytes, out, r));  // raw deflate, as some servers send
  }
  if (EqualsNoCase(ce, "br")) {
    if (SniffHtml(body)) return as_is();
    return stored(Unbrotli(body, max_bytes, out, r));
  }
  r->error = "unknown Content-Encoding: " + std::string(ce.substr(0, 40));
  return false;
}

}  // namespace winnow
