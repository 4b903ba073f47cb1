"""dedupe single-process vs on a Dask LocalCluster (1 and 2 worker processes, 1 thread each):
wall time up to the output records (which read the pair evidence) and per stage, peak RSS of
the client and of each worker, and whether the output records are identical (a hash).

Usage: python bench/dask_dedupe.py [--sizes 10000] [--shuffle tasks] [--scheduler ADDRESS]
       [--runs single:2,local:2] [--partition-size LINES]

The corpus is bench/make_corpus.py's (seed 7). Each measurement runs in a fresh subprocess.
With --scheduler ADDRESS the Dask runs use that cluster instead of a LocalCluster.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import hashlib, itertools, json, resource, sys, time
mode, store, arg, shuffle = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
size = int(sys.argv[5]) or None  # lines per partition (0: the default)

def digest(r):
    # One record at a time, as the CLI writes them (a list of every record cost GBs at 100k).
    from ukpeace_cli import dedupe
    h = hashlib.sha256()
    recs = itertools.chain(
        map(dedupe.cluster_record, r.clusters),
        map(dedupe.pair_record, itertools.chain(r.pairs, r.related)),
        map(dedupe.passage_record, r.passages),
    )
    for rec in recs:
        h.update(json.dumps(rec, sort_keys=True).encode())
    return h.hexdigest()[:16]

if __name__ == "__main__":
    out = {}
    t = time.perf_counter()
    if mode == "single":
        from ukpeace_cli import dedupe
        from ukpeace_cli.store import Store
        r = dedupe.find_duplicates(Store(store).iter_records(), jobs=int(arg))
    else:
        import distributed
        from ukpeace_cli.scaleout import dedupe as on_dask
        if arg.startswith("local:"):
            cluster = distributed.LocalCluster(n_workers=int(arg[6:]), threads_per_worker=1,
                                               processes=True, dashboard_address=":0")
            client = distributed.Client(cluster)
        else:
            cluster, client = None, distributed.Client(arg)
        out["cluster_start"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        opts = on_dask.Options(shuffle=shuffle, partition_size=size)
        r = on_dask.find_duplicates(client, store, opts)
        peak = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        out["worker_rss_mb"] = sorted(round(v) for v in peak.values())
    out["digest"] = digest(r)  # the output records: evidence is read here on the single path
    out["seconds"] = round(time.perf_counter() - t, 2)
    out["stages"] = r.stats["seconds"]
    out["articles"], out["candidates"] = r.stats["articles"], r.stats["candidates"]
    out["client_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out))
"""


def measure(folder: Path, mode: str, store: Path, arg: str, shuffle: str, size: int) -> dict:
    script = folder / "worker.py"
    script.write_text(WORKER)
    r = subprocess.run(
        [sys.executable, str(script), mode, str(store), arg, shuffle, str(size)],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000")
    ap.add_argument("--shuffle", default="tasks", choices=["tasks", "p2p"])
    ap.add_argument("--scheduler", default=None, help="a running scheduler instead of local")
    ap.add_argument(
        "--runs",
        default=None,
        help="only these runs, e.g. 'single:2,local:2' (default: jobs 1 and 2, local:1 and :2)",
    )
    ap.add_argument(
        "--partition-size",
        type=int,
        default=0,
        help="store lines per Dask partition (default: the tool's, two per worker at most 12,500)",
    )
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    import make_corpus

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            store = folder / f"corpus{n}.jsonl"
            make_corpus.build(n, store, seed=7)
            runs = [("single", "1"), ("single", "2")]
            runs += (
                [("dask", args.scheduler)]
                if args.scheduler
                else [
                    ("dask", "local:1"),
                    ("dask", "local:2"),
                ]
            )
            if args.runs:
                runs = [
                    ("single", r.split(":")[1]) if r.startswith("single:") else ("dask", r)
                    for r in args.runs.split(",")
                ]
            base = None
            for mode, arg in runs:
                got = measure(folder, mode, store, arg, args.shuffle, args.partition_size)
                base = base or got["digest"]
                label = f"{mode} {'jobs=' + arg if mode == 'single' else arg}"
                extra = (
                    f", start {got['cluster_start']} s, worker peak RSS {got['worker_rss_mb']} MB"
                    if mode == "dask"
                    else ""
                )
                print(
                    f"{n:>7,} {label:<16} {got['seconds']:7.1f} s  stages {got['stages']}"
                    f"  client RSS {got['client_rss_mb']} MB{extra}"
                    f"  identical={got['digest'] == base}"
                )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
