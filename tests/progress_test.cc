// What a person at a terminal sees on stderr: the progress line names each
// phase (the template pre-pass, then cleaning) with its own progress and
// ETA, and is cleared before the summary. Without a terminal nothing but the
// summary is written.
#include <string>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::MakeTempDir;
using testing::RunWinnow;
using testing::RunWinnowOnTerminal;
using testing::Terminal;
using testing::WriteFile;

std::string Dump(int docs) {
  std::string s;
  for (int d = 0; d < docs; ++d) {
    s += "{\"id\":\"d" + std::to_string(d) + "\",\"url\":\"https://news.example/" + std::to_string(d) +
         "\",\"text\":\"" + testing::MadeUpWords(d, 60) + "\\n" + testing::MadeUpWords(d + 7777, 40) + "\"}\n";
  }
  return s;
}

TEST(Progress, EachPhaseHasItsOwnLineOnATerminal) {
  const std::string dir = MakeTempDir("tty");
  WriteFile(dir + "/a.jsonl", Dump(400));
  WriteFile(dir + "/b.jsonl", Dump(400));
  auto r = RunWinnowOnTerminal({dir + "/a.jsonl", dir + "/b.jsonl", "-j", "1", "--batch-bytes", "4K"},
                               Terminal::kStderr);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const size_t counting = r.err.find("counting template lines: ");
  const size_t cleaning = r.err.find("cleaning: ");
  ASSERT_NE(counting, std::string::npos) << r.err;
  ASSERT_NE(cleaning, std::string::npos) << r.err;
  EXPECT_LT(counting, cleaning) << r.err;
  // Files of known size: a share done and an ETA in each phase.
  EXPECT_NE(r.err.find("% ETA ", counting), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("% ETA ", cleaning), std::string::npos) << r.err;
  // The line is cleared before the summary.
  const size_t summary = r.err.find("winnow: 800 documents in");
  ASSERT_NE(summary, std::string::npos) << r.err;
  EXPECT_EQ(r.err.compare(summary - 4, 4, "\r\033[K"), 0) << r.err;
  EXPECT_EQ(testing::Lines(r.out).size(), 400u);  // b.jsonl repeats a.jsonl: dropped as duplicates
}

TEST(Progress, NoProgressLineWithoutATerminal) {
  const std::string dir = MakeTempDir("pipe");
  WriteFile(dir + "/a.jsonl", Dump(50));
  auto r = RunWinnow({dir + "/a.jsonl", "--batch-bytes", "4K"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << r.err;
  EXPECT_EQ(r.err.rfind("winnow: 50 documents in", 0), 0u) << r.err;
}

}  // namespace
}  // namespace winnow
