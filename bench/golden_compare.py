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

import sys
from pathlib import Path

from golden import clean_env, copy_texts, in_fixed_folder, ingest, main, run_cli

MEASURES = (  # spelled out: a refactor that drops a measure shows as a difference
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


def outputs(tmp: Path) -> dict[str, str]:
    src = tmp / "in"
    seeds = copy_texts(src)
    store = str(tmp / "store.jsonl")
    env = clean_env(tmp)
    ingest(str(src), store, env)
    base = ["compare", "-s", store, "--format", "jsonl"]
    out = {
        "compare (clustered)": run_cli(base, env),
        "compare (kept clusters)": run_cli(base, env),
    }
    for m in MEASURES:
        out[f"compare --explain {m}"] = run_cli([*base, "--explain", m], env)
    every = [x for s in seeds for x in ("--article", s.name)]
    out["compare --article (all seeds)"] = run_cli([*base, *every], env)
    for m in MEASURES:
        out[f"compare --article (all seeds) --explain {m}"] = run_cli(
            [*base, *every, "--explain", m], env
        )
    out["compare --measure credit --measure reuse"] = run_cli(
        [*base, "-m", "credit", "-m", "reuse"], env
    )
    svg = tmp / "spread.svg"
    out["compare --spread --svg"] = run_cli([*base, "--spread", "--svg", str(svg)], env)
    out["spread.svg"] = svg.read_text("utf-8") if svg.exists() else "(not written)"
    return out


if __name__ == "__main__":
    sys.exit(main(lambda _: in_fixed_folder("compare", outputs), __doc__ or ""))
