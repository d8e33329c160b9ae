// Helpers for end-to-end tests that run the built winnow binary.
#ifndef WINNOW_TESTS_TEST_UTIL_H_
#define WINNOW_TESTS_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

namespace winnow::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `args` (shell-quoted here) with the winnow binary as argv[0]; feeds
// `stdin_data` when given (else /dev/null).
CommandResult RunWinnow(const std::vector<std::string>& args, const std::string* stdin_data = nullptr);

// Runs winnow with a pseudo-terminal as its stdin (`which` = kStdin; stderr
// to a file, stdout to /dev/null) or as its stderr (kStderr; stdin
// /dev/null, stdout to a file): what a person at a terminal sees. `err` holds
// what reached stderr either way. A winnow still running after 20 s is killed
// (exit_code -1): a guard against a hang, not a timing check.
enum class Terminal { kStdin, kStderr };
CommandResult RunWinnowOnTerminal(const std::vector<std::string>& args, Terminal which);

// Runs winnow with `args` (stdin and stdout /dev/null) and returns its peak
// resident set size in KiB (from wait4), or -1 when it did not exit 0.
long PeakRssKib(const std::vector<std::string>& args);

// True in AddressSanitizer builds, whose shadow memory and quarantine
// inflate every allocation (memory bounds in tests allow for it).
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

// A fresh, empty directory under the test temp dir.
std::string MakeTempDir(std::string_view name);
void WriteFile(const std::string& path, std::string_view data);
std::string ReadFile(const std::string& path);
bool FileExists(const std::string& path);
// Names in a directory, sorted.
std::vector<std::string> ListDir(const std::string& dir);
// Splits on '\n', dropping a final empty piece.
std::vector<std::string> Lines(std::string_view s);
// The value of a numeric JSON field found by a path of keys, e.g.
// JsonNumber(stats, {"documents", "in"}); -1 when absent. Only for the flat,
// trusted JSON winnow writes.
long long JsonNumber(std::string_view json, const std::vector<std::string>& path);
// `words` words alternating a function word and a made-up three-syllable
// content word (so shingles rarely repeat), from a generator seeded with
// `seed`, joined by spaces: paragraphs that are distinct but prose-like.
std::string MadeUpWords(int seed, int words);

// `data` compressed as one gzip member / one zstd frame (concatenate calls
// for multi-member files).
std::string Gzip(std::string_view data);
std::string Zstd(std::string_view data);
// Gunzips / un-zstds a whole buffer (all members/frames).
std::string Gunzip(std::string_view data);
std::string Unzstd(std::string_view data);

}  // namespace winnow::testing

#endif  // WINNOW_TESTS_TEST_UTIL_H_
