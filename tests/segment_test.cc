#include "stages/segment.h"

#include <gtest/gtest.h>

namespace winnow {
namespace {

std::vector<std::string_view> Units(std::string_view text, UnitMode mode) {
  std::vector<Span> spans;
  SegmentUnits(text, mode, &spans);
  std::vector<std::string_view> out;
  for (Span s : spans) out.push_back(s.in(text));
  return out;
}

TEST(Segment, LinesSkipBlankLines) {
  EXPECT_EQ(Units("Title\n\nFirst para.\nSecond line\n\n\nLast", UnitMode::kLine),
            (std::vector<std::string_view>{"Title", "First para.", "Second line", "Last"}));
}

TEST(Segment, BlocksJoinAdjacentLines) {
  EXPECT_EQ(Units("Title\n\nFirst para.\nSecond line\n\n\nLast\n", UnitMode::kBlock),
            (std::vector<std::string_view>{"Title", "First para.\nSecond line", "Last"}));
}

TEST(Segment, WhitespaceOnlyLinesSeparateBlocks) {
  EXPECT_EQ(Units("a\n  \nb", UnitMode::kBlock), (std::vector<std::string_view>{"a", "b"}));
  EXPECT_TRUE(Units("", UnitMode::kLine).empty());
  EXPECT_TRUE(Units("\n\n \n", UnitMode::kBlock).empty());
}

}  // namespace
}  // namespace winnow
