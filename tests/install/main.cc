// Runs single stages of an installed winnow on its own strings.
#include <cstdio>
#include <string>

#include "pipeline/dist/comm.h"
#include "stages/normalize.h"
#include "stages/segment.h"

int main() {
  winnow::Normalizer norm;
  std::string clean, key;
  norm.CleanText("The \xE2\x80\x9C\xEF\xAC\x81nal\xE2\x80\x9D  word\r\n\r\n\r\nNext", &clean);
  std::vector<winnow::Span> units;
  winnow::SegmentUnits(clean, winnow::UnitMode::kLine, &units);
  norm.MatchKey(units[0].in(clean), &key);
  // winnow_dist links too (with MPI when the install was built with it).
  const int ranks = winnow::Comm::Local()->size();
  std::printf("%zu units; key: %s; %d rank\n", units.size(), key.c_str(), ranks);
  return key == "the final word" && units.size() == 2 && ranks == 1 ? 0 : 1;
}
