#include "pipeline/input/stream_buffer.h"

#include <algorithm>
#include <cstring>

namespace winnow {

StreamBuffer::StreamBuffer(std::unique_ptr<ByteSource> source) : source_(std::move(source)) {}

bool StreamBuffer::Fill(size_t want) {
  while (end_ - pos_ < want && !eof_) {
    size_t have = end_ - pos_;
    size_t room = std::max(want, have + kChunk);
    if (buf_.size() > 4 * kChunk && room <= 2 * kChunk) {
      // A large record has passed: give the memory back.
      std::string small(2 * kChunk, '\0');
      std::memcpy(small.data(), buf_.data() + pos_, have);
      buf_.swap(small);
      pos_ = 0;
      end_ = have;
    } else if (buf_.size() - pos_ < room) {
      if (have > 0 && pos_ > 0) std::memmove(buf_.data(), buf_.data() + pos_, have);
      pos_ = 0;
      end_ = have;
      if (buf_.size() < room) buf_.resize(room);
    }
    size_t n = source_->Read(buf_.data() + end_, buf_.size() - end_);
    if (n == 0) {
      eof_ = true;
    } else {
      end_ += n;
    }
  }
  return end_ - pos_ >= want;
}

bool NextLine(StreamBuffer* in, size_t max, size_t* len, size_t* advance, bool* too_long) {
  *too_long = false;
  size_t scanned = 0;
  for (;;) {
    std::string_view w = in->window();
    const void* nl = std::memchr(w.data() + scanned, '\n', w.size() - scanned);
    if (nl != nullptr) {
      *len = static_cast<size_t>(static_cast<const char*>(nl) - w.data());
      *advance = *len + 1;
      *too_long = *len > max;
      return true;
    }
    scanned = w.size();
    if (w.size() > max) break;
    if (!in->FillMore()) {
      if (w.empty()) return false;
      *len = *advance = w.size();
      return true;
    }
  }
  // Too long: drop what is buffered and discard up to the next '\n'.
  *too_long = true;
  *len = 0;
  for (;;) {
    std::string_view w = in->window();
    const void* nl = std::memchr(w.data(), '\n', w.size());
    if (nl != nullptr) {
      *advance = static_cast<size_t>(static_cast<const char*>(nl) - w.data()) + 1;
      return true;
    }
    in->Consume(w.size());
    if (!in->FillMore()) {
      *advance = 0;
      return true;
    }
  }
}

uint64_t SkipToLineStart(StreamBuffer* in, std::string_view prefix) {
  uint64_t start = in->consumed();
  for (;;) {
    in->Fill(prefix.size());
    std::string_view w = in->window();
    if (w.empty() || w.substr(0, prefix.size()) == prefix) break;
    size_t len, advance;
    bool too_long;
    if (!NextLine(in, StreamBuffer::kChunk, &len, &advance, &too_long)) break;
    in->Consume(advance);
  }
  return in->consumed() - start;
}

}  // namespace winnow
