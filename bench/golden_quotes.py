"""Golden check for the quote extractor: dump every stored quote, or compare with a dump.

Usage:
  python bench/golden_quotes.py dump OUT.json [--eval GOLD.jsonl ...]
  python bench/golden_quotes.py check OUT.json [--eval GOLD.jsonl ...]

The texts: the demo articles (data/seeds) and the synthetic articles in
tests/fixtures/golden_texts.yaml, ingested with `ukpeace ingest` into a temporary store (so
records carry ingest's paragraphs and headings); optionally the articles of external sets
(GGT/PolNeAR JSONL with `id` and `article_text`), annotated as bench/eval_quotes.py does. The
dump maps each article to its `nlp.quotes`; `check` exits 1 and prints the first differences
when anything differs. Run `dump` before a refactor and `check` after it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from golden import copy_texts, ingest, main


def ingested(tmp: Path) -> dict[str, Any]:
    src = tmp / "in"
    copy_texts(src, synthetic=True)
    store = tmp / "store.jsonl"
    ingest(str(src), str(store), None)
    out: dict[str, Any] = {}
    for line in store.read_text("utf-8").splitlines():
        rec = json.loads(line)
        out[Path(rec["source"]).name] = rec["nlp"]["quotes"]
    return out


def external(paths: list[str]) -> dict[str, Any]:
    from ukpeace_cli import entities
    from ukpeace_cli.annotate import load_annotating_pipeline
    from ukpeace_cli.quotes import extract_quotes

    pipe = load_annotating_pipeline()
    out: dict[str, Any] = {}
    for path in paths:
        for line in Path(path).read_text("utf-8").splitlines():
            row = json.loads(line)
            text = row["article_text"]
            record = {"id": row["id"], "text": text, "paragraphs": []}
            doc = pipe.nlp(text)
            mentions = entities.article_mentions(doc, record)
            out[f"{Path(path).name}:{row['id']}"] = extract_quotes(doc, record, mentions)
    return out


def quotes_of(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        now = ingested(Path(tmp))
    now.update(external(args.eval))
    return now


def first_difference(before: Any, after: Any) -> str | None:
    """The first quote that differs in an article."""
    old, new = before or [], after or []
    for a, b in zip(old + [None] * len(new), new + [None] * len(old), strict=False):
        if a != b:
            return f"  before {a}\n  after  {b}"
    return None


def eval_flag(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("--eval", nargs="*", default=[], help="external JSONL sets to include")


if __name__ == "__main__":
    sys.exit(main(quotes_of, __doc__ or "", extra=eval_flag, describe=first_difference))
