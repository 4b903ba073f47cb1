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
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "tests" / "fixtures" / "golden_texts.yaml"


def ingested(tmp: Path) -> dict[str, Any]:
    import yaml

    src = tmp / "in"
    src.mkdir()
    for seed in sorted((ROOT / "data" / "seeds").glob("*.txt")):
        (src / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    for k, text in enumerate(yaml.safe_load(SYNTHETIC.read_text("utf-8"))):
        (src / f"synthetic_{k:02d}.txt").write_text(text, "utf-8")
    store = tmp / "store.jsonl"
    cmd = [sys.executable, "-m", "ukpeace_cli", "ingest", str(src), "-s", str(store), "-q"]
    subprocess.run(cmd, check=True, capture_output=True)
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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file")
    ap.add_argument("--eval", nargs="*", default=[], help="external JSONL sets to include")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        now = ingested(Path(tmp))
    now.update(external(args.eval))
    n = sum(len(v) for v in now.values())
    if args.mode == "dump":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=1), "utf-8")
        print(f"{len(now)} articles, {n} quotes written to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text("utf-8"))
    diffs = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for k in diffs[:5]:
        old, new = before.get(k) or [], now.get(k) or []
        for a, b in zip(old + [None] * len(new), new + [None] * len(old), strict=False):
            if a != b:
                print(f"{k}:\n  before {a}\n  after  {b}")
                break
    print(f"{len(now)} articles, {n} quotes; {len(diffs)} articles differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
