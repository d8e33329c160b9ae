// The one-rank communicator (no MPI, or a process not started by mpirun):
// the same API with the results one rank implies.
#include "pipeline/dist/comm.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <string>
#include <vector>

namespace winnow {
namespace {

TEST(DistComm, LocalIsOneRank) {
  std::unique_ptr<Comm> c = Comm::Local();
  EXPECT_EQ(c->rank(), 0);
  EXPECT_EQ(c->size(), 1);
  EXPECT_FALSE(c->is_mpi());
}

TEST(DistComm, InitOutsideALauncherIsOneRank) {
  // ctest does not run this binary under mpirun, so no launcher variables.
  int argc = 1;
  char arg0[] = "winnow_tests";
  char* args[] = {arg0, nullptr};
  char** argv = args;
  std::unique_ptr<Comm> c = Comm::Init(&argc, &argv);
  EXPECT_EQ(c->size(), 1);
  EXPECT_FALSE(c->is_mpi());
}

// The launcher's rank count, read from its environment (restored after).
TEST(DistComm, LauncherSizeFromTheEnvironment) {
  EXPECT_EQ(Comm::LauncherSize(), 1);
  setenv("SLURM_NTASKS", "16", 1);
  EXPECT_EQ(Comm::LauncherSize(), 16);
  setenv("OMPI_COMM_WORLD_SIZE", "4", 1);  // mpirun's own count comes first
  EXPECT_EQ(Comm::LauncherSize(), 4);
  setenv("OMPI_COMM_WORLD_SIZE", "four", 1);
  EXPECT_EQ(Comm::LauncherSize(), 16);
  unsetenv("OMPI_COMM_WORLD_SIZE");
  unsetenv("SLURM_NTASKS");
  EXPECT_EQ(Comm::LauncherSize(), 1);
}

TEST(DistComm, AllToAllToSelfInWholeRecordRounds) {
  std::unique_ptr<Comm> c = Comm::Local();
  std::string data;
  for (int i = 0; i < 100; ++i) data += std::string(3, static_cast<char>('A' + i % 26));
  std::string got;
  int pieces = 0;
  // 10 bytes a round rounds down to 3 records (9 bytes).
  c->AllToAll({data}, 3, 10, [&](int source, std::string_view bytes) {
    EXPECT_EQ(source, 0);
    EXPECT_LE(bytes.size(), 9u);
    EXPECT_EQ(bytes.size() % 3, 0u);
    got.append(bytes);
    ++pieces;
  });
  EXPECT_EQ(got, data);
  EXPECT_EQ(pieces, 34);  // 33 rounds of 3 records, one of 1
  EXPECT_EQ(c->bytes_sent(), 0u);  // nothing left the rank
}

TEST(DistComm, AllToAllOfNothingCallsNothing) {
  std::unique_ptr<Comm> c = Comm::Local();
  int calls = 0;
  c->AllToAll({std::string()}, 8, 1024, [&](int, std::string_view) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(DistComm, MessageSizeCapsRounds) {
  std::unique_ptr<Comm> c = Comm::Local();
  c->set_max_message_bytes(8);
  std::vector<size_t> sizes;
  c->AllToAll({std::string(20, 'x')}, 4, 1 << 20, [&](int, std::string_view b) { sizes.push_back(b.size()); });
  EXPECT_EQ(sizes, (std::vector<size_t>{8, 8, 4}));
}

TEST(DistComm, CollectivesOfOneRank) {
  std::unique_ptr<Comm> c = Comm::Local();
  EXPECT_EQ(c->Sum(41), 41u);
  EXPECT_EQ(c->ExclusiveSum(41), 0u);
  EXPECT_EQ(c->Max(7), 7u);
  EXPECT_TRUE(c->AllTrue(true));
  EXPECT_FALSE(c->AllTrue(false));
  EXPECT_EQ(c->Gather("mine"), std::vector<std::string>{"mine"});
  EXPECT_EQ(c->Broadcast("root"), "root");
  c->Barrier();
}

TEST(DistComm, SendToSelfIsQueuedInOrder) {
  std::unique_ptr<Comm> c = Comm::Local();
  c->Send(0, "first");
  c->Send(0, std::string(5000, 'z'));
  EXPECT_EQ(c->Recv(0), "first");
  EXPECT_EQ(c->Recv(0), std::string(5000, 'z'));
  EXPECT_EQ(c->bytes_sent(), 0u);
}

TEST(DistCommDeathTest, RecordsMustBeWhole) {
  std::unique_ptr<Comm> c = Comm::Local();
  EXPECT_DEATH(c->AllToAll({std::string(5, 'x')}, 4, 64, [](int, std::string_view) {}),
               "not a whole number of records");
}

}  // namespace
}  // namespace winnow
