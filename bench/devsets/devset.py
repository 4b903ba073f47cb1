"""Our own dev set of news articles: check a rebuilt data folder and load the gold for benchmarks.

    python bench/devsets/devset.py check [DATA]            # every text present, sha256 as recipe
    python bench/devsets/devset.py load [DATA] OUT.jsonl   # gold + texts, quote scorer format
    python bench/devsets/devset.py stats [DATA]            # counts and lengths
    python bench/devsets/devset.py stories [DATA] OUT.jsonl  # set 2: texts + story ids, pair counts
    python bench/devsets/devset.py compile ANNOT.py [DATA]  # annotator only: anchors -> gold.jsonl
    python bench/devsets/devset.py check --set 3 [DATA3]   # set 3 (recipe_set3.json)
    python bench/devsets/devset.py stories --set 3 [DATA3] OUT.jsonl  # set 3: texts + story ids
    python bench/devsets/devset.py check --set 4 [DATA4]   # set 4, sealed (recipe_set4.json)
    python bench/devsets/devset.py stories --set 4 [DATA4] OUT.jsonl  # set 4: texts + story ids
    python bench/devsets/devset.py check --set 5 [DATA5]   # set 5, sealed (recipe_set5.json)
    python bench/devsets/devset.py stories --set 5 [DATA5] OUT.jsonl  # set 5: texts + story ids
    python bench/devsets/devset.py check --set 6 [DATA6]   # set 6, sealed (recipe_set6.json)
    python bench/devsets/devset.py stories --set 6 [DATA6] OUT.jsonl  # set 6: texts + story ids

DATA defaults to bench/devsets/data/ (gitignored; see README for how to rebuild it); with
`--set N` (3, 4, 5 or 6) the recipe is recipe_setN.json, the labels stories_setN.json and DATAN
defaults to bench/devsets/dataN/ (rebuilt by `cut_set.py RAW OUT --set N`). The texts
are third-party pages and never enter git: committed are recipe.json (where each text comes from
and its sha256) and gold.jsonl (character offsets with a 12-hex sha256 prefix of each span, no
quoted text). `load` writes one line per article,
`{"id", "article_text", "meta", "quotes": [{"text", "start", "end", "type", "speaker",
"speaker_type", "speaker_mention"}]}`, which `../shared/eval/quotes/eval_quotes.py` reads as gold.
`stories` writes `{"id", "article_text", "story"}` per set-2 article (pool: story members and
their hard negatives; one in no story is its own, `solo:<id>`); `story_pairs()` gives every pair
of the pool with `same_story` and `hard_negative`.
Exit codes: 0 ok, 1 a text is missing or differs from the recipe / a span hash fails, 2 usage.
"""

from __future__ import annotations

import hashlib
import json
import runpy
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RECIPE = HERE / "recipe.json"
GOLD = HERE / "gold.jsonl"
STORIES = HERE / "stories.json"
DEFAULT_DATA = HERE / "data"
# set number -> (recipe, story labels, default data folder); set 1 and set 2 share the first
SETS = {
    2: (RECIPE, STORIES, DEFAULT_DATA),
    3: (HERE / "recipe_set3.json", HERE / "stories_set3.json", HERE / "data3"),
    4: (HERE / "recipe_set4.json", HERE / "stories_set4.json", HERE / "data4"),
    5: (HERE / "recipe_set5.json", HERE / "stories_set5.json", HERE / "data5"),
    6: (HERE / "recipe_set6.json", HERE / "stories_set6.json", HERE / "data6"),
}
SPEAKER_TYPES = ("person", "organisation", "document", "anonymous", "group")
KINDS = ("direct", "mixed", "indirect")


def sha12(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8")).hexdigest()[:12]


def recipe(path: Path = RECIPE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def read_text(data: Path, art: dict[str, Any]) -> str:
    """The article's text, or SystemExit(1) naming the file and why it is not the recipe's."""
    path = data / f"{art['id']}.txt"
    if not path.is_file():
        raise SystemExit(f"{path}: missing (rebuild it from the recipe, see README)")
    raw = path.read_bytes()
    if hashlib.sha256(raw).hexdigest() != art["sha256"]:
        folded = " ".join(raw.decode("utf-8", "replace").split()).encode("utf-8")
        how = "only in whitespace" if hashlib.sha256(folded).hexdigest() == art["ws_sha256"] else ""
        raise SystemExit(f"{path}: sha256 differs from recipe.json {how} (not the text annotated)")
    return raw.decode("utf-8")


def check(data: Path, path: Path = RECIPE) -> int:
    arts = recipe(path)["articles"]
    bad = 0
    for art in arts:
        try:
            read_text(data, art)
        except SystemExit as exc:
            print(exc, file=sys.stderr)
            bad += 1
    print(f"{len(arts) - bad} of {len(arts)} texts match {path.name}")
    return 1 if bad else 0


def span(text: str, item: dict[str, Any], where: str) -> str:
    piece = text[item["start"] : item["end"]]
    if sha12(piece) != item["sha12"]:
        raise SystemExit(f"{where}: span {item['start']}-{item['end']} fails its sha12 check")
    return piece


def load(data: Path) -> list[dict[str, Any]]:
    """Gold articles with their texts, every span checked against its hash."""
    arts = {a["id"]: a for a in recipe()["articles"]}
    out = []
    for g in gold():
        text = read_text(data, arts[g["id"]])
        meta = dict(g["meta"])
        if meta.get("title"):
            meta["title"] = span(text, meta["title"], f"{g['id']} title")
        quotes = [
            {
                "text": span(text, q, f"{g['id']} quote {i}"),
                "start": q["start"],
                "end": q["end"],
                "type": q["kind"],
                "speaker": q["speaker"],
                "speaker_type": q["speaker_type"],
                "speaker_mention": q["speaker_mention"],
            }
            for i, q in enumerate(g["quotes"])
        ]
        out.append({"id": g["id"], "article_text": text, "meta": meta, "quotes": quotes})
    return out


def story_of(path: Path = STORIES) -> dict[str, str]:
    """Story id of every article in the pool of a story set (members and hard negatives)."""
    stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    out: dict[str, str] = {}
    for sid, st in stories.items():
        for a in st["members"]:
            out[a] = sid
    for st in stories.values():
        for a in st["hard_negatives"]:
            out.setdefault(a, f"solo:{a}")
    return out


def story_pairs(path: Path = STORIES) -> list[dict[str, Any]]:
    """Every pair of the pool: same_story, and hard_negative (a member against one of its story's
    listed hard negatives)."""
    stories = json.loads(path.read_text(encoding="utf-8"))["stories"]
    hard = {
        frozenset((m, h))
        for st in stories.values()
        for m in st["members"]
        for h in st["hard_negatives"]
    }
    sid = story_of(path)
    ids = sorted(sid)
    return [
        {"a": a, "b": b, "same_story": sid[a] == sid[b], "hard_negative": frozenset((a, b)) in hard}
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
    ]


def write_stories(data: Path, out: Path, set_no: int = 2) -> int:
    recipe_path, stories_path, _ = SETS[set_no]
    arts = {a["id"]: a for a in recipe(recipe_path)["articles"]}
    sid = story_of(stories_path)
    rows = [
        {"id": i, "article_text": read_text(data, arts[i]), "story": sid[i]} for i in sorted(sid)
    ]
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    pairs = story_pairs(stories_path)
    pos = sum(p["same_story"] for p in pairs)
    hard = sum(p["hard_negative"] for p in pairs)
    multi = Counter(s for s in sid.values() if not s.startswith("solo:"))
    print(f"wrote {out}: {len(rows)} articles, stories of 2+ reports {dict(multi)}")
    print(f"pairs {len(pairs)}: same-story {pos}, hard-negative {hard}")
    return 0


def locate(
    text: str, anchor: str | list[str] | tuple[str, str], where: str, first_of_many: bool = False
) -> tuple[int, int]:
    """Offsets of an annotator's anchor: a unique substring, or (start snippet, end snippet).
    A title repeated on the page (headline, then again above the body) takes its first copy."""
    first = anchor if isinstance(anchor, str) else anchor[0]
    if text.count(first) != 1 and not (first_of_many and first in text):
        raise SystemExit(f"{where}: anchor start found {text.count(first)} times: {first[:40]!r}")
    start = text.index(first)
    if isinstance(anchor, str):
        return start, start + len(anchor)
    end = text.find(anchor[1], start)
    if end < 0:
        raise SystemExit(f"{where}: anchor end not found after start: {anchor[1][:40]!r}")
    return start, end + len(anchor[1])


def compile_gold(annot: Path, data: Path) -> int:
    """Annotator's step: the anchors file (kept outside git, it quotes the texts) -> gold.jsonl."""
    table = runpy.run_path(str(annot))["ART"]
    lines = []
    for art in (a for a in recipe()["articles"] if a["set"] == 1):
        text, a = read_text(data, art), table[art["id"]]
        meta = dict(a["meta"])
        meta["byline"] = [{"name": n, "role": r} for n, r in meta["byline"]]
        if meta["title"]:
            s, e = locate(text, meta["title"], f"{art['id']} title", first_of_many=True)
            meta["title"] = {"start": s, "end": e, "sha12": sha12(text[s:e])}
        quotes = []
        for i, q in enumerate(a["quotes"]):
            assert q["kind"] in KINDS and q["type"] in SPEAKER_TYPES, (art["id"], i)
            s, e = locate(text, q["anchor"], f"{art['id']} quote {i}")
            quotes.append(
                {
                    "start": s,
                    "end": e,
                    "sha12": sha12(text[s:e]),
                    "kind": q["kind"],
                    "speaker": q["speaker"],
                    "speaker_type": q["type"],
                    "speaker_mention": " ".join(q["mention"].split()),
                }
            )
        quotes.sort(key=lambda q: (q["start"], q["end"]))
        row = {"id": art["id"], "meta": meta, "quotes": quotes}
        lines.append(json.dumps(row, ensure_ascii=False))
    GOLD.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {GOLD} ({len(lines)} articles)")
    return 0


def stats(data: Path) -> int:
    rows = load(data)
    quotes = [q for r in rows for q in r["quotes"]]
    lengths = sorted(len(r["article_text"]) for r in rows)
    speakers = {(q["speaker"], q["speaker_type"]) for q in quotes}
    print(f"articles {len(rows)}, quotes {len(quotes)}")
    print("quote kinds", dict(Counter(q["type"] for q in quotes)))
    print("quotes by speaker type", dict(Counter(q["speaker_type"] for q in quotes)))
    print("distinct speakers by type", dict(Counter(t for _, t in speakers)))
    print("pronoun/empty mentions", sum(q["speaker_mention"].lower() in PRONOUNS for q in quotes))
    print(
        f"outlets {len({r['meta']['outlet'] for r in rows})}, named in text "
        f"{sum(bool(r['meta']['outlet_in_text']) for r in rows)}"
    )
    print(
        f"chars min {lengths[0]} median {lengths[len(lengths) // 2]} max {lengths[-1]} "
        f"total {sum(lengths)}"
    )
    return 0


PRONOUNS = {"", "he", "she", "they", "it", "we", "i"}


def main(argv: list[str]) -> int:
    set_no = 2
    if "--set" in argv:
        k = argv.index("--set")
        if k + 1 >= len(argv) or argv[k + 1] not in {str(n) for n in SETS}:
            print(f"--set takes one of {', '.join(map(str, SETS))}", file=sys.stderr)
            return 2
        set_no, argv = int(argv[k + 1]), argv[:k] + argv[k + 2 :]
    if not argv or argv[0] not in {"check", "load", "stats", "compile", "stories"}:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, rest = argv[0], argv[1:]
    if set_no > 2 and cmd not in {"check", "stories"}:
        print(f"{cmd}: set {set_no} has story labels only (check, stories)", file=sys.stderr)
        return 2
    recipe_path, _, default_data = SETS[set_no]
    if cmd == "compile":
        if not rest:
            print("compile needs ANNOT.py", file=sys.stderr)
            return 2
        return compile_gold(Path(rest[0]), Path(rest[1]) if len(rest) > 1 else DEFAULT_DATA)
    if cmd in {"load", "stories"}:
        if not rest:
            print(f"{cmd} needs OUT.jsonl", file=sys.stderr)
            return 2
        data, out = (
            (Path(rest[0]), Path(rest[1])) if len(rest) > 1 else (default_data, Path(rest[0]))
        )
        if cmd == "stories":
            return write_stories(data, out, set_no)
        rows = load(data)
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        print(f"wrote {out} ({len(rows)} articles)")
        return 0
    data = Path(rest[0]) if rest else default_data
    return check(data, recipe_path) if cmd == "check" else stats(data)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
