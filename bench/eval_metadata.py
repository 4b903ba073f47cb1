"""Outlet, wire, credited persons, title and date read from the text, on our dev sets (issue 12).

    python bench/eval_metadata.py --split dev -q    # dev: sets 1, 2 and 5 (tuned on)
    python bench/eval_metadata.py --split test -q   # test: sets 3 and 4 (read once per round)
    python bench/eval_metadata.py --set 5           # one set, every article's line
    python bench/eval_metadata.py --split both -q   # summaries only, per set and per split

Split (fixed in session 11 before any tuning on sets 3-5): **dev** is set 1 (41 articles, the
rules were written on it), set 2 (43; a test in session 5, its misses were listed in
docs/store.md) and set 5 (59); **test** is sets 3 and 4 (57 + 58). Set 6 is sealed and is not
read here.

Texts: set 1 and set 2 from bench/devsets/data/ (rebuilt from recipe.json, never committed) or,
when that folder is absent, /work/devsets/texts; set N from bench/devsets/dataN/ or
/work/devsets/setN (every text is checked against its recipe's sha256). Gold: set 1 is
`bench/devsets/gold.jsonl`'s `meta`; set N is `bench/devsets/meta_setN.jsonl`, written by
reading the texts before the tool was run on them (set 2 in session 5, sets 3-5 in session 11;
see each file's first line for the conventions). A JSONL written by `devset.py load` may be
given instead of set 1 as `--gold FILE`.

Outlet: recognised / namable (gold `outlet_in_text`), and false outlets (a predicted outlet that
is not the gold one) on the articles whose text does not name their outlet. Names match when
their letters agree after folding (case, spaces, "the", a domain's suffix: "theguardian.com" is
"The Guardian"). Wire: gold agencies found, others given. Persons: gold byline / photo names
found, and with the gold role. Title (set 1 only): the headline, exact up to whitespace.
Date: the gold date where the text states it (set 1 `date_source` "text", sets 2-5 every gold
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
from ukpeace_cli.parsing import credits as cr
from ukpeace_cli.parsing import sources as src
from ukpeace_cli.parsing.credits import agency

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "devsets"))
import devset  # noqa: E402

SPLITS = {"dev": (1, 2, 5), "test": (3, 4)}
TEXTS = Path("/work/devsets")  # outside git: texts/ (sets 1, 2), set3/, set4/, set5/


def meta_file(set_no: int) -> Path:
    return HERE / "devsets" / f"meta_set{set_no}.jsonl"


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


def set_rows(set_no: int, data: Path | None) -> list[dict[str, Any]]:
    """Set 2-5 articles with their gold from meta_setN.jsonl."""
    recipe_path, _, default = devset.SETS[set_no]
    if data is None:
        data = default if default.is_dir() else TEXTS / ("texts" if set_no == 2 else f"set{set_no}")
    arts = {a["id"]: a for a in devset.recipe(recipe_path)["articles"]}
    lines = meta_file(set_no).read_text(encoding="utf-8").splitlines()
    metas = [m for line in lines if line.strip() and "id" in (m := json.loads(line))]
    return [
        {"id": m["id"], "text": devset.read_text(data, arts[m["id"]]), "meta": m} for m in metas
    ]


def rows_of(set_no: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    data = args.data
    if set_no == 1:
        if data is None:
            default = devset.DEFAULT_DATA
            data = default if default.is_dir() else TEXTS / "texts"
        return dev_rows(args.gold, data)
    return set_rows(set_no, data if set_no == 2 else None)


def _no_network_wire() -> None:
    """The 'network-wire' family off: CNN is no agency and 'City | Agency' lines are not read."""
    held = cr.agency

    def no_cnn(name: str) -> str | None:
        found = held(name)
        return None if found == "CNN" else found

    cr.agency = src.agency = no_cnn  # type: ignore[assignment]
    src.place_agency = lambda line: None  # type: ignore[assignment]


# --off NAME: the session-11 rule families (parsing/sources.py), each switched off for an ablation
OFF: dict[str, Any] = {
    "paren-dateline": lambda: setattr(src, "paren_dateline", lambda p: (None, [])),
    "network-wire": _no_network_wire,
}


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
    ap.add_argument("--set", type=int, choices=(1, 2, 3, 4, 5), action="append", dest="sets",
                    help="score these sets only (repeatable; overrides --split)")  # fmt: skip
    ap.add_argument("--data", type=Path, help="the folder of set 1 and set 2's texts")
    ap.add_argument("--gold", type=Path, help="set 1 as written by `devset.py load` (dev only)")
    ap.add_argument("-q", "--quiet", action="store_true", help="summaries only")
    ap.add_argument("--off", choices=sorted(OFF), action="append", default=[],
                    help="switch a rule family off (ablation; repeatable)")  # fmt: skip
    args = ap.parse_args(argv)
    for name in args.off:
        OFF[name]()
    if args.sets:
        groups = {f"set {n}": (n,) for n in args.sets}
    else:
        names = ["dev", "test"] if args.split == "both" else [args.split]
        groups = {name: SPLITS[name] for name in names}
    out: list[str] = []
    for group, sets in groups.items():
        total = Score()
        for set_no in sets:
            sc = Score()
            for row in rows_of(set_no, args):
                fields = score_one(row, parse_article(row["text"]), sc)
                if not args.quiet:
                    print("\t".join([f"s{set_no}", *(f for f in fields if f)]))
            for k, v in sc.n.items():
                total.add(k, v)
            if len(sets) > 1:
                out.append(f"[set {set_no}] " + summary_line(sc))
        out.extend(summary(group, total))
    print("\n".join(out))
    return 0


def summary_line(sc: Score) -> str:
    """One set's outlet and wire counts on one line."""
    return (
        f"outlet {sc.get('hit')}/{sc.get('namable')}, false {sc.get('false')}/{sc.get('others')}, "
        f"wire {sc.get('wire_hit')}/{sc.get('wire_gold')} (+{sc.get('wire_false')})"
    )


if __name__ == "__main__":
    raise SystemExit(main())
