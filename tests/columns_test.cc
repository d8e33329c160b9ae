// Side-by-side columns of a text dump (stages/columns.h): the split alone,
// borders, data tables left in rows, then through the built binary.
#include "stages/columns.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/normalize.h"
#include "stages/rendered_text.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::JsonNumber;
using testing::Lines;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

// A story column, wrapped at 46 columns as a renderer wraps a table cell.
const std::vector<std::string> kStory = {
    "The council voted on Tuesday to extend the",
    "night ferry service to the north shore for",
    "another two years, after a study found that",
    "ridership had doubled since the route opened.",
    "",
    "The ferry operator said it would lease two",
    "more vessels and hire twelve crew members.",
};
const std::string kFooter = "Copyright 2024";
const std::vector<std::string> kMenu = {"Home", "News", "Sport", "", "Weather", "Contact us", "About"};

// Lines of `left` padded to `width` columns, then `right`.
std::string SideBySide(const std::vector<std::string>& left, size_t width, const std::vector<std::string>& right,
                       const std::string& gap = "   ") {
  std::string out;
  const size_t n = std::max(left.size(), right.size());
  for (size_t i = 0; i < n; ++i) {
    std::string l = i < left.size() ? left[i] : "";
    l.resize(width, ' ');
    out += l + gap + (i < right.size() ? right[i] : "") + "\n";
  }
  return out;
}

std::string Cleaned(std::string_view text, bool columns = true) {
  std::string out;
  RenderedTextScratch scratch;
  RenderedTextCounts counts;
  CleanRenderedText(Normalizer(), text, RenderedTextOptions{.columns = columns, .unwrap_cjk = true}, &out,
                    &scratch, &counts);
  return out;
}

TEST(Columns, AMenuBesideTheStoryComesFirstThenTheStoryWhole) {
  // The footer below fits left of the gutter, so it joins the left column.
  const std::string page = "Riverside Gazette\n\n" + SideBySide(kMenu, 12, kStory) + "\n" + kFooter + "\n";
  ColumnScratch scratch;
  ASSERT_EQ(SplitColumns(page, &scratch), 1u);
  // The story's lines are consecutive, in order, with nothing between them.
  const std::vector<std::string> lines = Lines(Cleaned(page));
  const std::vector<std::string> want = {"Riverside Gazette", "", "Home", "News", "Sport", "", "Weather",
                                         "Contact us", "About", "", kFooter, "", kStory[0], kStory[1],
                                         kStory[2], kStory[3], "", kStory[5], kStory[6]};
  EXPECT_EQ(lines, want);
  // Without the split each line mixes a menu item and the story.
  EXPECT_EQ(Lines(Cleaned(page, /*columns=*/false))[2], "Home " + kStory[0]);
}

TEST(Columns, ThreeColumnsComeOutInReadingOrder) {
  const std::vector<std::string> side = {"Most read", "Bridge closes", "Market hall", "Ferry fares"};
  const std::string story_and_side = SideBySide(kStory, 46, side, "    ");
  std::vector<std::string> middle;
  for (const std::string& l : Lines(story_and_side)) middle.push_back(l);
  const std::string page = SideBySide(kMenu, 10, middle);
  ColumnScratch scratch;
  EXPECT_EQ(SplitColumns(page, &scratch), 2u);
  const std::string out = Cleaned(page);
  EXPECT_NE(out.find(kStory[0] + "\n" + kStory[1] + "\n" + kStory[2]), std::string::npos) << out;
  EXPECT_NE(out.find("Most read\nBridge closes\nMarket hall\nFerry fares"), std::string::npos) << out;
  EXPECT_LT(out.find("About"), out.find(kStory[0]));
  EXPECT_LT(out.find(kStory[6]), out.find("Most read"));
}

TEST(Columns, ADataTableStaysInRows) {
  // Short cells in rows (a results table): no column reads as running text.
  const std::string table =
      "Team            Played   Won   Points\n"
      "Harbour FC      12       9     28\n"
      "North Shore     12       7     23\n"
      "Old Town        12       4     14\n"
      "Riverside       12       2     8\n";
  ColumnScratch scratch;
  EXPECT_EQ(SplitColumns(table, &scratch), 0u);
  EXPECT_EQ(Lines(Cleaned(table))[1], "Harbour FC 12 9 28");
}

TEST(Columns, TwoTextsOnOneLineAreNotAColumn) {
  // A byline and a date pushed apart on a single line, then prose.
  const std::string text = "By Anna Lindqvist              12 March 2024\n" + kStory[0] + " " + kStory[1] + "\n";
  ColumnScratch scratch;
  EXPECT_EQ(SplitColumns(text, &scratch), 0u);
}

TEST(Columns, BordersAreBlankAndBecomeSpaces) {
  // w3m draws table borders with box-drawing characters.
  std::string page = "┌────────────┬──────────────────────────────────────────────┐\n";
  for (size_t i = 0; i < kStory.size(); ++i) {
    std::string l = i < kMenu.size() ? kMenu[i] : "";
    l.resize(12, ' ');
    std::string r = kStory[i];
    r.resize(46, ' ');
    page += "│" + l + "│" + r + "│\n";
  }
  page += "└────────────┴──────────────────────────────────────────────┘\n";
  const std::string out = Cleaned(page);
  EXPECT_NE(out.find(kStory[0] + "\n" + kStory[1] + "\n" + kStory[2] + "\n" + kStory[3]), std::string::npos)
      << out;
  EXPECT_EQ(out.find("│"), std::string::npos);
  EXPECT_EQ(out.find("─"), std::string::npos);
  // With --keep-frames the borders stay in the text.
  std::string kept;
  Normalizer(NormalizeOptions{.nfkc = false, .keep_frames = true}).CleanText(page, &kept);
  EXPECT_NE(kept.find("│Home │"), std::string::npos) << kept;
}

TEST(Columns, AWrappedChineseStoryBesideASidebarIsJoinedOnceAlone) {
  // The story cell wraps at 20 wide characters; a sidebar of links beside
  // it. Split first, the story's lines are consecutive and the CJK unwrap
  // joins them back into one paragraph.
  const std::string para =
      "市政府周四宣布，从下个月起将在老城区试行新的公交线路，以缓解早晚高峰时段的交通压力。"
      "交通局负责人表示，新线路将连接三个主要居住区和两个地铁换乘站，首班车时间提前到早上五点半。";
  std::vector<std::string> story;
  for (size_t i = 0; i < para.size(); i += 3 * 20) story.push_back(para.substr(i, 3 * 20));
  const std::vector<std::string> side = {"首页", "新闻", "体育", "天气", "联系我们"};
  std::string page;
  for (size_t i = 0; i < story.size(); ++i) {
    const size_t columns = 2 * (story[i].size() / 3);  // every character wide
    page += story[i] + std::string(40 - columns, ' ') + "    " + (i < side.size() ? side[i] : "") + "\n";
  }
  RenderedTextScratch scratch;
  RenderedTextCounts counts;
  std::string out;
  CleanRenderedText(Normalizer(), page, RenderedTextOptions{}, &out, &scratch, &counts);
  EXPECT_EQ(counts.column_regions, 1u);
  EXPECT_EQ(counts.joined_lines, story.size() - 1);
  EXPECT_EQ(Lines(out)[0], para);
}

TEST(Columns, MayHaveColumnsLooksForTwoSpacesOrABorder) {
  const std::string prose(200, 'a');
  EXPECT_FALSE(MayHaveColumns(prose + " one space. And another."));
  EXPECT_TRUE(MayHaveColumns(prose + " two  spaces"));
  EXPECT_TRUE(MayHaveColumns(prose.substr(0, 15) + "  "));  // across a 16-byte step
  EXPECT_TRUE(MayHaveColumns(prose + "│"));
  EXPECT_FALSE(MayHaveColumns(prose + "\xE2\x80\x9Cquoted\xE2\x80\x9D"));
}

TEST(Columns, ThroughTheBinaryStoryUnitsAreWholeAndCounted) {
  const std::string dir = MakeTempDir("columns");
  const std::string page = "Riverside Gazette\n\n" + SideBySide(kMenu, 12, kStory) + "\n" + kFooter + "\n";
  WriteFile(dir + "/page.txt", page);
  const auto r = RunWinnow({"--no-dedup", "--format", "text", "--stats", dir + "/stats.json", "-o",
                            dir + "/out.txt", dir + "/page.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string out = ReadFile(dir + "/out.txt");
  EXPECT_NE(out.find(kStory[0] + "\n" + kStory[1]), std::string::npos) << out;
  EXPECT_EQ(out.find("Home"), std::string::npos) << out;
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/stats.json"), {"column_regions"}), 1);
  // --no-columns leaves the lines mixed and counts nothing.
  const auto r2 = RunWinnow({"--no-dedup", "--no-columns", "--format", "text", "--stats", dir + "/stats2.json",
                             "-o", dir + "/out2.txt", dir + "/page.txt"});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/stats2.json"), {"column_regions"}), 0);
  EXPECT_EQ(ReadFile(dir + "/out2.txt").find(kStory[0] + "\n" + kStory[1]), std::string::npos);
}

}  // namespace
}  // namespace winnow
