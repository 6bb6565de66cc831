#!/usr/bin/env python3
"""Share of pdftotext's words that snuffel's PDF text also holds, per file and overall.

    benches/pdf_recall.py [DIR]     (default ../shared/corpus/real-docs/pdf)

Needs poppler-utils (pdftotext). Words: lowercased, split on anything but letters and
digits, two characters or more, counted as a multiset. Files where pdftotext finds no words
(scans, encrypted ones) are listed but not counted.
"""
import collections
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "../shared/corpus/real-docs/pdf")


def words(text):
    return collections.Counter(w for w in re.split(r"[^0-9a-z]+", text.lower()) if len(w) >= 2)


def run(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, timeout=60).stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return ""


subprocess.run(["cargo", "build", "--release", "-q", "--example", "doc_text"], cwd=ROOT, check=True)
tool = os.path.join(ROOT, "target/release/examples/doc_text")
total_ref = total_hit = 0
digit_ref = digit_hit = 0
for name in sorted(os.listdir(DIR)):
    if not name.endswith(".pdf"):
        continue
    path = os.path.join(DIR, name)
    ref = words(run(["pdftotext", path, "-"]))
    got = words("\n".join(l for l in run([tool, path]).splitlines() if not l.startswith("# ")))
    n = sum(ref.values())
    if n == 0:
        print(f"{name:55} pdftotext: no words")
        continue
    hit = sum(min(c, got[w]) for w, c in ref.items())
    dn = sum(c for w, c in ref.items() if any(ch.isdigit() for ch in w))
    dh = sum(min(c, got[w]) for w, c in ref.items() if any(ch.isdigit() for ch in w))
    total_ref, total_hit, digit_ref, digit_hit = total_ref + n, total_hit + hit, digit_ref + dn, digit_hit + dh
    print(f"{name:55} {hit:5}/{n:<5} {100 * hit / n:5.1f}%")
print(f"\noverall: {total_hit}/{total_ref} = {100 * total_hit / total_ref:.1f}% of pdftotext's words;"
      f" words with digits: {digit_hit}/{digit_ref} = {100 * digit_hit / max(digit_ref, 1):.1f}%")
