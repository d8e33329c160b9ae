// Failures around a run, through the built binary: SIGINT/SIGTERM mid-run, a
// full disk, a closed output pipe, and a failure injected inside a filter
// (WINNOW_FAULT_BATCH). Each must end with the documented exit code, a clear
// message on stderr, and no file (partial or temporary) under the output
// name.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_util.h"

namespace winnow {
namespace {

namespace fs = std::filesystem;
using testing::JsonNumber;
using testing::ListDir;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

// Unique paragraphs (made-up content words between function words), so
// neither the boilerplate classifier nor dedup removes them.
std::string Records(int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) {
    const std::string text = "Report " + std::to_string(i) + " says " + testing::MadeUpWords(i, 40);
    out += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"" + text + ".\"}\n";
  }
  return out;
}

// Runs winnow in the background: stdin from /dev/null, stdout to
// /dev/null, stderr to `err_path`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& err_path) {
  pid_t pid = ::fork();
  if (pid == 0) {
    std::string bin = WINNOW_BINARY;
    std::vector<std::string> copy = args;
    std::vector<char*> argv{bin.data()};
    for (std::string& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    int null = ::open("/dev/null", O_RDWR);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(err, 2);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits for `pid` (at most two minutes, then kills it). Returns the exit
// code, 128 + signal when killed by a signal, or -1 on timeout.
int Wait(pid_t pid) {
  for (int i = 0; i < 1200; ++i) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return -1;
}

// Writes all of `data` to fd; false once the reader has gone (EPIPE).
bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The size of the first file in `dir` whose name starts with `prefix`, or -1.
long long SizeOfFileStartingWith(const std::string& dir, const std::string& prefix) {
  for (const std::string& name : ListDir(dir)) {
    if (name.rfind(prefix, 0) == 0) {
      struct stat st;
      if (::stat((dir + "/" + name).c_str(), &st) == 0) return st.st_size;
    }
  }
  return -1;
}

// The input is a FIFO that the test feeds: first enough records for winnow
// to flush output into its temporary file, then, once that file has bytes,
// the signal, then more records and the end of input. The signal therefore
// always arrives mid-run, after writing began, whatever the machine's speed.
void InterruptMidRun(int sig) {
  ::signal(SIGPIPE, SIG_IGN);  // winnow may stop reading before the feeder ends
  std::string dir = MakeTempDir("sig");
  std::string work = dir + "/work";
  fs::create_directories(work);
  const std::string fifo = work + "/in.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  const std::string err = dir + "/stderr";
  pid_t pid = Spawn({fifo, "-o", work + "/out.jsonl", "--dups", work + "/dups.jsonl", "--stats", work + "/s.json",
                     "-j", "2", "--batch-bytes", "64K", "--template-window", "256K"},
                    err);
  ASSERT_GT(pid, 0);
  int fd = ::open(fifo.c_str(), O_WRONLY);  // blocks until winnow opens the FIFO
  ASSERT_GE(fd, 0);
  // About 5 MB: well past the writer's 1 MiB buffer, so the temporary
  // output file gets bytes while the reader waits for more input.
  ASSERT_TRUE(WriteAll(fd, Records(0, 16000)));
  long long size = -1;
  for (int i = 0; i < 1200 && size <= 0; ++i) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) break;  // ended early: fail below
    size = SizeOfFileStartingWith(work, "out.jsonl.tmp-");
    if (size <= 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_GT(size, 0) << "winnow never started writing";
  ASSERT_EQ(::kill(pid, sig), 0);
  // More input wakes the reader, which then sees the stop request.
  WriteAll(fd, Records(16000, 17000));
  ::close(fd);
  EXPECT_EQ(Wait(pid), 128 + sig);
  std::string msg = ReadFile(err);
  EXPECT_NE(msg.find("interrupted by signal " + std::to_string(sig) + " after "), std::string::npos) << msg;
  EXPECT_NE(msg.find(" documents ("), std::string::npos) << msg;
  EXPECT_NE(msg.find("no output file was written"), std::string::npos) << msg;
  // Nothing under the final names, no temporaries: only the FIFO is left.
  EXPECT_EQ(ListDir(work), std::vector<std::string>{"in.jsonl"});
  fs::remove_all(dir);
}

// A FIFO given by name is read once: template counting works in windows on
// it, as on stdin, instead of a pre-pass that would drain it.
TEST(Fault, FifoInputIsReadOnceAndFully) {
  ::signal(SIGPIPE, SIG_IGN);
  std::string dir = MakeTempDir("fifo");
  const std::string fifo = dir + "/in.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  pid_t pid = Spawn({fifo, "-o", dir + "/out.jsonl", "--stats", dir + "/s.json"}, dir + "/stderr");
  int fd = ::open(fifo.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(WriteAll(fd, Records(0, 500)));
  ::close(fd);
  EXPECT_EQ(Wait(pid), 0) << ReadFile(dir + "/stderr");
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/s.json"), {"documents", "emitted"}), 500);
  EXPECT_EQ(testing::Lines(ReadFile(dir + "/out.jsonl")).size(), 500u);
}

TEST(Fault, SigintMidRunLeavesNoOutputAndExits130) { InterruptMidRun(SIGINT); }

// A signal stops a run whose input pipe is open but idle: the blocked read
// is interrupted instead of waiting for data that never comes.
TEST(Fault, SigintStopsARunWaitingOnAnIdlePipe) {
  ::signal(SIGPIPE, SIG_IGN);
  std::string dir = MakeTempDir("idle");
  const std::string fifo = dir + "/in.jsonl";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
  pid_t pid = Spawn({fifo, "-o", dir + "/out.jsonl"}, dir + "/stderr");
  int fd = ::open(fifo.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(WriteAll(fd, Records(0, 10)));
  // Keep the pipe open and silent; let winnow reach its blocking read.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  EXPECT_EQ(Wait(pid), 130) << ReadFile(dir + "/stderr");
  ::close(fd);
  EXPECT_NE(ReadFile(dir + "/stderr").find("interrupted by signal 2"), std::string::npos);
  EXPECT_EQ(ListDir(dir), (std::vector<std::string>{"in.jsonl", "stderr"}));
}

TEST(Fault, SigtermMidRunLeavesNoOutputAndExits143) { InterruptMidRun(SIGTERM); }

// /dev/full is a device, written directly (no temporary): every write fails
// with ENOSPC.
TEST(Fault, FullDiskEndsWithExitOneAndAClearMessage) {
  std::string dir = MakeTempDir("full");
  WriteFile(dir + "/in.jsonl", Records(0, 3000));
  for (const char* threads : {"1", "2"}) {
    auto r = RunWinnow({dir + "/in.jsonl", "-o", "/dev/full", "-j", threads, "--batch-bytes", "16K", "-q"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("winnow: /dev/full: no space left on device"), std::string::npos) << r.err;
  }
  // A small output fails at the final flush instead: same outcome.
  WriteFile(dir + "/small.jsonl", Records(0, 1));
  auto r = RunWinnow({dir + "/small.jsonl", "-o", "/dev/full", "-q"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("no space left on device"), std::string::npos) << r.err;
  // The --stats file (a regular file) is not written for a failed run.
  auto s = RunWinnow({dir + "/in.jsonl", "-o", "/dev/full", "--stats", dir + "/s.json", "-q"});
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_EQ(ListDir(dir), (std::vector<std::string>{"in.jsonl", "small.jsonl"}));
}

// `winnow big.jsonl | head -c 100`: once head exits, writes fail with EPIPE
// (SIGPIPE is ignored), the run stops and exits 1 with a message.
TEST(Fault, ClosedOutputPipeEndsWithExitOneAndAMessage) {
  std::string dir = MakeTempDir("pipe");
  WriteFile(dir + "/in.jsonl", Records(0, 12000));  // ~4 MB of output, far past a pipe buffer
  std::string cmd = std::string("set -o pipefail; '") + WINNOW_BINARY + "' '" + dir + "/in.jsonl' -q --batch-bytes 64K 2> '" +
                    dir + "/err' | head -c 100 > '" + dir + "/head'";
  int status = std::system(("bash -c \"" + cmd + "\"").c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  std::string err = ReadFile(dir + "/err");
  EXPECT_NE(err.find("winnow: <stdout>: output closed (broken pipe)"), std::string::npos) << err;
  EXPECT_EQ(ReadFile(dir + "/head").size(), 100u);
}

// A failure inside a filter (WINNOW_FAULT_BATCH=N throws in batch N): the
// run ends with exit 1 and a message naming the batch, and no output,
// report or stats file is left. Under the ASan preset the child's leak
// check would turn the exit code non-1 and print a report.
TEST(Fault, InjectedFailureMidRunLeavesNoPartialOutput) {
  std::string dir = MakeTempDir("inject");
  WriteFile(dir + "/in.jsonl", Records(0, 2000));  // ~600 KB: ~40 batches of 16K
  for (const char* batch : {"0", "7", "30"}) {
    for (const char* out : {"out.jsonl", "out.jsonl.gz"}) {
      std::string work = dir + "/work";
      fs::create_directories(work);
      ::setenv("WINNOW_FAULT_BATCH", batch, 1);
      auto r = RunWinnow({dir + "/in.jsonl", "-o", work + "/" + out, "--dups", work + "/dups.jsonl", "--explain",
                          work + "/explain.jsonl", "--explain-html", work + "/explain.html", "--stats",
                          work + "/s.json", "-j", "2", "--batch-bytes", "16K"});
      ::unsetenv("WINNOW_FAULT_BATCH");
      EXPECT_EQ(r.exit_code, 1) << batch << " " << out << "\n" << r.err;
      EXPECT_NE(r.err.find(std::string("winnow: internal error in batch ") + batch + ": injected fault"),
                std::string::npos)
          << r.err;
      EXPECT_EQ(r.err.find("LeakSanitizer"), std::string::npos) << r.err;
      EXPECT_TRUE(ListDir(work).empty()) << batch << " " << out << ": " << ::testing::PrintToString(ListDir(work));
      fs::remove_all(work);
    }
  }
  // Past the last batch nothing fails: the same run succeeds.
  ::setenv("WINNOW_FAULT_BATCH", "100000", 1);
  auto ok = RunWinnow({dir + "/in.jsonl", "-o", dir + "/out.jsonl", "--stats", dir + "/s.json", "-q",
                       "--batch-bytes", "16K"});
  ::unsetenv("WINNOW_FAULT_BATCH");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/s.json"), {"documents", "emitted"}), 2000);
}

}  // namespace
}  // namespace winnow
