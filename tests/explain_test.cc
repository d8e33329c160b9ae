// --explain (JSONL) and --explain-html through the built binary.
#include <gtest/gtest.h>

#include <string>

#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::Lines;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::RunWinnow;
using testing::WriteFile;

const char* kPage =
    "Skip to content\n"
    "Home | World | Business | Sport\n"
    "\n"
    "Harbour pilots end strike after pay deal\n"
    "\n"
    "Harbour pilots returned to work on Wednesday after accepting a pay offer that ends a strike which had left more than forty ships waiting at anchor outside the port.\n"
    "\n"
    "The agreement raises pay by six per cent this year and adds a rest day after every night shift, the union said in a statement.\n"
    "\n"
    "Share on Facebook\n"
    "Related\n"
    "Port traffic hits record high\n";

TEST(Explain, JsonlHasEveryUnitWithVerdictAndReason) {
  std::string dir = MakeTempDir("explain");
  WriteFile(dir + "/page.txt", kPage);
  auto r = RunWinnow({dir + "/page.txt", "--explain", dir + "/e.jsonl", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = Lines(ReadFile(dir + "/e.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  const std::string& e = lines[0];
  EXPECT_EQ(e.rfind("{\"doc\":\"" + dir + "/page.txt\"", 0), 0u) << e;
  // 8 non-empty lines = 8 units, each with verdict, reason and features.
  size_t units = 0, pos = 0;
  while ((pos = e.find("{\"unit\":", pos)) != std::string::npos) ++units, ++pos;
  EXPECT_EQ(units, 8u);
  EXPECT_NE(e.find("\"text\":\"Skip to content\""), std::string::npos);
  EXPECT_NE(e.find("\"verdict\":\"boilerplate\""), std::string::npos) << e;
  EXPECT_NE(e.find("\"verdict\":\"keep\""), std::string::npos);
  EXPECT_NE(e.find("\"features\":{"), std::string::npos);
  // The model's score and the features that moved it most.
  EXPECT_NE(e.find("\"top\":[[\"s"), std::string::npos) << e;
  EXPECT_NE(e.find("\"score\":"), std::string::npos) << e;
}

TEST(Explain, HtmlIsSelfContainedAndMarksRemovedLines) {
  std::string dir = MakeTempDir("html");
  WriteFile(dir + "/page.txt", kPage);
  auto r = RunWinnow({dir + "/page.txt", "--explain-html", dir + "/r.html", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string h = ReadFile(dir + "/r.html");
  EXPECT_EQ(h.rfind("<!doctype html>", 0), 0u);
  EXPECT_NE(h.find("<style>"), std::string::npos);
  EXPECT_EQ(h.find("<link"), std::string::npos);
  EXPECT_EQ(h.find("src="), std::string::npos);
  EXPECT_NE(h.find("class=\"x r-"), std::string::npos);  // a removed line, coloured by reason
  // Hovering a line shows its verdict, the model's score and top features.
  EXPECT_NE(h.find("class=\"k\" title=\"keep \xC2\xB7 score "), std::string::npos) << h;
  EXPECT_NE(h.find(" \xC2\xB7 s"), std::string::npos) << h;
  EXPECT_NE(h.find("Harbour pilots returned to work"), std::string::npos);
  EXPECT_NE(h.find("1 documents: 1 emitted"), std::string::npos);
  EXPECT_NE(h.find("</body></html>"), std::string::npos);
  // The spooled body is gone; only the page remains.
  EXPECT_EQ(testing::ListDir(dir), (std::vector<std::string>{"page.txt", "r.html"}));
}

}  // namespace
}  // namespace winnow
