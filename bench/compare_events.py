"""What the event layer costs in `compare`: `--stories copies` against `--stories events`.

Usage: python bench/compare_events.py [--articles 10000] [--rounds 2] [--work DIR]

Two stores: the five seeds ingested with NLP, and the synthetic corpus of bench/make_corpus.py
(records shaped like `ingest --no-nlp`) with the seeds appended (as bench/compare.py builds it).
On each, for each unit, alternating (copies, events, copies, events, ...) so that both see the
same load: a fresh `ukpeace compare -f jsonl` process with nothing kept beside the store
(cold: it clusters the store, and for events also runs the story layer), then again (warm:
the clusters kept in `<store>.stories.json` / `<store>.events.json`). Printed per run: wall
time, CPU time (user + system of the process) and peak RSS, from os.wait4; and the load
average before the first run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).with_name("ukpeace")
UNITS = ("copies", "events")


def run(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak RSS MB, output lines) of one process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.count(b"\n")


def clear(store: Path) -> None:
    for kind in ("stories", "events"):
        Path(f"{store}.{kind}.json").unlink(missing_ok=True)


def bench(name: str, store: Path, rounds: int) -> None:
    print(f"{name}: load average {os.getloadavg()[0]:.2f} at the start")
    print(f"  {'unit':7} {'run':5} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'lines':>6}")
    for _ in range(rounds):
        for unit in UNITS:
            clear(store)
            cmd = [str(BIN), "compare", "-s", str(store), "-f", "jsonl", "--stories", unit]
            for state in ("cold", "warm"):
                wall, cpu, rss, lines = run(cmd)
                print(f"  {unit:7} {state:5} {wall:8.2f} {cpu:8.2f} {rss:8.0f} {lines:6d}")
    print(f"  load average {os.getloadavg()[0]:.2f} at the end")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--work", help="keep the stores here (default: a temporary folder)")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work or tmp)
        work.mkdir(parents=True, exist_ok=True)
        seeds = work / "seeds.jsonl"
        if not seeds.exists():
            subprocess.run(
                [str(BIN), "ingest", str(ROOT / "data" / "seeds"), "-s", str(seeds), "-q"],
                check=True,
                capture_output=True,
            )
        bench("seeds (5 articles, NLP)", seeds, args.rounds)
        store = work / f"corpus-{args.articles}.jsonl"
        if not store.exists():
            make_corpus.main(["--articles", str(args.articles), "--out", str(store)])
            with store.open("a", encoding="utf-8") as out:
                out.write(seeds.read_text(encoding="utf-8"))
        n = sum(1 for _ in store.open(encoding="utf-8"))
        bench(f"synthetic ({n:,} articles, no NLP but the seeds)", store, args.rounds)


if __name__ == "__main__":
    main()
