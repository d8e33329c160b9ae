// Rank outputs on one rank: parts in a folder with a manifest, or merged
// into one file; dups and explain gathered; nothing under a final name
// before Commit or after Abort.
#include "pipeline/dist/parts.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pipeline/dist/comm.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

using testing::FileExists;
using testing::Gunzip;
using testing::Unzstd;
using testing::ListDir;
using testing::MakeTempDir;
using testing::ReadFile;
using testing::WriteFile;

// Writes `text` as two compressed batches, as the runner writes them.
void WriteBatches(OutputFile& f, const std::string& text) {
  std::string err;
  for (std::string_view piece : {std::string_view(text).substr(0, text.size() / 2),
                                 std::string_view(text).substr(text.size() / 2)}) {
    std::string bytes;
    Compress(f.compression(), piece, &bytes);
    ASSERT_TRUE(f.Write(bytes, &err)) << err;
  }
}

const std::string kDocs = "{\"id\":\"a\",\"text\":\"one\"}\n{\"id\":\"b\",\"text\":\"two\"}\n";

TEST(DistParts, NamesAndCompression) {
  EXPECT_EQ(PartName(3, OutputFormat::kJsonl, Compression::kGzip), "part-00003.jsonl.gz");
  EXPECT_EQ(PartName(12345, OutputFormat::kText, Compression::kNone), "part-12345.txt");
  EXPECT_EQ(PartName(0, OutputFormat::kJsonl, Compression::kZstd), "part-00000.jsonl.zst");
  Compression c;
  ASSERT_TRUE(PartsCompression("", "out.jsonl.zst", &c));
  EXPECT_EQ(c, Compression::kZstd);
  ASSERT_TRUE(PartsCompression("", "out", &c));
  EXPECT_EQ(c, Compression::kNone);
  ASSERT_TRUE(PartsCompression("gz", "out", &c));
  EXPECT_EQ(c, Compression::kGzip);
  ASSERT_TRUE(PartsCompression("none", "out.gz", &c));
  EXPECT_EQ(c, Compression::kNone);
  EXPECT_FALSE(PartsCompression("bz2", "out", &c));
}

TEST(DistParts, FolderOfPartsWithManifest) {
  const std::string dir = MakeTempDir("parts_folder");
  std::unique_ptr<Comm> comm = Comm::Local();
  PartsOptions o;
  o.output = dir + "/out";
  o.compression = Compression::kGzip;
  o.dups_path = dir + "/dups.jsonl";
  o.explain_path = dir + "/explain.jsonl.zst";
  WriteFile(o.output + "/part-00004.jsonl.gz", "stale, from a run with more ranks");
  WriteFile(o.output + "/notes.txt", "not ours");
  RankOutputs outs(*comm, o);
  std::string err;
  ASSERT_TRUE(outs.Open(&err)) << err;
  WriteBatches(outs.part(), kDocs);
  ASSERT_NE(outs.dups(), nullptr);
  ASSERT_NE(outs.explain(), nullptr);
  EXPECT_EQ(outs.explain()->compression(), Compression::kZstd);
  WriteBatches(*outs.dups(), "{\"dup\":1}\n");
  WriteBatches(*outs.explain(), "{\"unit\":1}\n");
  // Nothing under a final name before Commit.
  EXPECT_FALSE(FileExists(o.output + "/part-00000.jsonl.gz"));
  EXPECT_FALSE(FileExists(o.dups_path));
  outs.set_counts(2, kDocs.size());
  ASSERT_TRUE(outs.Commit(&err)) << err;

  EXPECT_EQ(ListDir(o.output), (std::vector<std::string>{"manifest.json", "notes.txt", "part-00000.jsonl.gz"}));
  EXPECT_EQ(Gunzip(ReadFile(o.output + "/part-00000.jsonl.gz")), kDocs);
  const std::string part_size = std::to_string(ReadFile(o.output + "/part-00000.jsonl.gz").size());
  EXPECT_EQ(ReadFile(o.output + "/manifest.json"),
            "{\"ranks\":1,\"format\":\"jsonl\",\"compression\":\"gzip\",\"documents\":2,\"bytes\":" +
                std::to_string(kDocs.size()) + ",\"parts\":[{\"path\":\"part-00000.jsonl.gz\",\"rank\":0,"
                "\"documents\":2,\"bytes\":" + std::to_string(kDocs.size()) + ",\"file_bytes\":" + part_size + "}]}\n");
  EXPECT_EQ(ReadFile(o.dups_path), "{\"dup\":1}\n");
  EXPECT_EQ(Unzstd(ReadFile(o.explain_path)), "{\"unit\":1}\n");
  // No pieces or temporaries left beside the gathered files.
  EXPECT_EQ(ListDir(dir), (std::vector<std::string>{"dups.jsonl", "explain.jsonl.zst", "out"}));
}

TEST(DistParts, MergeWritesOneFileAndNoFolder) {
  const std::string dir = MakeTempDir("parts_merge");
  std::unique_ptr<Comm> comm = Comm::Local();
  PartsOptions o;
  o.output = dir + "/all.jsonl.zst";
  o.merge = true;
  RankOutputs outs(*comm, o);
  std::string err;
  ASSERT_TRUE(outs.Open(&err)) << err;
  EXPECT_EQ(outs.part().compression(), Compression::kZstd);
  EXPECT_EQ(outs.dups(), nullptr);
  WriteBatches(outs.part(), kDocs);
  ASSERT_TRUE(outs.Commit(&err)) << err;
  EXPECT_EQ(Unzstd(ReadFile(o.output)), kDocs);
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"all.jsonl.zst"});
}

TEST(DistParts, AbortLeavesNothing) {
  const std::string dir = MakeTempDir("parts_abort");
  std::unique_ptr<Comm> comm = Comm::Local();
  for (bool merge : {false, true}) {
    PartsOptions o;
    o.output = dir + (merge ? "/merged.jsonl" : "/out");
    o.merge = merge;
    o.dups_path = dir + "/dups.jsonl";
    {
      RankOutputs outs(*comm, o);
      std::string err;
      ASSERT_TRUE(outs.Open(&err)) << err;
      WriteBatches(outs.part(), kDocs);
      if (merge) outs.Abort();  // else the destructor aborts
    }
    EXPECT_FALSE(FileExists(o.dups_path));
    EXPECT_FALSE(FileExists(dir + "/merged.jsonl"));
    if (!merge) EXPECT_TRUE(ListDir(o.output).empty());
  }
  EXPECT_EQ(ListDir(dir), std::vector<std::string>{"out"});
}

TEST(DistParts, OpenFailureNamesTheRank) {
  const std::string dir = MakeTempDir("parts_fail");
  WriteFile(dir + "/file", "x");
  std::unique_ptr<Comm> comm = Comm::Local();
  PartsOptions o;
  o.output = dir + "/file";
  RankOutputs outs(*comm, o);
  std::string err;
  EXPECT_FALSE(outs.Open(&err));
  EXPECT_EQ(err.rfind("rank 0: " + dir + "/file: cannot make the parts folder", 0), 0u) << err;
  EXPECT_FALSE(outs.Commit(&err));
  EXPECT_FALSE(FileExists(dir + "/file/manifest.json"));
  o.output = "-";
  RankOutputs to_stdout(*comm, o);
  EXPECT_FALSE(to_stdout.Open(&err));
  EXPECT_NE(err.find("need a folder"), std::string::npos) << err;
}

}  // namespace
}  // namespace winnow
