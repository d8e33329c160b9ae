#!/usr/bin/env python3
"""Fits the DOM rule parameters of the HTML path (stages/dom_rules.h) on
human-labelled real pages and scores them with a split by site.

usage: bench/tools/dom_fit.py [--winnow build/release/winnow] [--realpages ../shared/realpages]
           [--fit-sets readability,cwced-zh] [--folds 5] [--seed 1]
           [--out stages/data/dom_rules.txt] [--fit-only]

What is fitted: which DOM rules remove a unit (footer, aside, each class/id
word, link density and its threshold) and when prose the text classifier
removed is kept again (word thresholds, link density of prose). Only pages of
--fit-sets are fitted on: the sets whose licences allow shipping what is
derived from them (readability: Apache-2.0, cwced-zh: MIT; the text model is
fitted on the same two). The other sets are only ever scored.

How: winnow runs once per fit set with --no-dom-rules --no-dedup --explain,
which gives every HTML unit's text, the text classifier's verdict and the DOM
features; the rules of Processor::ClassifyDom are then replayed here for any
parameters, and each page is scored against its gold as score.py scores
(tokens \\w+, per page P and R over token multisets, macro over pages, F1 of
the two means). Parameters are chosen by coordinate ascent (fixed order of
parameters and values, a strict gain needed to move) on the mean over the fit
sets of their F1.

Split by site: url hosts of all eight sets (a page without a url is a group of
its own) are spread over --folds folds by a hash seeded with --seed. For each
fold, the parameters are fitted on the fit-set pages outside the fold, written
to a file, and winnow itself (default flags, --dom-rules FILE) runs on every
set; only the pages of the fold are scored. So no page is scored by parameters
fitted on its host, in the fit sets or in the others (which share hosts such as
bbc.com and nytimes.com with readability). Printed per set: the site-split
HTML P/R/F1, the same pages with the hand rules (stages/data/dom_rules.txt as
it was chosen on all eight sets, in-sample), and the text path (pages.jsonl.gz,
the w3m rendering) on the same pages.

--out gets the parameters fitted on all fit-set pages; --fit-only writes them
and skips the evaluation (the ctest shared_dom_refit checks that this
reproduces the shipped file).
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import urllib.parse
from collections import Counter

SETS = ["big9", "chaos", "cleaneval", "cleanportaleval", "cwced-zh", "dragnet", "l3s-gn1", "readability"]

# Parameters in the order the ascent visits them, with the values it tries.
CLASS_WORDS = ["comment", "cookie", "newsletter", "share", "related", "sidebar", "widget", "ad", "promo",
               "nav", "menu", "footer", "header", "tag"]
GRID = ([("footer", [1, 0]), ("aside", [1, 0])] +
        [("class." + w, [1, 0]) for w in CLASS_WORDS] +
        [("link_density", [0.5, 0.35, 0.65, 0.8, 2.0]),
         ("restore_short_words", [5, 3, 4, 6, 8, 12, 0]),
         ("restore_main_words", [3, 2, 4, 5, 8, 0]),
         ("prose_link_density", [0.3, 0.2, 0.4, 0.5])])
# The start of the ascent: every rule on, middle thresholds.
START = {k: v[0] for k, v in GRID}
START["link_min_chars"] = 8

# Reasons of the text classifier a main-container unit may be kept again for.
MAIN_RESTORABLE = {"short", "tail", "low-text", "date", "caption", "byline"}
# The headline (marked "title" in --explain) is kept when text after it is, as
# Processor::ClassifyDom does, if the text classifier removed it for one of these.
TITLE_RESTORABLE = {"short", "low-text", "other-article", "byline", "date"}


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def host_of(url):
    h = urllib.parse.urlsplit(url).netloc.lower() if url else ""
    return h[4:] if h.startswith("www.") else h


def fold_of(group, seed, folds):
    return int(hashlib.sha1(f"{seed}:{group}".encode()).hexdigest(), 16) % folds


def tokens(text):
    return Counter(re.findall(r"\w+", text or ""))


def rows(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def record_id(i):
    # WARC-Record-ID <urn:realpages:SET:ID>, ID percent-encoded.
    if i.startswith("<urn:realpages:"):
        return urllib.parse.unquote(i[1:-1].split(":", 3)[3])
    return i


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")


class Unit:
    __slots__ = ("toks", "keep", "reason", "words", "chars", "link", "ld", "container", "flags", "title")


def load_units(winnow, path, work):
    """Per page id: the units as the text classifier decided them, with DOM features."""
    explain = os.path.join(work, "explain.jsonl")
    run([winnow, "-q", "--no-dom-rules", "--no-dedup", "--explain", explain, "-o", os.devnull, path])
    pages = {}
    for doc in rows(explain):
        units = []
        for u in doc.get("units", []):
            d = u.get("dom")
            if d is None:
                continue
            x = Unit()
            x.toks = tokens(u["text"])
            x.keep = u["verdict"] == "keep"
            x.reason = u["reason"]
            x.words = d["words"]
            x.chars = d["chars"]
            x.link = d["link_chars"]
            x.ld = f32(f32(x.link) / f32(x.chars)) if x.chars else 0.0
            x.container = d["container"]
            x.flags = set(d["flags"])
            x.title = d.get("title", False)
            units.append(x)
        pages[record_id(doc["doc"])] = units
    return pages


def dom_reason(u, p):
    """As DomReason in stages/dom_rules.cc: True when DOM evidence removes the unit."""
    in_content = "in-article" in u.flags or "in-main" in u.flags
    if p["footer"] and "in-footer" in u.flags and not in_content:
        return True
    if p["aside"] and "in-aside" in u.flags:
        return True
    for w in CLASS_WORDS:
        if p["class." + w] and "cls-" + w in u.flags:
            return True
    return u.chars >= p["link_min_chars"] and u.ld > f32(p["link_density"])


def kept_units(units, p):
    """As Processor::ClassifyDom: the units kept after the DOM rules."""
    prose = f32(p["prose_link_density"])
    words = {}
    for u in units:
        if u.keep and u.ld < prose:
            words[u.container] = words.get(u.container, 0) + u.words
    main, best = 0, 0
    for c in sorted(words):
        if words[c] > best:
            best, main = words[c], c
    kept = []
    title = None  # the headline, when only the text classifier removed it
    for i, u in enumerate(units):
        removed = dom_reason(u, p)
        if u.keep:
            kept.append(not removed)
            continue
        in_main = main != 0 and u.container == main
        kept.append(not removed and u.ld < prose and (
            (in_main and p["restore_main_words"] and u.words >= p["restore_main_words"]
             and u.reason in MAIN_RESTORABLE) or
            (u.reason == "short" and p["restore_short_words"] and u.words >= p["restore_short_words"])))
        if u.title and not removed and not kept[-1] and u.reason in TITLE_RESTORABLE:
            title = i
    if title is not None and any(kept[title + 1:]):
        kept[title] = True
    return [u for u, k in zip(units, kept) if k]


def page_pr(gold, kept):
    got = Counter()
    for u in kept:
        got.update(u.toks)
    hit = sum((gold & got).values())
    ng, ns = sum(gold.values()), sum(got.values())
    p = hit / ns if ns else float(ng == 0)
    r = hit / ng if ng else 1.0
    return p, r


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def set_scores(prs):
    if not prs:
        return 0.0, 0.0, 0.0
    P = sum(p for p, _ in prs) / len(prs)
    R = sum(r for _, r in prs) / len(prs)
    return P, R, f1(P, R)


def objective(data, pages_by_set, p):
    """Mean over fit sets of their F1 on the given pages."""
    total = 0.0
    for s, ids in pages_by_set.items():
        prs = [page_pr(data[s]["gold"][i], kept_units(data[s]["units"].get(i, []), p)) for i in ids]
        total += set_scores(prs)[2]
    return total / len(pages_by_set)


def fit(data, pages_by_set, log=None):
    p = dict(START)
    best = objective(data, pages_by_set, p)
    for _ in range(4):
        moved = False
        for key, values in GRID:
            for v in values:
                if v == p[key]:
                    continue
                q = dict(p)
                q[key] = v
                score = objective(data, pages_by_set, q)
                if score > best + 1e-9:
                    best, p, moved = score, q, True
        if not moved:
            break
    if log:
        log(f"  fitted: mean F1 {best:.4f} on {sum(len(v) for v in pages_by_set.values())} pages")
    return p


def params_text(p, header):
    lines = [f"# {h}" for h in header]
    for key, _ in GRID[:2 + len(CLASS_WORDS)]:
        lines.append(f"{key} {p[key]}")
    lines.append(f"link_density {p['link_density']:g}")
    lines.append(f"link_min_chars {p['link_min_chars']}")
    lines.append(f"restore_short_words {p['restore_short_words']}")
    lines.append(f"restore_main_words {p['restore_main_words']}")
    lines.append(f"prose_link_density {p['prose_link_density']:g}")
    return "\n".join(lines) + "\n"


def score_output(gold, ids, out_path, html):
    got = {}
    for r in rows(out_path):
        got[record_id(r["id"]) if html else r["id"]] = r.get("text") or ""
    return {i: score_pr(gold[i], got.get(i, "")) for i in ids}


def score_pr(gold, text):
    g, s = gold, tokens(text)
    hit = sum((g & s).values())
    ng, ns = sum(g.values()), sum(s.values())
    return (hit / ns if ns else float(ng == 0)), (hit / ng if ng else 1.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--winnow", default="build/release/winnow")
    ap.add_argument("--realpages", default="../shared/realpages")
    ap.add_argument("--fit-sets", default="readability,cwced-zh")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="")
    ap.add_argument("--hand-rules", default="", help="parameters to compare with (default: none)")
    ap.add_argument("--fit-only", action="store_true")
    a = ap.parse_args()
    fit_sets = a.fit_sets.split(",")
    log = lambda m: print(m, file=sys.stderr, flush=True)

    data = {}
    with tempfile.TemporaryDirectory() as work:
        for s in SETS:
            d = {"gold": {}, "group": {}}
            for r in rows(os.path.join(a.realpages, s, "pages.jsonl.gz")):
                d["gold"][r["id"]] = tokens(r["gold"])
                h = host_of(r.get("url") or "")
                d["group"][r["id"]] = h if h else f"{s}:{r['id']}"
            data[s] = d
        for s in fit_sets:
            log(f"reading {s} (text classifier verdicts and DOM features)")
            data[s]["units"] = load_units(a.winnow, os.path.join(a.realpages, s, "pages.warc.gz"), work)

        header = [f"DOM rule parameters: written by bench/tools/dom_fit.py (see README).",
                  f"Fitted on realpages sets: {','.join(fit_sets)}; coordinate ascent on mean token F1."]
        everything = {s: sorted(data[s]["gold"]) for s in fit_sets}
        shipped = fit(data, everything, log)
        if a.out:
            with open(a.out, "w") as f:
                f.write(params_text(shipped, header))
        if a.fit_only:
            return

        # Site split: fit without the fold's hosts, score the fold's pages with winnow itself.
        html = {s: {} for s in SETS}
        for k in range(a.folds):
            train = {s: [i for i in sorted(data[s]["gold"])
                         if fold_of(data[s]["group"][i], a.seed, a.folds) != k] for s in fit_sets}
            log(f"fold {k + 1}/{a.folds}")
            p = fit(data, train, log)
            path = os.path.join(work, f"fold{k}.txt")
            with open(path, "w") as f:
                f.write(params_text(p, header))
            for s in SETS:
                ids = [i for i in data[s]["gold"] if fold_of(data[s]["group"][i], a.seed, a.folds) == k]
                out = os.path.join(work, f"{s}.html.jsonl")
                run([a.winnow, "-q", "--dom-rules", path, "-o", out,
                     os.path.join(a.realpages, s, "pages.warc.gz")])
                html[s].update(score_output(data[s]["gold"], ids, out, True))
        hand, text = {}, {}
        for s in SETS:
            ids = list(data[s]["gold"])
            if a.hand_rules:
                out = os.path.join(work, f"{s}.hand.jsonl")
                run([a.winnow, "-q", "--dom-rules", a.hand_rules, "-o", out,
                     os.path.join(a.realpages, s, "pages.warc.gz")])
                hand[s] = score_output(data[s]["gold"], ids, out, True)
            out = os.path.join(work, f"{s}.text.jsonl")
            run([a.winnow, "-q", "-o", out, os.path.join(a.realpages, s, "pages.jsonl.gz")])
            text[s] = score_output(data[s]["gold"], ids, out, False)

    print(f"Site-split ({a.folds} folds by url host, seed {a.seed}); DOM parameters fitted on "
          f"{','.join(fit_sets)} only; every page scored by parameters not fitted on its host.")
    cols = ["set", "pages", "fitted", "HTML P", "HTML R", "HTML F1"]
    if a.hand_rules:
        cols += ["hand-rules P", "hand-rules F1"]
    cols += ["text P", "text R", "text F1"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    means = []
    for s in SETS:
        ids = sorted(data[s]["gold"])
        h = set_scores([html[s][i] for i in ids])
        t = set_scores([text[s][i] for i in ids])
        row = [s, str(len(ids)), "yes (other hosts)" if s in fit_sets else "no"]
        row += [f"{x:.4f}" for x in h]
        vals = list(h)
        if a.hand_rules:
            hr = set_scores([hand[s][i] for i in ids])
            row += [f"{hr[0]:.4f}", f"{hr[2]:.4f}"]
            vals += [hr[0], hr[2]]
        row += [f"{x:.4f}" for x in t]
        vals += list(t)
        means.append(vals)
        print("| " + " | ".join(row) + " |")
    m = [sum(v[j] for v in means) / len(means) for j in range(len(means[0]))]
    print("| **mean** | | | " + " | ".join(f"**{x:.4f}**" for x in m) + " |")
    lowest = min(SETS, key=lambda s: set_scores([html[s][i] for i in data[s]["gold"]])[2])
    print(f"lowest HTML F1: {lowest}")


if __name__ == "__main__":
    main()
