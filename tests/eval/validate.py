#!/usr/bin/env python3
"""Check the labelled evaluation set in this folder.

- every draft named in labels.json exists;
- every corpus entry exists ("seeds" = the project's seeds/ folder; anything else is a path
  relative to the ECB+ folder, ../shared/corpora/ecbplus beside the checkout, or $ECBPLUS_DIR);
- every anchor (expect and quiet) occurs exactly once in its draft;
- no two anchors of one draft overlap (a warning could not be both expected and forbidden);
- codes are known; every item has a note.
Prints the counts per category and exits non-zero on any problem.

usage: python3 tests/eval/validate.py
"""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
ECBPLUS = os.environ.get("ECBPLUS_DIR") or os.path.join(ROOT, "..", "shared", "corpora", "ecbplus")
CODES = {"figure-mismatch", "misquote", "misattribution", "unsourced-quote"}
KINDS = {"figure", "quote", "incidental"}


def main():
    items = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    errors, counts = [], Counter()
    seen_drafts = set()
    for it in items:
        d = it["draft"]
        if d in seen_drafts:
            errors.append(f"{d}: listed twice")
        seen_drafts.add(d)
        path = os.path.join(HERE, d)
        if not os.path.isfile(path):
            errors.append(f"{d}: draft missing")
            continue
        body = open(path, encoding="utf-8").read()
        corpus_set = "seeds" if it["corpus"] == ["seeds"] else "ecbplus"
        for c in it["corpus"]:
            cp = os.path.join(ROOT, "seeds") if c == "seeds" else os.path.join(ECBPLUS, c)
            if not os.path.exists(cp):
                errors.append(f"{d}: corpus path missing: {c} ({cp})")
        spans = []
        for section in ("expect", "quiet"):
            for e in it.get(section, []):
                a = e["anchor"]
                n = body.count(a)
                if n != 1:
                    errors.append(f"{d}: {section} anchor {a!r} occurs {n} times")
                    continue
                if not e.get("note"):
                    errors.append(f"{d}: {section} anchor {a!r} has no note")
                if section == "expect":
                    if e.get("code") not in CODES:
                        errors.append(f"{d}: anchor {a!r} has unknown code {e.get('code')!r}")
                    counts[(corpus_set, e.get("code"))] += 1
                else:
                    kind = e.get("kind", "figure")
                    if kind not in KINDS:
                        errors.append(f"{d}: quiet anchor {a!r} has unknown kind {kind!r}")
                    counts[(corpus_set, "quiet " + kind)] += 1
                s = body.index(a)
                spans.append((s, s + len(a), section, a))
        spans.sort()
        for (s1, e1, k1, a1), (s2, e2, k2, a2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{d}: anchors overlap: {a1!r} ({k1}) and {a2!r} ({k2})")
    order = ["figure-mismatch", "misquote", "misattribution", "unsourced-quote",
             "quiet figure", "quiet incidental", "quiet quote"]
    print(f"{'category':<20}{'seeds':>7}{'ecbplus':>9}{'total':>7}")
    for k in order:
        a, b = counts[("seeds", k)], counts[("ecbplus", k)]
        print(f"{k:<20}{a:>7}{b:>9}{a + b:>7}")
    print(f"{len(items)} drafts")
    for e in errors:
        print("ERROR:", e)
    if errors:
        sys.exit(1)
    print("labels OK")


if __name__ == "__main__":
    main()
