// The communicator of a multi-rank run: ranks, a bounded personalised
// all-to-all, a few collectives and point-to-point byte transfers. The only
// file that includes mpi.h is comm.cc; without MPI (a build without it, or a
// process not started by mpirun/srun) it is a one-rank communicator with the
// same behaviour, so code above it has a single path.
//
// Threads: MPI is initialised with MPI_THREAD_FUNNELED, so every call on a
// Comm must come from the thread that called Init (the main thread); TBB
// workers never touch it. Collectives (everything but Send/Recv/Abort and the
// accessors) must be called by every rank in the same order.
//
// Sizes: every byte count is 64-bit; transfers over INT_MAX bytes are cut
// into pieces internally.
#ifndef WINNOW_PIPELINE_DIST_COMM_H_
#define WINNOW_PIPELINE_DIST_COMM_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace winnow {

// The rank that owns a key (exact, sketch or template) of hash `hash` in a
// run of `ranks` ranks: hash mod N, as DESIGN.md's Scale section says.
inline int OwnerOf(uint64_t hash, int ranks) { return static_cast<int>(hash % static_cast<uint64_t>(ranks)); }

class Comm {
 public:
  // MPI_Init_thread when built with MPI and the process was started by a
  // launcher (OMPI_COMM_WORLD_SIZE, PMI_SIZE, PMIX_RANK... in the
  // environment); otherwise a one-rank communicator. At most one Comm per
  // process may be MPI-backed (MPI cannot be initialised twice); the
  // destructor finalises it.
  static std::unique_ptr<Comm> Init(int* argc, char*** argv);
  // A one-rank communicator, whatever the build and the launcher.
  static std::unique_ptr<Comm> Local();
  // The number of ranks a launcher (mpirun, srun) started, from its
  // environment; 1 when there is none. A build without MPI that finds more
  // than one refuses to run (Init prints why and exits 2): N copies of a
  // one-process run would all write the same outputs.
  static int LauncherSize();
  static bool built_with_mpi();
  ~Comm();
  Comm(const Comm&) = delete;
  Comm& operator=(const Comm&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_mpi() const { return mpi_; }

  using Consumer = std::function<void(int source, std::string_view bytes)>;
  // Personalised all-to-all of fixed-size records in bounded rounds. out[d]
  // (out.size() == size(), each a whole number of `record_bytes` records)
  // is what this rank sends to rank d. Each round moves at most
  // `chunk_bytes` (rounded down to whole records, at least one record, and
  // capped so a round's total fits MPI's int counts) per (source, dest)
  // pair; after each round consume(source, bytes) is called for every
  // non-empty piece received, sources in increasing order, so the pieces of
  // one source arrive in order. `bytes` is valid only during the call.
  // Memory beyond `out` is O(size * chunk_bytes). Loops until every rank
  // has sent everything.
  void AllToAll(const std::vector<std::string>& out, size_t record_bytes, size_t chunk_bytes,
                const Consumer& consume);

  uint64_t Sum(uint64_t v);           // over all ranks
  uint64_t ExclusiveSum(uint64_t v);  // over ranks below this one (rank 0: 0)
  uint64_t Max(uint64_t v);
  bool AllTrue(bool v);               // true when every rank passes true
  // At rank 0: one string per rank, in rank order; other ranks get {}.
  std::vector<std::string> Gather(std::string_view v);
  // Rank 0's `v` on every rank (the others' argument is ignored).
  std::string Broadcast(std::string v);
  // Point-to-point, any size. Messages between two ranks arrive in the
  // order sent. Send blocks until the receiver takes big messages, so two
  // ranks must not both Send to each other first. A rank may Send to
  // itself (queued locally) before it Recvs it.
  void Send(int to, std::string_view bytes);
  std::string Recv(int from);
  void Barrier();
  // Ends every rank with `code` (MPI_Abort); a one-rank Comm exits.
  [[noreturn]] void Abort(int code);

  // Payload bytes this rank sent to other ranks through AllToAll and Send
  // (what crossed the network, for stats); bytes to itself are not counted.
  uint64_t bytes_sent() const { return bytes_sent_; }

  // The largest single MPI message (default 1 GiB, at most INT_MAX): Send,
  // Recv and Broadcast cut longer transfers into pieces of this size, and
  // an AllToAll round moves at most this much per rank. Tests make it small
  // to exercise the cutting without moving gigabytes. Set the same value on
  // every rank.
  void set_max_message_bytes(size_t n);

 private:
  Comm() = default;
  void SendToOther(int to, std::string_view bytes, int tag);
  std::string RecvFromOther(int from, int tag);
  void ExchangeRound(const std::vector<std::string>& out, const std::vector<size_t>& sent,
                     const std::vector<uint64_t>& counts, const Consumer& consume);

  bool mpi_ = false;
  int rank_ = 0;
  int size_ = 1;
  uint64_t bytes_sent_ = 0;
  size_t max_message_ = size_t{1} << 30;
  std::deque<std::string> to_self_;  // Send(rank(), ...) waiting for Recv(rank())
  std::string recv_buf_;             // AllToAll's receive buffer, reused across rounds
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_COMM_H_
