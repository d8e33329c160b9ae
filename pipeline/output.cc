#include "pipeline/output.h"

#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstring>

namespace winnow {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string ErrnoMessage(const std::string& path, int err) {
  if (err == EPIPE) return path + ": output closed (broken pipe)";
  if (err == ENOSPC) return path + ": no space left on device";
  return path + ": " + std::strerror(err);
}

}  // namespace

Compression CompressionForPath(std::string_view path) {
  if (EndsWith(path, ".gz")) return Compression::kGzip;
  if (EndsWith(path, ".zst")) return Compression::kZstd;
  return Compression::kNone;
}

void Compress(Compression c, std::string_view in, std::string* out) {
  if (c == Compression::kNone || in.empty()) {
    out->append(in);
    return;
  }
  if (c == Compression::kZstd) {
    size_t bound = ZSTD_compressBound(in.size());
    size_t base = out->size();
    out->resize(base + bound);
    size_t n = ZSTD_compress(out->data() + base, bound, in.data(), in.size(), 3);
    out->resize(ZSTD_isError(n) ? base : base + n);
    return;
  }
  z_stream zs{};
  // windowBits 15 + 16: write a gzip header and trailer. Level 1 keeps pace
  // with the pipeline; each call makes one complete member.
  deflateInit2(&zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  size_t bound = deflateBound(&zs, in.size());
  size_t base = out->size();
  out->resize(base + bound);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out->data() + base);
  zs.avail_out = static_cast<uInt>(bound);
  deflate(&zs, Z_FINISH);
  out->resize(base + zs.total_out);
  deflateEnd(&zs);
}

OutputFile::~OutputFile() { Abort(); }

bool OutputFile::Open(const std::string& path, std::string* error) {
  path_ = path;
  if (path.empty() || path == "-") {
    path_ = "<stdout>";
    file_ = stdout;
    is_stdout_ = true;
    return true;
  }
  compression_ = CompressionForPath(path);
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    // A device or pipe (/dev/stderr, a FIFO): nothing to rename.
    file_ = std::fopen(path.c_str(), "wb");
    if (!file_) {
      *error = ErrnoMessage(path, errno);
      return false;
    }
    return true;
  }
  temp_ = path + ".tmp-" + std::to_string(getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) {
    *error = ErrnoMessage(path, errno);
    temp_.clear();
    return false;
  }
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  return true;
}

bool OutputFile::Write(std::string_view bytes, std::string* error) {
  if (bytes.empty()) return true;
  if (!file_) {
    *error = path_ + ": not open";
    return false;
  }
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    *error = ErrnoMessage(path_, errno);
    return false;
  }
  return true;
}

bool OutputFile::Commit(std::string* error) {
  if (!file_) return true;
  if (is_stdout_) {
    file_ = nullptr;
    if (std::fflush(stdout) != 0) {
      *error = ErrnoMessage(path_, errno);
      return false;
    }
    return true;
  }
  bool ok = std::fflush(file_) == 0;
  int err = errno;
  ok = (std::fclose(file_) == 0) && ok;
  if (!ok && err == 0) err = errno;
  file_ = nullptr;
  if (!ok) {
    *error = ErrnoMessage(path_, err);
    Abort();
    return false;
  }
  if (!temp_.empty() && std::rename(temp_.c_str(), path_.c_str()) != 0) {
    *error = ErrnoMessage(path_, errno);
    Abort();
    return false;
  }
  temp_.clear();
  return true;
}

void OutputFile::Abort() {
  if (file_ && !is_stdout_) std::fclose(file_);
  file_ = nullptr;
  if (!temp_.empty()) {
    std::remove(temp_.c_str());
    temp_.clear();
  }
}

}  // namespace winnow
