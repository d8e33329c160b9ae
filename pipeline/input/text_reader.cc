// Plain text, or an HTML file: the whole file is one document whose id is
// its display path.
#include "pipeline/input/reader_internal.h"

namespace winnow {
namespace {

class TextReader : public StreamReader {
 public:
  TextReader(ReaderInput input, DocKind kind) : StreamReader(std::move(input)), kind_(kind) {}

 protected:
  bool Step(Batch* batch) override {
    // The template pre-pass skips text files (alone in their source), not
    // HTML ones: a page has a url only when inside a WARC, but its units
    // still count towards the file's templates.
    if (read_ || (options().skip_text && kind_ == DocKind::kText)) return false;
    read_ = true;
    const size_t start = batch->raw.size();
    const size_t max = options().max_record_bytes;
    uint64_t total = 0;
    bool too_big = false;
    // Stream straight into the batch; past the limit, drop what was copied
    // and only count the rest, so memory stays bounded.
    while (in()->Fill(1)) {
      std::string_view w = in()->window();
      if (!too_big && total + w.size() > max) {
        too_big = true;
        batch->raw.resize(start);
      }
      if (!too_big) batch->raw.append(w);
      total += w.size();
      in()->Consume(w.size());
    }
    if (!in()->error().empty()) {
      batch->raw.resize(start);
      RejectStreamError(batch, 1, batch->Append(display()));
    } else if (too_big) {
      Reject(batch, 1, batch->Append(display()), Reason::kTooLarge, "record exceeds " + FormatByteLimit(max));
    } else {
      Document doc;
      doc.file = file();
      doc.record = 1;
      doc.whole_file = kind_ == DocKind::kText;
      doc.kind = kind_;
      doc.text = Span{static_cast<uint32_t>(start), static_cast<uint32_t>(total)};
      doc.id = batch->Append(display());
      batch->docs.push_back(doc);
    }
    return true;
  }

 private:
  const DocKind kind_;
  bool read_ = false;
};

}  // namespace

std::unique_ptr<Reader> NewTextReader(ReaderInput input) {
  return std::make_unique<TextReader>(std::move(input), DocKind::kText);
}

std::unique_ptr<Reader> NewHtmlFileReader(ReaderInput input) {
  return std::make_unique<TextReader>(std::move(input), DocKind::kHtml);
}

}  // namespace winnow
