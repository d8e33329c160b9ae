#!/usr/bin/env python3
"""Writes the HTML payloads of ../shared/realpages/*/pages.warc.gz as one file
of length-prefixed pages (8-byte little-endian length, then the bytes) for
bench/tools/html_parser_compare, and one concatenated WARC (all sets) for the
end-to-end speed runs.

usage: bench/realpages_html.py REALPAGES_DIR OUT_PAGES OUT_WARC
"""
import gzip, struct, sys, os

def records(path):
    data = gzip.open(path, "rb").read()
    pos = 0
    while True:
        start = data.find(b"WARC/1.0\r\n", pos)
        if start < 0:
            return
        hdr_end = data.find(b"\r\n\r\n", start)
        hdr = data[start:hdr_end].decode("latin-1")
        length = int([l.split(":", 1)[1] for l in hdr.split("\r\n") if l.lower().startswith("content-length:")][0])
        body = data[hdr_end + 4: hdr_end + 4 + length]
        yield data[start:hdr_end + 4 + length], body
        pos = hdr_end + 4 + length

root, out_pages, out_warc = sys.argv[1:4]
n = 0
with open(out_pages, "wb") as fp, open(out_warc, "wb") as fw:
    for s in sorted(os.listdir(root)):
        p = os.path.join(root, s, "pages.warc.gz")
        if not os.path.exists(p):
            continue
        for rec, body in records(p):
            fw.write(rec + b"\r\n\r\n")
            sep = body.find(b"\r\n\r\n")
            html = body[sep + 4:] if sep >= 0 else body
            fp.write(struct.pack("<Q", len(html)) + html)
            n += 1
print(n, "pages", file=sys.stderr)
