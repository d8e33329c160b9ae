// Data files from stages/data (stoplists, phrase lists) compiled into the
// library. The views point at static storage and live for the whole program.
#ifndef WINNOW_STAGES_EMBEDDED_H_
#define WINNOW_STAGES_EMBEDDED_H_

#include <string_view>
#include <vector>

namespace winnow {

// Contents of stages/data/<name>, or an empty view when there is no such file.
std::string_view EmbeddedFile(std::string_view name);
// Names of all embedded files, sorted.
std::vector<std::string_view> EmbeddedFileNames();

}  // namespace winnow

#endif  // WINNOW_STAGES_EMBEDDED_H_
