// GatherStats under mpirun: rank 0 gets the counters summed, the rejected
// records of all ranks in rank order cut to the first kMaxListed, the file
// errors in rank order and one "ranks" entry per rank; the others keep
// their own stats.
#include <cstdio>
#include <string>

#include "pipeline/dist/comm.h"
#include "pipeline/dist/stats_merge.h"
#include "tests/mpi/mpi_check.h"

namespace {

using winnow::Comm;
using winnow::RunStats;

// Rank r's stats: 60 rejected records (so that 2+ ranks overflow the list),
// r + 1 documents, a file error on odd ranks.
RunStats StatsOf(int r) {
  RunStats s;
  s.totals.docs_in = 100 + r;
  s.totals.emitted = r + 1;
  s.totals.rejected = 60;
  s.totals.unit_reasons[1] = 2 * r;
  s.skipped_by_kind[0] = 1;
  s.skipped_records = 1;
  for (int i = 0; i < 60; ++i) {
    s.rejected.push_back({"rank" + std::to_string(r) + ".jsonl", static_cast<uint64_t>(i + 1), "", "invalid-json", "x"});
  }
  if (r % 2 == 1) s.file_errors.push_back("missing-" + std::to_string(r) + ": No such file or directory");
  s.seconds = 1.0 + r;
  s.index_units = 10;
  s.index_bytes = 1000 * (r + 1);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<Comm> comm = Comm::Init(&argc, &argv);
  MPI_CHECK(*comm, comm->is_mpi());
  const int n = comm->size(), r = comm->rank();
  winnow::RankStats mine;
  mine.index_bytes = 1000 * (r + 1);
  mine.bytes_exchanged = comm->bytes_sent();
  mine.peak_rss_bytes = winnow::PeakRssBytes();
  const RunStats got = winnow::GatherStats(*comm, StatsOf(r), mine);
  if (r != 0) {
    MPI_CHECK(*comm, got.ToJson() == StatsOf(r).ToJson());
  } else {
    uint64_t docs = 0, units = 0;
    std::vector<std::string> errors;
    for (int i = 0; i < n; ++i) {
      docs += 100 + i;
      units += 2 * i;
      if (i % 2 == 1) errors.push_back("missing-" + std::to_string(i) + ": No such file or directory");
    }
    MPI_CHECK(*comm, got.totals.docs_in == docs);
    MPI_CHECK(*comm, got.totals.unit_reasons[1] == units);
    MPI_CHECK(*comm, got.totals.rejected == 60u * n);
    MPI_CHECK(*comm, got.skipped_by_kind[0] == static_cast<uint64_t>(n));
    MPI_CHECK(*comm, got.rejected.size() == std::min<size_t>(60 * n, RunStats::kMaxListed));
    for (size_t i = 0; i < got.rejected.size(); ++i) {
      MPI_CHECK(*comm, got.rejected[i].file == "rank" + std::to_string(i / 60) + ".jsonl");
      MPI_CHECK(*comm, got.rejected[i].record == i % 60 + 1);
    }
    MPI_CHECK(*comm, got.file_errors == errors);
    MPI_CHECK(*comm, got.seconds == n);  // the slowest rank's
    MPI_CHECK(*comm, got.ranks.size() == static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) MPI_CHECK(*comm, got.ranks[i].index_bytes == 1000u * (i + 1));
    const std::string json = got.ToJson();
    MPI_CHECK(*comm, (json.find("\"ranks\":[{\"rank\":0,") != std::string::npos) == (n > 1));
    std::printf("dist_stats_mpi_test: %d ranks ok\n", n);
  }
  return 0;
}
