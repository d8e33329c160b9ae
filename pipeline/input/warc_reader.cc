// WARC / WET: `conversion` records become text documents, `response`
// records holding an HTTP 200 response with an HTML payload and `resource`
// records of HTML become HTML documents (DocKind::kHttp / kHtml: decoded and
// parsed later, on the worker threads, by Prepare), with WARC-Target-URI as
// url and WARC-Record-ID as id. Every other record is skipped and counted by
// kind (SkipKind): other record types, non-200 responses, non-HTML payloads.
// Only the HTTP status line and header are read here; the body is decoded
// by Prepare.
//
// A page stored both as a response and as a conversion of the same URL is
// emitted once, as the kind ReaderOptions::prefer_text asks for (HTML by
// default): once the file has shown a record of the preferred kind (it
// mixes both), a record of the other kind waits (up to kMaxPending records
// or kMaxPendingBytes, in arrival order) for its preferred twin; when the twin
// comes it is skipped (kSamePage), otherwise it is emitted once it leaves
// the window or the file ends. A twin that comes later than that is skipped
// instead. URLs are remembered per file, up to kMaxRememberedUrls.
//
// Content-Length is trusted only when the block is followed by CR/LF and the
// next `WARC/` line (or the end of the input). Otherwise, as in real files
// with lying lengths, the block runs to the next line that starts with
// `WARC/1.` or `WARC/0.`. After a bad header reading resumes at the next
// `WARC/` line.

#include <deque>
#include <unordered_set>

#include "pipeline/input/http.h"
#include "pipeline/input/reader_internal.h"
#include "stages/hash.h"

namespace winnow {
namespace {

constexpr size_t kHeaderLineMax = 1 << 20;
constexpr size_t kLookahead = 16;
constexpr size_t kMaxRememberedUrls = 1 << 20;
constexpr size_t kMaxPending = 64;
constexpr size_t kMaxPendingBytes = 16 << 20;
constexpr size_t kHttpHeadMax = 64 << 10;  // HTTP header bytes looked at

SkipKind RecordTypeSkip(std::string_view type);

SkipKind MediaSkip(std::string_view media) {
  std::string_view k = MediaKind(media);
  if (k == "image") return SkipKind::kImage;
  if (k == "pdf") return SkipKind::kPdf;
  if (k == "json") return SkipKind::kJson;
  if (k == "script") return SkipKind::kScript;
  if (k == "text") return SkipKind::kOtherText;
  if (k == "unknown") return SkipKind::kUnknownMedia;
  return SkipKind::kOtherMedia;
}

std::string_view Trim(std::string_view s) { return TrimField(s); }

bool IsNewline(char c) { return c == '\r' || c == '\n'; }

// Parses a decimal Content-Length; -1 when it is not a number.
int64_t ParseLength(std::string_view s) {
  if (s.empty() || s.size() > 18) return -1;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

class WarcReader : public StreamReader {
 public:
  explicit WarcReader(ReaderInput input) : StreamReader(std::move(input)) {}

 protected:
  bool Step(Batch* batch) override {
    SkipNewlines();
    if (in()->window().empty()) {
      if (!pending_.empty()) {
        FlushPending(batch, 0, 0);
        return true;
      }
      RejectStreamError(batch, record_ + 1);
      return false;
    }
    ++record_;
    in()->Fill(5);
    if (in()->window().substr(0, 5) != "WARC/") {
      Reject(batch, record_, Span{}, Reason::kBadWarcHeader, "expected WARC/ version line");
      SkipToLineStart(in(), "WARC/");
      return true;
    }
    switch (ReadHeader()) {
      case kHeaderOk:
        break;
      case kHeaderTruncated:
        return Truncated(batch);
      case kHeaderLineTooLong:
        Reject(batch, record_, Span{}, Reason::kBadWarcHeader, "WARC header line too long");
        SkipToLineStart(in(), "WARC/");
        return true;
    }
    if (type_.empty() || length_ < 0) {
      Span id = id_.empty() ? Span{} : batch->Append(id_);
      Reject(batch, record_, id, Reason::kBadWarcHeader, "WARC header without WARC-Type/Content-Length");
      SkipToLineStart(in(), "WARC/");
      return true;
    }
    convert_ = EqualsNoCase(type_, "conversion");
    response_ = EqualsNoCase(type_, "response");
    resource_ = EqualsNoCase(type_, "resource");
    const size_t max = options().max_record_bytes;
    if (static_cast<uint64_t>(length_) > max) {
      if (!SkipBytes(static_cast<uint64_t>(length_))) return Truncated(batch);
      SkipToLineStart(in(), "WARC/");
      return TooBig(batch);
    }
    const size_t len = static_cast<size_t>(length_);
    in()->Fill(len + kLookahead);
    std::string_view w = in()->window();
    // Short input: either the length lies (another record follows) or the
    // record was cut.
    if (w.size() < len) return Resync(batch, /*complete=*/false);
    size_t sep = len;
    while (sep < w.size() && IsNewline(w[sep])) ++sep;
    if ((sep == w.size() && in()->eof()) || w.substr(sep, 5) == "WARC/") {
      Emit(batch, w.substr(0, len));
      in()->Consume(sep);
      return true;
    }
    return Resync(batch, /*complete=*/true);
  }

 private:
  enum HeaderResult { kHeaderOk, kHeaderTruncated, kHeaderLineTooLong };

  void SkipNewlines() {
    for (;;) {
      in()->Fill(1);
      std::string_view w = in()->window();
      size_t i = 0;
      while (i < w.size() && (IsNewline(w[i]) || w[i] == ' ' || w[i] == '\t')) ++i;
      in()->Consume(i);
      if (i < w.size() || w.empty()) return;
    }
  }

  // Reads the version line and the fields up to the blank line.
  HeaderResult ReadHeader() {
    type_.clear();
    id_.clear();
    uri_.clear();
    content_type_.clear();
    length_ = -1;
    bool first = true;
    for (;;) {
      size_t len, advance;
      bool too_long;
      if (!NextLine(in(), kHeaderLineMax, &len, &advance, &too_long)) return kHeaderTruncated;
      if (too_long) {
        in()->Consume(advance);
        return kHeaderLineTooLong;
      }
      std::string_view line = in()->window().substr(0, len);
      if (advance == len) {  // no '\n': the input ended inside the header
        in()->Consume(advance);
        return kHeaderTruncated;
      }
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.empty()) {
        in()->Consume(advance);
        return kHeaderOk;
      }
      size_t colon = line.find(':');
      if (!first && colon != std::string_view::npos && line[0] != ' ' && line[0] != '\t') {
        std::string_view name = Trim(line.substr(0, colon));
        std::string_view value = Trim(line.substr(colon + 1));
        if (EqualsNoCase(name, "WARC-Type")) {
          type_.assign(value);
        } else if (EqualsNoCase(name, "Content-Length")) {
          length_ = ParseLength(value);
        } else if (EqualsNoCase(name, "WARC-Record-ID")) {
          id_.assign(value);
        } else if (EqualsNoCase(name, "WARC-Target-URI")) {
          if (value.size() >= 2 && value.front() == '<' && value.back() == '>') {
            value = value.substr(1, value.size() - 2);
          }
          uri_.assign(value);
        } else if (EqualsNoCase(name, "Content-Type")) {
          content_type_.assign(value);
        }
      }
      first = false;
      in()->Consume(advance);
    }
  }

  // Discards `n` bytes; false when the input ends first.
  bool SkipBytes(uint64_t n) {
    while (n > 0) {
      if (!in()->Fill(1)) return false;
      size_t k = static_cast<size_t>(std::min<uint64_t>(n, in()->window().size()));
      in()->Consume(k);
      n -= k;
    }
    return true;
  }

  // Content-Length did not hold: the block ends where the next line starting
  // with WARC/1. or WARC/0. begins, or at the end of the input when
  // `complete` (all declared bytes were there); otherwise the record is cut.
  bool Resync(Batch* batch, bool complete) {
    const size_t max = options().max_record_bytes;
    size_t from = 0;
    for (;;) {
      std::string_view w = in()->window();
      size_t nl = w.find("\nWARC/", from);
      if (nl != std::string_view::npos && nl + 8 <= w.size()) {
        std::string_view v = w.substr(nl + 1, 7);
        if (v == "WARC/1." || v == "WARC/0.") {
          if (nl + 1 > max) {
            in()->Consume(nl + 1);
            return TooBig(batch);
          }
          std::string_view body = w.substr(0, nl + 1);
          while (!body.empty() && IsNewline(body.back())) body.remove_suffix(1);
          Emit(batch, body);
          in()->Consume(nl + 1);
          return true;
        }
        from = nl + 1;
        continue;
      }
      if (nl != std::string_view::npos) {
        from = nl;  // the version needs more bytes
      } else {
        from = w.size() > 6 ? w.size() - 6 : 0;
      }
      if (w.size() > max + 8) {
        in()->Consume(w.size() - 8);
        SkipToLineStart(in(), "WARC/");
        return TooBig(batch);
      }
      if (!in()->FillMore()) {
        if (!complete) return Truncated(batch);
        std::string_view body = in()->window();
        while (!body.empty() && IsNewline(body.back())) body.remove_suffix(1);
        const bool too_big = body.size() > max;  // the window may hold up to max + 8
        if (!too_big) Emit(batch, body);
        in()->Consume(in()->window().size());
        return too_big ? TooBig(batch) : true;
      }
    }
  }

  void Emit(Batch* batch, std::string_view body) {
    DocKind kind = DocKind::kText;
    if (!convert_) {
      SkipKind skip;
      if (!HtmlPayload(body, &kind, &skip)) {
        Skip(skip);
        return;
      }
    }
    if (uri_.empty()) {
      Enqueue(batch, kind, 0, /*waiting=*/false, body);
      return;
    }
    const uint64_t h = Hash64(uri_, 0x6a09e667f3bcc908ULL);
    const bool preferred = (kind == DocKind::kText) == options().prefer_text;
    if (preferred) {
      if (out_other_.count(h)) {  // its twin already left the window
        Skip(SkipKind::kSamePage);
        return;
      }
      for (auto it = pending_.begin(); it != pending_.end(); ++it) {
        if (it->waiting && it->url_hash == h) {
          pending_bytes_ -= it->body.size();
          pending_.erase(it);
          Skip(SkipKind::kSamePage);
          break;
        }
      }
      if (seen_preferred_.size() < kMaxRememberedUrls) seen_preferred_.insert(h);
      Enqueue(batch, kind, h, /*waiting=*/false, body);
      return;
    }
    if (seen_preferred_.count(h)) {
      Skip(SkipKind::kSamePage);
      return;
    }
    // Before any record of the preferred kind the file is not a mixed one
    // (a WET file of conversions, a WARC of responses): nothing to wait for.
    Enqueue(batch, kind, h, /*waiting=*/!seen_preferred_.empty(), body);
  }

  // Documents leave in record order: behind a record that waits for its
  // twin, later ones queue too (within the window's bounds).
  void Enqueue(Batch* batch, DocKind kind, uint64_t url_hash, bool waiting, std::string_view body) {
    if (pending_.empty() && !waiting) {
      Push(batch, record_, kind, id_, uri_, body);
      return;
    }
    pending_.push_back(Pending{record_, kind, url_hash, waiting, id_, uri_, std::string(body)});
    pending_bytes_ += body.size();
    FlushPending(batch, kMaxPending, kMaxPendingBytes);
  }

  void Push(Batch* batch, uint64_t record, DocKind kind, std::string_view id, std::string_view uri,
            std::string_view body) {
    Document doc;
    doc.file = file();
    doc.record = record;
    doc.kind = kind;
    doc.id = id.empty() ? AppendGeneratedId(batch, display(), record) : batch->Append(id);
    doc.url = batch->Append(uri);
    doc.text = batch->Append(body);
    batch->docs.push_back(doc);
  }

  // Emits queued records, oldest first: those that no longer wait, and
  // waiting ones while more than `count` records or `bytes` bytes are
  // queued (a waiting record that leaves is remembered: its twin, should it
  // come later, is skipped).
  void FlushPending(Batch* batch, size_t count, size_t bytes) {
    while (!pending_.empty() &&
           (!pending_.front().waiting || pending_.size() > count || pending_bytes_ > bytes)) {
      Pending& p = pending_.front();
      Push(batch, p.record, p.kind, p.id, p.uri, p.body);
      if (p.waiting && out_other_.size() < kMaxRememberedUrls) out_other_.insert(p.url_hash);
      pending_bytes_ -= p.body.size();
      pending_.pop_front();
    }
  }

  // A rejected record ends the wait of the queued ones, so that documents
  // keep their record order.
  void Reject(Batch* batch, uint64_t record, Span id, Reason reason, std::string_view why) {
    FlushPending(batch, 0, 0);
    StreamReader::Reject(batch, record, id, reason, why);
  }

  // Whether a response or resource record holds an HTML page; *skip says
  // why not.
  bool HtmlPayload(std::string_view block, DocKind* kind, SkipKind* skip) const {
    if (resource_) {
      std::string_view media(content_type_);
      media = media.substr(0, media.find(';'));
      if (MediaKind(Trim(media)) == "html" || (media.empty() && SniffHtml(block))) {
        *kind = DocKind::kHtml;
        return true;
      }
      *skip = MediaSkip(Trim(media));
      return false;
    }
    if (!response_) {
      *skip = RecordTypeSkip(type_);
      return false;
    }
    HttpHead head;
    if (!ParseHttpHead(block.substr(0, kHttpHeadMax), &head) && head.status == 0) {
      *skip = SkipKind::kNoHttp;
      return false;
    }
    if (head.status != 200) {
      *skip = head.status >= 300 && head.status < 400   ? SkipKind::kHttpRedirect
              : head.status >= 400 && head.status < 500 ? SkipKind::kHttpClientError
              : head.status >= 500 && head.status < 600 ? SkipKind::kHttpServerError
                                                        : SkipKind::kHttpOther;
      return false;
    }
    if (MediaKind(head.media_type) != "html" &&
        !(head.media_type.empty() && SniffHtml(block.substr(std::min(head.body_offset, block.size()))))) {
      *skip = MediaSkip(head.media_type);
      return false;
    }
    *kind = DocKind::kHttp;
    return true;
  }

  bool TooBig(Batch* batch) {
    if (!convert_ && !response_ && !resource_) {
      Skip(RecordTypeSkip(type_));
    } else {
      Span id = id_.empty() ? Span{} : batch->Append(id_);
      Reject(batch, record_, id, Reason::kTooLarge, "record exceeds " + FormatByteLimit(options().max_record_bytes));
    }
    return true;
  }

  // The input ended inside record_: the record is rejected (whatever its
  // type) with the stream's error when it has one.
  bool Truncated(Batch* batch) {
    FlushPending(batch, 0, 0);  // earlier records, still waiting for a twin
    in()->Consume(in()->window().size());
    Span id = id_.empty() ? Span{} : batch->Append(id_);
    if (!in()->error().empty()) {
      RejectStreamError(batch, record_, id);
    } else {
      Reject(batch, record_, id, Reason::kTruncatedRecord, "truncated WARC record");
    }
    return false;
  }

  uint64_t record_ = 0;
  // Header of the current record (reused buffers).
  std::string type_;
  std::string id_;
  std::string uri_;
  std::string content_type_;
  int64_t length_ = -1;
  bool convert_ = false, response_ = false, resource_ = false;
  // Same-page pairing (see the top of the file).
  struct Pending {
    uint64_t record;
    DocKind kind;
    uint64_t url_hash;
    bool waiting;  // for its twin; otherwise queued behind one that waits
    std::string id, uri, body;
  };
  std::deque<Pending> pending_;
  size_t pending_bytes_ = 0;
  std::unordered_set<uint64_t> seen_preferred_, out_other_;
};

SkipKind RecordTypeSkip(std::string_view type) {
  if (EqualsNoCase(type, "warcinfo")) return SkipKind::kWarcinfo;
  if (EqualsNoCase(type, "request")) return SkipKind::kRequest;
  if (EqualsNoCase(type, "metadata")) return SkipKind::kMetadata;
  if (EqualsNoCase(type, "revisit")) return SkipKind::kRevisit;
  return SkipKind::kOtherRecord;
}

}  // namespace

std::string_view SkipKindName(SkipKind k) {
  static constexpr std::string_view kNames[] = {
      "warcinfo", "request", "metadata", "revisit", "other-record", "no-http",
      "http-redirect", "http-client-error", "http-server-error", "http-other",
      "image", "pdf", "json", "script", "other-text", "other-media", "unknown-media", "same-page"};
  static_assert(std::size(kNames) == static_cast<size_t>(SkipKind::kCount));
  return kNames[static_cast<size_t>(k)];
}

std::unique_ptr<Reader> NewWarcReader(ReaderInput input) {
  return std::make_unique<WarcReader>(std::move(input));
}

}  // namespace winnow
