"""Quote recall and speaker accuracy on the five demo articles, with and without the packaged
alias table.

Usage: python bench/eval_demo.py [--no-packaged-aliases] [--json]

The seeds (data/seeds/) are ingested as `ukpeace ingest` does and scored against
tests/fixtures/quotes_gold.yaml by the very function tests/test_quotes.py asserts with
(`score_seeds`: gold and stored quote overlap on at least half the gold span, one to one; the
speaker is right when the global canonical names agree). `--no-packaged-aliases` empties the
packaged alias table for this process only (a monkeypatch here, nothing in src/ changes), so
the figure shows what the general machinery does without the demo-name knowledge the table
holds. The user's own alias file is never read (a private empty config folder).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from eval_quotes import empty_packaged_aliases

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
TEST_QUOTES = ROOT / "tests" / "test_quotes.py"


def _score_seeds() -> Any:
    """tests/test_quotes.py's scorer, so bench and tests agree on what "right" means."""
    spec = importlib.util.spec_from_file_location("_seed_gold_scorer", TEST_QUOTES)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"{TEST_QUOTES}: cannot load")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_seeds


def seed_figures() -> dict[str, Any]:
    from ukpeace_cli.annotate import annotate_record, load_annotating_pipeline
    from ukpeace_cli.entities import Resolver, load_aliases
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import Store

    pipe = load_annotating_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store.jsonl")
        items = iter_inputs([str(p) for p in sorted(SEEDS.glob("*.txt"))])
        for res in ingest(items, store, pipeline=pipe, annotator=annotate_record):
            if res.status != "added":
                raise RuntimeError(f"{res}: not ingested")
        records = {Path(r["source"]).name[:3]: r for r in store.iter_records()}
    aliases = load_aliases(None)
    s = _score_seeds()(records, Resolver.build(records.values(), aliases))
    return {
        "alias_entries": len(aliases.get("entities", [])),
        "ruler": pipe.ruler or "none",
        "gold": s["gold"],
        "matched": s["matched"],
        "recall": s["matched"] / max(s["gold"], 1),
        "quoted_recall": s["quoted_matched"] / max(s["quoted"], 1),
        "quoted": s["quoted"],
        "speaker_ok": s["speaker_ok"],
        "speaker": s["speaker_ok"] / max(s["matched"], 1),
        "wrong": s["wrong"],
        "misses": s["misses"],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--no-packaged-aliases", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and wrong speakers")
    args = ap.parse_args(argv)
    os.environ["UKPEACE_CONFIG_DIR"] = tempfile.mkdtemp(prefix="ukpeace-eval-config-")
    if args.no_packaged_aliases:
        empty_packaged_aliases()
    f = seed_figures()
    if args.json:
        print(json.dumps({k: v for k, v in f.items() if k not in ("wrong", "misses")}))
        return 0
    table = "emptied" if args.no_packaged_aliases else "packaged"
    print(f"demo articles, alias table {table} ({f['alias_entries']} entries, ruler {f['ruler']})")
    print(
        f"recall {f['recall']:.3f} ({f['matched']}/{f['gold']}), quote-marked "
        f"{f['quoted_recall']:.3f} of {f['quoted']}; speaker accuracy {f['speaker']:.3f} "
        f"({f['speaker_ok']}/{f['matched']})"
    )
    if args.verbose:
        for art, text in f["misses"]:
            print(f"  miss  {art} {text}")
        for art, text, gold, ours in f["wrong"]:
            print(f"  wrong {art} {text!r}: gold {gold!r}, ours {ours!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
