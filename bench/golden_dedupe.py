"""Golden check for `dedupe`: dump its output on the seed store and a synthetic corpus, or
compare with a dump.

Usage:
  python bench/golden_dedupe.py dump OUT.json
  python bench/golden_dedupe.py check OUT.json

The demo articles (data/seeds) are ingested with `ukpeace ingest` into a store in a fixed
temporary folder (article ids hash the file's path, so it must not change between runs; a lock
keeps two runs apart), and `bench/make_corpus.py` builds a 2,000-article synthetic store
(seed 1: past the exhaustive limit, so the LSH candidates and the forked verification run).
Then `ukpeace dedupe --passages --singletons --format jsonl` runs on each store (on the
synthetic one also with `--threshold 0.2`). The dump maps each command to its exact stdout
(with the exit code); `check` exits 1 and names the outputs that differ by a single byte. Run
`dump` before a refactor and `check` after it. The dump holds article text: keep it out of git.
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
SYNTHETIC = 2000


def _run(args: list[str], env: dict[str, str]) -> str:
    cmd = [sys.executable, "-m", "ukpeace_cli", *args]
    done = subprocess.run(cmd, capture_output=True, env=env, check=False)
    return f"exit {done.returncode}\n" + done.stdout.decode("utf-8")


def outputs(tmp: Path) -> dict[str, str]:
    src = tmp / "in"
    src.mkdir()
    for seed in sorted((ROOT / "data" / "seeds").glob("*.txt")):
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
    corpus = str(tmp / "corpus.jsonl")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "make_corpus.py"),
            "-n",
            str(SYNTHETIC),
            "-o",
            corpus,
        ],
        check=True,
        capture_output=True,
    )
    flags = ["--passages", "--singletons", "--format", "jsonl"]
    return {
        "dedupe (seeds)": _run(["dedupe", "-s", store, *flags], env),
        f"dedupe ({SYNTHETIC} synthetic)": _run(["dedupe", "-s", corpus, *flags], env),
        f"dedupe -t 0.2 ({SYNTHETIC} synthetic)": _run(
            ["dedupe", "-s", corpus, "-t", "0.2", *flags], env
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file")
    args = ap.parse_args()
    work = Path(tempfile.gettempdir()) / "ukpeace-golden-dedupe"
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
