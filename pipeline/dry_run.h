// --dry-run: the configuration a run would use, after defaults and
// detection (thread count, batches in flight, each input's format and
// compression, the output's compression), as `key = value` lines.
#ifndef WINNOW_PIPELINE_DRY_RUN_H_
#define WINNOW_PIPELINE_DRY_RUN_H_

#include <string>

#include "pipeline/config.h"

namespace winnow {

// Expands and peeks at the inputs (reads a few KiB of each regular file,
// never a stream); lists at most the first 20 inputs.
std::string EffectiveConfig(const Config& config);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DRY_RUN_H_
