"""Golden check for `compare`: dump its output on the seed store, or compare with a dump.

Usage:
  python bench/golden_compare.py dump OUT.json
  python bench/golden_compare.py check OUT.json

The demo articles (data/seeds) are ingested with `ukpeace ingest` into a store in a fixed
temporary folder (article ids hash the file's path, so it must not change between runs; a lock
keeps two runs apart). Then `ukpeace compare --format jsonl` runs: the default story twice
(clustered, then from the kept clusters), `--explain M` for every measure, the same with every
article chosen by `--article`, two measures with `--measure`, and the spread view (text and
SVG). The dump maps each command to its exact stdout (with the exit code); `check` exits 1 and
names the outputs that differ by a single byte. Run `dump` before a refactor and `check` after
it. The dump holds article text: keep it out of git.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEASURES = (
    "overview",
    "sources",
    "credit",
    "voices",
    "renderings",
    "reporting_verbs",
    "hedging",
    "loaded",
    "naming",
    "facts",
    "reuse",
)


def _run(args: list[str], env: dict[str, str]) -> str:
    cmd = [sys.executable, "-m", "ukpeace_cli", *args]
    done = subprocess.run(cmd, capture_output=True, env=env, check=False)
    return f"exit {done.returncode}\n" + done.stdout.decode("utf-8")


def outputs(tmp: Path) -> dict[str, str]:
    src = tmp / "in"
    src.mkdir()
    seeds = sorted((ROOT / "data" / "seeds").glob("*.txt"))
    for seed in seeds:
        (src / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    store = str(tmp / "store.jsonl")
    # No user configuration and a fixed width, so only the code decides the output.
    env = {k: v for k, v in os.environ.items() if not k.startswith("UKPEACE_")}
    env.update(UKPEACE_CONFIG_DIR=str(tmp / "config"), COLUMNS="120", NO_COLOR="1")
    subprocess.run(
        [sys.executable, "-m", "ukpeace_cli", "ingest", str(src), "-s", store, "-q"],
        check=True,
        capture_output=True,
        env=env,
    )
    base = ["compare", "-s", store, "--format", "jsonl"]
    out = {
        "compare (clustered)": _run(base, env),
        "compare (kept clusters)": _run(base, env),
    }
    for m in MEASURES:
        out[f"compare --explain {m}"] = _run([*base, "--explain", m], env)
    every = [x for s in seeds for x in ("--article", s.name)]
    out["compare --article (all seeds)"] = _run([*base, *every], env)
    for m in MEASURES:
        out[f"compare --article (all seeds) --explain {m}"] = _run(
            [*base, *every, "--explain", m], env
        )
    out["compare --measure credit --measure reuse"] = _run(
        [*base, "-m", "credit", "-m", "reuse"], env
    )
    svg = tmp / "spread.svg"
    out["compare --spread --svg"] = _run([*base, "--spread", "--svg", str(svg)], env)
    out["spread.svg"] = svg.read_text("utf-8") if svg.exists() else "(not written)"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file")
    args = ap.parse_args()
    work = Path(tempfile.gettempdir()) / "ukpeace-golden-compare"
    with open(f"{work}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            now = outputs(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.mode == "dump":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=1), "utf-8")
        print(f"{len(now)} outputs ({sum(map(len, now.values()))} characters) in {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text("utf-8"))
    diffs = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for k in diffs:
        print(f"differs: {k}")
    print(f"{len(now)} outputs; {len(diffs)} differ")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
