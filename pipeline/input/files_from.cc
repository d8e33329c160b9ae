#include "pipeline/input/files_from.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace winnow {

void ParseFileList(std::string_view text, std::vector<std::string>* paths) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t\f\v") == std::string_view::npos) continue;
    paths->emplace_back(line);
  }
}

bool ReadFileList(const std::string& list_path, std::vector<std::string>* paths, std::string* error) {
  const bool from_stdin = list_path == "-";
  std::FILE* f = from_stdin ? stdin : std::fopen(list_path.c_str(), "rb");
  const std::string name = from_stdin ? "<stdin>" : list_path;
  if (!f) {
    *error = name + ": " + std::strerror(errno);
    return false;
  }
  std::string text;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  const int err = errno;
  if (!from_stdin) std::fclose(f);
  if (failed) {
    *error = name + ": " + std::strerror(err);
    return false;
  }
  ParseFileList(text, paths);
  return true;
}

}  // namespace winnow
