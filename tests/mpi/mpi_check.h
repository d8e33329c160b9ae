// A tiny check for the tests that run under mpirun: gtest's output from N
// ranks interleaves and one failing rank would leave the others waiting in
// a collective, so a failed check names the rank and the line and aborts
// the whole job (non-zero exit from mpirun).
#ifndef WINNOW_TESTS_MPI_MPI_CHECK_H_
#define WINNOW_TESTS_MPI_MPI_CHECK_H_

#include <cstdio>

#include "pipeline/dist/comm.h"

#define MPI_CHECK(comm, cond)                                                                        \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      std::fprintf(stderr, "rank %d of %d: %s:%d: check failed: %s\n", (comm).rank(), (comm).size(), \
                   __FILE__, __LINE__, #cond);                                                       \
      (comm).Abort(1);                                                                               \
    }                                                                                                \
  } while (0)

#endif  // WINNOW_TESTS_MPI_MPI_CHECK_H_
