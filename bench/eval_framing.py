"""Loaded language against the PTC corpus (SemEval-2020 Task 11): fit on train, score on dev.

    python bench/eval_framing.py fit PTC_DIR --vader VADER_LEXICON   # writes the packaged list
    python bench/eval_framing.py score PTC_DIR [--split dev] [--store STORE]

PTC_DIR is what ../shared/eval/framing/prepare.sh wrote (gold.jsonl, articles/). Texts and labels
stay there: only the selected VADER word forms and their train figures go into the package.

`fit` (train split ONLY): every word form of the VADER lexicon (MIT; `vader_lexicon.txt` in the
vaderSentiment 3.3.2 wheel on PyPI) is counted on the train articles, with how often an occurrence
lies inside a Loaded_Language or Name_Calling span. A form is kept when its smoothed precision
(hits + A * prior) / (occurrences + A) reaches T, prior being the share over all VADER forms. A and
T are chosen by 5-fold cross-validation over the train articles (span F1 of the held-out fold);
the grid and each fold's figure are printed (the tuning log, docs/framing.md). Dev is never read.

`score`: the packaged `loaded_language` list, matched as `compare` matches it, on each article's
raw text (PTC labels quoted and narrated words alike), scored by the shared scorer
`shared/eval/framing/eval_loaded.py` for Loaded_Language alone and for LL + Name_Calling.
`--store` (a store of the same articles ingested by ukpeace) adds the split of the flagged words
between the outlet's narration and quotes, as `compare` counts them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

from splits import find_shared

SCORER = "eval/framing/eval_loaded.py"
SCORER_ENV = "UKPEACE_FRAMING_SCORER"
TECHNIQUES = ("Loaded_Language", "Name_Calling,Labeling")
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
GRID_A = (1.0, 2.0, 4.0, 8.0)
GRID_T = (0.10, 0.12, 0.15, 0.18, 0.20, 0.25, 0.30)
FOLDS = 5
OUT = Path(__file__).resolve().parents[1] / "src/ukpeace_cli/data/loaded_language.yaml"

Article = tuple[str, list[tuple[int, int, str]], list[tuple[int, int]]]


def read_vader(path: Path) -> dict[str, float]:
    """Word forms (letters, inner ' or -) of the VADER lexicon with their mean valence."""
    out = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[a-z][a-z'-]*[a-z]", parts[0]):
            out[parts[0]] = float(parts[1])
    return out


def articles(ptc: Path, split: str) -> Iterator[tuple[dict, str]]:
    for line in (ptc / "gold.jsonl").open(encoding="utf-8"):
        gold = json.loads(line)
        if split in ("all", gold["split"]):
            path = ptc / "articles" / f"{gold['id']}.txt"
            yield gold, _read(path)


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:  # offsets count "\r\n" as two
        return fh.read()


def tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in WORD.finditer(text)]


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < ge and gs < e for gs, ge in spans)


def prepare(ptc: Path, split: str) -> list[Article]:
    out = []
    for gold, text in articles(ptc, split):
        spans = sorted(
            {(s["start"], s["end"]) for s in gold["spans"] if s["technique"] in TECHNIQUES}
        )
        out.append((gold["id"], tokens(text), spans))
    return out


def form_stats(arts: list[Article], vader: dict[str, float]) -> dict[str, list[int]]:
    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, toks, spans in arts:
        for s, e, w in toks:
            if w in vader:
                stats[w][0] += 1
                stats[w][1] += _overlaps(s, e, spans)
    return stats


def select(stats: dict[str, list[int]], a: float, t: float) -> dict[str, float]:
    n_all = sum(n for n, _ in stats.values()) or 1
    prior = sum(h for _, h in stats.values()) / n_all
    smoothed = {w: (h + a * prior) / (n + a) for w, (n, h) in stats.items()}
    return {w: p for w, p in smoothed.items() if p >= t}


def span_f1(arts: list[Article], chosen: set[str]) -> tuple[float, float, float]:
    pred_n = tp = gold_n = found = 0
    for _, toks, spans in arts:
        pred = [(s, e) for s, e, w in toks if w in chosen]
        pred_n += len(pred)
        tp += sum(_overlaps(s, e, spans) for s, e in pred)
        gold_n += len(spans)
        found += sum(_overlaps(s, e, pred) for s, e in spans)
    p = tp / pred_n if pred_n else 0.0
    r = found / gold_n if gold_n else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fit(ptc: Path, vader_path: Path, out: Path) -> None:
    vader = read_vader(vader_path)
    train = prepare(ptc, "train")
    order = list(range(len(train)))
    random.Random(13).shuffle(order)
    folds = [set(order[i::FOLDS]) for i in range(FOLDS)]
    print(f"train: {len(train)} articles; VADER forms: {len(vader)}; {FOLDS}-fold CV on train")
    best = (-1.0, 0.0, 0.0)
    for a in GRID_A:
        for t in GRID_T:
            figs = []
            for fold in folds:
                fit_part = [x for i, x in enumerate(train) if i not in fold]
                held = [x for i, x in enumerate(train) if i in fold]
                figs.append(span_f1(held, set(select(form_stats(fit_part, vader), a, t))))
            p, r = (sum(f[k] for f in figs) / FOLDS for k in (0, 1))
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            folds_txt = " ".join(f"{f[2]:.3f}" for f in figs)
            print(f"A={a:g} T={t:.2f}: CV P {p:.3f} R {r:.3f} F1 {f1:.3f}  (folds {folds_txt})")
            if f1 > best[0]:
                best = (f1, a, t)
    f1, a, t = best
    stats = form_stats(train, vader)
    chosen = select(stats, a, t)
    print(f"chosen A={a:g} T={t:.2f} (CV F1 {f1:.3f}): {len(chosen)} forms")
    write_list(out, chosen, stats, vader, a, t, f1)
    print(f"wrote {out}")


def write_list(
    out: Path,
    chosen: dict[str, float],
    stats: dict[str, list[int]],
    vader: dict[str, float],
    a: float,
    t: float,
    f1: float,
) -> None:
    head = f"""\
# Loaded language: word forms of the VADER lexicon kept for how often they carry loaded
# language in news. Written by bench/eval_framing.py fit; do not edit by hand.
#
# Sources and licences:
#   candidates  VADER sentiment lexicon, vader_lexicon.txt of vaderSentiment 3.3.2 (PyPI),
#               C.J. Hutto and E. Gilbert 2014, MIT licence (c) 2016 C.J. Hutto: its word
#               forms and mean valence are reproduced under that licence.
#   selection   the train split of the PTC corpus v2 (SemEval-2020 Task 11, Da San Martino
#               et al. 2020; split: shared/eval/framing/README.md): per form, how often it
#               occurs in the 297 train articles and how often inside a Loaded_Language or
#               Name_Calling span. Only these counts are kept here, no text of the corpus.
#   rule        kept when (hits + A * prior) / (count + A) >= T, prior = the share over all
#               VADER forms; A = {a:g}, T = {t:.2f} chosen by 5-fold cross-validation on train
#               (span F1 {f1:.3f}); the dev split was not read.
# Each entry: form: [train count, train hits, VADER valence]. Matched as whole word forms
# (no inflection: VADER lists its forms one by one), case-insensitive, with the proper-noun
# check of lexicons.py.
source: vader-3.3.2+ptc-train
"""
    lines = [head, "loaded_language:"]
    for w in sorted(chosen):
        n, h = stats[w]
        lines.append(f'  "{w}": [{n}, {h}, {vader[w]:g}]')
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def predict(ptc: Path, split: str, system: str = "list") -> list[dict]:
    """Spans per article: the packaged list (`list`) or the token model (`model`, with its
    expected count, the sum of token probabilities, as `count` for the density ranking)."""
    from ukpeace_cli.compare.framing import loaded_matcher
    from ukpeace_cli.framing.model import load_model
    from ukpeace_cli.lexicons import load_lexicons

    matcher = loaded_matcher(load_lexicons())
    model = load_model()
    preds: list[dict] = []
    for gold, text in articles(ptc, split):
        if system == "list":
            preds.append(
                {"id": gold["id"], "spans": [[m.start, m.end] for m in matcher.find(text)]}
            )
            continue
        scored = model.score(text)
        spans = [[f.start, f.end] for f in scored.spans(model.threshold)]
        expected = float(scored.probabilities.sum())
        preds.append({"id": gold["id"], "spans": spans, "expected": expected})
    return preds


def score(ptc: Path, split: str, scorer: Path, store: str | None, system: str = "list") -> None:
    preds = predict(ptc, split, system)
    flagged = sum(1 for p in preds if p["spans"])
    print(f"{system} on {split}: {len(preds)} articles, "
          f"{sum(len(p['spans']) for p in preds)} spans, flagged {flagged}")  # fmt: skip
    counts = {"spans": None, "expected": "expected"} if system == "model" else {"spans": None}
    for rank_by, key in counts.items():
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=("fit", "score"))
    ap.add_argument("ptc", type=Path, help="the folder prepare.sh wrote")
    ap.add_argument("--vader", type=Path, help="vader_lexicon.txt (fit)")
    ap.add_argument("--out", type=Path, default=OUT, help="where fit writes the list")
    ap.add_argument("--split", default="dev", choices=("dev", "train", "all"))
    ap.add_argument(
        "--system", default="list", choices=("list", "model"), help="score (default list)"
    )
    ap.add_argument("--store", help="a ukpeace store of the same articles (narration/quotes)")
    ap.add_argument("--scorer", help=f"the shared scorer (default: found; env {SCORER_ENV})")
    args = ap.parse_args(argv)
    if not (args.ptc / "gold.jsonl").is_file():
        print(f"{args.ptc}: no gold.jsonl (run shared/eval/framing/prepare.sh)", file=sys.stderr)
        return 2
    if args.what == "fit":
        if not args.vader or not args.vader.is_file():
            print(f"{args.vader}: --vader must name vader_lexicon.txt", file=sys.stderr)
            return 2
        fit(args.ptc, args.vader, args.out)
        return 0
    try:
        scorer = find_shared(SCORER, args.scorer, SCORER_ENV)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 2
    score(args.ptc, args.split, scorer, args.store, args.system)
    return 0


if __name__ == "__main__":
    sys.exit(main())
