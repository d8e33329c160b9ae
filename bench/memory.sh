#!/usr/bin/env bash
# Peak memory on a large input: generates a JSONL file of SIZE_MB (default
# 2048) of news-like documents, runs winnow over it and prints the peak RSS
# next to the dedup index size from --stats. The claim it checks: peak RSS
# stays under 1 GiB plus the index (batches in flight are bounded; the index
# is the only thing that grows with the input).
#
#   bench/memory.sh                     # 2 GB, build/release/winnow
#   SIZE_MB=512 WINNOW=build/robust/winnow bench/memory.sh
#
# Documents: a pool of generated paragraphs (Zipf-like word choice over a
# made-up vocabulary plus function words) reused across documents with
# per-document numbers, so some paragraphs repeat exactly, some nearly
# (changed numbers), and every document has a paragraph of its own; ids are
# unique. The dedup index therefore grows with the input as on real dumps.
set -euo pipefail
cd "$(dirname "$0")/.."
WINNOW=${WINNOW:-build/release/winnow}
SIZE_MB=${SIZE_MB:-2048}
WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/winnow-memory.XXXXXX")}
KEEP=${KEEP:-0}
[ -x "$WINNOW" ] || { echo "memory.sh: $WINNOW not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
trap '[ "$KEEP" = 1 ] || rm -rf "$WORK"' EXIT

IN="$WORK/big.jsonl"
echo "generating ${SIZE_MB} MB in $IN" >&2
python3 - "$IN" "$SIZE_MB" <<'PY'
import random, sys
path, size_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(20240601)
syll = "ba ker lo min sta ru vel do pen ta gri mo san tor li ne ca pho dre su win ar ol zen".split()
vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(30000)]
func = "the of and to in for with on that from by at as is was said has".split()
def zipf_word():
    # Skewed choice: low indices are common, as in real text.
    return vocab[int(len(vocab) ** rng.random()) - 1]
def paragraph(words):
    out = []
    for k in range(words):
        out.append(rng.choice(func) if k % 2 else zipf_word())
        if k % 11 == 10:
            out.append("{n}")
    s = " ".join(out)
    return s[0].upper() + s[1:] + "."
pool = [paragraph(rng.randint(25, 70)) for _ in range(20000)]
target = size_mb << 20
written = 0
doc = 0
with open(path, "w", buffering=1 << 22) as f:
    while written < target:
        paras = []
        for _ in range(rng.randint(3, 8)):
            p = pool[min(int(len(pool) ** rng.random()), len(pool)) - 1]
            # Numbers vary per document half of the time: near duplicates.
            p = p.replace("{n}", str(doc % 997) if rng.random() < 0.5 else "7")
            paras.append(p)
        paras.insert(rng.randint(0, len(paras)), paragraph(40).replace("{n}", str(doc)))
        line = '{"id":"doc-%d","url":"https://outlet%d.example/news/%d","text":"%s"}\n' % (
            doc, doc % 50, doc, "\\n\\n".join(paras))
        f.write(line)
        written += len(line)
        doc += 1
print(f"{doc} documents, {written / 1e6:.0f} MB", file=sys.stderr)
PY

STATS="$WORK/stats.json"
echo "running $WINNOW" >&2
/usr/bin/time -f "%M %e" -o "$WORK/time" "$WINNOW" "$IN" -o /dev/null --stats "$STATS" -q "$@"
read -r PEAK_KB SECONDS_RUN < "$WORK/time"
python3 - "$STATS" "$PEAK_KB" "$SECONDS_RUN" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
peak = int(sys.argv[2]) * 1024
idx = s["index"]["bytes"]
docs = s["documents"]
print(f"input:       {s['bytes']['in'] / 1e6:.0f} MB, {docs['in']} documents "
      f"({docs['emitted']} emitted, {docs['dropped']} dropped, {docs['rejected']} rejected)")
print(f"time:        {float(sys.argv[3]):.1f} s ({s['mb_per_s']:.1f} MB/s)")
print(f"peak RSS:    {peak / 2**20:.0f} MiB")
print(f"index:       {idx / 2**20:.0f} MiB, {s['index']['entries']} entries, "
      f"{s['index']['bytes_per_entry']:.1f} bytes/entry; template counts {s['template_counts']['bytes'] / 2**20:.0f} MiB")
print(f"peak - index: {(peak - idx) / 2**20:.0f} MiB (bound: 1024 MiB)")
sys.exit(0 if peak - idx < 2**30 else 1)
PY
