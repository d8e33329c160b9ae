// One rank of a distributed run: `mpirun -np N winnow [flags] INPUTS -o OUT`
// (or srun). Every rank expands the same inputs and takes its contiguous
// share of the global order (shares.h), runs the one-process runner over it
// with RunHooks that make template counts and dedup global (template
// exchange, DistDedup), writes its part (parts.h) and sends its stats to
// rank 0 (stats_merge.h). The documents, their text, --dups and --stats are
// those one process writes over the same inputs, whatever N.
#ifndef WINNOW_PIPELINE_DIST_DRIVER_H_
#define WINNOW_PIPELINE_DIST_DRIVER_H_

#include <string>

#include "pipeline/config.h"

namespace winnow {

class Comm;

struct DistOptions {
  bool merge = false;             // --merge: one file at -o instead of a folder of parts
  std::string part_compression;  // --part-compression: gz, zst, none ("" = as -o's name says)
  size_t chunk_bytes = size_t{64} << 20;  // the most one exchange round moves between two ranks
  size_t slice_units = size_t{1} << 18;   // units whose dedup records are in flight at once
};

// What a distributed run cannot do, or "" when it can: checked on every rank
// before anything is read (same answer everywhere).
std::string CheckDistributed(const Config& config, const DistOptions& options);

// Runs this rank's share; prints on stderr (rank 0: the summary and errors
// of the whole run) and returns the exit code, the same on every rank.
int RunDistributed(Comm& comm, const Config& config, const DistOptions& options);

// Collective: whether no rank found a problem. A check that looks at the
// filesystem can fail on one rank only (a folder another rank made a moment
// before, a file removed between two ranks' looks); then every rank must
// stop, or the others would wait for it in the first exchange. When some
// rank did, rank 0 gets the first one's problem, in rank order, in *first.
bool NoRankFoundAProblem(Comm& comm, const std::string& problem, std::string* first);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_DRIVER_H_
