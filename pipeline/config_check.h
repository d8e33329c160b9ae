// The one place that decides whether a configuration can run: every range,
// size and combination of flags, and every output path, checked before any
// input is read. main() calls it after parsing and exits 2 on an error.
#ifndef WINNOW_PIPELINE_CONFIG_CHECK_H_
#define WINNOW_PIPELINE_CONFIG_CHECK_H_

#include <cstddef>
#include <set>
#include <string>

#include "pipeline/config.h"

namespace winnow {

// Parses a size as people write it: "512M", "2G", "64KiB", "100000" (bytes;
// K/M/G are powers of 1024). False for anything else, including negative,
// non-finite or absurd (over 2^50) values.
bool ParseSize(const std::string& text, size_t* bytes);

// Returns "" when `config` can run, else the first problem as
// "--flag: what is wrong; allowed: what is allowed". `given` holds the long
// names ("--exact-only") of the flags set on the command line, so that
// flags that cannot act together are named.
std::string CheckConfig(const Config& config, const std::set<std::string>& given);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_CONFIG_CHECK_H_
