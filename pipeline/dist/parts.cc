#include "pipeline/dist/parts.h"

#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "pipeline/dist/comm.h"
#include "pipeline/json_write.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;

// Pieces travel to rank 0 in messages of this size: bounded memory on both
// sides whatever the output size.
constexpr size_t kStreamChunk = 16u << 20;

const char* Extension(Compression c) {
  return c == Compression::kGzip ? ".gz" : c == Compression::kZstd ? ".zst" : "";
}

const char* CompressionName(Compression c) {
  return c == Compression::kGzip ? "gzip" : c == Compression::kZstd ? "zstd" : "none";
}

std::string RankSuffix(int rank) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%05d", rank);
  return buf;
}

// Where rank `rank` writes its piece of `target` before rank 0 gathers it:
// beside the target (its filesystem has room for it), with the target's
// compression extension so the piece is compressed alike; for stdout in
// the temporary folder.
std::string PiecePath(const std::string& target, int rank) {
  if (target.empty() || target == "-") {
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
    return (dir / ("winnow-stdout.rank-" + RankSuffix(rank))).string();
  }
  return target + ".rank-" + RankSuffix(rank) + Extension(CompressionForPath(target));
}

std::string ErrnoText(const std::string& path) { return path + ": " + std::strerror(errno); }

// Appends the file at `path` to `sink` chunk by chunk. False (with *error)
// when it cannot be read.
template <class Sink>
bool StreamFile(const std::string& path, std::string* error, Sink&& sink) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) {
    *error = ErrnoText(path);
    return false;
  }
  std::string buf(kStreamChunk, '\0');
  size_t n;
  bool ok = true;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    if (!sink(std::string_view(buf.data(), n))) {
      ok = false;
      break;
    }
  }
  if (ok && std::ferror(f)) {
    *error = ErrnoText(path);
    ok = false;
  }
  std::fclose(f);
  return ok;
}

uint64_t FileSize(const std::string& path) {
  struct stat st;
  return !path.empty() && ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

}  // namespace

std::string PartName(int rank, OutputFormat format, Compression compression) {
  return "part-" + RankSuffix(rank) + (format == OutputFormat::kText ? ".txt" : ".jsonl") + Extension(compression);
}

bool PartsCompression(std::string_view flag, std::string_view output, Compression* compression) {
  if (flag.empty()) {
    *compression = CompressionForPath(output);
  } else if (flag == "gz") {
    *compression = Compression::kGzip;
  } else if (flag == "zst") {
    *compression = Compression::kZstd;
  } else if (flag == "none") {
    *compression = Compression::kNone;
  } else {
    return false;
  }
  return true;
}

RankOutputs::RankOutputs(Comm& comm, PartsOptions options) : comm_(comm), options_(std::move(options)) {}

RankOutputs::~RankOutputs() {
  if (!published_) Abort();
}

bool RankOutputs::Agree(bool ok, const std::string& my_error, std::string* error) {
  if (comm_.AllTrue(ok)) return true;
  const std::vector<std::string> all = comm_.Gather(ok ? "" : (my_error.empty() ? "failed" : my_error));
  std::string msg;
  for (size_t r = 0; r < all.size(); ++r) {
    if (all[r].empty()) continue;
    if (!msg.empty()) msg += "; ";
    msg += "rank " + std::to_string(r) + ": " + all[r];
  }
  *error = comm_.Broadcast(msg);
  Abort();
  return false;
}

bool RankOutputs::Open(std::string* error) {
  std::string err;
  bool ok = true;
  std::string part_path;
  if (options_.merge) {
    part_path = PiecePath(options_.output, comm_.rank());
  } else if (options_.output.empty() || options_.output == "-") {
    ok = false;
    err = "--output: the parts of a multi-rank run need a folder; allowed: -o FOLDER, or --merge to write one file";
  } else {
    // Every rank makes it: without a shared filesystem each node has its own.
    std::error_code ec;
    fs::create_directories(options_.output, ec);
    if (ec || !fs::is_directory(options_.output)) {
      ok = false;
      err = options_.output + ": cannot make the parts folder: " + (ec ? ec.message() : "not a folder");
    }
    part_path = options_.output + "/" + PartName(comm_.rank(), options_.format, options_.compression);
  }
  ok = ok && part_.Open(part_path, &err);
  if (ok && !options_.dups_path.empty()) {
    dups_ = std::make_unique<OutputFile>();
    ok = dups_->Open(PiecePath(options_.dups_path, comm_.rank()), &err);
  }
  if (ok && !options_.explain_path.empty()) {
    explain_ = std::make_unique<OutputFile>();
    ok = explain_->Open(PiecePath(options_.explain_path, comm_.rank()), &err);
  }
  opened_ = Agree(ok, err, error);
  return opened_;
}

// Rank 0 writes its own piece then every other rank's, in rank order, into
// `target`; the others stream their piece to it. Each message starts with
// 'd' (data follows), 'e' (end) or 'x' (end: the piece could not be read),
// so rank 0 always drains every rank even after a failure and no rank is
// left blocked in Send. Each rank's result is its own: a sender that fails
// returns false, and rank 0 false only for its own reading or writing.
bool RankOutputs::GatherInto(OutputFile& piece, const std::string& target, std::unique_ptr<OutputFile>* final_out,
                             std::string* error) {
  if (comm_.rank() != 0) {
    std::string read_error;
    const bool ok = StreamFile(piece.temp_path(), &read_error, [&](std::string_view bytes) {
      std::string msg = "d";
      msg.append(bytes);
      comm_.Send(0, msg);
      return true;
    });
    comm_.Send(0, ok ? "e" : "x" + read_error);
    if (!ok) *error = read_error;
    return ok;
  }
  auto out = std::make_unique<OutputFile>();
  bool ok = out->Open(target, error);
  auto write = [&](std::string_view bytes) {
    ok = ok && out->Write(bytes, error);
    return true;  // keep reading: the other ranks must be drained anyway
  };
  std::string read_error;
  if (!StreamFile(piece.temp_path(), &read_error, write) && ok) {
    ok = false;
    *error = read_error;
  }
  for (int r = 1; r < comm_.size(); ++r) {
    for (;;) {
      const std::string msg = comm_.Recv(r);
      if (msg.empty() || msg[0] == 'e') break;
      // The sender reports its own failure when the ranks agree; the
      // target is then never published.
      if (msg[0] == 'x') break;
      write(std::string_view(msg).substr(1));
    }
  }
  ok = ok && out->Close(error);
  *final_out = std::move(out);
  return ok;
}

std::string RankOutputs::Manifest(const std::vector<std::string>& counts) const {
  std::vector<std::array<uint64_t, 3>> parts;
  std::array<uint64_t, 3> total{};
  for (const std::string& c : counts) {
    std::array<uint64_t, 3> v{};
    std::sscanf(c.c_str(), "%" SCNu64 " %" SCNu64 " %" SCNu64, &v[0], &v[1], &v[2]);
    for (int i = 0; i < 3; ++i) total[i] += v[i];
    parts.push_back(v);
  }
  std::string s = "{\"ranks\":";
  AppendUint(parts.size(), &s);
  s += ",\"format\":";
  AppendJsonString(options_.format == OutputFormat::kText ? "text" : "jsonl", &s);
  s += ",\"compression\":";
  AppendJsonString(CompressionName(options_.compression), &s);
  s += ",\"documents\":";
  AppendUint(total[0], &s);
  s += ",\"bytes\":";
  AppendUint(total[1], &s);
  s += ",\"parts\":[";
  for (size_t r = 0; r < parts.size(); ++r) {
    if (r) s += ',';
    s += "{\"path\":";
    AppendJsonString(PartName(static_cast<int>(r), options_.format, options_.compression), &s);
    s += ",\"rank\":";
    AppendUint(r, &s);
    s += ",\"documents\":";
    AppendUint(parts[r][0], &s);
    s += ",\"bytes\":";
    AppendUint(parts[r][1], &s);
    s += ",\"file_bytes\":";
    AppendUint(parts[r][2], &s);
    s += '}';
  }
  s += "]}\n";
  return s;
}

bool RankOutputs::Commit(std::string* error) {
  if (published_) return true;
  if (!opened_) {  // the same on every rank: Open agreed
    *error = "rank outputs were not opened";
    return false;
  }
  std::string err = failed_;
  bool ok = failed_.empty() && part_.Close(&err);
  if (ok && dups_) ok = dups_->Close(&err);
  if (ok && explain_) ok = explain_->Close(&err);
  if (!Agree(ok, err, error)) {
    Abort();
    return false;
  }

  // Every rank takes part in every gather, in the same order, whatever
  // failed before, so that the messages stay in step.
  ok = true;
  auto gather = [&](OutputFile& piece, const std::string& target) {
    std::unique_ptr<OutputFile> final_out;
    std::string e;
    if (!GatherInto(piece, target, &final_out, &e) && ok) {
      ok = false;
      err = e;
    }
    if (final_out) finals_.push_back(std::move(final_out));
  };
  const std::vector<std::string> counts = comm_.Gather(std::to_string(documents_) + " " + std::to_string(bytes_) +
                                                       " " + std::to_string(FileSize(part_.temp_path())));
  if (options_.merge) gather(part_, options_.output);
  if (dups_) gather(*dups_, options_.dups_path);
  if (explain_) gather(*explain_, options_.explain_path);
  // The gathered pieces are in rank 0's files now: remove them before the
  // ranks agree, so that no rank's pieces outlive a returned Commit.
  if (options_.merge) part_.Abort();
  if (dups_) dups_->Abort();
  if (explain_) explain_->Abort();
  if (!options_.merge && comm_.rank() == 0 && ok) {
    auto manifest = std::make_unique<OutputFile>();
    ok = manifest->Open(options_.output + "/manifest.json", &err) && manifest->Write(Manifest(counts), &err) &&
         manifest->Close(&err);
    finals_.push_back(std::move(manifest));  // last: renamed after everything else
  }
  if (!Agree(ok, err, error)) return false;

  // Final names: the parts, then rank 0's gathered files, the manifest last.
  ok = options_.merge || part_.Publish(&err);
  const bool part_published = !options_.merge && ok;
  std::vector<std::string> renamed;
  for (auto& f : finals_) {
    const bool file = !f->temp_path().empty();
    ok = ok && f->Publish(&err);
    if (ok && file) renamed.push_back(f->path());
  }
  if (!Agree(ok, err, error)) {
    // Someone could not rename: take back what this rank renamed.
    if (part_published) std::remove(part_.path().c_str());
    for (const std::string& path : renamed) std::remove(path.c_str());
    return false;
  }
  if (!options_.merge && comm_.rank() == 0) RemoveStaleParts();
  published_ = true;
  return true;
}

// Parts left in the folder by an earlier run with more ranks are not in
// the manifest, but `cat OUT/part-*` would take them: remove them.
void RankOutputs::RemoveStaleParts() const {
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(options_.output, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() < 11 || name.compare(0, 5, "part-") != 0 || name[10] != '.') continue;
    if (name.find(".tmp-") != std::string::npos) continue;  // another run's, in progress
    int rank = 0;
    bool digits = true;
    for (size_t i = 5; i < 10; ++i) {
      digits = digits && name[i] >= '0' && name[i] <= '9';
      rank = rank * 10 + (name[i] - '0');
    }
    if (digits && rank >= comm_.size()) fs::remove(e.path(), ec);
  }
}

void RankOutputs::Abort() {
  part_.Abort();
  if (dups_) dups_->Abort();
  if (explain_) explain_->Abort();
  for (auto& f : finals_) f->Abort();
}

}  // namespace winnow
