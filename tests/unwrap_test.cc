// Hard-wrapped CJK lines (stages/unwrap.h): the rule alone, then through the
// built binary (units, stats, template counts of the joined lines).
#include "stages/rendered_text.h"
#include "stages/unwrap.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "stages/normalize.h"
#include "tests/stats_check.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::JsonNumber;
using testing::Lines;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

// Two paragraphs of a local news story, every character wide (Han and
// fullwidth punctuation, three UTF-8 bytes each).
const std::string kFirst =
    "市政府周四宣布，从下个月起将在老城区试行新的公交线路，以缓解早晚高峰时段的交通压力。"
    "交通局负责人表示，新线路将连接三个主要居住区和两个地铁换乘站，首班车时间提前到早上五点半。";
const std::string kSecond =
    "不少市民对这一计划表示欢迎，但也有居民担心新增车辆会加剧狭窄街道的拥堵。"
    "交通局称将在试行三个月后根据乘客数量和道路状况调整发车间隔，并在官方网站公布评估结果。";

// `text` (wide characters only) as a renderer shows it: `per_line`
// characters a line after `indent` spaces, each line ended by `eol`.
std::string Wrap(const std::string& text, size_t per_line, size_t indent, const std::string& eol = "\n") {
  std::string out;
  for (size_t i = 0; i < text.size(); i += 3 * per_line) {
    out += std::string(indent, ' ') + text.substr(i, 3 * per_line) + eol;
  }
  return out;
}

std::vector<std::string> Unwrapped(const std::string& text, size_t* joined) {
  UnwrapScratch scratch;
  *joined = UnwrapCjkLines(text, &scratch);
  std::vector<std::string> out;
  for (std::string& l : Lines(*joined ? scratch.text : text)) {
    const size_t b = l.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(l.substr(b));
  }
  return out;
}

TEST(Unwrap, JoinsAParagraphWrappedAtTheScreenWidth) {
  // A w3m page: a headline, then two paragraphs wrapped at 64 columns.
  const std::string page = "    公交新线路下月试行\n\n" + Wrap(kFirst, 30, 4) + "\n" + Wrap(kSecond, 30, 4);
  size_t joined = 0;
  const std::vector<std::string> lines = Unwrapped(page, &joined);
  EXPECT_EQ(joined, 2u + 2u);  // 87 and 79 characters: three lines each
  EXPECT_EQ(lines, (std::vector<std::string>{"公交新线路下月试行", kFirst, kSecond}));
}

TEST(Unwrap, WindowsLineEndsAndIdeographicSpacesAtLineEnds) {
  const std::string page = Wrap(kFirst, 30, 2, "\xE3\x80\x80\r\n");
  size_t joined = 0;
  // Each break goes with the blanks before it; the last line's are left to cleaning.
  EXPECT_EQ(Unwrapped(page, &joined), std::vector<std::string>{kFirst + "\xE3\x80\x80\r"});
  EXPECT_EQ(joined, 2u);
}

TEST(Unwrap, LeavesTextWithALinePerParagraph) {
  // As Common Crawl's WET files hold it: the longest line ends in a Han
  // character before another Han line, but nothing shows a wrap width.
  const std::string page = "公交新线路下月试行\n" + kFirst + "\n" + kSecond + "\n新线路首班车时间提前\n";
  size_t joined = 0;
  Unwrapped(page, &joined);
  EXPECT_EQ(joined, 0u);
}

TEST(Unwrap, KeepsABreakAfterTheEndOfASentence) {
  // The second line ends with "。": the writer may have ended the line there.
  const std::string a = "市政府周四宣布，从下个月起将在老城区试行新的公交线路，以缓解早晚高峰";
  const std::string b = "时段的交通压力。交通局负责人表示，新线路将连接三个主要居住区和两个。";
  const std::string c = "地铁换乘站，首班车时间提前到早上五点半，而末班车时间推迟到晚上十一点";
  const std::string d = "半，票价与现有线路相同。";
  ASSERT_EQ(a.size(), b.size());
  ASSERT_EQ(a.size(), c.size());
  size_t joined = 0;
  const std::vector<std::string> lines = Unwrapped(a + "\n" + b + "\n" + c + "\n" + d + "\n", &joined);
  EXPECT_EQ(joined, 2u);
  EXPECT_EQ(lines, (std::vector<std::string>{a + b, c + d}));
}

TEST(Unwrap, AParagraphIndentedWithIdeographicSpacesStartsAnew) {
  // Two paragraphs whose first lines are indented with two U+3000, as
  // Chinese text often is, wrapped at 60 columns; the first paragraph's
  // last line is full and ends in the middle of a clause.
  const std::string s = kFirst + kSecond;  // 166 wide characters
  const std::string indent = "\xE3\x80\x80\xE3\x80\x80";
  auto chars = [&](size_t from, size_t to) { return s.substr(3 * from, 3 * (to - from)); };
  const std::string page = indent + chars(0, 28) + "\n" + chars(28, 58) + "\n" + chars(58, 88) + "\n" +
                           indent + chars(88, 116) + "\n" + chars(116, 146) + "\n" + chars(146, 166) + "\n";
  size_t joined = 0;
  EXPECT_EQ(Unwrapped(page, &joined), (std::vector<std::string>{indent + chars(0, 88), indent + chars(88, 166)}));
  EXPECT_EQ(joined, 4u);
}

TEST(Unwrap, LeavesKoreanAndSideBySideColumns) {
  // Hangul is written with spaces: a renderer wraps it between words.
  const std::string korean =
      "시청은 목요일 다음 달부터 구도심에서 새로운 버스\n"
      "노선을 시범 운행한다고 발표했다 교통국은 새 노선이\n"
      "세 개의 주거 지역과 두 개의 지하철 환승역을 연결\n"
      "한다고 밝혔다\n";
  size_t joined = 0;
  Unwrapped(korean, &joined);
  EXPECT_EQ(joined, 0u);
  // Two table cells on each line: joining would interleave them.
  std::string table;
  for (size_t i = 0; i + 3 * 14 <= kFirst.size() && i + 3 * 14 <= kSecond.size(); i += 3 * 14) {
    table += "  " + kFirst.substr(i, 3 * 14) + "    " + kSecond.substr(i, 3 * 14) + "\n";
  }
  Unwrapped(table, &joined);
  EXPECT_EQ(joined, 0u);
}

TEST(Unwrap, CleaningCountsTheBytesThatLeadCjkCharacters) {
  const Normalizer norm;
  UnwrapScratch scratch;
  std::string out;
  CleanTally tally;
  norm.CleanText("The council approved the plan.\n\xE2\x80\x9CYes\xE2\x80\x9D, said one.\n", &out, &tally);
  EXPECT_EQ(tally.cjk_leads, 0u);  // curly quotes lead with E2
  norm.CleanText(kFirst, &out, &tally);
  EXPECT_EQ(tally.cjk_leads, kFirst.size() / 3);
  // Cleaning, with the breaks removed first, or as it is.
  const std::string page = Wrap(kFirst, 30, 4);
  out.clear();
  RenderedTextScratch rendered;
  RenderedTextCounts counts;
  CleanRenderedText(norm, page, RenderedTextOptions{}, &out, &rendered, &counts);
  EXPECT_EQ(out, kFirst);
  EXPECT_EQ(counts.joined_lines, 2u);
  out.clear();
  CleanRenderedText(norm, page, RenderedTextOptions{.columns = true, .unwrap_cjk = false}, &out, &rendered, &counts);
  EXPECT_EQ(counts.joined_lines, 0u);
  EXPECT_EQ(out, kFirst.substr(0, 90) + "\n" + kFirst.substr(90, 90) + "\n" + kFirst.substr(180));
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '\n' ? std::string("\\n") : std::string(1, c);
  return out;
}

TEST(UnwrapCli, JoinedLinesAreUnitsCountedInStatsAndTemplates) {
  // Three pages of one site, each a wrapped story and the same wrapped
  // footer: the footer is template once joined, in both passes.
  const std::string footer = "本网站所有文章未经书面授权不得转载或者镜像，违者将依法追究相关法律责任，联系电话请见页面底部";
  const std::string stories[] = {kFirst, kSecond, kSecond.substr(0, 3 * 36) + kFirst.substr(3 * 40)};
  std::string jsonl;
  for (int i = 0; i < 3; ++i) {
    const std::string text = "  公交新线路下月试行\n\n" + Wrap(stories[i], 30, 2) + "\n" + Wrap(footer, 30, 2);
    jsonl += "{\"id\":\"p" + std::to_string(i) + "\",\"url\":\"http://news.example.cn/a/" + std::to_string(i) +
             "\",\"text\":\"" + Escape(text) + "\"}\n";
  }
  const std::string dir = MakeTempDir("unwrap");
  WriteFile(dir + "/in.jsonl", jsonl);
  auto r = RunWinnow({dir + "/in.jsonl", "-o", dir + "/out.jsonl", "--stats", dir + "/stats.json",
                      "--explain", dir + "/explain.jsonl", "--no-dedup", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string stats = ReadFile(dir + "/stats.json");
  testing::ExpectStatsAddUp(stats);
  EXPECT_EQ(JsonNumber(stats, {"cjk_lines_joined"}), 3 * (2 + 1));  // each story's two, each footer's one
  // The footer, joined in the counting pass as in the cleaning pass (the
  // headline, in all three pages too, is kept as the title of its story).
  EXPECT_EQ(JsonNumber(stats, {"units", "reasons", "template"}), 3);
  const std::string out = ReadFile(dir + "/out.jsonl");
  EXPECT_NE(out.find(kFirst), std::string::npos) << out;
  EXPECT_NE(out.find(kSecond), std::string::npos) << out;
  EXPECT_EQ(out.find("本网站"), std::string::npos) << out;

  // Without unwrapping, the story stays in pieces of 30 characters.
  r = RunWinnow({dir + "/in.jsonl", "-o", dir + "/kept.jsonl", "--stats", dir + "/stats2.json",
                 "--no-cjk-unwrap", "--no-dedup", "--no-boilerplate", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonNumber(ReadFile(dir + "/stats2.json"), {"cjk_lines_joined"}), 0);
  const std::string kept = ReadFile(dir + "/kept.jsonl");
  EXPECT_EQ(kept.find(kFirst), std::string::npos);
  EXPECT_NE(kept.find(Escape(kFirst.substr(0, 3 * 30) + "\n" + kFirst.substr(3 * 30, 3 * 30))),
            std::string::npos);
}

}  // namespace
}  // namespace winnow
