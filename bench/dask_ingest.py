"""ingest single-process vs on a Dask LocalCluster (1 and 2 worker processes, 1 thread each):
wall time, words per second, the plugin's load time (spaCy once per worker), peak RSS of the
client and of each worker, and whether the stores are byte-identical.

Usage: python bench/dask_ingest.py [--articles 200] [--chunk 50] [--scheduler ADDRESS]
                                   [--runs single,local:1,local:2]

The corpus is bench/ingest.py's: the seeds replicated into N distinct articles. Each
measurement runs in a fresh subprocess (the `ukpeace ingest` library path, sidecars included).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WORKER = r"""
import json, resource, sys, time
from pathlib import Path
mode, folder, store, arg, chunk = sys.argv[1], Path(sys.argv[2]), *sys.argv[3:5], int(sys.argv[5])
if __name__ == "__main__":
    from ukpeace_cli.annotate import annotate_record, load_annotating_pipeline
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import Store
    from ukpeace_cli import entities, quotes
    files = [str(f) for f in sorted(folder.glob("*.txt"))]
    pipe = load_annotating_pipeline()
    out, remote, client = {}, None, None
    t = time.perf_counter()
    if mode == "dask":
        import distributed
        from ukpeace_cli.scaleout.connect import Scheduler
        from ukpeace_cli.scaleout.ingest import RemoteAnnotator
        if arg.startswith("local:"):
            cluster = distributed.LocalCluster(n_workers=int(arg[6:]), threads_per_worker=1,
                                               processes=True, dashboard_address=":0")
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(arg)
        out["cluster_start"] = round(time.perf_counter() - t, 2)
        t1 = time.perf_counter()
        remote = RemoteAnnotator(client, Scheduler("local"), pipe, None, None, chunk)
        out["plugin_load"] = round(time.perf_counter() - t1, 2)
        t = time.perf_counter()
    results = list(ingest(iter_inputs(files), Store(store), pipeline=pipe,
                          annotator=annotate_record, remote=remote))
    out["ingest_seconds"] = round(time.perf_counter() - t, 2)  # before the client-side sidecars
    entities.refresh_sidecar(Store(store))
    quotes.refresh_sidecar(Store(store))
    out["seconds"] = round(time.perf_counter() - t, 2)
    assert all(r.status == "added" for r in results), [r.reason for r in results][:3]
    out["words"] = sum(r.words for r in results)
    out["client_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if client is not None:
        peak = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        out["worker_rss_mb"] = sorted(round(v) for v in peak.values())
    print(json.dumps(out))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--chunk", type=int, default=50, help="inputs per task")
    ap.add_argument("--scheduler", default=None, help="a running scheduler instead of local")
    ap.add_argument(
        "--runs",
        default=None,
        help="only these runs, e.g. 'local:1,local:2' (default: single, local:1, local:2)",
    )
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from ingest import make_corpus

    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        make_corpus(folder, args.articles)
        script = Path(tmp) / "worker.py"
        script.write_text(WORKER)
        runs = [("single", "-")]
        runs += (
            [("dask", args.scheduler)]
            if args.scheduler
            else [
                ("dask", "local:1"),
                ("dask", "local:2"),
            ]
        )
        if args.runs:
            runs = [("single", "-") if r == "single" else ("dask", r) for r in args.runs.split(",")]
        digests = []
        for k, (mode, arg) in enumerate(runs):
            store = Path(tmp) / f"s{k}.jsonl"
            r = subprocess.run(
                [sys.executable, str(script), mode, str(folder), str(store), arg, str(args.chunk)],
                capture_output=True,
                text=True,
                check=False,
            )
            if r.returncode:
                raise SystemExit(r.stderr[-2000:])
            got = json.loads(r.stdout.strip().splitlines()[-1])
            digests.append(hashlib.sha256(store.read_bytes()).hexdigest())
            extra = (
                f", cluster start {got['cluster_start']} s, plugin load {got['plugin_load']} s,"
                f" worker peak RSS {got['worker_rss_mb']} MB"
                if mode == "dask"
                else ""
            )
            print(
                f"{args.articles} articles {mode} {arg:<8} {got['seconds']:7.1f} s"
                f" (ingest {got['ingest_seconds']:.1f} s, then the sidecars)"
                f"  {got['words'] / got['seconds']:,.0f} words/s"
                f"  client RSS {got['client_rss_mb']} MB{extra}"
                f"  store identical={digests[-1] == digests[0]}"
            )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
