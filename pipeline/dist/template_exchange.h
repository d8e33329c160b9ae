// Template counts made global across ranks. After the counting pre-pass
// each rank's TemplateCounts holds, per (source, key), the documents of its
// own share containing the key; a unit is template by the documents of the
// whole run. Each entry is owned by rank `tag mod N` (the tag mixes source
// and key: it is the entry's hash). Every rank sends (tag, count) to the
// owners, the owners sum them (saturating at 255, as TemplateCounts does),
// send each sum back to the ranks that hold the entry, and every rank
// overwrites its counts with the global ones. A rank learns nothing of
// entries it does not hold: it only ever looks up the keys of its own
// documents.
//
// Memory: the exchange moves data in rounds of at most `chunk_bytes` per
// pair of ranks; an owner keeps the tags it received (8 bytes each) and a
// map of its entries' sums until it has replied, and each rank 9 bytes per
// entry it holds.
#ifndef WINNOW_PIPELINE_DIST_TEMPLATE_EXCHANGE_H_
#define WINNOW_PIPELINE_DIST_TEMPLATE_EXCHANGE_H_

#include <cstddef>
#include <cstdint>

namespace winnow {

class Comm;
class TemplateCounts;

// The rank that owns an entry's global count: OwnerOf(tag, ranks).
int TemplateOwner(uint64_t tag, int ranks);

// Collective: replaces every count in *counts by the sum over all ranks.
void ExchangeTemplateCounts(Comm& comm, TemplateCounts* counts, size_t chunk_bytes = size_t{8} << 20);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_DIST_TEMPLATE_EXCHANGE_H_
