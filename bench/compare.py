"""`compare` on a 10,000-article store: time for the largest story and for the seeds' story.

Usage: python bench/compare.py [--articles 10000]

The store is the synthetic corpus of bench/make_corpus.py (records shaped like `ingest --no-nlp`)
plus the five seeds ingested with NLP. Each run is a fresh `ukpeace compare` process, so the
figures include reading the store, clustering it into stories (dedupe) unless the stories are
kept beside the store (`<store>.stories.json`, written by `dedupe` and by `compare`), resolving
entities and computing every measure. Printed: the first run with nothing kept, the run again,
`dedupe` then `compare` (the usual order), and the seeds' story chosen by article. Then the
same on a store of fully annotated records (the seeds copied to --articles), where reading every
record would cost seconds: `compare` reads the entities and quotes sidecars and only the chosen
articles.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).with_name("ukpeace")


def timed(cmd: list[str]) -> tuple[float, float, str, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, rss, out.stdout, out.stderr


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=10_000)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store.jsonl"
        make_corpus.main(["--articles", str(args.articles), "--out", str(store)])
        seeds = Path(tmp) / "seeds.jsonl"
        subprocess.run(
            [str(BIN), "ingest", str(ROOT / "data" / "seeds"), "-s", str(seeds), "-q"],
            check=True,
            capture_output=True,
        )
        with store.open("a", encoding="utf-8") as out:
            out.write(seeds.read_text(encoding="utf-8"))
        n = sum(1 for _ in store.open(encoding="utf-8"))
        print(f"store: {n:,} articles ({store.stat().st_size / 1e6:.0f} MB)")

        cmd = [str(BIN), "compare", "-s", str(store), "-f", "jsonl"]
        wall, rss, stdout, stderr = timed(cmd)
        print(f"compare, largest story, first run (clusters the store): {wall:6.2f} s wall")
        print("  " + stderr.strip().splitlines()[-1][:150])
        wall, rss, stdout, stderr = timed(cmd)
        print(
            f"compare, largest story, again (stories cached beside the store): {wall:6.2f} s "
            f"wall, {len(stdout.splitlines())} records, peak RSS {rss:.0f} MB"
        )

        # The usual order: `dedupe` lists the stories (and keeps them beside the store), then
        # `compare --story ID`. Without the cache compare's first run above.
        Path(f"{store}.stories.json").unlink()
        wall, _, _, _ = timed([str(BIN), "dedupe", "-s", str(store), "-f", "jsonl"])
        print(f"dedupe over the store (keeps its stories):              {wall:6.2f} s wall")
        wall, _, stdout, _ = timed(cmd)
        print(f"compare, largest story, right after dedupe:             {wall:6.2f} s wall")

        seed_ids = [json.loads(line)["id"] for line in seeds.open(encoding="utf-8")]
        leak = [i for k, i in enumerate(seed_ids) if k != 2]  # 000, 001, 003, 004
        cmd = [str(BIN), "compare", "-s", str(store), "-f", "jsonl"]
        for i in leak:
            cmd += ["--article", i]
        wall, rss, stdout, _ = timed(cmd)
        print(
            f"compare, seeds' story (all 11 measures): {wall:6.2f} s wall, "
            f"{len(stdout.splitlines())} records"
        )

        # A store of fully annotated articles (sentences, entities, quotes: ~28 KB a record):
        # the seeds plus copies of them under new ids, written directly (as a store from an
        # older ukpeace would be), so the first run also builds the sidecars.
        annotated = Path(tmp) / "annotated.jsonl"
        records = [json.loads(line) for line in seeds.open(encoding="utf-8")]
        with annotated.open("w", encoding="utf-8") as out:
            for rec in records:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            for i in range(len(records), args.articles):
                copy = dict(records[i % len(records)], id=f"{i:016x}", source=f"copy/{i:05d}.txt")
                out.write(json.dumps(copy, ensure_ascii=False) + "\n")
        size = annotated.stat().st_size / 1e6
        print(f"annotated store: {args.articles:,} articles ({size:.0f} MB)")
        cmd[3] = str(annotated)
        wall, _, stdout, _ = timed(cmd)
        print(f"compare, seeds' story, first run (builds the sidecars): {wall:6.2f} s wall")
        wall, _, stdout, _ = timed(cmd)
        print(
            f"compare, seeds' story, again:                           {wall:6.2f} s wall, "
            f"{len(stdout.splitlines())} records"
        )


if __name__ == "__main__":
    main()
