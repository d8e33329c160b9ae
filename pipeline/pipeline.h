// Runs winnow: expands the inputs, reads them in batches and pushes the
// batches through a oneTBB parallel_pipeline
//
//   read (serial, in order) -> prepare -> classify (parallel)
//     -> dedup (serial, in order) -> format (parallel) -> write (serial, in order)
//
// so output order is input order and the bytes written do not depend on the
// thread count. Template counts need every document of a source before any
// is classified: with input files a counting pre-pass (read -> prepare ->
// count) runs first; on stdin, a FIFO or a device (inputs that can be read
// only once) the input is processed in windows of --template-window bytes,
// each counted before it is classified.
//
// No exception leaves a filter: failures are stored in the batch and end the
// run cleanly at the writer.
#ifndef WINNOW_PIPELINE_PIPELINE_H_
#define WINNOW_PIPELINE_PIPELINE_H_

#include <string>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/stats.h"

namespace winnow {

struct RunResult {
  int exit_code = 0;    // 0 ok, 2 usage/input error, 1 runtime failure, 130/143 signal
  RunStats stats;
  std::string error;    // why the run failed, when exit_code != 0
};

RunResult Run(const Config& config);

// One process's share of a run that spans processes (pipeline/dist/): its
// inputs, the errors expanding them gave, and the hooks through which it
// works with the other processes. Writes no --stats; hooks' outputs are
// left for the caller to commit.
class RunHooks;
struct InputFile;
RunResult RunShare(const Config& config, std::vector<InputFile> files, std::vector<std::string> file_errors,
                   RunHooks* hooks);

// Asks a running Run() to stop at the next batch (async-signal-safe); it then
// removes its temporary outputs and returns 128 + signal.
void RequestStop(int signal);
// True once RequestStop was called: lets a read blocked on an idle pipe give
// up when a signal interrupts it.
bool StopRequested();

}  // namespace winnow

#endif  // WINNOW_PIPELINE_PIPELINE_H_
