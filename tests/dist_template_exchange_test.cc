// TemplateCounts' entry iteration and count setting, and the exchange on
// one rank (where the local counts are already global).
#include "pipeline/dist/template_exchange.h"

#include <gtest/gtest.h>

#include <map>

#include "pipeline/dist/comm.h"
#include "stages/template_counts.h"

namespace winnow {
namespace {

TEST(DistTemplateExchange, ForEachSeesEveryEntryAndSetCountChangesOne) {
  TemplateCounts c;
  for (uint64_t k = 1; k <= 2000; ++k) {  // past the first growth
    for (uint64_t d = 0; d < k % 5 + 1; ++d) c.Add(7, k);
  }
  std::map<uint64_t, uint32_t> seen;
  c.ForEach([&](uint64_t tag, uint32_t count) { seen[tag] = count; });
  ASSERT_EQ(seen.size(), 2000u);
  for (uint64_t k = 1; k <= 2000; ++k) EXPECT_EQ(seen[TemplateCounts::Tag(7, k)], k % 5 + 1);

  EXPECT_TRUE(c.SetCount(TemplateCounts::Tag(7, 42), 200));
  EXPECT_EQ(c.Count(7, 42), 200u);
  EXPECT_TRUE(c.SetCount(TemplateCounts::Tag(7, 43), 1000));  // saturates as Add does
  EXPECT_EQ(c.Count(7, 43), 255u);
  EXPECT_FALSE(c.SetCount(TemplateCounts::Tag(8, 42), 3));  // no such entry: nothing added
  EXPECT_EQ(c.Count(8, 42), 0u);
  EXPECT_EQ(c.entries(), 2000u);
  EXPECT_FALSE(TemplateCounts().SetCount(TemplateCounts::Tag(7, 42), 1));
}

TEST(DistTemplateExchange, OneRankKeepsItsCounts) {
  std::unique_ptr<Comm> comm = Comm::Local();
  TemplateCounts c;
  for (uint64_t k = 1; k <= 300; ++k) {
    for (uint64_t d = 0; d < k; ++d) c.Add(k % 3, k);
  }
  std::map<uint64_t, uint32_t> before, after;
  c.ForEach([&](uint64_t tag, uint32_t count) { before[tag] = count; });
  ExchangeTemplateCounts(*comm, &c, 9 * 7);  // many small rounds
  c.ForEach([&](uint64_t tag, uint32_t count) { after[tag] = count; });
  EXPECT_EQ(after, before);
  EXPECT_EQ(c.Count(1, 300 - 2), 255u);
  EXPECT_EQ(TemplateOwner(TemplateCounts::Tag(1, 5), 1), 0);
}

}  // namespace
}  // namespace winnow
