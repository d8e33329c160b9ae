// The stats of a multi-rank run: each rank's RunStats travels to rank 0 as
// bytes and is merged there, in rank order, into the RunStats one process
// would have produced over the same inputs. Ranks hold contiguous ranges of
// the input order, so summing counters and concatenating lists in rank
// order gives the global values; what cannot be global is left to the
// per-rank entries:
//   seconds        the slowest rank's (the run's wall time)
//   index          summed over ranks (each owns 1/N of the keys)
//   template_counts summed (a key counted on several ranks counts more than once)
// and RunStats::ranks lists one RankStats per rank ("ranks" in ToJson).
#ifndef WINNOW_PIPELINE_DIST_STATS_MERGE_H_
#define WINNOW_PIPELINE_DIST_STATS_MERGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/stats.h"

namespace winnow {

class Comm;

// A RunStats as bytes and back: every field, including `ranks`. Parse
// returns false (and sets *error) on bytes that Serialize did not write.
std::string SerializeStats(const RunStats& stats);
bool ParseStats(std::string_view bytes, RunStats* stats, std::string* error);

// `per_rank` merged in order: counters summed, rejected records
// concatenated and cut to RunStats::kMaxListed, file errors concatenated,
// index and template sizes summed, index_full if any rank's was, seconds
// the largest, ranks concatenated.
RunStats MergeStats(const std::vector<RunStats>& per_rank);

// Collective: every rank passes its own stats with `mine` (its RankStats)
// set; rank 0 gets the merged stats with one RankStats per rank, the others
// get their own stats back unchanged.
RunStats GatherStats(Comm& comm, const RunStats& stats, const RankStats& mine);

// This process's peak resident set size in bytes (getrusage).
uint64_t PeakRssBytes();

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_STATS_MERGE_H_
