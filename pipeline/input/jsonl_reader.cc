// JSONL: one JSON object per line. The text, id and url fields are decoded
// into the batch; every other top-level field is copied verbatim into
// Document::extra. A bad line becomes a rejected document and reading goes on.
#include <charconv>
#include <vector>

#include "pipeline/json_util.h"
#include "pipeline/input/reader_internal.h"

namespace winnow {
namespace {

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
}

// What a JSONL line makes: fills *doc (file and record already set) from
// `line` as a parsed document, or as a rejected one with the reason.
// Appends to batch->raw; the caller guarantees that `line` stays valid
// while it does (it is not in batch->raw, or raw has the capacity for
// everything appended: at most line.size() + display.size() + 40 bytes
// before the first error text, counting the 16 bytes of room each unescape
// takes while it writes).
void ParseJsonlLine(std::string_view line, std::string_view display, const ReaderOptions& opt,
                    Batch* batch, Document* doc, std::vector<JsonField>* fields) {
  auto reject = [&](Reason reason, std::string_view why) {
    doc->fate = Fate::kRejected;
    doc->reason = reason;
    if (doc->id.len == 0) doc->id = AppendGeneratedId(batch, display, doc->record);
    doc->error = batch->Append(why);
  };
  JsonError err;
  if (!ParseJsonObject(line, fields, &err)) {
    char num[24];
    auto r = std::to_chars(num, num + sizeof(num), err.offset);
    reject(Reason::kInvalidJson, "invalid JSON at byte " + std::string(num, r.ptr) + ": " + err.what);
    return;
  }
  // With --html-field the page's HTML is read instead of the text field.
  const std::string& text_field = opt.html_field.empty() ? opt.text_field : opt.html_field;
  const JsonField* text = nullptr;
  const JsonField* id = nullptr;
  const JsonField* url = nullptr;
  for (const JsonField& f : *fields) {
    if (JsonKeyEquals(f.key, text_field)) {
      text = &f;
    } else if (JsonKeyEquals(f.key, opt.id_field) &&
               (f.type == JsonType::kString || f.type == JsonType::kNumber)) {
      id = &f;
    } else if (JsonKeyEquals(f.key, opt.url_field) && f.type == JsonType::kString) {
      url = &f;
    }
  }
  if (id != nullptr) {
    size_t start = batch->raw.size();
    if (id->type == JsonType::kString) {
      AppendJsonUnescaped(id->value, &batch->raw);
    } else {
      batch->raw.append(id->value);
    }
    doc->id = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
  }
  if (text == nullptr || text->type != JsonType::kString) {
    reject(Reason::kMissingText, (text == nullptr ? "missing " : "") + text_field +
           (text == nullptr ? " field" : " field is not a string"));
    return;
  }
  if (id == nullptr) doc->id = AppendGeneratedId(batch, display, doc->record);
  // Pass-through: `"k":v` pairs exactly as written, comma separated.
  size_t start = batch->raw.size();
  bool first = true;
  for (const JsonField& f : *fields) {
    // The named fields never pass through, whatever their type, so the
    // output cannot carry them twice.
    if (JsonKeyEquals(f.key, opt.text_field) || JsonKeyEquals(f.key, text_field) ||
        JsonKeyEquals(f.key, opt.id_field) ||
        JsonKeyEquals(f.key, opt.url_field)) {
      continue;
    }
    if (!first) batch->raw.push_back(',');
    first = false;
    batch->raw.append(f.key);
    batch->raw.push_back(':');
    batch->raw.append(f.value);
  }
  doc->extra = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
  if (url != nullptr) {
    start = batch->raw.size();
    AppendJsonUnescaped(url->value, &batch->raw);
    doc->url = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
  }
  start = batch->raw.size();
  AppendJsonUnescaped(text->value, &batch->raw);
  doc->text = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
  if (!opt.html_field.empty()) doc->kind = DocKind::kHtml;
}

class JsonlReader : public StreamReader {
 public:
  explicit JsonlReader(ReaderInput input) : StreamReader(std::move(input)) {}

 protected:
  bool Step(Batch* batch) override {
    size_t len, advance;
    bool too_long;
    if (!NextLine(in(), options().max_record_bytes, &len, &advance, &too_long)) {
      RejectStreamError(batch, line_ + 1);
      return false;
    }
    ++line_;
    if (too_long) {
      in()->Consume(advance);
      Reject(batch, line_, Span{}, Reason::kTooLarge, "record exceeds " + FormatByteLimit(options().max_record_bytes));
      return true;
    }
    std::string_view line = in()->window().substr(0, len);
    if (advance == len && !in()->error().empty()) {
      // The stream broke inside this line: the damage is the record.
      in()->Consume(advance);
      RejectStreamError(batch, line_);
      return false;
    }
    if (line_ == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);
    if (!IsBlank(line)) ParseLine(line, batch);
    in()->Consume(advance);
    return true;
  }

 private:
  void ParseLine(std::string_view line, Batch* batch) {
    Document doc;
    doc.file = file();
    doc.record = line_;
    if (options().defer_jsonl) {
      // Left for ParseUnparsedRecord, which runs in the parallel stage.
      doc.text = batch->Append(line);
      doc.unparsed = true;
    } else {
      ParseJsonlLine(line, display(), options(), batch, &doc, &fields_);
    }
    batch->docs.push_back(doc);
  }

  uint64_t line_ = 0;
  std::vector<JsonField> fields_;  // reused across lines
};

}  // namespace

void ParseUnparsedRecord(Batch* batch, Document* doc, const ReaderOptions& options,
                         std::string_view display) {
  if (!doc->unparsed) return;
  doc->unparsed = false;
  const Span line = doc->text;
  doc->text = Span{};
  // Room for everything parsing appends before an error text, so that the
  // views into the line (in raw) stay valid.
  batch->raw.reserve(batch->raw.size() + line.len + display.size() + 64);
  thread_local std::vector<JsonField> fields;
  ParseJsonlLine(batch->View(line), display, options, batch, doc, &fields);
}

std::unique_ptr<Reader> NewJsonlReader(ReaderInput input) {
  return std::make_unique<JsonlReader>(std::move(input));
}

}  // namespace winnow
