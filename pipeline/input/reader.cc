// Input expansion, opening (compression by magic bytes), format detection,
// and the pieces shared by the format readers (reader_internal.h).
#include "pipeline/input/reader.h"

#include "pipeline/input/http.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "pipeline/input/byte_source.h"
#include "pipeline/input/reader_internal.h"

namespace winnow {
namespace {

constexpr const char* kStdinDisplay = "stdin";

struct Expander {
  std::vector<InputFile>* out;
  std::vector<std::string>* errors;
  std::unordered_set<std::string> seen;                   // display paths
  std::vector<std::pair<dev_t, ino_t>> ancestors;         // folders being walked

  void Error(const std::string& path, const char* reason) {
    errors->push_back(path + ": " + reason);
  }

  void AddFile(const std::string& path, const struct stat& st) {
    if (access(path.c_str(), R_OK) != 0) {
      Error(path, std::strerror(errno));
      return;
    }
    if (!seen.insert(path).second) return;
    const bool regular = S_ISREG(st.st_mode);
    out->push_back(InputFile{path, path, regular, regular ? static_cast<uint64_t>(st.st_size) : 0});
  }

  // `path` as given or as found; follows symlinks, reports loops.
  void Visit(const std::string& path, bool under_folder) {
    struct stat st;
    if (stat(path.c_str(), &st) != 0) {
      Error(path, errno == ELOOP ? "symlink loop" : std::strerror(errno));
      return;
    }
    if (S_ISDIR(st.st_mode)) {
      Walk(path, st);
    } else if (S_ISREG(st.st_mode) || !under_folder) {
      // Given by name, a pipe or device is read too (e.g. <(zcat x.gz)).
      AddFile(path, st);
    } else {
      Error(path, "not a regular file");
    }
  }

  void Walk(const std::string& dir, const struct stat& st) {
    auto id = std::make_pair(st.st_dev, st.st_ino);
    if (std::find(ancestors.begin(), ancestors.end(), id) != ancestors.end()) {
      Error(dir, "symlink loop");
      return;
    }
    DIR* d = opendir(dir.c_str());
    if (d == nullptr) {
      Error(dir, std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (struct dirent* e = readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      names.emplace_back(e->d_name);
    }
    closedir(d);
    std::sort(names.begin(), names.end());  // byte order: deterministic runs
    ancestors.push_back(id);
    std::string prefix = dir.back() == '/' ? dir : dir + "/";
    for (const std::string& name : names) Visit(prefix + name, /*under_folder=*/true);
    ancestors.pop_back();
  }
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The format a file name suggests; kAuto when it says nothing.
InputFormat FormatFromName(std::string_view path) {
  std::string name(path.substr(path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/') + 1));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view n = name;
  for (std::string_view z : {".gz", ".zst", ".zstd"}) {
    if (EndsWith(n, z)) {
      n.remove_suffix(z.size());
      break;
    }
  }
  if (EndsWith(n, ".jsonl") || EndsWith(n, ".json") || EndsWith(n, ".ndjson")) {
    return InputFormat::kJsonl;
  }
  if (EndsWith(n, ".warc") || EndsWith(n, ".wet")) return InputFormat::kWarc;
  if (EndsWith(n, ".html") || EndsWith(n, ".htm") || EndsWith(n, ".xhtml")) return InputFormat::kHtml;
  return InputFormat::kAuto;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

// Content decides when it is clear (WARC/ first, then a name that says WARC,
// JSONL or HTML, then '{' first, then an HTML start: <!doctype html, <html,
// ...); anything else is text.
InputFormat DetectFormat(StreamBuffer* in, std::string_view path) {
  size_t want = 64;
  std::string_view w;
  size_t i = 0;
  for (;;) {
    in->Fill(want);
    w = in->window();
    i = w.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    while (i < w.size() && IsSpace(w[i])) ++i;
    if ((i < w.size() && w.size() - i >= 5) || in->eof() || want >= (1 << 20)) break;
    want *= 4;
  }
  if (w.substr(i, 5) == "WARC/") return InputFormat::kWarc;
  InputFormat by_name = FormatFromName(path);
  if (by_name != InputFormat::kAuto) return by_name;
  if (i < w.size() && w[i] == '{') return InputFormat::kJsonl;
  if (i < w.size() && w[i] == '<') {
    in->Fill(1024);
    if (SniffHtml(in->window())) return InputFormat::kHtml;
  }
  return InputFormat::kText;
}

}  // namespace

std::vector<InputFile> ExpandInputs(const std::vector<std::string>& paths,
                                    std::vector<std::string>* errors) {
  std::vector<InputFile> out;
  Expander ex{&out, errors, {}, {}};
  if (paths.empty()) out.push_back(InputFile{"-", kStdinDisplay});
  for (const std::string& p : paths) {
    if (p == "-") {
      if (ex.seen.insert(kStdinDisplay).second) out.push_back(InputFile{"-", kStdinDisplay});
    } else if (p.empty()) {
      errors->push_back(": empty path");
    } else {
      ex.Visit(p, /*under_folder=*/false);
    }
  }
  return out;
}

std::unique_ptr<Reader> OpenReader(const InputFile& file, uint32_t file_index,
                                   const ReaderOptions& options, std::string* error) {
  std::string why;
  std::unique_ptr<ByteSource> source = ByteSource::Open(file.path, &why);
  if (source == nullptr) {
    *error = file.path + ": " + why;
    return nullptr;
  }
  if (options.decompress_ahead > 0 && file.regular) {
    // Not for pipes: a worker blocked on an idle pipe could not be stopped.
    source = ByteSource::DecompressAhead(std::move(source), options.decompress_ahead);
  }
  ReaderInput input;
  input.in = std::make_unique<StreamBuffer>(std::move(source));
  input.file = file_index;
  input.display = file.display;
  input.options = options;
  if (input.options.max_record_bytes == 0) input.options.max_record_bytes = 1;
  // A file whose very first read fails (EIO, /proc/self/mem) is a bad file,
  // like an unreadable one; an I/O error after some records is a rejected
  // record, so that what was read is kept.
  if (!input.in->Fill(1) && input.in->error().rfind("read error: ", 0) == 0) {
    *error = file.path + ": " + input.in->error();
    return nullptr;
  }
  InputFormat format = options.format;
  if (format == InputFormat::kAuto) format = DetectFormat(input.in.get(), file.path);
  switch (format) {
    case InputFormat::kWarc:
      return NewWarcReader(std::move(input));
    case InputFormat::kJsonl:
      return NewJsonlReader(std::move(input));
    case InputFormat::kHtml:
      return NewHtmlFileReader(std::move(input));
    case InputFormat::kText:
    case InputFormat::kAuto:
      break;
  }
  return NewTextReader(std::move(input));
}

std::string PeekInputFormat(const InputFile& file, InputFormat forced) {
  if (!file.regular) return "decided when read";
  std::string why;
  std::unique_ptr<ByteSource> source = ByteSource::Open(file.path, &why);
  if (source == nullptr) return "unreadable: " + why;
  const Compression compression = source->compression();
  StreamBuffer in(std::move(source));
  const InputFormat format = forced != InputFormat::kAuto ? forced : DetectFormat(&in, file.path);
  std::string out = format == InputFormat::kWarc    ? "warc"
                    : format == InputFormat::kJsonl ? "jsonl"
                    : format == InputFormat::kHtml  ? "html"
                                                    : "text";
  if (compression == Compression::kGzip) out += ", gzip";
  if (compression == Compression::kZstd) out += ", zstd";
  return out;
}

std::string FormatByteLimit(size_t bytes) {
  static constexpr std::pair<size_t, const char*> kUnits[] = {
      {size_t{1} << 30, " GiB"}, {size_t{1} << 20, " MiB"}, {size_t{1} << 10, " KiB"}};
  for (const auto& [unit, name] : kUnits) {
    if (bytes >= unit && bytes % unit == 0) return std::to_string(bytes / unit) + name;
  }
  return std::to_string(bytes) + " bytes";
}

Span AppendGeneratedId(Batch* batch, std::string_view display, uint64_t record) {
  size_t start = batch->raw.size();
  char num[24];
  auto r = std::to_chars(num, num + sizeof(num), record);
  batch->raw.append(display);
  batch->raw.push_back(':');
  batch->raw.append(num, r.ptr);
  return Span{static_cast<uint32_t>(start), static_cast<uint32_t>(batch->raw.size() - start)};
}

void AppendRejected(Batch* batch, uint32_t file, uint64_t record, Span id,
                    std::string_view display, Reason reason, std::string_view why) {
  Document doc;
  doc.file = file;
  doc.record = record;
  doc.fate = Fate::kRejected;
  doc.reason = reason;
  doc.id = id.len > 0 ? id : AppendGeneratedId(batch, display, record);
  doc.error = batch->Append(why);
  batch->docs.push_back(doc);
}

bool StreamReader::Next(Batch* batch, size_t target_bytes) {
  const size_t raw0 = batch->raw.size();
  const size_t docs0 = batch->docs.size();
  const uint64_t consumed0 = in()->consumed();
  while (!done_) {
    if (!Step(batch)) {
      done_ = true;
      break;
    }
    if (batch->docs.size() > docs0 && batch->raw.size() - raw0 >= target_bytes) break;
    // Long runs of skipped records (a WARC of HTML responses) still hand
    // back batches now and then, so progress and bytes_in keep moving.
    if (in()->consumed() - consumed0 >= 8 * std::max<size_t>(target_bytes, 1 << 16)) break;
  }
  const uint64_t consumed = in()->consumed() - consumed0;
  batch->bytes_in += consumed;
  // Input consumed without documents (skipped records) still counts as
  // added, so that bytes_in reaches the caller.
  return batch->docs.size() > docs0 || consumed > 0;
}

void StreamReader::RejectStreamError(Batch* batch, uint64_t record, Span id) {
  if (stream_error_reported_ || in()->error().empty()) return;
  stream_error_reported_ = true;
  Reject(batch, record, id, Reason::kBadStream, in()->error());
}

}  // namespace winnow
