"""The story layer's cost on bench/make_corpus.py stores, for bench/eval_events.py --scale:
time and peak RSS of the story layer alone, or (`both`) of the copy layer then the story layer,
as `dedupe --events` runs them, each size in a fresh process."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from itertools import combinations
from pathlib import Path

import numpy as np

from ukpeace_cli import memory
from ukpeace_cli.events import cluster_events, copy_evidence

HERE = Path(__file__).resolve().parent


def _copy_then_story(corpus: str) -> tuple[list, float, float]:
    """What `dedupe --events` does: the copy layer over one read of the store; its result
    dropped but for its clusters and scored pairs, the freed heap handed back; then the story
    layer over a second read. Returns the events, the copy layer's time and peak RSS (MB)."""
    from ukpeace_cli.dedupe import find_duplicates

    t0 = time.perf_counter()
    with open(corpus, encoding="utf-8") as fh:
        copies, pairs = copy_evidence(
            find_duplicates((json.loads(line) for line in fh), passages=False)
        )
    memory.give_back()
    t_copy = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(corpus, encoding="utf-8") as fh:
        events = cluster_events((json.loads(line) for line in fh), copies, copy_pairs=pairs)
    return events, t_copy, peak


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the copy layer's forked
    verification workers)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def scale_worker(corpus: str, both: bool = False) -> int:
    """Time the story layer alone (or, `both`, the copy layer then the story layer, as
    `dedupe --events` runs them) on a synthetic store, records streamed from the file."""
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0 = time.perf_counter()
    c0 = _cpu()
    t_copy = copy_peak = 0.0
    if both:
        events, t_copy, copy_peak = _copy_then_story(corpus)
    else:
        with open(corpus, encoding="utf-8") as fh:
            events = cluster_events((json.loads(line) for line in fh), None)
    dt = time.perf_counter() - t0
    cpu = _cpu() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    multi = sum(1 for e in events if len(e.articles) > 1)
    truth = dict(x.split("\t") for x in Path(corpus + ".truth.tsv").read_text().splitlines())
    where = {a: e.id for e in events for a in e.articles}
    by_story: dict[str, list[str]] = {}
    for a, s in truth.items():
        by_story.setdefault(s, []).append(a)
    pos = [(a, b) for m in by_story.values() for a, b in combinations(m, 2)]
    rec = sum(where[a] == where[b] for a, b in pos) / max(1, len(pos))
    found = [(a, b) for e in events for a, b in combinations(e.articles, 2)]
    prec = sum(truth[a] == truth[b] for a, b in found) / max(1, len(found))
    print(json.dumps({"articles": len(truth), "layers": "both" if both else "story",
                      "seconds": round(dt, 1), "cpu_seconds": round(cpu, 1),
                      "copy_layer_seconds": round(t_copy, 1), "peak_rss_mb": round(peak),
                      "copy_layer_peak_rss_mb": round(copy_peak),
                      "rss_before_mb": round(base), "events": multi, "pair_P": round(prec, 3),
                      "pair_R": round(rec, 3)}))  # fmt: skip
    return 0


def scale(sizes: list[int], work: Path, both: bool, script: Path) -> int:
    """Each size in a fresh process (`script --scale-worker`: bench/eval_events.py), its
    corpus made once by bench/make_corpus.py; the growth exponent between the last two."""
    results = []
    work.mkdir(parents=True, exist_ok=True)
    for n in sizes:
        corpus = work / f"corpus-{n}.jsonl"
        if not corpus.exists():
            subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--articles", str(n),
                            "--out", str(corpus)], check=True)  # fmt: skip
        cmd = [sys.executable, str(script), "--scale-worker", str(corpus)] + ["--both"] * both
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(results[-1])
    if len(results) >= 2:
        a, b = results[-2], results[-1]
        for what in ("seconds", "cpu_seconds"):
            k = np.log(b[what] / a[what]) / np.log(b["articles"] / a["articles"])
            print(f"{what} growth n^{k:.2f} between {a['articles']:,} and {b['articles']:,}")
    return 0
