// The configuration is checked in one place before any input is read: bad
// values and combinations are rejected with "winnow: --flag: what is wrong;
// allowed: ...", exit 2, no output written; --dry-run prints the effective
// configuration; no input on a terminal prints how to use winnow.
#include "pipeline/config_check.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::FileExists;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

TEST(ParseSize, AcceptsWhatPeopleWriteAndNothingElse) {
  size_t n = 0;
  EXPECT_TRUE(ParseSize("512K", &n));
  EXPECT_EQ(n, 512u << 10);
  EXPECT_TRUE(ParseSize("64MiB", &n));
  EXPECT_EQ(n, 64u << 20);
  EXPECT_TRUE(ParseSize("1.5G", &n));
  EXPECT_EQ(n, size_t{3} << 29);
  EXPECT_TRUE(ParseSize("100000", &n));
  EXPECT_EQ(n, 100000u);
  for (const char* bad : {"nan", "inf", "-1", "-5M", "", "M", "12Q", "1e300", "+-1", "lots"}) {
    EXPECT_FALSE(ParseSize(bad, &n)) << bad;
  }
}

// Each bad value is named with its flag, before the input (which does not
// exist) is looked at and before the output is created.
TEST(ConfigCheck, BadValuesAreRejectedBeforeAnyInputIsRead) {
  const std::string dir = MakeTempDir("bad");
  const std::string out = dir + "/out.jsonl";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--near-threshold", "3"}, "winnow: --near-threshold: 3 is out of range; allowed: a share above 0"},
      {{"--near-threshold", "nan"}, "winnow: --near-threshold: nan is out of range"},
      {{"--doc-dup-threshold", "-1"}, "winnow: --doc-dup-threshold: -1 is out of range"},
      {{"--min-words", "-5"}, "winnow: --min-words: -5 is out of range; allowed: 0"},
      {{"--live-batches", "-1"}, "winnow: --live-batches: -1 is out of range"},
      {{"--batch-bytes", "nan"}, "winnow: --batch-bytes: not a size: 'nan'; allowed: a byte count"},
      {{"--batch-bytes", "10"}, "winnow: --batch-bytes: 10 bytes is out of range; allowed: 256 bytes to 1G"},
      {{"--max-record-bytes", "0"}, "winnow: --max-record-bytes: 0 bytes is out of range"},
      {{"-j", "100000"}, "winnow: --threads: 100000 is out of range; allowed: 0 (all cores) to 1024"},
      {{"--ngram", "0"}, "winnow: --ngram: 0 is out of range; allowed: 1 to 16"},
      {{"--template-min-docs", "1"}, "winnow: --template-min-docs: 1 is out of range"},
      {{"--no-dedup", "--exact-only"}, "winnow: --exact-only: has no effect with --no-dedup"},
      {{"--no-dedup", "--dups", dir + "/d.jsonl"}, "winnow: --dups: has no effect with --no-dedup"},
      {{"--exact-only", "--near-threshold", "0.5"}, "winnow: --near-threshold: near-duplicate setting given with --exact-only"},
      {{"--no-boilerplate", "--min-words", "5"}, "winnow: --min-words: has no effect with --no-boilerplate"},
      {{"--stats", "/nonexistent/s.json"}, "winnow: --stats: cannot write /nonexistent/s.json: folder /nonexistent:"},
      {{"--explain-html", "/nonexistent/x.html"}, "winnow: --explain-html: cannot write /nonexistent/x.html: folder /nonexistent:"},
      {{"--dups", dir}, "winnow: --dups: " + dir + " is a folder"},
      {{"--stats", dir + "/same.json", "--explain", dir + "/same.json"}, "winnow: --explain: " + dir + "/same.json is also the --stats file"},
      {{"--stoplists", dir + "/none"}, "winnow: --stoplists: " + dir + "/none is not a readable folder"},
      {{"--explain-sample", "50"}, "winnow: --explain-sample: has no effect without --explain-html"},
      {{"--explain-html", dir + "/x.html", "--explain-sample", "99999999"}, "winnow: --explain-sample: 99999999 is out of range"},
      {{"--no-such-flag"}, "winnow: The following argument was not expected: --no-such-flag"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {dir + "/missing-input.jsonl", "-o", out};
    args.insert(args.end(), c.args.begin(), c.args.end());
    auto r = RunWinnow(args);
    EXPECT_EQ(r.exit_code, 2) << c.says << "\n" << r.err;
    EXPECT_EQ(r.err.rfind(c.says, 0), 0u) << "want: " << c.says << "\ngot:  " << r.err;
    EXPECT_EQ(r.err.find("missing-input"), std::string::npos) << r.err;  // input not looked at
    EXPECT_FALSE(FileExists(out)) << c.says;
  }
}

// An output that is one of the run's inputs, given directly or found in a
// given folder, would be replaced by the run: refused, and the input is
// left as it was.
TEST(ConfigCheck, AnOutputThatIsAnInputIsRefused) {
  const std::string dir = MakeTempDir("self");
  const std::string doc = "{\"id\":\"a\",\"text\":\"The harbour reopened on Monday after the storm.\"}\n";
  WriteFile(dir + "/in/a.jsonl", doc);
  for (const std::string& input : {dir + "/in", dir + "/in/a.jsonl"}) {
    for (const char* flag : {"-o", "--stats", "--explain"}) {
      auto r = RunWinnow({input, flag, dir + "/in/a.jsonl", "-q"});
      EXPECT_EQ(r.exit_code, 2) << r.err;
      EXPECT_NE(r.err.find(dir + "/in/a.jsonl is an input"), std::string::npos) << r.err;
      EXPECT_EQ(ReadFile(dir + "/in/a.jsonl"), doc);
    }
  }
}

TEST(ConfigCheck, DryRunPrintsTheEffectiveConfiguration) {
  const std::string dir = MakeTempDir("dry");
  WriteFile(dir + "/in/a.jsonl.gz", testing::Gzip("{\"id\":\"a\",\"text\":\"x\"}\n"));
  WriteFile(dir + "/in/b.txt", "Plain text.\n");
  auto r = RunWinnow({dir + "/in", "--dry-run", "-o", dir + "/out.jsonl.zst", "--exact-only"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("inputs = 2 files"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a.jsonl.gz: jsonl, gzip"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("b.txt: text"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("output-compression = zstd"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dedup = exact only"), std::string::npos) << r.out;
  // Defaults resolved: all cores, 4 batches per thread.
  const size_t t = r.out.find("threads = ");
  ASSERT_NE(t, std::string::npos) << r.out;
  const int threads = std::atoi(r.out.c_str() + t + 10);
  EXPECT_GE(threads, 1) << r.out;
  EXPECT_NE(r.out.find("live-batches = " + std::to_string(4 * threads)), std::string::npos) << r.out;
  EXPECT_FALSE(FileExists(dir + "/out.jsonl.zst"));
  // Explicit values are shown as given.
  auto j = RunWinnow({dir + "/in", "--dry-run", "-j", "3"});
  EXPECT_NE(j.out.find("threads = 3\n"), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("live-batches = 12"), std::string::npos) << j.out;
}

// With no input and a terminal on stdin winnow says how to use it instead
// of waiting for input that nobody is going to type.
TEST(ConfigCheck, NoInputOnATerminalPrintsUsage) {
  auto r = testing::RunWinnowOnTerminal({"-q"}, testing::Terminal::kStdin);
  EXPECT_EQ(r.exit_code, 2) << "winnow waited on the terminal (-1) or failed otherwise\n" << r.err;
  EXPECT_NE(r.err.find("winnow: no input given, and standard input is a terminal"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("usage: winnow [OPTIONS] INPUTS..."), std::string::npos) << r.err;
}

}  // namespace
}  // namespace winnow
