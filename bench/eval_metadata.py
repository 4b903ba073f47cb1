"""Outlet, wire and credited persons read from the text, scored on our own dev set (issue 12).

    python bench/devsets/devset.py load /tmp/g.jsonl
    python bench/eval_metadata.py /tmp/g.jsonl

Outlet: recognised / namable (gold `outlet_in_text`), and false outlets (a predicted outlet that
is not the gold one) on the articles whose text does not name their outlet. Names match when
their letters agree after folding (case, spaces, "the", a domain's suffix: "theguardian.com" is
"The Guardian"). Wire: gold agencies found. Persons: gold byline / photo names found.
"""

from __future__ import annotations

import json
import re
import sys

from ukpeace_cli.parsing import parse_article
from ukpeace_cli.parsing.credits import agency


def key(name: str) -> str:
    name = re.sub(r"\.(?:com|org|net|co\.uk|ie|in|ng|tv)$", "", name.lower())
    return re.sub(r"[^0-9a-z]", "", name.removeprefix("the "))


def same(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return False
    p, g = key(pred), key(gold)
    return p == g or (len(g) >= 3 and (g in p or p in g))


def main(path: str) -> int:
    with open(path, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    namable = hit = hit_or_wire = others = false = 0
    wire_gold = wire_hit = wire_false = pers_gold = pers_hit = 0
    for row in rows:
        meta = row["meta"]
        art = parse_article(row["article_text"])
        pred = art.meta["outlet"]
        if meta.get("outlet_in_text"):
            namable += 1
            hit += same(pred, meta["outlet"])
            hit_or_wire += same(pred, meta["outlet"]) or any(
                same(w, meta["outlet"]) for w in art.wire
            )
            status = "ok" if same(pred, meta["outlet"]) else "MISS"
        else:
            others += 1
            bad = pred is not None and not same(pred, meta["outlet"])
            false += bad
            status = "FALSE" if bad else "-"
        gold_wire = {agency(w) or w for w in meta.get("wire") or []}
        wire_gold += len(gold_wire)
        wire_hit += len(gold_wire & set(art.wire))
        wire_false += len(set(art.wire) - gold_wire)
        names = [c.name.lower() for c in art.credits]
        for b in meta.get("byline") or []:
            pers_gold += 1
            pers_hit += any(b["name"].lower() in n for n in names)
        print(f"{row['id']}\t{status}\t{pred}\t(gold {meta['outlet']})\twire={art.wire}")
    print(f"outlet recognised: {hit}/{namable} = {hit / max(1, namable):.2f}")
    print(f"outlet or wire credit recognised: {hit_or_wire}/{namable}")
    print(f"false outlets on the others: {false}/{others}")
    print(f"wire credits: {wire_hit}/{wire_gold} found, {wire_false} false")
    print(f"credited persons (byline, photo): {pers_hit}/{pers_gold}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/g.jsonl"))
