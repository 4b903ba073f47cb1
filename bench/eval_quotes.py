"""Score ukpeace's quote extraction on an external annotated set (GGT or PolNeAR as JSONL).

Usage: python bench/eval_quotes.py GOLD.jsonl [--limit N] [--pred OUT.jsonl] [--scorer PATH]

Each article's `article_text` is annotated exactly as ingest does (the same pipeline, the same
`entities.article_mentions` and `quotes.extract_quotes`), so offsets line up with the gold. The
predictions are then written in the scorer's format and scored by
`../shared/eval/quotes/eval_quotes.py` (quote P/R/F1 at overlap 0.3 and 0.8, speaker accuracy).

How ukpeace's records map onto the annotation schemes (both annotate what a reader would call
one quotation):
- direct quotes span their marks, as the gold does;
- a partial quote inside reported speech ("mixed" in both sets) is scored as its whole reported
  clause, once per clause; nested quotes and `term`s (names in quote marks) are not quotations
  there and are left out;
- speaker: the resolved name; when there is none (groups, anonymous and unresolved sources) the
  mention as written, which is what GGT records for them. PolNeAR records mentions only, so its
  speakers are scored against `speaker_mention` ("he", "the newspaper").
Also prints the time the quote pass takes next to spaCy's own, the ingest-speed budget.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SCORER = ROOT.parent / "shared" / "eval" / "quotes" / "eval_quotes.py"


def predictions(doc_quotes: list[dict[str, Any]], text: str, mention_mode: bool) -> list[dict]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[int, int]] = set()
    for q in doc_quotes:
        if q["kind"] == "term" or q.get("nested"):
            continue
        start, end = q["start"], q["end"]
        if q["kind"] == "partial" and q.get("clause"):
            start, end = q["clause"]
        elif q.get("marks"):
            open_mark, close_mark = q["marks"]
            start -= len(open_mark or "")
            end += len(close_mark or "")
            if (
                close_mark
                and end < len(text)
                and text[end - 1] not in ",."
                and text[end : end + 1] in ","
            ):
                pass
        if (start, end) in seen:
            continue
        seen.add((start, end))
        if mention_mode:
            speaker = q.get("speaker_mention") or q.get("speaker") or ""
        else:
            speaker = q.get("speaker")
            if not speaker or speaker == "anonymous source":
                speaker = q.get("speaker_mention") or ""
        out.append(
            {
                "text": text[start:end],
                "speaker": speaker,
                "start": start,
                "end": end,
                "m": q.get("speaker_mention"),
                "via": q.get("via"),
                "kind": q["kind"],
            }
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--pred", help="where to write predictions (default: a temp file)")
    ap.add_argument("--scorer", default=str(DEFAULT_SCORER))
    args = ap.parse_args()

    from ukpeace_cli import entities
    from ukpeace_cli.annotate import load_annotating_pipeline
    from ukpeace_cli.quotes import extract_quotes

    with open(args.gold, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    if args.limit:
        rows = rows[: args.limit]
    mention_mode = any("speaker_is_mention" in q for r in rows for q in r["quotes"])
    pipe = load_annotating_pipeline()
    t_spacy = t_ents = t_quotes = 0.0
    failures = 0
    pred_path = Path(args.pred) if args.pred else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with pred_path.open("w", encoding="utf-8") as out:
        for row in rows:
            text = row["article_text"]
            record = {"id": row["id"], "text": text, "paragraphs": []}
            t0 = time.perf_counter()
            doc = pipe.nlp(text)
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
            t_spacy, t_ents, t_quotes = t_spacy + t1 - t0, t_ents + t2 - t1, t_quotes + t3 - t2
            for q in quotes:
                assert text[q["start"] : q["end"]] == q["text"]
            item = {"id": row["id"], "quotes": predictions(quotes, text, mention_mode)}
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"{len(rows)} articles, {failures} crashes; predictions in {pred_path}")
    print(
        f"time: spaCy {t_spacy:.2f}s, entity mentions {t_ents:.2f}s, quotes {t_quotes:.2f}s "
        f"(quotes = {100 * t_quotes / max(t_spacy, 1e-9):.1f}% of spaCy)"
    )
    sys.stdout.flush()
    gold_path = args.gold
    if args.limit:
        tmp = Path(tempfile.mkstemp(suffix=".jsonl")[1])
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        gold_path = str(tmp)
    proc = subprocess.run(
        [sys.executable, args.scorer, gold_path, str(pred_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    print(joint_f1(proc.stdout))
    return proc.returncode


def joint_f1(report: str) -> str:
    """Quote and speaker right together (PolNeAR's "source F1" when speakers are mentions):
    matched pairs with the right speaker over predicted and over gold, from the scorer's
    figures."""
    lines = []
    for block in re.split(r"(?=threshold )", report):
        head = re.search(r"threshold ([\d.]+): gold (\d+) .*predicted (\d+), matched (\d+)", block)
        acc = re.search(r"mention ([\d.]+)\s+resolved ([\d.]+|n/a)", block)
        if not head or not acc:
            continue
        th, n_gold, n_pred, matched = head.groups()
        for label, value in (("mention", acc.group(1)), ("resolved", acc.group(2))):
            if value == "n/a":
                continue
            ok = int(matched) * float(value) / 100
            p, r = ok / max(int(n_pred), 1), ok / max(int(n_gold), 1)
            f = 2 * p * r / (p + r) if p + r else 0.0
            lines.append(
                f"threshold {th}: quote+speaker ({label}) P {100 * p:.1f}  R {100 * r:.1f}  "
                f"F1 {100 * f:.1f}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
