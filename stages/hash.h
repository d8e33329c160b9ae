// The one place xxHash is included. XXH3 output is frozen since xxHash 0.8.0,
// so hashes computed here may be persisted and compared across builds.
// Inlining measured +20% on ~30-byte keys.
#ifndef WINNOW_STAGES_HASH_H_
#define WINNOW_STAGES_HASH_H_

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <string_view>

namespace winnow {

// Named seeds: changing one changes every persisted hash of that kind.
inline constexpr uint64_t kUnitKeySeed = 0;             // exact key of a unit
inline constexpr uint64_t kShingleSeed = 0x5348494e474c45ULL;  // "SHINGLE" (shingle.h)
inline constexpr uint64_t kSourceSeed = 0x534f55524345ULL;     // "SOURCE"

inline uint64_t Hash64(std::string_view s, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

}  // namespace winnow

#endif  // WINNOW_STAGES_HASH_H_
