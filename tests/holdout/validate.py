#!/usr/bin/env python3
"""Check tests/holdout/labels.json: every anchor occurs exactly once in its draft."""
import json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CODES = {"figure-mismatch", "misquote", "misattribution", "unsourced-quote"}
KINDS = {"figure", "quote", "incidental"}

def main():
    labels = json.load(open(os.path.join(HERE, "labels.json"), encoding="utf-8"))
    errors = []
    codes, kinds = Counter(), Counter()
    for item in labels:
        path = os.path.join(HERE, item["draft"])
        if not os.path.exists(path):
            errors.append(f"{item['draft']}: missing draft"); continue
        text = open(path, encoding="utf-8").read()
        spans = []
        for group, key, allowed, ctr in (("expect", "code", CODES, codes), ("quiet", "kind", KINDS, kinds)):
            for lab in item.get(group, []):
                a = lab["anchor"]
                if lab.get(key) not in allowed:
                    errors.append(f"{item['draft']}: bad {key} {lab.get(key)!r} for {a!r}")
                if not lab.get("note"):
                    errors.append(f"{item['draft']}: missing note for {a!r}")
                n = text.count(a)
                if n != 1:
                    errors.append(f"{item['draft']}: anchor {a!r} occurs {n} times")
                else:
                    i = text.index(a); spans.append((i, i + len(a), a))
                ctr[lab[key]] += 1
        spans.sort()
        for (s1, e1, a1), (s2, e2, a2) in zip(spans, spans[1:]):
            if s2 < e1:
                errors.append(f"{item['draft']}: anchors overlap: {a1!r} / {a2!r}")
    for e in errors:
        print("ERROR", e)
    print("drafts:", len(labels))
    print("expect:", dict(codes), "total", sum(codes.values()))
    print("quiet:", dict(kinds), "total", sum(kinds.values()))
    sys.exit(1 if errors else 0)

if __name__ == "__main__":
    main()
