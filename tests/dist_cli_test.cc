// End-to-end tests of distributed runs: `mpirun -np N winnow ...` against
// one process on the same inputs. Built only when MPI is found (the
// launcher's path is then WINNOW_MPIEXEC).
#ifdef WINNOW_MPIEXEC
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::CommandResult;
using testing::FileExists;
using testing::ListDir;
using testing::MadeUpWords;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

const std::string kSamples = std::string(WINNOW_SOURCE_DIR) + "/samples";

// Runs winnow as `ranks` ranks under mpirun (as root, oversubscribed,
// without ssh, as CI runs it), ended after kRanksTimeoutSeconds. Under AddressSanitizer without LeakSanitizer:
// Open MPI leaves allocations behind at MPI_Finalize (see CMakeLists.txt);
// winnow's own leaks are checked by the one-process tests.
// A run that hangs (ranks waiting for one that left) fails with 124.
constexpr int kRanksTimeoutSeconds = 240;
CommandResult RunRanks(int ranks, const std::vector<std::string>& args, const std::string& env = "") {
  std::string cmd = "env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                    "OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_plm=isolated "
                    "OMPI_MCA_btl_vader_single_copy_mechanism=none ASAN_OPTIONS=detect_leaks=0 " + env +
                    " timeout -k 10 " + std::to_string(kRanksTimeoutSeconds) + " " WINNOW_MPIEXEC " -n " +
                    std::to_string(ranks) + " " WINNOW_BINARY;
  for (const std::string& a : args) cmd += " '" + a + "'";
  const std::string dir = MakeTempDir("ranks");
  cmd += " < /dev/null > " + dir + "/out 2> " + dir + "/err";
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(dir + "/out");
  r.err = ReadFile(dir + "/err");
  return r;
}

// The --stats JSON without what depends on the process layout and timing.
std::string StableStats(std::string json) {
  for (const char* key : {"\"seconds\":", "\"mb_per_s\":", "\"index\":", "\"template_counts\":", "\"html_cache\":", "\"ranks\":"}) {
    size_t p = json.find(key);
    if (p == std::string::npos) continue;
    size_t e = p + std::string(key).size();
    int depth = 0;
    for (; e < json.size(); ++e) {
      const char c = json[e];
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
      }
      if (c == ',' && depth == 0) break;
    }
    json.erase(p, e - p + (e < json.size() && json[e] == ',' ? 1 : 0));
  }
  return json;
}

// Twelve JSONL files of news pages from two sites: every page has its
// site's menu and footer (template lines, counted across files), unique
// paragraphs, and paragraphs of a few wire stories, exact or edited, so that
// copies, near copies, documents dropped as copies and template lines fall
// on every rank whatever N.
std::string MakeDump() {
  const std::string dir = MakeTempDir("dump");
  std::vector<std::string> wire;
  for (int w = 0; w < 6; ++w) wire.push_back(MadeUpWords(900 + w, 45));
  auto edited = [](const std::string& p, int seed) {
    std::string out;
    size_t b = 0;
    int word = 0;
    while (b < p.size()) {
      size_t e = p.find(' ', b);
      if (e == std::string::npos) e = p.size();
      if (!out.empty()) out += ' ';
      out += (++word + seed) % 9 == 0 ? std::string("changed") : p.substr(b, e - b);
      b = e + 1;
    }
    return out;
  };
  int seed = 0;
  for (int f = 0; f < 12; ++f) {
    std::string jsonl;
    for (int d = 0; d < 6; ++d) {
      const bool site_a = (f + d) % 2 == 0;
      std::string text = site_a ? "Home | World | Business | Sport | Weather" : "News Opinion Culture Travel Video";
      const int k = (f * 7 + d * 3) % 11;
      if (k == 10) {
        // Mostly a copy: two wire stories and one new line (dropped whole).
        text += "\\n" + wire[f % 6] + "\\n" + wire[(f + 1) % 6] + "\\n" + MadeUpWords(5000 + f, 12);
      } else {
        text += "\\n" + MadeUpWords(++seed, 30) + "\\n" + MadeUpWords(++seed, 25);
        if (k < 6) text += "\\n" + (k % 2 ? edited(wire[k], f) : wire[k]);
        if (k == 3) text += "\\n" + MadeUpWords(5000 + f - 1, 12);  // the new line of a dropped page
        text += "\\n" + MadeUpWords(++seed, 20);
      }
      text += site_a ? "\\nCopyright 2026 Example Media Group. All rights reserved." : "\\nFollow us on social media and sign up for our newsletter";
      const std::string host = site_a ? "a.example" : "b.example";
      jsonl += "{\"id\":\"f" + std::to_string(f) + "d" + std::to_string(d) + "\",\"url\":\"https://" + host + "/" +
               std::to_string(f * 10 + d) + "\",\"text\":\"" + text + "\"}\n";
    }
    WriteFile(dir + "/in/f" + std::string(f < 10 ? "0" : "") + std::to_string(f) + ".jsonl", jsonl);
  }
  return dir;
}

TEST(Ranks, OneToFourRanksWriteWhatOneProcessWrites) {
  const std::string dir = MakeDump();
  CommandResult one = RunWinnow({dir + "/in", "-j", "1", "--template-min-docs", "3", "--dups", dir + "/dups1.jsonl",
                                 "--explain", dir + "/explain1.jsonl", "--stats", dir + "/stats1.json", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::string dups = ReadFile(dir + "/dups1.jsonl");
  // The dump does what it is for: exact and near copies, a dropped page,
  // template lines.
  EXPECT_NE(dups.find("\"kind\":\"exact\""), std::string::npos);
  EXPECT_NE(dups.find("\"kind\":\"near\""), std::string::npos);
  EXPECT_NE(dups.find("\"kind\":\"document\""), std::string::npos);
  // Each site's menu is in all its 36 pages: a count only the whole run has
  // (a rank sees a third of them or less), shown in --explain.
  EXPECT_NE(ReadFile(dir + "/explain1.jsonl").find("\"reason\":\"template\""), std::string::npos);
  EXPECT_NE(ReadFile(dir + "/explain1.jsonl").find("\"template_docs\":36"), std::string::npos);
  for (int n = 1; n <= 4; ++n) {
    SCOPED_TRACE(n);
    const std::string p = dir + "/np" + std::to_string(n);
    CommandResult r = RunRanks(n, {dir + "/in", "-j", "1", "--template-min-docs", "3", "-o", p + ".jsonl", "--merge",
                                   "--dups", p + ".dups", "--explain", p + ".explain", "--stats", p + ".stats", "-q"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ReadFile(p + ".jsonl"), one.out);
    EXPECT_EQ(ReadFile(p + ".dups"), dups);
    EXPECT_EQ(ReadFile(p + ".explain"), ReadFile(dir + "/explain1.jsonl"));
    EXPECT_EQ(StableStats(ReadFile(p + ".stats")), StableStats(ReadFile(dir + "/stats1.json")));
    if (n > 1) EXPECT_NE(ReadFile(p + ".stats").find("\"ranks\":[{\"rank\":0"), std::string::npos);
  }
}

// The dedup records go out in slices of units (bounded memory whatever the
// input size): many tiny slices give the same bytes.
TEST(Ranks, ManySlicesGiveTheSameBytes) {
  const std::string dir = MakeDump();
  CommandResult one = RunWinnow({dir + "/in", "-j", "1", "--dups", dir + "/dups1.jsonl", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  CommandResult r = RunRanks(3, {dir + "/in", "-j", "1", "-o", dir + "/out.jsonl", "--merge", "--dups", dir + "/dups3.jsonl", "-q"},
                             "WINNOW_DIST_SLICE_UNITS=7");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir + "/out.jsonl"), one.out);
  EXPECT_EQ(ReadFile(dir + "/dups3.jsonl"), ReadFile(dir + "/dups1.jsonl"));
}

// Without --merge: a folder of parts and a manifest; the parts in manifest
// order are the one-process output (here zstd-compressed, as -o's name says).
TEST(Ranks, PartsInManifestOrderAreTheOutput) {
  CommandResult one = RunWinnow({kSamples, "-j", "1", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::string dir = MakeTempDir("parts");
  CommandResult r = RunRanks(3, {kSamples, "-o", dir + "/out.zst", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string manifest = ReadFile(dir + "/out.zst/manifest.json");
  std::string joined;
  for (int rank = 0; rank < 3; ++rank) {
    const std::string name = "part-0000" + std::to_string(rank) + ".jsonl.zst";
    ASSERT_NE(manifest.find("\"path\":\"" + name + "\""), std::string::npos) << manifest;
    joined += testing::Unzstd(ReadFile(dir + "/out.zst/" + name));
  }
  EXPECT_EQ(joined, one.out);
}

// A rank killed in the middle ends the job with a message naming it, and
// no part or manifest is left under a final name.
TEST(Ranks, AKilledRankLeavesNoPart) {
  const std::string dir = MakeDump();
  CommandResult r = RunRanks(3, {dir + "/in", "-o", dir + "/out", "-q"}, "WINNOW_FAULT_KILL_RANK=1");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("rank 1"), std::string::npos) << r.err;
  // Temporaries may stay behind (the killed rank could not remove them).
  for (const std::string& f : ListDir(dir + "/out")) {
    const bool final_name = f.rfind("part-", 0) == 0 || f.rfind("manifest", 0) == 0;
    EXPECT_TRUE(!final_name || f.find(".tmp") != std::string::npos) << f;
  }
}

// A check that fails on one rank only (a parts folder another rank made a
// moment before, a file removed between two ranks' looks) stops every rank
// with that rank's reason, instead of leaving the others waiting for it.
TEST(Ranks, AProblemOneRankFindsStopsEveryRank) {
  const std::string dir = MakeDump();
  CommandResult r = RunRanks(3, {dir + "/in", "-o", dir + "/out", "-q"}, "WINNOW_FAULT_CHECK_RANK=2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("rank 2 alone found a problem"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir + "/out"));
}

// The real WARC files of ../shared/realdata (responses, revisits, broken
// and truncated files) over 4 ranks: a rank whose files give no document
// still counts their bytes, and rejections keep their order. Runs with the
// SharedData tests (ctest shared_realdata), when ../shared exists.
TEST(SharedDataRanks, RealWarcFilesGiveOneProcessOutputAndStats) {
  const std::string dir = MakeTempDir("realdata");
  const std::string in = std::string(WINNOW_SHARED_DIR) + "/realdata/warc";
  CommandResult one = RunWinnow({in, "-j", "1", "--stats", dir + "/one.json", "-q"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  CommandResult r = RunRanks(4, {in, "-j", "1", "-o", dir + "/out.jsonl", "--merge", "--stats", dir + "/four.json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadFile(dir + "/out.jsonl"), one.out);
  EXPECT_EQ(StableStats(ReadFile(dir + "/four.json")), StableStats(ReadFile(dir + "/one.json")));
}

// What a distributed run cannot do is said before anything is read.
TEST(Ranks, RefusesStdinAndAFileForParts) {
  CommandResult r = RunRanks(2, {"-", "-o", "out"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not standard input"), std::string::npos) << r.err;
  const std::string dir = MakeTempDir("refuse");
  WriteFile(dir + "/file", "x");
  r = RunRanks(2, {kSamples, "-o", dir + "/file"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not a folder"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace winnow
#endif  // WINNOW_MPIEXEC
