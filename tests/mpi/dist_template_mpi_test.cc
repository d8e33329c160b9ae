// Template counts made global under mpirun: documents of one site spread
// over the ranks, each rank counting its own share as the pre-pass does
// (ForShortLineKeys, one count per distinct key per document); after the
// exchange every rank sees, for the keys it holds, the count one process
// would have over all documents.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "pipeline/dist/comm.h"
#include "pipeline/dist/template_exchange.h"
#include "stages/hash.h"
#include "stages/normalize.h"
#include "stages/template_counts.h"
#include "tests/mpi/mpi_check.h"

namespace {

using winnow::Comm;
using winnow::TemplateCounts;

struct Doc {
  uint64_t source;
  std::string text;
};

// 40 documents in global order: two sites share a footer line; one line is
// on every page of site A (more than 255 times with the repeats below);
// one line is on a single page.
std::vector<Doc> AllDocs() {
  const uint64_t a = winnow::Hash64("news.example.com", winnow::kSourceSeed);
  const uint64_t b = winnow::Hash64("blog.example.org", winnow::kSourceSeed);
  std::vector<Doc> docs;
  for (int i = 0; i < 40; ++i) {
    Doc d;
    d.source = i % 3 == 2 ? b : a;
    d.text = "Story number " + std::to_string(i) + " begins here with its own words.\n";
    d.text += "Subscribe to our newsletter\n";
    if (i % 4 == 0) d.text += "Share this article\r\n";
    if (i == 17) d.text += "A line only document seventeen has\n";
    d.text += "Subscribe to our newsletter\n";  // twice in a document counts once
    docs.push_back(std::move(d));
  }
  return docs;
}

// Counts documents as the pre-pass does: each distinct short key once.
void CountDocs(const winnow::Normalizer& norm, const std::vector<Doc>& docs, size_t begin, size_t end,
               int repeat, TemplateCounts* counts) {
  std::string line, key;
  for (int k = 0; k < repeat; ++k) {
    for (size_t i = begin; i < end; ++i) {
      std::vector<uint64_t> keys;
      winnow::ForShortLineKeys(norm, docs[i].text, 8, &line, &key, [&](std::string_view k, size_t) {
        keys.push_back(winnow::Hash64(k, winnow::kUnitKeySeed));
      });
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (uint64_t h : keys) counts->Add(docs[i].source, h);
    }
  }
}

void Check(Comm& comm, int repeat, size_t chunk_bytes) {
  const winnow::Normalizer norm;
  const std::vector<Doc> docs = AllDocs();
  // Rank r's share: a contiguous range, uneven, the last rank's larger.
  const size_t n = docs.size(), ranks = comm.size(), r = comm.rank();
  const size_t begin = n * r / ranks, end = r + 1 == ranks ? n : n * (r + 1) / ranks;
  TemplateCounts mine, global;
  CountDocs(norm, docs, begin, end, repeat, &mine);
  CountDocs(norm, docs, 0, n, repeat, &global);  // what one process counts

  std::map<uint64_t, uint32_t> before;
  mine.ForEach([&](uint64_t tag, uint32_t count) { before[tag] = count; });
  winnow::ExchangeTemplateCounts(comm, &mine, chunk_bytes);

  std::map<uint64_t, uint32_t> want;
  global.ForEach([&](uint64_t tag, uint32_t count) { want[tag] = count; });
  size_t held = 0, raised = 0;
  mine.ForEach([&](uint64_t tag, uint32_t count) {
    ++held;
    MPI_CHECK(comm, before.count(tag) == 1);  // no entry appears or vanishes
    MPI_CHECK(comm, want.count(tag) == 1);
    MPI_CHECK(comm, count == want[tag]);
    if (count > before[tag]) ++raised;
  });
  MPI_CHECK(comm, held == before.size());
  // The shared lines are on every rank's share: with several ranks their
  // counts must have grown.
  if (ranks > 1) MPI_CHECK(comm, raised > 0);

  // Through the public lookup, as the classifier reads it.
  const uint64_t a = winnow::Hash64("news.example.com", winnow::kSourceSeed);
  std::string line, key;
  uint64_t subscribe = 0;
  winnow::ForShortLineKeys(norm, "Subscribe to our newsletter", 8, &line, &key,
                           [&](std::string_view k, size_t) { subscribe = winnow::Hash64(k, winnow::kUnitKeySeed); });
  const uint32_t site_a_docs = 27;  // i % 3 != 2 for i < 40
  MPI_CHECK(comm, mine.Count(a, subscribe) == std::min<uint32_t>(255, site_a_docs * repeat));
  MPI_CHECK(comm, mine.Count(a, subscribe) == global.Count(a, subscribe));
}

}  // namespace

int main(int argc, char** argv) {
  std::unique_ptr<Comm> comm = Comm::Init(&argc, &argv);
  MPI_CHECK(*comm, comm->is_mpi());
  Check(*comm, 1, size_t{8} << 20);  // one round
  Check(*comm, 1, 9);                // one record a round
  Check(*comm, 12, 100);             // counts saturate at 255 (27 x 12 documents)
  comm->Barrier();
  if (comm->rank() == 0) std::printf("dist_template_mpi_test: %d ranks ok\n", comm->size());
  return 0;
}
