#include "pipeline/config_check.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "pipeline/input/reader.h"

namespace winnow {
namespace {

constexpr size_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// "--flag: <value> is out of range; allowed: <allowed>".
std::string OutOfRange(const char* flag, const std::string& value, const std::string& allowed) {
  return std::string(flag) + ": " + value + " is out of range; allowed: " + allowed;
}

std::string CheckInt(const char* flag, long long v, long long lo, long long hi, const std::string& allowed) {
  return v < lo || v > hi ? OutOfRange(flag, std::to_string(v), allowed) : "";
}

std::string CheckSize(const char* flag, size_t v, size_t lo, size_t hi, const std::string& allowed) {
  return v < lo || v > hi ? OutOfRange(flag, std::to_string(v) + " bytes", allowed) : "";
}

// A share in (0, 1]; NaN fails the comparison and is rejected too.
std::string CheckShare(const char* flag, double v, const std::string& allowed) {
  return v > 0 && v <= 1 ? "" : OutOfRange(flag, Num(v), allowed);
}

std::string DirOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// An output can be written when it is stdout, an existing writable device
// or pipe, or a file name in an existing, writable folder (outputs are
// written under a temporary name there and renamed into place).
std::string CheckOutputPath(const char* flag, const std::string& path) {
  if (path.empty()) return std::string(flag) + ": empty path; allowed: a file path, or - for stdout";
  if (path == "-") return "";
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return std::string(flag) + ": " + path + " is a folder; allowed: a file path";
    if (!S_ISREG(st.st_mode)) {
      return ::access(path.c_str(), W_OK) == 0
                 ? ""
                 : std::string(flag) + ": " + path + ": " + std::strerror(errno);
    }
  }
  const std::string dir = DirOf(path);
  if (::stat(dir.c_str(), &st) != 0) {
    return std::string(flag) + ": cannot write " + path + ": folder " + dir + ": " + std::strerror(errno);
  }
  if (!S_ISDIR(st.st_mode)) return std::string(flag) + ": cannot write " + path + ": " + dir + " is not a folder";
  if (::access(dir.c_str(), W_OK) != 0) {
    return std::string(flag) + ": cannot write " + path + ": folder " + dir + ": " + std::strerror(errno);
  }
  return "";
}

// -o of a distributed run without --merge: a folder of parts, existing and
// writable, or a new name in a writable folder.
std::string CheckPartsFolder(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) return "--output: " + path + " is not a folder; allowed: a folder for the ranks' parts, or --merge";
    if (::access(path.c_str(), W_OK) != 0) return "--output: " + path + ": " + std::strerror(errno);
    return "";
  }
  // Not there yet: the ranks make it, in a writable folder. (Asking
  // CheckOutputPath would stat the path again, and find the folder another
  // rank has just made.)
  const std::string dir = DirOf(path);
  const std::string cannot = "--output: cannot make " + path + ": ";
  if (::stat(dir.c_str(), &st) != 0) return cannot + "folder " + dir + ": " + std::strerror(errno);
  if (!S_ISDIR(st.st_mode)) return cannot + dir + " is not a folder";
  if (::access(dir.c_str(), W_OK) != 0) return cannot + "folder " + dir + ": " + std::strerror(errno);
  return "";
}

// Device and inode of an existing path, to tell two names of one file.
bool Identity(const std::string& path, std::pair<dev_t, ino_t>* id) {
  struct stat st;
  if (path.empty() || path == "-" || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  *id = {st.st_dev, st.st_ino};
  return true;
}

std::string CheckOutputs(const Config& c) {
  const std::vector<std::pair<const char*, const std::string*>> outputs = {
      {"--output", &c.output},        {"--stats", &c.stats_path},     {"--dups", &c.dups_path},
      {"--explain", &c.explain_path}, {"--explain-html", &c.explain_html_path}};
  std::vector<std::pair<const char*, std::pair<dev_t, ino_t>>> seen;
  const char* to_stdout = nullptr;
  std::vector<InputFile> inputs;  // expanded when an output already exists
  for (const auto& [flag, path] : outputs) {
    if (flag != outputs[0].first && path->empty()) continue;  // not asked for
    if (flag == outputs[0].first && c.output_folder) {
      if (std::string e = CheckPartsFolder(*path); !e.empty()) return e;
      continue;
    }
    if (std::string e = CheckOutputPath(flag, *path); !e.empty()) return e;
    if (*path == "-" || path->empty()) {
      if (to_stdout) return std::string(flag) + ": stdout is already the " + to_stdout + " output; allowed: one output on stdout";
      to_stdout = flag;
      continue;
    }
    for (const auto& [other, other_path] : outputs) {
      if (other == flag) break;
      if (*other_path == *path) return std::string(flag) + ": " + *path + " is also the " + other + " file; allowed: a path of its own";
    }
    std::pair<dev_t, ino_t> id;
    if (!Identity(*path, &id)) continue;
    // An existing file: it must not be one this run reads (directly or in
    // a folder), which the output would replace.
    if (inputs.empty()) {
      std::vector<std::string> unreadable;
      inputs = ExpandInputs(c.inputs, &unreadable);
    }
    for (const InputFile& in : inputs) {
      std::pair<dev_t, ino_t> in_id;
      if (Identity(in.path, &in_id) && in_id == id) {
        return std::string(flag) + ": " + *path + " is an input; allowed: a path that is not read by this run";
      }
    }
    for (const auto& [other, other_id] : seen) {
      if (other_id == id) return std::string(flag) + ": " + *path + " is also the " + other + " file; allowed: a path of its own";
    }
    seen.push_back({flag, id});
  }
  return "";
}

}  // namespace

bool ParseSize(const std::string& text, size_t* bytes) {
  const char* s = text.c_str();
  while (std::isspace(static_cast<unsigned char>(*s))) ++s;
  if (!std::isdigit(static_cast<unsigned char>(*s)) && *s != '.') return false;  // no sign, nan, inf
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || !std::isfinite(v) || v < 0) return false;
  std::string unit(end);
  for (char& ch : unit) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  double mult = 1;
  if (unit.empty() || unit == "b") mult = 1;
  else if (unit == "k" || unit == "kb" || unit == "kib") mult = static_cast<double>(kKiB);
  else if (unit == "m" || unit == "mb" || unit == "mib") mult = static_cast<double>(kMiB);
  else if (unit == "g" || unit == "gb" || unit == "gib") mult = static_cast<double>(kGiB);
  else if (unit == "t" || unit == "tb" || unit == "tib") mult = static_cast<double>(kGiB) * 1024;
  else return false;
  const double b = v * mult;
  if (b > std::ldexp(1.0, 50)) return false;
  *bytes = static_cast<size_t>(b);
  return true;
}

std::string CheckConfig(const Config& c, const std::set<std::string>& given) {
  auto has = [&](const char* flag) { return given.count(flag) > 0; };
  const std::vector<std::string> checks = {
      CheckInt("--threads", c.threads, 0, 1024, "0 (all cores) to 1024"),
      CheckInt("--live-batches", c.live_batches, 0, 65536, "0 (4 x threads) to 65536"),
      CheckSize("--batch-bytes", c.batch_bytes, 256, kGiB, "256 bytes to 1G (default 1M)"),
      CheckSize("--max-record-bytes", c.reader.max_record_bytes, 1, kGiB, "1 byte to 1G (default 64M)"),
      CheckSize("--template-window", c.template_window, 0, 64 * kGiB,
                "0 (one batch at a time) to 64G (default 64M)"),
      CheckSize("--html-cache", c.html_cache_bytes, 0, 64 * kGiB, "0 (parse twice) to 64G (default 256M)"),
      CheckInt("--min-words", c.bp.min_words, 0, 1000, "0 (the built-in default) to 1000"),
      CheckInt("--template-min-docs", c.bp.template_min_docs, 0, 1000000, "0 (off), or 2 to 1000000 (default 3)"),
      c.bp.template_min_docs == 1
          ? OutOfRange("--template-min-docs", "1", "0 (off), or 2 to 1000000: at 1 every unit would be template")
          : "",
      CheckInt("--template-max-words", c.bp.template_max_words, 0, 1000000, "0 (any length) to 1000000"),
      CheckInt("--ngram", c.near.ngram, 1, 16, "1 to 16 words (default 2)"),
      CheckShare("--near-threshold", c.near.threshold, "a share above 0 and at most 1 (default 0.45)"),
      CheckInt("--near-min-words", c.near.min_words, 0, 1000000, "0 to 1000000 words (default 10)"),
      CheckInt("--min-dedup-chars", static_cast<long long>(c.min_dedup_chars), 0, 1 << 30,
               "0 to 1073741824 characters (default 24)"),
      CheckInt("--explain-sample", static_cast<long long>(c.explain_sample), 0, 10000000,
               "0 (every document) to 10000000 (default 400)"),
      CheckShare("--doc-dup-threshold", c.doc_dup_threshold,
                 "a share above 0 and at most 1 (default 0.8; 1 drops only documents whose kept text is all copied)"),
  };
  for (const std::string& e : checks) {
    if (!e.empty()) return e;
  }
  // Flags that would silently do nothing with the rest of the command line.
  if (!c.boilerplate) {
    for (const char* f : {"--min-words", "--keep-short-headings", "--stoplists", "--boilerplate-phrases",
                          "--template-min-docs", "--template-max-words", "--merged-stoplist"}) {
      if (has(f)) return std::string(f) + ": has no effect with --no-boilerplate; allowed: one of the two";
    }
  }
  if (!c.dedup) {
    for (const char* f : {"--exact-only", "--ngram", "--near-threshold", "--near-min-words", "--min-dedup-chars",
                          "--doc-dup-threshold", "--index-memory", "--dups"}) {
      if (has(f)) return std::string(f) + ": has no effect with --no-dedup; allowed: one of the two";
    }
  } else if (!c.near.near) {
    for (const char* f : {"--ngram", "--near-threshold", "--near-min-words"}) {
      if (has(f)) return std::string(f) + ": near-duplicate setting given with --exact-only; allowed: one of the two";
    }
  }
  if (has("--files-from")) {
    if (c.inputs.empty()) {
      return "--files-from: " + c.files_from + " lists no input paths; allowed: a file with one input path per line";
    }
    if (c.files_from == "-" && std::count(c.inputs.begin(), c.inputs.end(), "-") > 0) {
      return "--files-from: - reads the list from stdin, which is also an input; allowed: a list file, or inputs other than -";
    }
  }
  if (has("--explain-sample") && c.explain_html_path.empty()) {
    return "--explain-sample: has no effect without --explain-html; allowed: with --explain-html PATH";
  }
  if (!c.bp.stoplists_dir.empty()) {
    struct stat st;
    if (::stat(c.bp.stoplists_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return "--stoplists: " + c.bp.stoplists_dir + " is not a readable folder; allowed: a folder of <lang>.txt files";
    }
  }
  if (!c.bp.phrases_file.empty() && ::access(c.bp.phrases_file.c_str(), R_OK) != 0) {
    return "--boilerplate-phrases: " + c.bp.phrases_file + ": " + std::strerror(errno) +
           "; allowed: a readable file of phrases, one per line";
  }
  return CheckOutputs(c);
}

}  // namespace winnow
