// Input: expanding paths into files, opening them (plain, gzip, zstd, found by
// magic bytes), detecting their format, and reading documents into batches.
//
// Every record a reader meets becomes a Document in the batch: a good one
// with its text, a bad one (invalid JSON, bad WARC header, truncated archive)
// with fate kRejected and an error naming what was wrong; the caller knows the
// file and the record number. Readers never throw.
#ifndef WINNOW_PIPELINE_INPUT_READER_H_
#define WINNOW_PIPELINE_INPUT_READER_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/document.h"

namespace winnow {

enum class InputFormat : uint8_t { kAuto = 0, kText, kJsonl, kWarc, kHtml };

// Why a record was skipped (not a document), for stats. Stable names
// (SkipKindName).
enum class SkipKind : uint8_t {
  kWarcinfo = 0, kRequest, kMetadata, kRevisit, kOtherRecord,  // WARC record types
  kNoHttp,                 // a response record without an HTTP status line
  kHttpRedirect,           // 3xx
  kHttpClientError,        // 4xx
  kHttpServerError,        // 5xx
  kHttpOther,              // 1xx, 2xx other than 200, unparsable status
  kImage, kPdf, kJson, kScript, kOtherText, kOtherMedia, kUnknownMedia,  // non-HTML payloads
  kSamePage,               // a response and a conversion of one URL: the later one
  kCount
};
std::string_view SkipKindName(SkipKind k);
using SkipCounts = std::array<uint64_t, static_cast<size_t>(SkipKind::kCount)>;

struct ReaderOptions {
  InputFormat format = InputFormat::kAuto;  // --input-format
  std::string text_field = "text";          // --text-field
  std::string id_field = "id";              // --id-field
  std::string url_field = "url";            // --url-field
  std::string html_field;                   // --html-field: JSONL field holding a page's HTML
  // A WARC page stored both as a response (HTML) and as a conversion (text):
  // which one becomes the document (--prefer html|text).
  bool prefer_text = false;
  size_t max_record_bytes = 64u << 20;      // larger records are rejected (bounded memory)
  // JSONL: leave each line unparsed (Document::unparsed, the line in
  // Document::text) for ParseUnparsedRecord, so that parsing can run on
  // many threads instead of in the reader.
  bool defer_jsonl = false;
  // Compressed regular files are decompressed on a thread of their own, up
  // to this many bytes ahead of the reader (0: by the reader itself), and
  // InputStream opens this many files past the one being read, so that
  // several files decompress at once.
  size_t decompress_ahead = 0;
  int open_ahead = 0;
  // Plain-text files yield no documents (their format is still detected,
  // which reads their first block). The template-counting pre-pass sets
  // it: a text file is one document, alone in its source, so there is
  // nothing in it to count (Document::whole_file).
  bool skip_text = false;
};

struct InputFile {
  std::string path;     // as opened; "-" is stdin
  std::string display;  // id prefix for text documents: path as given / as found under a folder
  // What ExpandInputs' stat saw: a regular file (not stdin, a pipe or a
  // device) and its size. Regular files can be read twice (template
  // counting pre-pass) and opened ahead.
  bool regular = false;
  uint64_t size = 0;
};

// Expands `paths` (files, folders recursively in sorted order, "-" = stdin;
// none = stdin) into files. Missing or unreadable paths, and symlink loops,
// are appended to *errors as "PATH: reason" and left out.
std::vector<InputFile> ExpandInputs(const std::vector<std::string>& paths,
                                    std::vector<std::string>* errors);

// What reading `file` will find, for --dry-run: "jsonl", "warc, gzip",
// "text, zstd", from its first bytes and name as the reader decides (or
// `forced` when not kAuto). Streams (stdin, pipes) cannot be peeked:
// "decided when read". Reads at most a few KiB; never consumes a stream.
std::string PeekInputFormat(const InputFile& file, InputFormat forced);

class Reader {
 public:
  virtual ~Reader() = default;
  // Appends documents to *batch until about `target_bytes` of raw text were
  // added or the input ends. Sets file and record on each document (not
  // ordinal). Returns false once the input is exhausted and nothing was added.
  virtual bool Next(Batch* batch, size_t target_bytes) = 0;
  // Bytes consumed from the underlying file so far (compressed), for progress.
  virtual uint64_t compressed_bytes_read() const = 0;
  // Records that are not documents and were skipped on purpose (WARC
  // request/response/metadata/warcinfo records), for stats.
  virtual uint64_t skipped_records() const = 0;
  // The same, by kind; sums to skipped_records().
  virtual const SkipCounts& skip_counts() const = 0;
};

// Turns a document a reader left unparsed (ReaderOptions::defer_jsonl) into
// what the reader would have made of its line: a document with id, url,
// text and pass-through fields, or a rejected one with the reason. Does
// nothing to other documents. Appends to batch->raw; `display` is the
// file's InputFile::display (for generated ids).
void ParseUnparsedRecord(Batch* batch, Document* doc, const ReaderOptions& options,
                         std::string_view display);

// Opens `file` (index `file_index` in the run's table). On failure returns
// nullptr and sets *error to "PATH: reason".
std::unique_ptr<Reader> OpenReader(const InputFile& file, uint32_t file_index,
                                   const ReaderOptions& options, std::string* error);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_READER_H_
