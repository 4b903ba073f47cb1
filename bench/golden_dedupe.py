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

import subprocess
import sys
from pathlib import Path

from golden import ROOT, clean_env, copy_texts, in_fixed_folder, ingest, main, run_cli

SYNTHETIC = 2000


def outputs(tmp: Path) -> dict[str, str]:
    src = tmp / "in"
    copy_texts(src)
    store = str(tmp / "store.jsonl")
    env = clean_env(tmp)
    ingest(str(src), store, env)
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
        "dedupe (seeds)": run_cli(["dedupe", "-s", store, *flags], env),
        f"dedupe ({SYNTHETIC} synthetic)": run_cli(["dedupe", "-s", corpus, *flags], env),
        f"dedupe -t 0.2 ({SYNTHETIC} synthetic)": run_cli(
            ["dedupe", "-s", corpus, "-t", "0.2", *flags], env
        ),
    }


if __name__ == "__main__":
    sys.exit(main(lambda _: in_fixed_folder("dedupe", outputs), __doc__ or ""))
