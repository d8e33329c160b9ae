#!/usr/bin/env bash
# Token P/R/F1 of winnow on the human-labelled pages of ../shared/realpages,
# per set: the HTML path (each set's pages.warc.gz: WARC response records)
# against the text path (pages.jsonl.gz: the w3m rendering of the same pages).
# Python is used only to map ids and to score (score.py), never to clean.
#
# usage: bench/realpages_eval.sh [WINNOW] [REALPAGES] [extra winnow flags...]
set -euo pipefail
winnow=${1:-build/release/winnow}
root=${2:-../shared/realpages}
shift $(( $# > 2 ? 2 : $# ))
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '| set | pages | HTML P | HTML R | HTML F1 | text P | text R | text F1 |\n|---|---|---|---|---|---|---|---|\n'
for dir in "$root"/*/; do
  set=$(basename "$dir")
  [ -f "$dir/pages.warc.gz" ] || continue
  # Each page alone: one run per set, no cross-document dedup effects across sets.
  "$winnow" -q "$@" -o "$work/$set.html.jsonl" "$dir/pages.warc.gz"
  "$winnow" -q "$@" -o "$work/$set.text.jsonl" "$dir/pages.jsonl.gz"
  # WARC-Record-ID is <urn:realpages:SET:ID> with ID percent-encoded.
  python3 - "$work/$set.html.jsonl" <<'PY'
import json, sys, urllib.parse
p = sys.argv[1]
rows = [json.loads(l) for l in open(p, encoding="utf-8")]
with open(p, "w", encoding="utf-8") as f:
    for r in rows:
        i = r["id"]
        if i.startswith("<urn:realpages:"):
            i = urllib.parse.unquote(i[1:-1].split(":", 3)[3])
        f.write(json.dumps({"id": i, "text": r["text"]}) + "\n")
PY
  h=$(python3 "$root/score.py" "$dir/pages.jsonl.gz" "$work/$set.html.jsonl" 2>/dev/null | tail -1)
  t=$(python3 "$root/score.py" "$dir/pages.jsonl.gz" "$work/$set.text.jsonl" 2>/dev/null | tail -1)
  n=$(zcat "$dir/pages.jsonl.gz" | wc -l)
  num() { echo "$1" | grep -o "$2[^0-9]*[0-9.]*" | grep -o '[0-9.]*$'; }
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$set" "$n" \
    "$(num "$h" P)" "$(num "$h" R)" "$(num "$h" F1)" "$(num "$t" P)" "$(num "$t" R)" "$(num "$t" F1)"
done
