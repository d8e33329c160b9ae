// Checks that a run's --stats JSON adds up, and that --dups and --explain say
// what the stats count. End-to-end tests call these on every run they make.
#ifndef WINNOW_TESTS_STATS_CHECK_H_
#define WINNOW_TESTS_STATS_CHECK_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace winnow::testing {

// The numeric members of the flat JSON object found by a path of keys, e.g.
// {"units", "reasons"}; empty when absent. Only for the JSON winnow writes.
std::map<std::string, long long> JsonCounts(std::string_view json, const std::vector<std::string>& path);

// documents: in = emitted + dropped + rejected, dropped and rejected each equal
// to the sum of their reasons, rejected_records.count = rejected and as many
// listed as the cap allows; units: in = kept + removed, removed = the sum of
// units.reasons; no reason of one kind counted under another.
void ExpectStatsAddUp(std::string_view stats);

// One --dups line per removed duplicate unit (units.reasons duplicate +
// near-duplicate) and one "kind":"document" line per document dropped as a
// duplicate.
void ExpectDupsMatchStats(std::string_view stats, std::string_view dups);

// One --explain line per document, with the fates, units and duplicate
// verdicts the stats count.
void ExpectExplainMatchesStats(std::string_view stats, std::string_view explain);

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_STATS_CHECK_H_
