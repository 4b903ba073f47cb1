"""Cut a story set's texts from the raw search answers, by script (no text is copied by hand).

    python bench/devsets/cut_set.py RAW OUT --set N [--write-recipe]
    python bench/devsets/cut_set.py RAW OUT --recipe RECIPE.json [--write-recipe]

One cutter for every set built from the search tool's `pages` corpus (sets 3, 4, 5 and 6): `--set N`
reads bench/devsets/recipe_setN.json, `--recipe` any recipe of that shape. RAW holds one JSON
file per query of the recipe (`Q1.json` ...): the search tool's answer (corpus "pages") as it
came, kept outside git (on the machine that built the sets: /work/devsets/raw3/, raw4/,
raw5/, raw6/; only the results used are kept). For each article of the recipe the result with its
query, rank and url is cut as the recipe's `cut` says and saved as OUT/<id>.txt.
`--write-recipe` fills in excerpt_start, chars, corpus_date, page_domain, sha256 and ws_sha256
(the builder's step); without it the texts are only written, and `devset.py check --set N OUT`
then compares them with the recipe.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
MARKER = re.compile(r" date (\d{4}(?:-\d{2}){0,2}) ")
CUT_LEN = 1850  # the corpus gives ~2,000 characters of a page: at this length it may be cut
SENTENCE_END = tuple('.!?"”’)')


def cut(excerpt: str) -> tuple[int, int, str | None]:
    """(excerpt_start, chars, corpus_date) of the text kept from one excerpt."""
    m = MARKER.match(excerpt)
    start = m.end() if m else 0
    body = excerpt[start:]
    stripped = body.rstrip()
    if len(excerpt) >= CUT_LEN and not stripped.endswith(SENTENCE_END):
        last = body.rfind("\n")  # the page was cut: end at the last paragraph break
        stripped = body[:last].rstrip() if last > 0 else stripped
    return start, len(stripped), m.group(1) if m else None


def domain(url: str) -> str:
    host = urlparse(url).netloc.lower().removeprefix("www.")
    parts = host.split(".")
    two = {"co.uk", "com.au", "com.pk", "co.in", "com.br"}
    return ".".join(parts[-3:]) if ".".join(parts[-2:]) in two else ".".join(parts[-2:])


def parse(argv: list[str]) -> tuple[list[str], Path | None, bool]:
    """(positional arguments, recipe path from `--set N` or `--recipe PATH`, --write-recipe)."""
    pos: list[str] = []
    path: Path | None = None
    args = iter(argv)
    for a in args:
        if a in {"--set", "--recipe"}:
            value = next(args, "")
            if not value:
                return pos, None, False
            path = HERE / f"recipe_set{value}.json" if a == "--set" else Path(value)
        elif a != "--write-recipe":
            pos.append(a)
    return pos, path, "--write-recipe" in argv


def cut_all(recipe: dict[str, Any], raw: Path, out: Path, name: str) -> None:
    """Write every article's text to OUT and fill in its cut and hashes in `recipe`."""
    answers = {
        q: json.loads((raw / f"{q}.json").read_text(encoding="utf-8")) for q in recipe["queries"]
    }
    for q, text in recipe["queries"].items():
        if answers[q]["query"] != text:
            raise SystemExit(f"{raw / q}.json: answers another query than {name}'s {q}")
    for art in recipe["articles"]:
        hits = [
            r
            for r in answers[art["query"]]["results"]
            if r["rank"] == art["rank"] and r["url"] == art["url"]
        ]
        if len(hits) != 1:
            where = f"{art['query']} rank {art['rank']} {art['url']}"
            raise SystemExit(f"{art['id']}: no single result {where}")
        excerpt = hits[0]["excerpt"]
        start, chars, date = cut(excerpt)
        text = excerpt[start : start + chars]
        data = text.encode("utf-8")
        (out / f"{art['id']}.txt").write_bytes(data)
        art.update(
            excerpt_start=start,
            chars=chars,
            corpus_date=date,
            page_domain=domain(art["url"]),
            sha256=hashlib.sha256(data).hexdigest(),
            ws_sha256=hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest(),
        )


def main(argv: list[str]) -> int:
    rest, path, write = parse(argv)
    if path is None or len(rest) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    if not path.is_file():
        print(
            f"{path}: no such recipe (--set takes a set number with a recipe_setN.json)",
            file=sys.stderr,
        )
        return 2
    raw, out = Path(rest[0]), Path(rest[1])
    out.mkdir(parents=True, exist_ok=True)
    recipe = json.loads(path.read_text(encoding="utf-8"))
    cut_all(recipe, raw, out, path.name)
    if write:
        path.write_text(json.dumps(recipe, indent=1, ensure_ascii=False) + "\n", "utf-8")
    lengths = sorted(a["chars"] for a in recipe["articles"])
    print(
        f"wrote {len(lengths)} texts to {out}: {lengths[0]}-{lengths[-1]} characters, "
        f"median {lengths[len(lengths) // 2]}, {sum(lengths)} in all"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
