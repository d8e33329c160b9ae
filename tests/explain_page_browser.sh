#!/usr/bin/env bash
# The --explain-html page in a real browser: headless Chromium loads a page
# made from samples/ with a filter in the URL, and the DOM it dumps after
# the page's script ran must hide exactly the documents the filter excludes
# (and their table-of-contents entries).
# Usage: explain_page_browser.sh WINNOW SAMPLES_DIR CHROMIUM
set -eu
winnow=$1 samples=$2 chromium=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$winnow" "$samples" -o "$work/out.jsonl" --explain-html "$work/r.html" -q
page="$work/r.html"
fail=0

# The DOM of the page at file://PAGE + $1 (a query string or a fragment).
dump() {
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --virtual-time-budget=2000 --dump-dom "file://$page$1" 2>/dev/null
}

# Section ids (d-N) of the raw page whose line matches the grep -E pattern $1
# (-i: case-insensitive); each section is one line of the page.
expect_ids() {
  grep -E $2 "$1" "$page" | grep -o '^<section class="doc[^>]*' | sed -E 's/.* id="(d-[0-9]+)".*/\1/' | sort
}

# Checks the dumped DOM for URL suffix $1: visible sections must be exactly
# the ids in $2; a TOC entry is hidden exactly when its section is.
check() {
  local suffix=$1 want=$2 got dom
  dom=$(dump "$suffix")
  got=$(grep -o '<section class="doc[^>]*>' <<<"$dom" | grep -v 'hidden=' |
        sed -E 's/.* id="(d-[0-9]+)".*/\1/' | sort || true)
  local total hidden toc_hidden
  total=$(grep -c '<section class="doc' <<<"$dom" || true)
  hidden=$(grep -o '<section class="doc[^>]*hidden=""' <<<"$dom" | wc -l)
  toc_hidden=$(grep -o '<li id="t-d-[0-9]*" hidden=""' <<<"$dom" | wc -l)
  if [ "$total" -eq 0 ]; then
    echo "FAIL $suffix: no document sections in the dumped DOM"; fail=1; return
  fi
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "FAIL $suffix: visible [$(echo $got)], expected [$(echo $want)]"; fail=1; return
  fi
  if [ "$hidden" -ne "$toc_hidden" ]; then
    echo "FAIL $suffix: $hidden sections hidden but $toc_hidden TOC entries"; fail=1; return
  fi
  echo "ok   $suffix: $(wc -w <<<"$got") of $total documents visible"
}

# No filter: nothing hidden.
check "" "$(expect_ids '^<section class="doc' "")"
# Filter by reason from the query string, and from the fragment.
check "?reason=duplicate" "$(expect_ids '^<section class="doc[^>]* data-reasons="([^"]* )?duplicate( [^"]*)?"' "")"
check "#reason=rejected" "$(expect_ids '^<section class="doc[^>]* data-reasons="([^"]* )?rejected( [^"]*)?"' "")"
# Search by text (case-insensitive) and by id, alone and with a reason.
check "?q=Ferry%20Fleet" "$(expect_ids '^<section class="doc.*ferry fleet' -i)"
check "#q=harbor-gazette" "$(expect_ids '^<section class="doc[^>]* data-id="[^"]*harbor-gazette' "")"
check "?reason=near-duplicate&q=bay-" \
  "$(expect_ids '^<section class="doc[^>]* data-reasons="([^"]* )?near-duplicate( [^"]*)?".*bay-' "")"

# A filter that must hide something, or the checks above prove nothing.
if [ "$(expect_ids '^<section class="doc[^>]* data-reasons="([^"]* )?duplicate( [^"]*)?"' "" | wc -l)" -ge \
     "$(grep -c '^<section class="doc' "$page")" ]; then
  echo "FAIL: the duplicate filter hides nothing on this input"; fail=1
fi
exit $fail
