"""Ablation: switch rule families off one at a time and show what each one gains on dev and test.

Usage: python bench/ablate.py FAMILY [FAMILY ...] [--gold GGT.jsonl] [--cache DIR]
           [--threshold 0.3|0.8] [--json]

For each FAMILY, bench/eval_quotes.py runs in a fresh process with `UKPEACE_ABLATE=FAMILY` (a
comma-separated list also works: `a,b` switches both off together), next to one run with
`UKPEACE_ABLATE` unset. The gain of a family is the baseline figure minus the figure with the
family off: positive means the rules help, zero or less means they can go (issue 12 item 4).
Gains are shown on GGT dev and GGT test (bench/splits.py): decide on dev, confirm on test.

The contract with the quote code (it reads the variable in ONE place, once per process):
`UKPEACE_ABLATE` is a comma-separated list of family names; the code names its families in one
table, `ukpeace_cli.ablation.FAMILIES` (name -> what the rules do), and refuses an unknown name.
With no FAMILY given, this script takes every name in that table. A family whose rules never
fire on the set shows "no effect" in the last column (the predictions are byte for byte the
baseline's).

One family is switched off here, not in the code: `packaged-aliases` empties the packaged alias
table (bench/eval_quotes.py --no-packaged-aliases).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ENV = "UKPEACE_ABLATE"
BENCH_FAMILIES = {"packaged-aliases": ["--no-packaged-aliases"]}
DEFAULT_GOLD = "/work/evaldata/quotes/ggt_eval.jsonl"
METRICS = (("span_f1", "span F1"), ("speaker", "speaker"), ("qs_f1", "q+s F1"))


def run(gold: str, family: str | None, cache: str | None, tmp: Path) -> dict[str, Any]:
    """One eval_quotes run (both halves) with `family` off; its figures and predictions."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    extra: list[str] = []
    if family:
        names = [f.strip() for f in family.split(",") if f.strip()]
        for name in names:
            extra += BENCH_FAMILIES.get(name, [])
        code_names = [n for n in names if n not in BENCH_FAMILIES]
        if code_names:
            env[ENV] = ",".join(code_names)
    pred = tmp / f"pred-{family or 'baseline'}.jsonl"
    cmd = [sys.executable, str(HERE / "eval_quotes.py"), gold, "--json", "--pred", str(pred)]
    cmd += [*(["--cache", cache] if cache else []), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{family or 'baseline'}: exit {proc.returncode}: {proc.stderr[-800:]}")
    out: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    out["pred"] = pred.read_text("utf-8").splitlines()
    return out


def gains(base: dict[str, Any], off: dict[str, Any], th: str) -> dict[str, Any]:
    """Per split and metric: the baseline minus the ablated figure (points); articles changed."""
    row: dict[str, Any] = {}
    for split in ("dev", "test"):
        b, o = base["figures"][split][th], off["figures"][split][th]
        for key, _ in METRICS:
            row[f"{split}_{key}"] = 100 * (b[key] - o[key])
    row["changed"] = sum(x != y for x, y in zip(base["pred"], off["pred"], strict=True))
    return row


def render(base: dict[str, Any], rows: dict[str, dict[str, Any]], th: str) -> str:
    cols = "  ".join(f"{label:>8}" for _, label in METRICS)
    lines = [f"gain = baseline - family off, points at overlap {th} (positive: the family helps)"]
    lines.append(f"{'family':<24}  dev  {cols}  |  test {cols}  | changed articles")
    for split_label, split in (("dev", "dev"), ("test", "test")):
        f = base["figures"][split][th]
        figs = "  ".join(f"{100 * f[k]:>8.1f}" for k, _ in METRICS)
        lines.append(f"{'(baseline ' + split_label + ')':<24}  {figs}")
    for family, r in rows.items():
        dev = "  ".join(f"{r['dev_' + k]:>+8.1f}" for k, _ in METRICS)
        test = "  ".join(f"{r['test_' + k]:>+8.1f}" for k, _ in METRICS)
        note = str(r["changed"]) if r["changed"] else "0 (no effect)"
        lines.append(f"{family:<24}       {dev}  |       {test}  | {note}")
    return "\n".join(lines)


def code_families() -> list[str]:
    """The families the code declares (`ukpeace_cli.ablation.FAMILIES`), [] before it does."""
    try:
        ablation = importlib.import_module("ukpeace_cli.ablation")
    except ImportError:
        return []
    return list(getattr(ablation, "FAMILIES", {}))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument(
        "families", nargs="*", help="rule families (a,b: both off together; default: all known)"
    )
    ap.add_argument("--gold", default=DEFAULT_GOLD, help="a set with dev and test halves (GGT)")
    ap.add_argument("--cache", default=os.environ.get("UKPEACE_EVAL_CACHE"),
                    help="spaCy Doc cache for eval_quotes (env UKPEACE_EVAL_CACHE)")  # fmt: skip
    ap.add_argument("--threshold", choices=("0.3", "0.8"), default="0.3")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not Path(args.gold).is_file():
        print(f"ablate: {args.gold}: gold file not found", file=sys.stderr)
        return 2
    families = args.families or [*code_families(), *BENCH_FAMILIES]
    if not args.families and not code_families():
        print("ablate: the code declares no families yet (ukpeace_cli.ablation.FAMILIES);"
              " only packaged-aliases is run", file=sys.stderr)  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        base = run(args.gold, None, args.cache, Path(tmp))
        if not {"dev", "test"} <= set(base["figures"]):
            print(f"ablate: {args.gold}: needs both a dev and a test half", file=sys.stderr)
            return 2
        rows = {f: gains(base, run(args.gold, f, args.cache, Path(tmp)), args.threshold)
                for f in families}  # fmt: skip
    if args.json:
        print(json.dumps({"baseline": base["figures"], "gains": rows}, sort_keys=True))
    else:
        print(render(base, rows, args.threshold))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
