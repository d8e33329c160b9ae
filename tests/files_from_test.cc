// --files-from LIST: the listed paths are inputs after the positional ones,
// exactly as if they were given on the command line.
#include "pipeline/input/files_from.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::MakeTempDir;
using testing::RunWinnow;
using testing::WriteFile;

TEST(FilesFrom, OnePathALineBlankLinesSkipped) {
  std::vector<std::string> paths = {"given"};
  ParseFileList("a.jsonl\n\n  \r\nsub dir/b c.txt\r\n /lead space\nlast-without-newline", &paths);
  EXPECT_EQ(paths, (std::vector<std::string>{"given", "a.jsonl", "sub dir/b c.txt", " /lead space",
                                             "last-without-newline"}));
  paths.clear();
  ParseFileList("", &paths);
  ParseFileList("\n\n", &paths);
  EXPECT_TRUE(paths.empty());
}

TEST(FilesFrom, AMissingListIsAnError) {
  std::vector<std::string> paths;
  std::string error;
  EXPECT_FALSE(ReadFileList("/nonexistent/list.txt", &paths, &error));
  EXPECT_NE(error.find("/nonexistent/list.txt: No such file"), std::string::npos) << error;
}

TEST(FilesFrom, CliReadsTheListLikePositionalInputs) {
  const std::string dir = MakeTempDir("files_from");
  WriteFile(dir + "/a.jsonl", "{\"id\":\"a\",\"text\":\"The harbour reopened on Monday after the long storm.\"}\n");
  WriteFile(dir + "/b.jsonl", "{\"id\":\"b\",\"text\":\"Rain is expected over the northern hills this week.\"}\n");
  WriteFile(dir + "/c.jsonl", "{\"id\":\"c\",\"text\":\"The harbour reopened on Monday after the long storm.\"}\n");
  const auto direct = RunWinnow({dir + "/a.jsonl", dir + "/b.jsonl", dir + "/c.jsonl", "-q"});
  ASSERT_EQ(direct.exit_code, 0) << direct.err;
  ASSERT_NE(direct.out.find("\"b\""), std::string::npos);

  WriteFile(dir + "/list.txt", dir + "/b.jsonl\n\n" + dir + "/c.jsonl\r\n");
  const auto listed = RunWinnow({dir + "/a.jsonl", "--files-from", dir + "/list.txt", "-q"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(listed.out, direct.out);

  const std::string list = dir + "/a.jsonl\n" + dir + "/b.jsonl\n" + dir + "/c.jsonl\n";
  const auto from_stdin = RunWinnow({"--files-from", "-", "-q"}, &list);
  EXPECT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, direct.out);
}

TEST(FilesFrom, CliRefusesUnreadableEmptyAndStdinTwice) {
  const std::string dir = MakeTempDir("files_from_bad");
  WriteFile(dir + "/empty.txt", "\n \n");
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--files-from", dir + "/none.txt"}, "winnow: --files-from: " + dir + "/none.txt: No such file"},
      {{"--files-from", dir + "/empty.txt"}, "winnow: --files-from: " + dir + "/empty.txt lists no input paths"},
      {{"-", "--files-from", "-"}, "winnow: --files-from: - reads the list from stdin, which is also an input"},
  };
  const std::string list = dir + "/empty.txt\n";
  for (const Case& c : cases) {
    auto r = RunWinnow(c.args, &list);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err.rfind(c.says, 0), 0u) << "want: " << c.says << "\ngot:  " << r.err;
  }
}

}  // namespace
}  // namespace winnow
