"""Outlet, wire, credited persons, title and date read from the text, on our dev sets (issue 12).

    python bench/eval_metadata.py                   # dev: set 1 (41 articles), tuned on
    python bench/eval_metadata.py --split test      # test: set 2 (43 articles), never tuned on
    python bench/eval_metadata.py --split both -q   # summaries only

Texts come from bench/devsets/data/ (rebuilt from recipe.json, never committed; every text is
checked against its sha256). Gold: set 1 is `bench/devsets/gold.jsonl`'s `meta`; set 2 is
`bench/devsets/meta_set2.jsonl`, written by reading the texts before the tool was run on them
(session 5; see that file's first line for the conventions). A JSONL written by
`devset.py load` may be given instead of set 1 as `--gold FILE`.

Outlet: recognised / namable (gold `outlet_in_text`), and false outlets (a predicted outlet that
is not the gold one) on the articles whose text does not name their outlet. Names match when
their letters agree after folding (case, spaces, "the", a domain's suffix: "theguardian.com" is
"The Guardian"). Wire: gold agencies found, others given. Persons: gold byline / photo names
found, and with the gold role. Title (set 1 only): the headline, exact up to whitespace.
Date: the gold date where the text states it (set 1 `date_source` "text", set 2 every gold
date), the prediction cut to the gold's precision; and dates given where the text states none.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ukpeace_cli.parsing import ParsedArticle, parse_article
from ukpeace_cli.parsing.credits import agency

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "devsets"))
import devset  # noqa: E402

SET2 = HERE / "devsets" / "meta_set2.jsonl"


def key(name: str) -> str:
    name = re.sub(r"\.(?:com|org|net|co\.uk|ie|in|ng|tv|cn|biz|com\.au|ca)$", "", name.lower())
    return re.sub(r"[^0-9a-z]", "", name.removeprefix("the "))


def same(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return False
    p, g = key(pred), key(gold)
    return p == g or (len(g) >= 3 and (g in p or p in g))


def dev_rows(gold_file: Path | None, data: Path) -> list[dict[str, Any]]:
    if gold_file:
        with gold_file.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
    else:
        rows = devset.load(data)
    out = []
    for row in rows:
        meta = dict(row["meta"])
        if meta.get("date_source") != "text":
            meta["date"] = None  # only a date the text states can be read from it
        out.append({"id": row["id"], "text": row["article_text"], "meta": meta})
    return out


def test_rows(data: Path) -> list[dict[str, Any]]:
    arts = {a["id"]: a for a in devset.recipe()["articles"]}
    lines = SET2.read_text(encoding="utf-8").splitlines()
    metas = [m for line in lines if line.strip() and "id" in (m := json.loads(line))]
    return [
        {"id": m["id"], "text": devset.read_text(data, arts[m["id"]]), "meta": m} for m in metas
    ]


@dataclass
class Score:
    n: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, value: int | bool = 1) -> None:
        self.n[name] = self.n.get(name, 0) + int(value)

    def get(self, name: str) -> int:
        return self.n.get(name, 0)


def score_one(row: dict[str, Any], art: ParsedArticle, sc: Score) -> list[str]:
    """Add one article's counts to `sc`; its report line's fields."""
    meta = row["meta"]
    pred = art.meta["outlet"]
    if meta.get("outlet_in_text"):
        sc.add("namable")
        ok = same(pred, meta["outlet"])
        sc.add("hit", ok)
        sc.add("hit_or_wire", ok or any(same(w, meta["outlet"]) for w in art.wire))
        status = "ok" if ok else "MISS"
    else:
        sc.add("others")
        bad = pred is not None and not same(pred, meta["outlet"])
        sc.add("false", bad)
        status = "FALSE" if bad else "-"
    gold_wire = {agency(w) or w for w in meta.get("wire") or []}
    sc.add("wire_gold", len(gold_wire))
    sc.add("wire_hit", len(gold_wire & set(art.wire)))
    sc.add("wire_false", len(set(art.wire) - gold_wire))
    credits = [(c.name.lower(), c.role) for c in art.credits]
    for b in meta.get("byline") or []:
        sc.add("pers_gold")
        found = [role for name, role in credits if b["name"].lower() in name]
        sc.add("pers_hit", bool(found))
        sc.add("pers_role", b["role"] in found)
    gold_names = [b["name"].lower() for b in meta.get("byline") or []]
    sc.add("pers_false", sum(not any(g in n for g in gold_names) for n, _ in credits))
    if isinstance(title := meta.get("title"), str):  # set 1: the headline's text
        sc.add("title_gold")
        sc.add("title_hit", " ".join((art.meta["title"] or "").split()) == " ".join(title.split()))
    elif "title" in meta and title is None:
        sc.add("title_false", art.meta["title"] is not None)
    published = art.meta["published"]
    if gold_date := meta.get("date"):
        sc.add("date_gold")
        sc.add("date_hit", bool(published) and published[: len(gold_date)] == gold_date)
        date = f"date={published} (gold {gold_date})"
    else:
        sc.add("date_false", published is not None)
        date = f"date={published}" if published else ""
    who = [f"{c.name}/{c.role}" for c in art.credits]
    return [row["id"], status, str(pred), f"(gold {meta['outlet']})", f"wire={art.wire}",
            f"credits={who}", date]  # fmt: skip


def summary(name: str, sc: Score) -> list[str]:
    def frac(a: str, b: str) -> str:
        return f"{sc.get(a)}/{sc.get(b)} = {sc.get(a) / max(1, sc.get(b)):.2f}"

    return [
        f"[{name}] outlet recognised: {frac('hit', 'namable')}",
        f"[{name}] outlet or wire credit recognised: {sc.get('hit_or_wire')}/{sc.get('namable')}",
        f"[{name}] false outlets on the others: {sc.get('false')}/{sc.get('others')}",
        f"[{name}] wire credits: {sc.get('wire_hit')}/{sc.get('wire_gold')} found, "
        f"{sc.get('wire_false')} not in the gold",
        f"[{name}] credited persons (byline, photo): {frac('pers_hit', 'pers_gold')}, "
        f"with the gold role {sc.get('pers_role')}, {sc.get('pers_false')} not in the gold",
        f"[{name}] title (headline) exact: {frac('title_hit', 'title_gold')}; "
        f"a title given where the text has none: {sc.get('title_false')}"
        if sc.get("title_gold")
        else f"[{name}] title: no gold",
        f"[{name}] date stated in the text: {frac('date_hit', 'date_gold')}; "
        f"a date given where the text states none: {sc.get('date_false')}",
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "both"), default="dev")
    ap.add_argument("--data", type=Path, default=devset.DEFAULT_DATA, help="the texts' folder")
    ap.add_argument("--gold", type=Path, help="set 1 as written by `devset.py load` (dev only)")
    ap.add_argument("-q", "--quiet", action="store_true", help="summaries only")
    args = ap.parse_args(argv)
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    out: list[str] = []
    for split in splits:
        rows = dev_rows(args.gold, args.data) if split == "dev" else test_rows(args.data)
        sc = Score()
        for row in rows:
            fields = score_one(row, parse_article(row["text"]), sc)
            if not args.quiet:
                print("\t".join(f for f in fields if f))
        out.extend(summary(split, sc))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
