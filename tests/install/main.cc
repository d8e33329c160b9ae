// Runs single stages of an installed winnow on its own strings.
#include <cstdio>
#include <string>

#include "stages/normalize.h"
#include "stages/segment.h"

int main() {
  winnow::Normalizer norm;
  std::string clean, key;
  norm.CleanText("The \xE2\x80\x9C\xEF\xAC\x81nal\xE2\x80\x9D  word\r\n\r\n\r\nNext", &clean);
  std::vector<winnow::Span> units;
  winnow::SegmentUnits(clean, winnow::UnitMode::kLine, &units);
  norm.MatchKey(units[0].in(clean), &key);
  std::printf("%zu units; key: %s\n", units.size(), key.c_str());
  return key == "the final word" && units.size() == 2 ? 0 : 1;
}
