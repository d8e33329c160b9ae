// What a run that spans processes (pipeline/dist/) plugs into the runner.
// The runner stays the one-process runner: it learns of other processes only
// through these calls, made at the same points on every process.
#ifndef WINNOW_PIPELINE_RUN_HOOKS_H_
#define WINNOW_PIPELINE_RUN_HOOKS_H_

#include <cstdint>

#include "pipeline/output.h"
#include "pipeline/process.h"
#include "stages/template_counts.h"

namespace winnow {

class RunHooks {
 public:
  virtual ~RunHooks() = default;
  // After the template pre-pass over this process's inputs, before any
  // document is classified: the counts become those of the whole run.
  virtual void TemplatesCounted(TemplateCounts* counts) = 0;
  // Dedup in two passes. The first hands every document's dedup inputs to
  // sink(); Decide runs between the passes, told how many documents this
  // process read, and returns the ordinal of its first document in the
  // whole run; the second pass takes the decisions from source().
  virtual DedupSink* sink() = 0;
  virtual uint64_t Decide(uint64_t documents) = 0;
  virtual DedupSource* source() = 0;
  // Where the run writes its output, --dups and --explain (null: not
  // written). The runner writes them but does not commit or remove them.
  virtual OutputFile* out() = 0;
  virtual OutputFile* dups() = 0;
  virtual OutputFile* explain() = 0;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_RUN_HOOKS_H_
