#include "pipeline/dist/template_exchange.h"

#include <cstring>
#include <string>
#include <unordered_map>
#include <vector>

#include "pipeline/dist/comm.h"
#include "stages/template_counts.h"

namespace winnow {
namespace {

constexpr size_t kRecord = 9;  // tag (8 bytes, native order: same build on every rank) + count (1)

}  // namespace

int TemplateOwner(uint64_t tag, int ranks) { return OwnerOf(tag, ranks); }

void ExchangeTemplateCounts(Comm& comm, TemplateCounts* counts, size_t chunk_bytes) {
  const int n = comm.size();
  // What this rank holds, by owner, in the order sent (slot order).
  std::vector<std::vector<uint64_t>> held(n);
  std::vector<std::string> out(n);
  counts->ForEach([&](uint64_t tag, uint32_t count) {
    const int owner = TemplateOwner(tag, n);
    held[owner].push_back(tag);
    char rec[kRecord];
    std::memcpy(rec, &tag, 8);
    rec[8] = static_cast<char>(count);
    out[owner].append(rec, kRecord);
  });

  // Owners: the sums, and which tags each rank sent, in order, for the reply.
  std::unordered_map<uint64_t, uint32_t> sums;
  std::vector<std::vector<uint64_t>> asked(n);
  comm.AllToAll(out, kRecord, chunk_bytes, [&](int source, std::string_view bytes) {
    for (size_t at = 0; at < bytes.size(); at += kRecord) {
      uint64_t tag;
      std::memcpy(&tag, bytes.data() + at, 8);
      const uint32_t c = static_cast<uint8_t>(bytes[at + 8]);
      uint32_t& sum = sums[tag];
      sum = sum + c < 255 ? sum + c : 255;
      asked[source].push_back(tag);
    }
  });
  out.assign(n, std::string());
  for (int s = 0; s < n; ++s) {
    out[s].reserve(asked[s].size());
    for (uint64_t tag : asked[s]) out[s].push_back(static_cast<char>(sums[tag]));
    std::vector<uint64_t>().swap(asked[s]);
  }
  sums = {};

  // Replies: one count byte per tag, in the order this rank sent them.
  std::vector<size_t> next(n, 0);
  comm.AllToAll(out, 1, chunk_bytes, [&](int owner, std::string_view bytes) {
    for (char c : bytes) counts->SetCount(held[owner][next[owner]++], static_cast<uint8_t>(c));
  });
}

}  // namespace winnow
