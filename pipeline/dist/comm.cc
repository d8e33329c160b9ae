#include "pipeline/dist/comm.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#ifdef WINNOW_HAVE_MPI
#include <mpi.h>
#endif

namespace winnow {
namespace {

// Internal transfers (Gather) use a tag of their own so that a message the
// caller sent with Send and has not received yet is never taken by them.
constexpr int kTagUser = 1;
constexpr int kTagGather = 2;

[[noreturn]] void Misuse(const char* what) {
  std::fprintf(stderr, "winnow: internal error: Comm: %s\n", what);
  std::abort();
}

// Launchers announce themselves in the environment: Open MPI's mpirun, PMIx
// (srun --mpi=pmix, Open MPI 4+), PMI-1/2 (srun --mpi=pmi2, MPICH's hydra).
bool LaunchedByMpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE", "PMI_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

int EnvInt(const char* name, int fallback) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  return *end == '\0' && n > 0 && n < INT_MAX ? static_cast<int>(n) : fallback;
}

}  // namespace

void Comm::set_max_message_bytes(size_t n) {
  max_message_ = std::clamp<size_t>(n, 1, static_cast<size_t>(INT_MAX));
}

std::unique_ptr<Comm> Comm::Local() { return std::unique_ptr<Comm>(new Comm()); }

int Comm::LauncherSize() {
  // PMIx gives no size variable to every process; srun's SLURM_NTASKS does.
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_NTASKS"}) {
    if (const int n = EnvInt(v, 0); n > 0) return n;
  }
  return 1;
}

bool Comm::built_with_mpi() {
#ifdef WINNOW_HAVE_MPI
  return true;
#else
  return false;
#endif
}

std::unique_ptr<Comm> Comm::Init(int* argc, char*** argv) {
  std::unique_ptr<Comm> c = Local();
#ifndef WINNOW_HAVE_MPI
  if (LaunchedByMpi() && LauncherSize() > 1) {
    const int rank = EnvInt("OMPI_COMM_WORLD_RANK", EnvInt("PMI_RANK", EnvInt("PMIX_RANK", 0)));
    if (rank == 0) {
      std::fprintf(stderr,
                   "winnow: started as %d ranks by mpirun/srun, but this winnow was built without MPI; "
                   "install an MPI (libopenmpi-dev) and build again, or run one process\n",
                   LauncherSize());
    }
    std::exit(2);
  }
#endif
#ifdef WINNOW_HAVE_MPI
  if (!LaunchedByMpi()) return c;
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized) Misuse("MPI is already initialised");
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  if (provided < MPI_THREAD_FUNNELED) {
    // Only the main thread calls MPI, but the TBB threads exist: an MPI
    // that promises less may not tolerate them.
    std::fprintf(stderr, "winnow: warning: the MPI library gives thread level %d, less than FUNNELED\n",
                 provided);
  }
  c->mpi_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &c->rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &c->size_);
#else
  (void)argc;
  (void)argv;
#endif
  return c;
}

Comm::~Comm() {
#ifdef WINNOW_HAVE_MPI
  if (mpi_) MPI_Finalize();
#endif
}

void Comm::AllToAll(const std::vector<std::string>& out, size_t record_bytes, size_t chunk_bytes,
                    const Consumer& consume) {
  if (out.size() != static_cast<size_t>(size_)) Misuse("AllToAll: out.size() != size()");
  if (record_bytes == 0) Misuse("AllToAll: record_bytes is 0");
  for (const std::string& o : out) {
    if (o.size() % record_bytes != 0) Misuse("AllToAll: not a whole number of records");
  }
  // All pieces of a round land in one buffer addressed by int displacements.
  const size_t round_cap = max_message_ / static_cast<size_t>(size_) / record_bytes * record_bytes;
  if (round_cap == 0) Misuse("AllToAll: record too large");
  const size_t chunk = std::min(std::max(chunk_bytes / record_bytes, size_t{1}) * record_bytes, round_cap);

  std::vector<size_t> sent(size_, 0);
  std::vector<uint64_t> counts(size_);
  for (;;) {
    uint64_t left = 0;
    for (int d = 0; d < size_; ++d) left += out[d].size() - sent[d];
    if (Max(left) == 0) break;
    for (int d = 0; d < size_; ++d) counts[d] = std::min<uint64_t>(chunk, out[d].size() - sent[d]);
    ExchangeRound(out, sent, counts, consume);
    for (int d = 0; d < size_; ++d) {
      sent[d] += counts[d];
      if (d != rank_) bytes_sent_ += counts[d];
    }
  }
  recv_buf_.clear();
  recv_buf_.shrink_to_fit();
}

void Comm::ExchangeRound(const std::vector<std::string>& out, const std::vector<size_t>& sent,
                         const std::vector<uint64_t>& counts, const Consumer& consume) {
  if (!mpi_) {
    if (counts[0] > 0) consume(0, std::string_view(out[0]).substr(sent[0], counts[0]));
    return;
  }
#ifdef WINNOW_HAVE_MPI
  std::vector<uint64_t> rcounts(size_);
  MPI_Alltoall(counts.data(), 1, MPI_UINT64_T, rcounts.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
  std::vector<int> scnt(size_), sdispl(size_), rcnt(size_), rdispl(size_);
  size_t stotal = 0, rtotal = 0;
  for (int d = 0; d < size_; ++d) {
    scnt[d] = static_cast<int>(counts[d]);
    sdispl[d] = static_cast<int>(stotal);
    stotal += counts[d];
    rcnt[d] = static_cast<int>(rcounts[d]);
    rdispl[d] = static_cast<int>(rtotal);
    rtotal += rcounts[d];
  }
  // Alltoallv wants one send buffer: the round's pieces copied together
  // (bounded by size * chunk like the receive buffer).
  std::string send_buf;
  send_buf.reserve(stotal);
  for (int d = 0; d < size_; ++d) send_buf.append(out[d], sent[d], counts[d]);
  recv_buf_.resize(rtotal);
  MPI_Alltoallv(send_buf.data(), scnt.data(), sdispl.data(), MPI_BYTE, recv_buf_.data(), rcnt.data(),
                rdispl.data(), MPI_BYTE, MPI_COMM_WORLD);
  for (int s = 0; s < size_; ++s) {
    if (rcnt[s] > 0) consume(s, std::string_view(recv_buf_).substr(rdispl[s], rcnt[s]));
  }
#endif
}

// One rank's value is the result of every reduction over one rank.
#ifdef WINNOW_HAVE_MPI
#define WINNOW_ALLREDUCE(v, type, op) \
  if (mpi_) MPI_Allreduce(MPI_IN_PLACE, &(v), 1, type, op, MPI_COMM_WORLD)
#else
#define WINNOW_ALLREDUCE(v, type, op) (void)0
#endif

uint64_t Comm::Sum(uint64_t v) {
  WINNOW_ALLREDUCE(v, MPI_UINT64_T, MPI_SUM);
  return v;
}

uint64_t Comm::ExclusiveSum(uint64_t v) {
  uint64_t r = 0;
#ifdef WINNOW_HAVE_MPI
  if (mpi_) MPI_Exscan(&v, &r, 1, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  if (rank_ == 0) r = 0;  // MPI leaves rank 0's result undefined
#else
  (void)v;
#endif
  return r;
}

uint64_t Comm::Max(uint64_t v) {
  WINNOW_ALLREDUCE(v, MPI_UINT64_T, MPI_MAX);
  return v;
}

bool Comm::AllTrue(bool v) {
  int x = v ? 1 : 0;
  WINNOW_ALLREDUCE(x, MPI_INT, MPI_LAND);
  return x != 0;
}

std::vector<std::string> Comm::Gather(std::string_view v) {
  std::vector<std::string> all;
  if (rank_ == 0) all.emplace_back(v);
#ifdef WINNOW_HAVE_MPI
  if (!mpi_) return all;
  // Point to point rather than MPI_Gatherv: one rank's string may exceed
  // INT_MAX, and rank 0 holds the result anyway.
  if (rank_ == 0) {
    for (int r = 1; r < size_; ++r) all.push_back(RecvFromOther(r, kTagGather));
  } else {
    SendToOther(0, v, kTagGather);
  }
#endif
  return all;
}

std::string Comm::Broadcast(std::string v) {
#ifdef WINNOW_HAVE_MPI
  if (!mpi_) return v;
  uint64_t n = v.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  v.resize(n);
  for (size_t at = 0; at < n; at += max_message_) {
    MPI_Bcast(v.data() + at, static_cast<int>(std::min(max_message_, n - at)), MPI_BYTE, 0, MPI_COMM_WORLD);
  }
#endif
  return v;
}

void Comm::Send(int to, std::string_view bytes) {
  if (to < 0 || to >= size_) Misuse("Send: no such rank");
  if (to == rank_) {
    to_self_.emplace_back(bytes);
    return;
  }
  SendToOther(to, bytes, kTagUser);
  bytes_sent_ += bytes.size();
}

std::string Comm::Recv(int from) {
  if (from < 0 || from >= size_) Misuse("Recv: no such rank");
  if (from == rank_) {
    if (to_self_.empty()) Misuse("Recv: nothing was sent to this rank by itself");
    std::string s = std::move(to_self_.front());
    to_self_.pop_front();
    return s;
  }
  return RecvFromOther(from, kTagUser);
}

// A length, then the bytes in pieces of at most max_message_.
void Comm::SendToOther(int to, std::string_view bytes, int tag) {
#ifdef WINNOW_HAVE_MPI
  uint64_t n = bytes.size();
  MPI_Send(&n, 1, MPI_UINT64_T, to, tag, MPI_COMM_WORLD);
  for (size_t at = 0; at < n; at += max_message_) {
    MPI_Send(bytes.data() + at, static_cast<int>(std::min(max_message_, n - at)), MPI_BYTE, to, tag, MPI_COMM_WORLD);
  }
#else
  (void)to;
  (void)bytes;
  (void)tag;
  Misuse("Send to another rank without MPI");
#endif
}

std::string Comm::RecvFromOther(int from, int tag) {
  std::string s;
#ifdef WINNOW_HAVE_MPI
  uint64_t n = 0;
  MPI_Recv(&n, 1, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  s.resize(n);
  for (size_t at = 0; at < n; at += max_message_) {
    MPI_Recv(s.data() + at, static_cast<int>(std::min(max_message_, n - at)), MPI_BYTE, from, tag, MPI_COMM_WORLD,
             MPI_STATUS_IGNORE);
  }
#else
  (void)from;
  (void)tag;
  Misuse("Recv from another rank without MPI");
#endif
  return s;
}

void Comm::Barrier() {
#ifdef WINNOW_HAVE_MPI
  if (mpi_) MPI_Barrier(MPI_COMM_WORLD);
#endif
}

void Comm::Abort(int code) {
  std::fflush(stdout);
  std::fflush(stderr);
#ifdef WINNOW_HAVE_MPI
  if (mpi_) MPI_Abort(MPI_COMM_WORLD, code);
#endif
  std::exit(code);
}

}  // namespace winnow
