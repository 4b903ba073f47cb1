"""Cut the set-3 texts from the raw search answers, by script (no text is copied by hand).

    python bench/devsets/cut_set3.py RAW OUT [--write-recipe]

RAW holds one JSON file per query of recipe_set3.json (`Q1.json` ...): the search tool's answer
(corpus "pages") as it came, kept outside git (on the machine that built the set:
/work/devsets/raw3/; only the results used are kept). For each article of recipe_set3.json the
result with its query, rank and url is cut as the recipe's `cut` says and saved as OUT/<id>.txt.
`--write-recipe` fills in excerpt_start, chars, corpus_date, page_domain, sha256 and ws_sha256
(the builder's step); without it the texts are only written, and `devset.py check --set 3 OUT`
then compares them with the recipe.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
RECIPE = HERE / "recipe_set3.json"
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


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    raw, out = Path(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    recipe = json.loads(RECIPE.read_text(encoding="utf-8"))
    answers = {
        q: json.loads((raw / f"{q}.json").read_text(encoding="utf-8")) for q in recipe["queries"]
    }
    for q, text in recipe["queries"].items():
        if answers[q]["query"] != text:
            raise SystemExit(f"{raw / q}.json: answers another query than recipe_set3.json's {q}")
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
    if "--write-recipe" in argv:
        RECIPE.write_text(json.dumps(recipe, indent=1, ensure_ascii=False) + "\n", "utf-8")
    lengths = sorted(a["chars"] for a in recipe["articles"])
    print(
        f"wrote {len(lengths)} texts to {out}: {lengths[0]}-{lengths[-1]} characters, "
        f"median {lengths[len(lengths) // 2]}, {sum(lengths)} in all"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
