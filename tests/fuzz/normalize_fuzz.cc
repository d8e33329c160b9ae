// libFuzzer target: Normalizer::CleanText and MatchKey over arbitrary bytes
// (NFC and NFKC). Checks: both outputs are valid UTF-8; CleanText is
// idempotent on its own output with nothing left to replace; the match key
// has no leading, trailing or doubled space. UnwrapCjkLines (stages/unwrap.h)
// only removes bytes: its output is the input less some line breaks and the
// blanks around them, never longer, with a line fewer per break removed.
// SplitColumns (stages/columns.h) only moves text: every byte that is not a
// blank (space, CR, box drawing) or a line break is in its output as often
// as in its input; it splits nothing where MayHaveColumns says no, nor where
// CleanText tallied no blanks.
#include "tests/fuzz/fuzz_util.h"

#include <algorithm>
#include <string>

#include "stages/normalize.h"
#include "stages/columns.h"
#include "stages/unwrap.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace winnow;
  static const Normalizer nfc(NormalizeOptions{false});
  static const Normalizer nfkc(NormalizeOptions{true});
  std::string_view in(reinterpret_cast<const char*>(data), size);
  for (const Normalizer* n : {&nfc, &nfkc}) {
    std::string clean = "prefix";  // both calls append
    n->CleanText(in, &clean);
    FUZZ_CHECK(clean.compare(0, 6, "prefix") == 0);
    std::string_view c = std::string_view(clean).substr(6);
    FUZZ_CHECK(fuzz::ValidUtf8(c));
    std::string again;
    FUZZ_CHECK(n->CleanText(c, &again) == 0);
    FUZZ_CHECK(fuzz::ValidUtf8(again));
    std::string key;
    n->MatchKey(c, &key);
    FUZZ_CHECK(fuzz::ValidUtf8(key));
    FUZZ_CHECK(key.empty() || (key.front() != ' ' && key.back() != ' '));
    FUZZ_CHECK(key.find("  ") == std::string::npos);
    std::string raw_key;
    n->MatchKey(in, &raw_key);  // ill-formed input is allowed, only separates tokens
  }
  {
    ColumnScratch columns;
    const size_t regions = SplitColumns(in, &columns);
    std::string cleaned;
    CleanTally tally;
    Normalizer().CleanText(in, &cleaned, &tally);
    if (!MayHaveColumns(in) || tally.blanks == 0) FUZZ_CHECK(regions == 0);
    if (regions != 0) {
      // Text bytes: not a space, CR or LF (box drawing is compared by its
      // lead byte E2 followed by 94 or 95, which the count skips).
      auto count = [](std::string_view s, size_t* c) {
        for (size_t i = 0; i < s.size(); ++i) {
          const uint8_t b = static_cast<uint8_t>(s[i]);
          if (b == ' ' || b == '\r' || b == '\n') continue;
          if (b == 0xE2 && i + 2 < s.size() && (static_cast<uint8_t>(s[i + 1]) == 0x94 ||
                                                static_cast<uint8_t>(s[i + 1]) == 0x95) &&
              (static_cast<uint8_t>(s[i + 2]) & 0xC0) == 0x80) {
            i += 2;
            continue;
          }
          ++c[b];
        }
      };
      size_t a[256] = {}, b[256] = {};
      count(in, a);
      count(columns.text, b);
      FUZZ_CHECK(std::equal(a, a + 256, b));
    }
  }
  UnwrapScratch scratch;
  const size_t joined = UnwrapCjkLines(in, &scratch);
  if (joined != 0) {
    const std::string_view out = scratch.text;
    FUZZ_CHECK(out.size() + joined <= in.size());
    FUZZ_CHECK(std::count(out.begin(), out.end(), '\n') + joined == std::count(in.begin(), in.end(), '\n'));
    // What is left is a subsequence of the input.
    size_t i = 0;
    for (char c : out) {
      while (i < in.size() && in[i] != c) ++i;
      FUZZ_CHECK(i < in.size());
      ++i;
    }
  }
  return 0;
}
