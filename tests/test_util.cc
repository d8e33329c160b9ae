#include "tests/test_util.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <thread>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "pipeline/output.h"
#include "tests/stats_check.h"

namespace winnow::testing {
namespace {

std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'') q += "'\\''";
    else q += c;
  }
  return q + "'";
}

}  // namespace

long PeakRssKib(const std::vector<std::string>& args) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv;
    std::string bin = WINNOW_BINARY;
    argv.push_back(bin.data());
    std::vector<std::string> copy = args;
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  struct rusage ru {};
  if (::wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return ru.ru_maxrss;
}

std::string MakeTempDir(std::string_view name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string dir = ::testing::TempDir() + "winnow-" + (info ? std::string(info->test_suite_name()) + "-" + info->name() : "x") +
                    "-" + std::string(name) + "-" + std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

void WriteFile(const std::string& path, std::string_view data) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream f(path, std::ios::binary);
  f.write(data.data(), static_cast<std::streamsize>(data.size()));
}

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

bool FileExists(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0;
}

std::vector<std::string> ListDir(const std::string& dir) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

CommandResult RunWinnowOnTerminal(const std::vector<std::string>& args, Terminal which) {
  CommandResult r;
  const std::string dir = MakeTempDir("terminal-run");
  const int master = posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) return r;
  const std::string slave_name = ptsname(master);
  const std::string file = dir + (which == Terminal::kStdin ? "/stderr" : "/stdout");
  std::vector<std::string> argv_s = {WINNOW_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) return r;
  if (pid == 0) {
    const int slave = open(slave_name.c_str(), O_RDWR);
    const int f = open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = open("/dev/null", O_RDWR);
    if (slave < 0 || f < 0 || null < 0) _exit(99);
    dup2(which == Terminal::kStdin ? slave : null, 0);
    dup2(which == Terminal::kStdin ? null : f, 1);
    dup2(which == Terminal::kStdin ? f : slave, 2);
    execv(WINNOW_BINARY, argv.data());
    _exit(98);
  }
  // Drain the terminal while winnow runs, so its writes never block.
  fcntl(master, F_SETFL, O_NONBLOCK);
  std::string seen;
  int status = 0;
  bool done = false;
  for (int i = 0; i < 2000 && !done; ++i) {
    char buf[4096];
    ssize_t n;
    while ((n = read(master, buf, sizeof buf)) > 0) seen.append(buf, static_cast<size_t>(n));
    done = waitpid(pid, &status, WNOHANG) == pid;
    if (!done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (!done) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  char buf[4096];
  ssize_t n;
  while ((n = read(master, buf, sizeof buf)) > 0) seen.append(buf, static_cast<size_t>(n));
  close(master);
  r.exit_code = done && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (which == Terminal::kStdin) {
    r.err = ReadFile(file);
  } else {
    r.err = seen;
    r.out = ReadFile(file);
  }
  return r;
}

namespace {

// The value of `--flag VALUE` or `--flag=VALUE` in args; empty when absent.
std::string FlagValue(const std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == flag && i + 1 < args.size()) return args[i + 1];
    if (args[i].rfind(flag + "=", 0) == 0) return args[i].substr(flag.size() + 1);
  }
  return "";
}

}  // namespace

CommandResult RunWinnow(const std::vector<std::string>& args, const std::string* stdin_data) {
  std::string dir = MakeTempDir("run");
  std::string cmd = Quote(WINNOW_BINARY);
  for (const std::string& a : args) cmd += " " + Quote(a);
  // Every run writes stats (to its own temporary file unless the test asks
  // for them), and every run that wrote them is checked: the sums add up,
  // and --dups and --explain say what the stats count.
  std::string stats = FlagValue(args, "--stats");
  if (stats.empty()) {
    stats = dir + "/stats.json";
    cmd += " --stats " + Quote(stats);
  }
  // A file the run was refused to write (it is an input) is not its stats.
  const std::string stats_before = FileExists(stats) ? ReadFile(stats) : std::string("\x01");
  if (stdin_data) {
    WriteFile(dir + "/stdin", *stdin_data);
    cmd += " < " + Quote(dir + "/stdin");
  } else {
    cmd += " < /dev/null";
  }
  cmd += " > " + Quote(dir + "/stdout") + " 2> " + Quote(dir + "/stderr");
  int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(dir + "/stdout");
  r.err = ReadFile(dir + "/stderr");
  if (FileExists(stats) && (r.exit_code == 0 || r.exit_code == 2) && ReadFile(stats) != stats_before) {
    const std::string json = ReadFile(stats);
    ExpectStatsAddUp(json);
    const std::string dups = FlagValue(args, "--dups"), explain = FlagValue(args, "--explain");
    if (!dups.empty() && FileExists(dups)) ExpectDupsMatchStats(json, ReadFile(dups));
    if (!explain.empty() && FileExists(explain)) ExpectExplainMatchesStats(json, ReadFile(explain));
  }
  std::filesystem::remove_all(dir);
  return r;
}

std::vector<std::string> Lines(std::string_view s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t e = s.find('\n', pos);
    if (e == std::string_view::npos) e = s.size();
    out.emplace_back(s.substr(pos, e - pos));
    pos = e + 1;
  }
  return out;
}

long long JsonNumber(std::string_view json, const std::vector<std::string>& path) {
  size_t pos = 0;
  for (const std::string& key : path) {
    pos = json.find("\"" + key + "\":", pos);
    if (pos == std::string_view::npos) return -1;
    pos += key.size() + 3;
  }
  char* end = nullptr;
  std::string rest(json.substr(pos, 32));
  long long v = std::strtoll(rest.c_str(), &end, 10);
  return end == rest.c_str() ? -1 : v;
}

std::string Gzip(std::string_view data) {
  std::string out;
  Compress(Compression::kGzip, data, &out);
  return out;
}

std::string Zstd(std::string_view data) {
  std::string out;
  Compress(Compression::kZstd, data, &out);
  return out;
}

std::string Gunzip(std::string_view data) {
  std::string out;
  z_stream zs{};
  inflateInit2(&zs, 15 + 32);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  char buf[1 << 16];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
    } else if (rc != Z_OK) {
      break;
    }
  }
  inflateEnd(&zs);
  return out;
}

std::string Unzstd(std::string_view data) {
  std::string out;
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  ZSTD_inBuffer in{data.data(), data.size(), 0};
  std::string buf(ZSTD_DStreamOutSize(), '\0');
  while (in.pos < in.size) {
    ZSTD_outBuffer o{buf.data(), buf.size(), 0};
    size_t rc = ZSTD_decompressStream(dctx, &o, &in);
    out.append(buf.data(), o.pos);
    if (ZSTD_isError(rc)) break;
  }
  ZSTD_freeDCtx(dctx);
  return out;
}

std::string MadeUpWords(int seed, int words) {
  static const char* kFunction[] = {"the", "of", "and", "to", "in", "for", "with", "on", "that", "from"};
  static const char* kSyllables[] = {"ba", "ker", "lo", "min", "sta", "ru", "vel", "do", "pen", "ta", "gri", "mo",
                                     "san", "tor", "li", "ne", "ca", "pho", "dre", "su", "win", "ar", "ol", "zen"};
  uint64_t x = 0x9E3779B97F4A7C15ull * static_cast<uint64_t>(seed + 1);
  auto next = [&x](size_t n) {
    x ^= x >> 31;
    x *= 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return static_cast<size_t>(x % n);
  };
  std::string s;
  for (int k = 0; k < words; ++k) {
    if (k > 0) s += ' ';
    if (k % 2 == 0) {
      s += kFunction[next(10)];
    } else {
      for (int j = 0; j < 3; ++j) s += kSyllables[next(24)];
    }
  }
  return s;
}

}  // namespace winnow::testing
