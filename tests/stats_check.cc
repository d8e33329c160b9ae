#include "tests/stats_check.h"

#include <cstdlib>

#include <gtest/gtest.h>

#include "stages/unit.h"
#include "tests/test_util.h"

namespace winnow::testing {
namespace {

size_t CountOf(std::string_view hay, std::string_view needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string_view::npos; p = hay.find(needle, p + needle.size())) ++n;
  return n;
}

long long Sum(const std::map<std::string, long long>& m) {
  long long s = 0;
  for (const auto& [name, n] : m) s += n;
  return s;
}

long long Get(const std::map<std::string, long long>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? 0 : it->second;
}

// Every name is a reason of one of `kinds`.
void ExpectKinds(const std::map<std::string, long long>& m, std::vector<ReasonKind> kinds,
                 std::string_view where, std::string_view stats) {
  for (const auto& [name, n] : m) {
    const ReasonKind k = KindOf(ReasonFromName(name));
    bool ok = false;
    for (ReasonKind want : kinds) ok = ok || k == want;
    EXPECT_TRUE(ok) << where << " counts '" << name << "', which is not one of its reasons\n" << stats;
    EXPECT_GT(n, 0) << where << "." << name << "\n" << stats;
  }
}

}  // namespace

std::map<std::string, long long> JsonCounts(std::string_view json, const std::vector<std::string>& path) {
  std::map<std::string, long long> out;
  size_t pos = 0;
  for (const std::string& key : path) {
    pos = json.find("\"" + key + "\":", pos);
    if (pos == std::string_view::npos) return out;
    pos += key.size() + 3;
  }
  if (pos >= json.size() || json[pos] != '{') return out;
  ++pos;
  while (pos < json.size() && json[pos] == '"') {
    const size_t end = json.find('"', pos + 1);
    const std::string name(json.substr(pos + 1, end - pos - 1));
    const std::string num(json.substr(end + 2, 24));
    char* stop = nullptr;
    const long long v = std::strtoll(num.c_str(), &stop, 10);
    if (stop == num.c_str()) break;  // not a number: a nested object
    out[name] = v;
    pos = end + 2 + static_cast<size_t>(stop - num.c_str());
    if (pos < json.size() && json[pos] == ',') ++pos;
  }
  return out;
}

void ExpectStatsAddUp(std::string_view stats) {
  ASSERT_FALSE(stats.empty()) << "no --stats written";
  const long long in = JsonNumber(stats, {"documents", "in"});
  const long long emitted = JsonNumber(stats, {"documents", "emitted"});
  const long long dropped = JsonNumber(stats, {"documents", "dropped"});
  const long long rejected = JsonNumber(stats, {"documents", "rejected"});
  EXPECT_EQ(in, emitted + dropped + rejected) << stats;
  const auto dropped_by = JsonCounts(stats, {"documents", "reasons", "dropped"});
  const auto rejected_by = JsonCounts(stats, {"documents", "reasons", "rejected"});
  EXPECT_EQ(Sum(dropped_by), dropped) << stats;
  EXPECT_EQ(Sum(rejected_by), rejected) << stats;
  ExpectKinds(dropped_by, {ReasonKind::kDropped}, "documents.reasons.dropped", stats);
  ExpectKinds(rejected_by, {ReasonKind::kRejected}, "documents.reasons.rejected", stats);
  EXPECT_EQ(JsonNumber(stats, {"rejected_records", "count"}), rejected) << stats;
  EXPECT_EQ(static_cast<long long>(CountOf(stats, "{\"file\":")), std::min<long long>(rejected, 100)) << stats;

  const long long units_in = JsonNumber(stats, {"units", "in"});
  const long long kept = JsonNumber(stats, {"units", "kept"});
  const long long removed = JsonNumber(stats, {"units", "removed"});
  EXPECT_EQ(units_in, kept + removed) << stats;
  const auto units_by = JsonCounts(stats, {"units", "reasons"});
  EXPECT_EQ(Sum(units_by), removed) << stats;
  ExpectKinds(units_by, {ReasonKind::kUnit, ReasonKind::kDropped}, "units.reasons", stats);
}

void ExpectDupsMatchStats(std::string_view stats, std::string_view dups) {
  const auto units_by = JsonCounts(stats, {"units", "reasons"});
  const auto dropped_by = JsonCounts(stats, {"documents", "reasons", "dropped"});
  EXPECT_EQ(static_cast<long long>(CountOf(dups, "\"kind\":\"exact\"")), Get(units_by, "duplicate")) << stats;
  EXPECT_EQ(static_cast<long long>(CountOf(dups, "\"kind\":\"near\"")), Get(units_by, "near-duplicate")) << stats;
  EXPECT_EQ(static_cast<long long>(CountOf(dups, "\"kind\":\"document\"")), Get(dropped_by, "duplicate-document"))
      << stats;
  EXPECT_EQ(static_cast<long long>(Lines(dups).size()),
            Get(units_by, "duplicate") + Get(units_by, "near-duplicate") + Get(dropped_by, "duplicate-document"))
      << stats;
}

void ExpectExplainMatchesStats(std::string_view stats, std::string_view explain) {
  EXPECT_EQ(static_cast<long long>(Lines(explain).size()), JsonNumber(stats, {"documents", "in"})) << stats;
  for (const char* fate : {"emitted", "dropped", "rejected"}) {
    EXPECT_EQ(static_cast<long long>(CountOf(explain, std::string("\"fate\":\"") + fate + "\"")),
              JsonNumber(stats, {"documents", fate}))
        << fate << "\n" << stats;
  }
  EXPECT_EQ(static_cast<long long>(CountOf(explain, "{\"unit\":")), JsonNumber(stats, {"units", "in"})) << stats;
  const auto units_by = JsonCounts(stats, {"units", "reasons"});
  EXPECT_EQ(static_cast<long long>(CountOf(explain, "\"verdict\":\"duplicate\"")),
            Get(units_by, "duplicate") + Get(units_by, "near-duplicate"))
      << stats;
}

}  // namespace winnow::testing
