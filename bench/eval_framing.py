"""Loaded language against the PTC corpus (SemEval-2020 Task 11): the token model on dev.

    python bench/eval_framing.py score PTC_DIR [--split dev] [--store STORE]
    python bench/eval_framing.py speed PTC_DIR [--articles 1000]

PTC_DIR is what ../shared/eval/framing/prepare.sh wrote (gold.jsonl, articles/). Texts and labels
stay there. The model is trained on the train split by bench/framing_model.py (dev never read).

`score`: the packaged token model (`ukpeace_cli.framing`, as `compare` runs it) on each article's
raw text (PTC labels quoted and narrated words alike), scored by the shared scorer
`shared/eval/framing/eval_loaded.py` for Loaded_Language alone and for LL + Name_Calling, with
the articles ranked three ways: by flagged spans per 1,000 words, by the plain sum of token
probabilities per 1,000 words, and by the article-level regression's density (what `compare`
shows as "loaded density").
`--store` (a store of the same articles ingested by ukpeace) adds the split of the flagged spans
between the outlet's narration and quotes, as `compare` counts them.

`speed`: what the model adds to `compare`: loading it, and the `loaded` measure over --articles
PTC texts (cycled; whole text as narration), with a fresh model so its caches start cold.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from splits import find_shared

SCORER = "eval/framing/eval_loaded.py"
SCORER_ENV = "UKPEACE_FRAMING_SCORER"
TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")


def articles(ptc: Path, split: str) -> Iterator[tuple[dict, str]]:
    for line in (ptc / "gold.jsonl").open(encoding="utf-8"):
        gold = json.loads(line)
        if split in ("all", gold["split"]):
            path = ptc / "articles" / f"{gold['id']}.txt"
            yield gold, _read(path)


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:  # offsets count "\r\n" as two
        return fh.read()


def predict(ptc: Path, split: str) -> list[dict]:
    """The token model's spans per article, with its expected count for the density ranking:
    the article model's (`expected`, what `compare` shows) and the plain sum of token
    probabilities (`plain`)."""
    from ukpeace_cli.framing.model import load_model

    model = load_model()
    preds: list[dict] = []
    for gold, text in articles(ptc, split):
        scored = model.score(text)
        spans = [[f.start, f.end] for f in scored.spans(model.threshold)]
        whole = [(0, len(text))]
        plain = float(scored.probabilities.sum())
        expected = scored.expected(whole)  # the article model's estimate, as `compare` shows it
        preds.append({"id": gold["id"], "spans": spans, "expected": expected, "plain": plain})
    return preds


def score(ptc: Path, split: str, scorer: Path, store: str | None) -> None:
    preds = predict(ptc, split)
    flagged = sum(1 for p in preds if p["spans"])
    print(f"model on {split}: {len(preds)} articles, "
          f"{sum(len(p['spans']) for p in preds)} spans, flagged {flagged}")  # fmt: skip
    for rank_by, key in (
        ("spans", None),
        ("sum of probabilities", "plain"),
        ("density", "expected"),
    ):
        lines = [
            {"id": p["id"], "spans": p["spans"], **({"count": p[key]} if key else {})}
            for p in preds
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as fh:
            fh.write("".join(json.dumps(x) + "\n" for x in lines))
        for techniques in ("Loaded_Language", "Loaded_Language,Name_Calling,Labeling"):
            cmd = [sys.executable, str(scorer), str(ptc / "gold.jsonl"), fh.name, "--split", split]
            res = subprocess.run([*cmd, "--techniques", techniques], capture_output=True, text=True)
            line = next(x for x in res.stdout.splitlines() if x.startswith("json: "))
            fig = json.loads(line[6:])
            print(f"vs {techniques} (rho by {rank_by}): {_summary(fig)}")
        Path(fh.name).unlink()
    if store:
        narration_vs_quotes(store)


def _summary(fig: dict) -> str:
    span = fig.get("span", {})
    keys = ("p", "r", "f1")
    vals = " / ".join(f"{100 * float(span.get(k, 0)):.1f}" for k in keys)
    return f"span P/R/F1 {vals}, rho {float(fig.get('spearman', 0)):.3f}; json {json.dumps(fig)}"


def narration_vs_quotes(store: str) -> None:
    from ukpeace_cli.compare import make_articles
    from ukpeace_cli.compare.framing import loaded
    from ukpeace_cli.lexicons import load_lexicons
    from ukpeace_cli.store import Store

    arts = make_articles(r for r in Store(store).iter_records() if r.get("nlp"))
    m = loaded(arts, load_lexicons())
    for row in m.rows[:2]:
        total = sum(len(v) for v in row.evidence.values())
        print(f"store {store}: {row.label}: {total} items in {len(arts)} articles")


def speed(ptc: Path, n: int) -> None:
    import time

    from ukpeace_cli.compare import make_articles
    from ukpeace_cli.compare.framing import loaded
    from ukpeace_cli.framing import model as framing_model
    from ukpeace_cli.lexicons import load_lexicons

    texts = [text for _, text in articles(ptc, "all")]
    recs = [
        {"id": f"a{i}", "source": f"a{i}.txt", "text": texts[i % len(texts)], "outlet": f"o{i}"}
        for i in range(n)
    ]
    arts = make_articles(recs)
    words = sum(a.narration_words for a in arts)
    lex = load_lexicons()
    t0 = time.perf_counter()
    framing_model.load_model.cache_clear()
    model = framing_model.load_model()
    t1 = time.perf_counter()
    loaded(arts, lex, model)
    t2 = time.perf_counter()
    print(f"model load {t1 - t0:.3f} s; loaded measure over {n} articles ({words} words): "
          f"{t2 - t1:.2f} s = {1000 * (t2 - t1) / n:.2f} s per 1,000 articles, "
          f"{1e6 * (t2 - t1) / words:.1f} s per million words")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=("score", "speed"))
    ap.add_argument("--articles", type=int, default=1000, help="speed: how many articles")
    ap.add_argument("ptc", type=Path, help="the folder prepare.sh wrote")
    ap.add_argument("--split", default="dev", choices=("dev", "train", "all"))
    ap.add_argument("--store", help="a ukpeace store of the same articles (narration/quotes)")
    ap.add_argument("--scorer", help=f"the shared scorer (default: found; env {SCORER_ENV})")
    args = ap.parse_args(argv)
    if not (args.ptc / "gold.jsonl").is_file():
        print(f"{args.ptc}: no gold.jsonl (run shared/eval/framing/prepare.sh)", file=sys.stderr)
        return 2
    if args.what == "speed":
        speed(args.ptc, args.articles)
        return 0
    try:
        scorer = find_shared(SCORER, args.scorer, SCORER_ENV)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    score(args.ptc, args.split, scorer, args.store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
