// Comm under mpirun with any number of ranks: AllToAll delivers every record
// exactly once, in order, through many small rounds with very uneven sizes
// (rank 1 sends nothing), and the collectives and point-to-point transfers
// give the values a serial computation predicts.
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "pipeline/dist/comm.h"
#include "tests/mpi/mpi_check.h"

namespace {

using winnow::Comm;

constexpr size_t kRecord = 12;  // source, dest, sequence number: 3 x uint32

// How many records rank s sends to rank d: uneven, sometimes zero, and
// nothing at all from rank 1.
uint32_t RecordsFrom(int s, int d) {
  if (s == 1) return 0;
  return static_cast<uint32_t>(((s * 7 + d * 3) % 5) * 37 + (s == 0 && d == 2 ? 1000 : 0));
}

void CheckAllToAll(Comm& comm, size_t chunk_bytes) {
  const int n = comm.size(), me = comm.rank();
  std::vector<std::string> out(n);
  for (int d = 0; d < n; ++d) {
    for (uint32_t i = 0; i < RecordsFrom(me, d); ++i) {
      const uint32_t rec[3] = {static_cast<uint32_t>(me), static_cast<uint32_t>(d), i};
      out[d].append(reinterpret_cast<const char*>(rec), kRecord);
    }
  }
  const size_t piece_max = std::max(chunk_bytes / kRecord, size_t{1}) * kRecord;
  std::vector<uint32_t> next(n, 0);  // next sequence number expected from each source
  uint64_t pieces = 0;
  const uint64_t sent_before = comm.bytes_sent();
  comm.AllToAll(out, kRecord, chunk_bytes, [&](int source, std::string_view bytes) {
    MPI_CHECK(comm, source >= 0 && source < n);
    MPI_CHECK(comm, !bytes.empty() && bytes.size() % kRecord == 0 && bytes.size() <= piece_max);
    ++pieces;
    for (size_t at = 0; at < bytes.size(); at += kRecord) {
      uint32_t rec[3];
      std::memcpy(rec, bytes.data() + at, kRecord);
      MPI_CHECK(comm, rec[0] == static_cast<uint32_t>(source));
      MPI_CHECK(comm, rec[1] == static_cast<uint32_t>(me));
      MPI_CHECK(comm, rec[2] == next[source]);
      ++next[source];
    }
  });
  for (int s = 0; s < n; ++s) MPI_CHECK(comm, next[s] == RecordsFrom(s, me));
  uint64_t expect_sent = 0;
  for (int d = 0; d < n; ++d) {
    if (d != me) expect_sent += RecordsFrom(me, d) * kRecord;
  }
  MPI_CHECK(comm, comm.bytes_sent() - sent_before == expect_sent);
  // Small chunks force many rounds wherever anything was received.
  uint64_t received = 0;
  for (int s = 0; s < n; ++s) received += RecordsFrom(s, me);
  if (received * kRecord > piece_max) MPI_CHECK(comm, pieces > 1);
}

// Rounds are ordered by source: with chunks of one record, the sources of
// consecutive pieces increase within a round and every round begins anew.
void CheckSourceOrderWithinRounds(Comm& comm) {
  const int n = comm.size();
  std::vector<std::string> out(n);
  // Every rank sends 3 records to every rank: exactly 3 rounds of n pieces.
  for (int d = 0; d < n; ++d) out[d] = std::string(3 * 4, static_cast<char>('a' + comm.rank()));
  std::vector<int> sources;
  comm.AllToAll(out, 4, 4, [&](int source, std::string_view bytes) {
    MPI_CHECK(comm, bytes == std::string(4, static_cast<char>('a' + source)));
    sources.push_back(source);
  });
  MPI_CHECK(comm, sources.size() == static_cast<size_t>(3 * n));
  for (size_t i = 0; i < sources.size(); ++i) MPI_CHECK(comm, sources[i] == static_cast<int>(i % n));
}

void CheckCollectives(Comm& comm) {
  const uint64_t n = comm.size(), r = comm.rank();
  MPI_CHECK(comm, comm.Sum(r + 1) == n * (n + 1) / 2);
  MPI_CHECK(comm, comm.ExclusiveSum(r + 1) == r * (r + 1) / 2);
  MPI_CHECK(comm, comm.Max(r * 10) == (n - 1) * 10);
  MPI_CHECK(comm, comm.Max(uint64_t{1} << 40) == uint64_t{1} << 40);
  MPI_CHECK(comm, comm.AllTrue(true));
  MPI_CHECK(comm, !comm.AllTrue(r != n - 1));

  // Gather: rank r contributes r copies of its letter (rank 0: nothing).
  const std::vector<std::string> all = comm.Gather(std::string(r * 1000, static_cast<char>('a' + r)));
  if (r == 0) {
    MPI_CHECK(comm, all.size() == n);
    for (uint64_t i = 0; i < n; ++i) MPI_CHECK(comm, all[i] == std::string(i * 1000, static_cast<char>('a' + i)));
  } else {
    MPI_CHECK(comm, all.empty());
  }

  std::string big(300001, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 131 % 251);
  MPI_CHECK(comm, comm.Broadcast(r == 0 ? big : std::string("ignored")) == big);

  // Point to point, star shaped so that no two ranks send to each other
  // first; plus a message to self.
  comm.Send(static_cast<int>(r), "to myself");
  if (r == 0) {
    for (uint64_t i = 1; i < n; ++i) comm.Send(static_cast<int>(i), big + std::to_string(i));
    for (uint64_t i = 1; i < n; ++i) MPI_CHECK(comm, comm.Recv(static_cast<int>(i)) == "back from " + std::to_string(i));
  } else {
    MPI_CHECK(comm, comm.Recv(0) == big + std::to_string(r));
    comm.Send(0, "back from " + std::to_string(r));
  }
  MPI_CHECK(comm, comm.Recv(static_cast<int>(r)) == "to myself");
  comm.Send(static_cast<int>(r), "");
  MPI_CHECK(comm, comm.Recv(static_cast<int>(r)).empty());
  comm.Barrier();
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<Comm> comm = Comm::Init(&argc, &argv);
  MPI_CHECK(*comm, comm->is_mpi());
  CheckAllToAll(*comm, 30);        // two records a round
  CheckAllToAll(*comm, 5);         // below one record: one record a round
  CheckAllToAll(*comm, 1 << 20);   // one round
  CheckSourceOrderWithinRounds(*comm);
  CheckCollectives(*comm);
  // The same with every transfer cut into small messages, and rounds
  // capped by the message size rather than by chunk_bytes.
  comm->set_max_message_bytes(7 * 12 * comm->size());
  CheckAllToAll(*comm, 1 << 20);
  comm->set_max_message_bytes(1000);
  CheckCollectives(*comm);
  if (comm->rank() == 0) std::printf("dist_comm_mpi_test: %d ranks ok\n", comm->size());
  return 0;
}
