// --files-from LIST: input paths read from a file, one per line, for runs
// over more paths than a command line holds (a crawl's tens of thousands of
// WET files). "-" reads the list from stdin.
#ifndef WINNOW_PIPELINE_INPUT_FILES_FROM_H_
#define WINNOW_PIPELINE_INPUT_FILES_FROM_H_

#include <string>
#include <string_view>
#include <vector>

namespace winnow {

// Appends the paths listed in `text` to *paths, in order: one per line
// (LF or CRLF), taken as written (spaces inside and around are part of the
// name); lines that are empty or only whitespace are skipped. Relative
// paths are relative to the working directory, as on the command line.
void ParseFileList(std::string_view text, std::vector<std::string>* paths);

// Reads the list at `list_path` ("-" = stdin) and appends its paths. False
// with *error = "LIST: reason" when it cannot be read.
bool ReadFileList(const std::string& list_path, std::vector<std::string>* paths, std::string* error);

}  // namespace winnow

#endif  // WINNOW_PIPELINE_INPUT_FILES_FROM_H_
