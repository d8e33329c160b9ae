// Reader throughput: JSONL (with escapes and pass-through fields) and WET,
// plain and gzip, from generated files in /tmp. Reports decompressed MB/s.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <zlib.h>

#include <fstream>
#include <string>

#include "pipeline/input/reader.h"

namespace winnow {
namespace {

constexpr size_t kFileBytes = 32 << 20;

std::string Paragraph(int i) {
  return "Officials said on Tuesday that the council would meet again next week to discuss "
         "the budget, item " +
         std::to_string(i) + ", after residents raised concerns about road repairs.";
}

std::string MakeJsonl() {
  std::string s;
  for (int i = 0; s.size() < kFileBytes; ++i) {
    s += "{\"id\":\"doc-" + std::to_string(i) + "\",\"url\":\"https://news.example/" +
         std::to_string(i) + "\",\"date\":\"2024-05-01\",\"meta\":{\"lang\":\"en\",\"n\":" +
         std::to_string(i) + "},\"text\":\"";
    for (int p = 0; p < 12; ++p) s += Paragraph(p) + " \\\"quoted\\\" caf\\u00e9\\n";
    s += "\"}\n";
  }
  return s;
}

std::string MakeWet() {
  std::string s;
  for (int i = 0; s.size() < kFileBytes; ++i) {
    std::string body;
    for (int p = 0; p < 12; ++p) body += Paragraph(p) + "\nMenu\nShare this\n";
    s += "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://news.example/" +
         std::to_string(i) + "\r\nWARC-Date: 2024-05-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:" +
         std::to_string(i) + ">\r\nContent-Type: text/plain\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
  }
  return s;
}

// One gzip member per 64 KiB, like a multi-member .warc.wet.gz.
std::string GzipMembers(const std::string& s) {
  std::string out;
  for (size_t off = 0; off < s.size(); off += 64 << 10) {
    std::string part = s.substr(off, 64 << 10);
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string buf(deflateBound(&zs, part.size()) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(part.data());
    zs.avail_in = static_cast<uInt>(part.size());
    zs.next_out = reinterpret_cast<Bytef*>(buf.data());
    zs.avail_out = static_cast<uInt>(buf.size());
    deflate(&zs, Z_FINISH);
    out.append(buf.data(), zs.total_out);
    deflateEnd(&zs);
  }
  return out;
}

struct BenchFile {
  std::string path;
  size_t bytes;  // decompressed
  ~BenchFile() { unlink(path.c_str()); }
};

BenchFile Prepare(const std::string& name, const std::string& data, bool gzip) {
  std::string path = "/tmp/winnow_reader_bench_" + std::to_string(getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << (gzip ? GzipMembers(data) : data);
  return BenchFile{path, data.size()};
}

const BenchFile& File(int which) {
  static const BenchFile files[] = {
      Prepare("a.jsonl", MakeJsonl(), false),
      Prepare("a.warc.wet", MakeWet(), false),
      Prepare("a.warc.wet.gz", MakeWet(), true),
  };
  return files[which];
}

void BM_Read(benchmark::State& state, int which) {
  const BenchFile& f = File(which);
  Batch batch;
  size_t docs = 0;
  for (auto _ : state) {
    std::string error;
    auto reader = OpenReader(InputFile{f.path, f.path}, 0, ReaderOptions{}, &error);
    if (!reader) {
      state.SkipWithError(error.c_str());
      return;
    }
    for (;;) {
      batch.Clear();
      if (!reader->Next(&batch, 4 << 20)) break;
      docs += batch.docs.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * f.bytes);
  state.counters["docs"] = benchmark::Counter(static_cast<double>(docs) / state.iterations());
}

BENCHMARK_CAPTURE(BM_Read, jsonl, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Read, wet, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Read, wet_gz, 2)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace winnow
