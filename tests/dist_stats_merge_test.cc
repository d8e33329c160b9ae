// Stats of ranks merged in rank order equal the stats of one process over
// the same inputs (every field but the timing, index and template sizes),
// checked on real runs: the inputs split in two contiguous halves, each run
// on its own, merged, against one run over all of them.
#include "pipeline/dist/stats_merge.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/dist/comm.h"
#include "pipeline/pipeline.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::MakeTempDir;
using testing::WriteFile;

std::string Sample(const char* name) { return std::string(WINNOW_SOURCE_DIR) + "/samples/" + name; }

std::string BadJsonl(const std::string& path, int lines) {
  std::string s;
  for (int i = 0; i < lines; ++i) s += "{\"id\":\"bad" + std::to_string(i) + "\",\"text\": nope}\n";
  s += "{\"id\":\"good\",\"text\":\"A line of plain text that stays in the output of this file.\"}\n";
  WriteFile(path, s);
  return path;
}

RunStats RunOn(const std::vector<std::string>& inputs, const std::string& out) {
  Config c;
  c.inputs = inputs;
  c.output = out;
  c.dedup = false;  // dedup across the halves is the driver's business
  c.bp.repeats_deduplicated = false;
  c.threads = 1;
  c.quiet = true;
  return Run(c).stats;
}

// The fields a merge cannot reproduce, cleared.
std::string Comparable(RunStats s) {
  s.seconds = 0;
  s.index_units = s.index_bytes = 0;
  s.index_full = false;
  s.template_entries = s.template_bytes = 0;
  s.ranks.clear();
  return s.ToJson();
}

TEST(DistStatsMerge, MergedHalvesEqualOneRun) {
  const std::string dir = MakeTempDir("stats_merge");
  const std::vector<std::string> first = {Sample("text/coastline-daily-ferry.txt"),
                                          Sample("text/harbor-gazette-ferry.txt"), dir + "/missing.jsonl",
                                          BadJsonl(dir + "/bad1.jsonl", 60)};
  const std::vector<std::string> second = {Sample("jsonl/news.jsonl"), BadJsonl(dir + "/bad2.jsonl", 90),
                                           Sample("html/harbor-gazette.warc.gz"),
                                           Sample("wet/island-herald.warc.wet.gz")};
  std::vector<std::string> all = first;
  all.insert(all.end(), second.begin(), second.end());

  const RunStats whole = RunOn(all, dir + "/all.jsonl");
  const RunStats a = RunOn(first, dir + "/a.jsonl");
  const RunStats b = RunOn(second, dir + "/b.jsonl");
  ASSERT_GT(a.totals.emitted, 0u);
  ASSERT_GT(b.totals.emitted, 0u);
  ASSERT_GE(whole.totals.rejected, 150u);  // the samples hold a few bad records too
  ASSERT_EQ(whole.rejected.size(), RunStats::kMaxListed);
  ASSERT_EQ(whole.file_errors.size(), 1u);

  // Through the wire format, as the ranks send them.
  std::vector<RunStats> parsed(2);
  std::string error;
  ASSERT_TRUE(ParseStats(SerializeStats(a), &parsed[0], &error)) << error;
  ASSERT_TRUE(ParseStats(SerializeStats(b), &parsed[1], &error)) << error;
  const RunStats merged = MergeStats(parsed);
  EXPECT_EQ(Comparable(merged), Comparable(whole));
  EXPECT_EQ(merged.rejected.front().detail, whole.rejected.front().detail);
  EXPECT_EQ(merged.rejected.back().file, dir + "/bad2.jsonl");
  EXPECT_EQ(merged.seconds, std::max(a.seconds, b.seconds));
}

TEST(DistStatsMerge, RoundTripKeepsEveryField) {
  RunStats s;
  s.totals.docs_in = 7;
  s.totals.unit_reasons[2] = 3;
  s.totals.charsets[1] = 9;
  s.skipped_records = 4;
  s.skipped_by_kind[3] = 4;
  s.rejected.push_back({"f.jsonl", 12, "id\n\"q\"", "invalid-json", "invalid JSON at byte 3"});
  s.file_errors = {"x: No such file or directory"};
  s.seconds = 1.25;
  s.index_units = 10;
  s.index_bytes = 1800;
  s.index_full = true;
  s.template_entries = 5;
  s.template_bytes = 8192;
  s.ranks = {{100, 5, 900, 4096, 1 << 20, 0.5}, {200, 5, 900, 8192, 2 << 20, 0.75}};
  RunStats back;
  std::string error;
  ASSERT_TRUE(ParseStats(SerializeStats(s), &back, &error)) << error;
  EXPECT_EQ(back.ToJson(), s.ToJson());
  EXPECT_EQ(back.Summary(""), s.Summary(""));

  const std::string bytes = SerializeStats(s);
  for (size_t cut : {size_t{0}, size_t{7}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(ParseStats(bytes.substr(0, cut), &back, &error)) << cut;
  }
  EXPECT_FALSE(ParseStats(bytes + "x", &back, &error));
}

TEST(DistStatsMerge, RanksShowOnlyWithMoreThanOne) {
  RunStats s;
  const std::string plain = s.ToJson();
  s.ranks = {{1, 2, 3, 4, 5, 0}};
  EXPECT_EQ(s.ToJson(), plain);
  s.ranks.push_back({6, 7, 8, 9, 10, 0});
  const std::string json = s.ToJson();
  EXPECT_NE(json.find(",\"ranks\":[{\"rank\":0,\"bytes_in\":1,\"index_entries\":2,\"index_bytes\":3,"
                      "\"bytes_exchanged\":4,\"peak_rss_bytes\":5,\"seconds\":"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("{\"rank\":1,\"bytes_in\":6,"), std::string::npos) << json;
  EXPECT_EQ(json.back(), '\n');
}

TEST(DistStatsMerge, GatherOnOneRankMergesItsOwn) {
  std::unique_ptr<Comm> comm = Comm::Local();
  RunStats s;
  s.totals.docs_in = 3;
  RankStats mine;
  mine.index_bytes = 77;
  mine.peak_rss_bytes = PeakRssBytes();
  EXPECT_GT(mine.peak_rss_bytes, 0u);
  const RunStats g = GatherStats(*comm, s, mine);
  EXPECT_EQ(g.totals.docs_in, 3u);
  ASSERT_EQ(g.ranks.size(), 1u);
  EXPECT_EQ(g.ranks[0].index_bytes, 77u);
}

}  // namespace
}  // namespace winnow
