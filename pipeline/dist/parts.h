// The outputs of a multi-rank run. With N ranks and `-o OUT`:
//
//   OUT/part-RRRRR.jsonl[.gz|.zst]   rank R's documents (".txt" with --format text)
//   OUT/manifest.json                the parts in global order with their counts
//
// or, with --merge, the one file OUT: rank 0 appends the ranks' pieces in
// rank order (gzip members and zstd frames concatenate into a valid stream),
// and no folder is made. --dups and --explain are always one file each,
// their per-rank pieces concatenated in rank order. Concatenating the parts
// in manifest order gives what one process would write to OUT.
//
// Atomicity: everything is written under temporary names (".tmp-PID"), and
// nothing gets a final name unless every rank closed its files without error
// (Comm::AllTrue), so a rank that fails, crashes or is killed leaves no part,
// manifest or merged file under a final name. The manifest is the last thing
// renamed: a folder with a manifest is complete.
//
// Compression of the parts: PartsCompression below. With --merge the parts
// are compressed as OUT's name says, exactly as one process would.
//
// The pieces of merged outputs travel to rank 0 over MPI, so no shared
// filesystem is needed for them; without --merge each rank writes its part
// into OUT on its own node (a shared filesystem gathers them in one folder).
//
// Use (all on the main thread, every rank in step; Open and Commit are
// collective):
//   RankOutputs outs(comm, options);
//   if (!outs.Open(&error)) ...;
//   ... the runner writes outs.part(), outs.dups(), outs.explain() as it
//       writes OutputFiles today (bytes compressed per part().compression()) ...
//   outs.set_counts(documents, bytes);
//   if (!outs.Commit(&error)) ...;          // or Abort() on a local failure
#ifndef WINNOW_PIPELINE_DIST_PARTS_H_
#define WINNOW_PIPELINE_DIST_PARTS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/config.h"
#include "pipeline/output.h"

namespace winnow {

class Comm;

struct PartsOptions {
  std::string output;                         // -o: the parts' folder, or with merge the file ("-" = stdout)
  OutputFormat format = OutputFormat::kJsonl;  // --format: the parts' extension
  Compression compression = Compression::kNone;  // of the parts (not with merge)
  bool merge = false;                          // --merge
  std::string dups_path, explain_path;         // "" = not written
};

// "part-00003.jsonl.gz": rank 3's part for --format jsonl and gzip.
std::string PartName(int rank, OutputFormat format, Compression compression);

// The parts' compression: `flag` is --part-compression ("gz", "zst",
// "none"; "" when not given), else the compression -o's name implies
// (`-o out.gz` makes a folder out.gz of .gz parts; `-o out` plain parts).
// False for another flag value.
bool PartsCompression(std::string_view flag, std::string_view output, Compression* compression);

class RankOutputs {
 public:
  RankOutputs(Comm& comm, PartsOptions options);
  ~RankOutputs();  // Abort() unless committed
  RankOutputs(const RankOutputs&) = delete;
  RankOutputs& operator=(const RankOutputs&) = delete;

  // Collective: makes the folder (not with merge) and opens this rank's
  // temporaries. False on every rank when any rank failed; *error then
  // names the ranks and their reasons.
  bool Open(std::string* error);

  // This rank's documents, and its pieces of --dups / --explain (nullptr
  // when not asked for). Valid between Open and Commit/Abort.
  OutputFile& part() { return part_; }
  OutputFile* dups() { return dups_.get(); }
  OutputFile* explain() { return explain_.get(); }

  // What this rank wrote, for the manifest: documents emitted and their
  // bytes before compression.
  void set_counts(uint64_t documents, uint64_t bytes) {
    documents_ = documents;
    bytes_ = bytes;
  }

  // Collective: closes every rank's files and, when all succeeded, gives
  // the results their final names (see the top of the file). False on every
  // rank when any rank failed, with *error naming the ranks; nothing is
  // then left under a final name.
  bool Commit(std::string* error);
  // Removes this rank's temporaries (not collective). Safe to call twice.
  void Abort();
  // This rank failed (why): the next Commit, still called on every rank,
  // agrees on failure and publishes nothing.
  void Fail(const std::string& why) { failed_ = why.empty() ? "failed" : why; }

 private:
  bool Agree(bool ok, const std::string& my_error, std::string* error);
  bool GatherInto(OutputFile& piece, const std::string& target, std::unique_ptr<OutputFile>* final_out,
                  std::string* error);
  std::string Manifest(const std::vector<std::string>& counts) const;
  void RemoveStaleParts() const;

  Comm& comm_;
  PartsOptions options_;
  std::string failed_;  // Fail()'s reason
  OutputFile part_;
  std::unique_ptr<OutputFile> dups_, explain_;
  std::vector<std::unique_ptr<OutputFile>> finals_;  // rank 0: merged outputs and the manifest
  uint64_t documents_ = 0, bytes_ = 0;
  bool opened_ = false;  // Open succeeded on every rank
  bool published_ = false;
};

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_PARTS_H_
