// JSONL: one JSON object per line. The text, id and url fields are decoded
// into the batch; every other top-level field is copied verbatim into
// Document::extra. A bad line becomes a rejected document and reading goes on.
#include <charconv>
#include <vector>

#include "pipeline/json_util.h"
#include "pipeline/reader_internal.h"

namespace winnow {
namespace {

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\f' && c != '\v') return false;
  }
  return true;
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
      Reject(batch, line_, Span{}, "record exceeds " + FormatByteLimit(options().max_record_bytes));
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
    JsonError err;
    if (!ParseJsonObject(line, &fields_, &err)) {
      char num[24];
      auto r = std::to_chars(num, num + sizeof(num), err.offset);
      scratch_.assign("invalid JSON at byte ");
      scratch_.append(num, r.ptr);
      scratch_.append(": ");
      scratch_.append(err.what);
      Reject(batch, line_, Span{}, scratch_);
      return;
    }
    const ReaderOptions& opt = options();
    const JsonField* text = nullptr;
    const JsonField* id = nullptr;
    const JsonField* url = nullptr;
    for (const JsonField& f : fields_) {
      if (JsonKeyEquals(f.key, opt.text_field)) {
        text = &f;
      } else if (JsonKeyEquals(f.key, opt.id_field) &&
                 (f.type == JsonType::kString || f.type == JsonType::kNumber)) {
        id = &f;
      } else if (JsonKeyEquals(f.key, opt.url_field) && f.type == JsonType::kString) {
        url = &f;
      }
    }
    Document doc;
    doc.file = file();
    doc.record = line_;
    if (id != nullptr) {
      size_t start = batch->raw.size();
      if (id->type == JsonType::kString) {
        AppendJsonUnescaped(id->value, &batch->raw);
      } else {
        batch->raw.append(id->value);
      }
      doc.id = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
    }
    if (text == nullptr || text->type != JsonType::kString) {
      scratch_.assign(text == nullptr ? "missing " : "");
      scratch_.append(opt.text_field);
      scratch_.append(text == nullptr ? " field" : " field is not a string");
      Reject(batch, line_, doc.id, scratch_);
      return;
    }
    if (id == nullptr) doc.id = AppendGeneratedId(batch, display(), line_);
    // Pass-through: `"k":v` pairs exactly as written, comma separated.
    size_t start = batch->raw.size();
    bool first = true;
    for (const JsonField& f : fields_) {
      // The named fields never pass through, whatever their type, so the
      // output cannot carry them twice.
      if (JsonKeyEquals(f.key, opt.text_field) || JsonKeyEquals(f.key, opt.id_field) ||
          JsonKeyEquals(f.key, opt.url_field)) {
        continue;
      }
      if (!first) batch->raw.push_back(',');
      first = false;
      batch->raw.append(f.key);
      batch->raw.push_back(':');
      batch->raw.append(f.value);
    }
    doc.extra = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
    if (url != nullptr) {
      start = batch->raw.size();
      AppendJsonUnescaped(url->value, &batch->raw);
      doc.url = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
    }
    start = batch->raw.size();
    AppendJsonUnescaped(text->value, &batch->raw);
    doc.text = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
    batch->docs.push_back(doc);
  }

  uint64_t line_ = 0;
  std::vector<JsonField> fields_;  // reused across lines
  std::string scratch_;            // error text, reused
};

}  // namespace

std::unique_ptr<Reader> NewJsonlReader(ReaderInput input) {
  return std::make_unique<JsonlReader>(std::move(input));
}

}  // namespace winnow
