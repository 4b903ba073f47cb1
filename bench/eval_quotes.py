"""Score ukpeace's quote extraction on an external annotated set (GGT or PolNeAR as JSONL).

Usage: python bench/eval_quotes.py GOLD.jsonl [--split dev|test|all] [--pred OUT.jsonl]
           [--scorer PATH] [--cache DIR] [--no-packaged-aliases] [--full] [--json] [--limit N]

Each article's `article_text` is annotated exactly as ingest does (the same pipeline, the same
`entities.article_mentions` and `quotes.extract_quotes`), so offsets line up with the gold. The
predictions are written in the scorer's format and scored by the shared scorer
`shared/eval/quotes/eval_quotes.py` (found beside the checkout or any folder above it, or beside
the main checkout of a worktree; `--scorer` or UKPEACE_QUOTE_SCORER to point elsewhere).

Splits (bench/splits.py, docs/quotes.md "Splits"): GGT articles are `dev` or `test` by the parity
of the SHA-256 of their id; PolNeAR files keep their published split (`polnear_test.jsonl` is all
`test`). `--split all` (the default) scores each half on its own and then the whole file;
`--split dev` annotates and scores the dev half only. Tune on dev; report test.

The figures printed are the scorer's strict ones (the ones to quote): strict-span P/R/F1 (the
overlap covers the threshold share of the gold AND of the prediction), strict speaker accuracy on
matched quotes, quote+speaker P/R/F1 (matched with a strictly right speaker), at overlap 0.3 and
0.8; `--full` also prints the scorer's own report.

How ukpeace's records map onto the annotation schemes (both annotate what a reader would call
one quotation):
- direct quotes span their marks, as the gold does;
- a partial quote inside reported speech ("mixed" in both sets) is scored as its whole reported
  clause, once per clause; nested quotes and `term`s (names in quote marks) are not quotations
  there and are left out;
- speaker: the resolved name; when there is none (groups, anonymous and unresolved sources) the
  mention as written, which is what GGT records for them. PolNeAR records mentions only, so its
  speakers are scored against `speaker_mention` ("he", "the newspaper");
- the reading (`--reading`): GGT annotates speech, PolNeAR every attribution relation (beliefs
  and plans too, and one relation for a statement interrupted by its cue, its content in
  pieces). The `attributions` reading (auto for PolNeAR) adds the `attitude` records and joins
  a quote to the prediction before it when the record says it carries on that statement (its
  `via` is chain, paragraph or previous) or shares its cue and sentence ("A," she said. "B.")
  with the same speaker; the `speech` reading (auto for GGT) does neither.
Also prints the time the quote pass takes next to spaCy's own, the ingest-speed budget.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from splits import find_shared, parts, select, split_of

SCORER = "eval/quotes/eval_quotes.py"
SCORER_ENV = "UKPEACE_QUOTE_SCORER"
THRESHOLDS = ("0.3", "0.8")


JOINING = ("chain", "paragraph", "previous")
NOT_SPEECH = ("attitude", "topic", "finding")  # record kinds only the attributions reading keeps


def joins(q: dict[str, Any], prev: dict[str, Any]) -> bool:
    """Does quote `q` carry on the attribution `prev` (the prediction before it)? Only a
    quote whose speaker was carried over from the statement before it (`via` chain,
    paragraph or previous: no cue of its own) and who is the same speaker."""
    if q["kind"] == "indirect" or prev["kind"] == "indirect" or not q.get("speaker"):
        return False
    if q["speaker"] != prev["_name"]:  # the resolved speaker: "she" and "Lynch" are one
        return False
    if q.get("via") in JOINING:
        return True
    # "A," she said. "B.": two pieces around one cue (the sentences they sit in overlap)
    s, e = q["sentence"]
    ps, pe = prev["_sentence"]
    return q.get("cue") is not None and q.get("cue") == prev["cue"] and s < pe and ps < e


def predictions(
    doc_quotes: list[dict[str, Any]], text: str, mention_mode: bool, relations: bool = False
) -> list[dict]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for q in doc_quotes:
        if q["kind"] == "term" or q.get("nested") or (q["kind"] in NOT_SPEECH and not relations):
            continue
        start, end = q["start"], q["end"]
        if q["kind"] == "partial" and q.get("clause"):
            start, end = q["clause"]
        elif q.get("marks"):
            open_mark, close_mark = q["marks"]
            start -= len(open_mark or "")
            end += len(close_mark or "")
        if (start, end) in seen:
            continue
        seen.add((start, end))
        if mention_mode:
            speaker = q.get("speaker_mention") or q.get("speaker") or ""
        else:
            speaker = q.get("speaker")
            if not speaker or speaker == "anonymous source":
                speaker = q.get("speaker_mention") or ""
        prev = out[-1] if out else None
        if relations and prev is not None and joins(q, prev):
            # one attribution relation, its content in pieces ("A," she said. "B.")
            prev.setdefault("content_spans", [[prev["start"], prev["end"]]])
            prev["content_spans"].append([start, end])
            prev["end"] = end
            continue
        out.append(
            {
                "text": text[start:end],
                "speaker": speaker,
                "start": start,
                "end": end,
                "m": q.get("speaker_mention"),
                "via": q.get("via"),
                "kind": q["kind"],
                "cue": q.get("cue"),
                "_sentence": q["sentence"],
                "_name": q.get("speaker"),
            }
        )
    return out


EMPTY_ALIASES = "entities: []\n"


def empty_packaged_aliases() -> None:
    """Make this process see an empty packaged alias table (no EntityRuler patterns, nothing to
    resolve against): shows what the general machinery does without the table's names. A
    monkeypatch of `names.aliases`' reader and caches, so nothing in src/ changes."""
    from ukpeace_cli.names import aliases

    aliases.packaged_aliases_text = lambda: EMPTY_ALIASES  # type: ignore[assignment]
    aliases._packaged_table.cache_clear()
    aliases._active_index = None
    if aliases.load_aliases(None).get("entities"):
        raise RuntimeError("the packaged alias table is still read: update empty_packaged_aliases")


class DocCache:
    """spaCy Docs kept on disk (DocBin) by pipeline key and text, so reruns (ablations, rule
    changes after the model) skip the model. Only for evaluation: ingest never reads it."""

    def __init__(self, folder: str | None, pipe: Any):
        self.folder = Path(folder) if folder else None
        self.pipe = pipe
        self.hits = 0
        if self.folder:
            self.folder.mkdir(parents=True, exist_ok=True)

    def _path(self, text: str) -> Path | None:
        if not self.folder:
            return None
        key = hashlib.sha256(f"{self.pipe.key}\n{text}".encode()).hexdigest()[:24]
        return self.folder / f"{key}.spacy"

    def doc(self, text: str) -> Any:
        from spacy.tokens import DocBin

        path = self._path(text)
        if path and path.is_file():
            self.hits += 1
            return next(DocBin().from_bytes(path.read_bytes()).get_docs(self.pipe.nlp.vocab))
        doc = self.pipe.nlp(text)
        if path:
            path.write_bytes(DocBin(docs=[doc]).to_bytes())
        return doc


def annotate_rows(
    rows: list[dict[str, Any]], mention_mode: bool, cache_dir: str | None, relations: bool = False
) -> tuple[list[dict[str, Any]], dict[str, float], int]:
    """Predictions per article, the time of each stage and the number of crashes."""
    from ukpeace_cli import entities
    from ukpeace_cli.annotate import load_annotating_pipeline
    from ukpeace_cli.quotes import extract_quotes

    cache = DocCache(cache_dir, load_annotating_pipeline())
    times = {"spacy": 0.0, "entities": 0.0, "quotes": 0.0}
    preds, failures = [], 0
    for row in rows:
        text = row["article_text"]
        record = {"id": row["id"], "text": text, "paragraphs": []}
        t0 = time.perf_counter()
        doc = cache.doc(text)
        t1 = time.perf_counter()
        mentions = entities.article_mentions(doc, record)
        t2 = time.perf_counter()
        try:
            quotes = extract_quotes(doc, record, mentions)
        except Exception as exc:
            failures += 1
            print(f"crash on {row['id']}: {type(exc).__name__}: {exc}", file=sys.stderr)
            quotes = []
        t3 = time.perf_counter()
        times["spacy"] += t1 - t0
        times["entities"] += t2 - t1
        times["quotes"] += t3 - t2
        for q in quotes:
            assert text[q["start"] : q["end"]] == q["text"]
        preds.append(
            {
                "id": row["id"],
                "quotes": predictions(
                    quotes,
                    text,
                    mention_mode,
                    relations,
                ),
            }
        )
    times["cached"] = cache.hits
    return preds, times, failures


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def run_scorer(
    scorer: Path, gold: list[dict[str, Any]], preds: list[dict[str, Any]]
) -> tuple[dict[str, Any], str]:
    """The scorer's counts (its `json:` line) and its full report, on these articles only."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_path, pred_path = Path(tmp) / "gold.jsonl", Path(tmp) / "pred.jsonl"
        _jsonl(gold_path, gold)
        _jsonl(pred_path, preds)
        proc = subprocess.run(
            [sys.executable, str(scorer), str(gold_path), str(pred_path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"{scorer}: exit {proc.returncode}: {proc.stderr.strip()[-500:]}")
    line = next(x for x in reversed(proc.stdout.splitlines()) if x.startswith("json: "))
    return json.loads(line[len("json: ") :]), proc.stdout


def _prf(ok: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p, r = ok / max(n_pred, 1), ok / max(n_gold, 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def strict_figures(counts: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Per threshold: strict-span P/R/F1, strict speaker accuracy on (ordinary) matches,
    quote+speaker P/R/F1, as fractions, from the scorer's counts."""
    out = {}
    for th in THRESHOLDS:
        c = counts[th]
        sp, sr, sf = _prf(c["matched_strict_spans"], c["predicted"], c["gold"])
        jp, jr, jf = _prf(c["speaker_strict_ok"], c["predicted"], c["gold"])
        out[th] = {
            "articles": counts.get("articles", 0),
            "gold": c["gold"],
            "predicted": c["predicted"],
            "span_p": sp,
            "span_r": sr,
            "span_f1": sf,
            "speaker": c["speaker_strict_ok"] / max(c["matched"], 1),
            "qs_p": jp,
            "qs_r": jr,
            "qs_f1": jf,
        }
    return out


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    head = (
        f"{'split':<5} {'art':>4} {'gold':>5} {'pred':>5} {'overlap':>7} "
        f"{'span P':>6} {'R':>5} {'F1':>5}  {'speaker':>7}  {'q+s P':>6} {'R':>5} {'F1':>5}"
    )
    lines = [head]
    for split, per_th in results.items():
        for th, f in per_th.items():
            lines.append(
                f"{split:<5} {f['articles']:>4} {f['gold']:>5} {f['predicted']:>5} {th:>7} "
                f"{100 * f['span_p']:>6.1f} {100 * f['span_r']:>5.1f} {100 * f['span_f1']:>5.1f}  "
                f"{100 * f['speaker']:>7.1f}  {100 * f['qs_p']:>6.1f} {100 * f['qs_r']:>5.1f} "
                f"{100 * f['qs_f1']:>5.1f}"
            )
    return "\n".join(lines)


def evaluate(
    gold_path: str,
    split: str,
    scorer: Path,
    cache_dir: str | None = None,
    limit: int = 0,
    reading: str = "auto",
) -> dict[str, Any]:
    """Annotate the chosen split of a gold file and score it (each half and, for `all`, the
    whole file). Returns predictions, timings, crashes, strict figures and scorer reports."""
    with open(gold_path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    rows = select(rows, [r["id"] for r in rows], gold_path, split)
    if limit:
        rows = rows[:limit]
    mention_mode = any("speaker_is_mention" in q for r in rows for q in r["quotes"])
    relations = reading == "attributions" or (reading == "auto" and mention_mode)
    preds, times, failures = annotate_rows(rows, mention_mode, cache_dir, relations)
    figures, reports = {}, {}
    present = {split_of(r["id"], gold_path) for r in rows}
    for part in parts(split):
        if part == "all" and len(present) < 2:
            continue  # one split only (PolNeAR test): "all" would repeat it
        keep = [i for i, r in enumerate(rows) if part in ("all", split_of(r["id"], gold_path))]
        if not keep:
            continue
        gold, pred = [rows[i] for i in keep], [preds[i] for i in keep]
        counts, reports[part] = run_scorer(scorer, gold, pred)
        counts["articles"] = len(keep)
        figures[part] = strict_figures(counts)
    return {
        "predictions": preds,
        "times": times,
        "crashes": failures,
        "articles": len(rows),
        "figures": figures,
        "reports": reports,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--limit", type=int, default=0, help="first N articles of the split only")
    ap.add_argument("--pred", help="also write the predictions here (JSONL)")
    ap.add_argument("--scorer", help=f"the shared scorer (default: found; env {SCORER_ENV})")
    ap.add_argument("--cache", default=os.environ.get("UKPEACE_EVAL_CACHE"),
                    help="keep spaCy Docs here between runs (env UKPEACE_EVAL_CACHE)")  # fmt: skip
    ap.add_argument("--full", action="store_true", help="also print the scorer's own report")
    ap.add_argument(
        "--no-packaged-aliases",
        action="store_true",
        help="empty the packaged alias table in this process (src/ unchanged)",
    )
    ap.add_argument("--json", action="store_true", help="print one JSON line of figures only")
    ap.add_argument(
        "--reading",
        choices=("auto", "speech", "attributions"),
        default="auto",
        help="speech: quotes and reported speech; attributions: also attitudes, and the pieces "
        "of one statement joined (auto: attributions when the gold has mentions only, PolNeAR)",
    )
    args = ap.parse_args(argv)
    try:
        scorer = find_shared(SCORER, args.scorer, SCORER_ENV)
    except FileNotFoundError as exc:
        print(f"eval_quotes: scorer {exc}", file=sys.stderr)
        return 2
    if not Path(args.gold).is_file():
        print(f"eval_quotes: {args.gold}: gold file not found", file=sys.stderr)
        return 2
    # never the user's own alias file: figures must not depend on who runs them
    os.environ["UKPEACE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="ukpeace-eval-config-")
    if args.no_packaged_aliases:
        empty_packaged_aliases()
    res = evaluate(args.gold, args.split, scorer, args.cache, args.limit, args.reading)
    if args.pred:
        _jsonl(Path(args.pred), res["predictions"])
    if args.json:
        keys = ("figures", "times", "crashes", "articles")
        print(json.dumps({k: res[k] for k in keys}, sort_keys=True))
        return 0
    t = res["times"]
    print(f"{args.gold}: {res['articles']} articles ({args.split}), {res['crashes']} crashes")
    ratio = f"{100 * t['quotes'] / max(t['spacy'], 1e-9):.1f}% of spaCy"
    if t["cached"]:
        ratio = f"spaCy not timed: {int(t['cached'])} Docs from the cache"
    print(
        f"time: spaCy {t['spacy']:.2f}s, entity mentions {t['entities']:.2f}s, quotes "
        f"{t['quotes']:.2f}s ({ratio})"
    )
    if args.full:
        for part, report in res["reports"].items():
            print(f"--- scorer report, {part}\n{report}", end="")
    print(f"strict figures (scorer {scorer}):")
    print(table(res["figures"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
