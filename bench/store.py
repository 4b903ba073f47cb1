"""Benchmark the two store layouts on synthetic records: what a sharded store costs to read,
look up and commit against a single file.

    python bench/store.py                      # 20,000 records of ~6 KB, parts of 2,000
    python bench/store.py --records 5000 --part-size 500

Each measurement runs in a fresh process (peak RSS is its own, as Linux keeps a parent's peak
across exec only when the parent stays small, which it does here), on a store written once per
run into --work (default: a temporary folder). Prints, per layout:
- convert: file -> sharded (and back, checked byte-identical),
- read: `iter_records` over the whole store (records/s),
- find: 200 ids looked up one by one (`find`; the file store scans, the sharded one uses ids.idx),
- index rebuild: ids.idx deleted, then one `find` (sharded only),
- commit: 10 commits of 100 new records each through `commit` (a part each for the folder),
- re-commit: the same 1,000 records again (all already present: nothing written).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = "talks delegation agreed ceasefire minister said on Tuesday the plan point".split()


def _record(n: int) -> dict:
    text = " ".join(WORDS[(n * 7 + i) % len(WORDS)] for i in range(900))
    return {"id": f"{n:016x}", "schema": 2, "source": f"a{n}.txt", "text": text, "nlp": None}


def _worker(kind: str, path: str, n: int) -> dict:
    from ukpeace_cli.store import open_store

    store = open_store(path)
    t0 = time.perf_counter()
    out: dict = {}
    if kind == "read":
        out["records"] = sum(1 for _ in store.iter_records())
    elif kind == "find":
        step = max(n // 200, 1)
        out["found"] = sum(store.find(f"{i:016x}") is not None for i in range(0, n, step)[:200])
    elif kind == "rebuild":
        (Path(path) / "ids.idx").unlink(missing_ok=True)
        out["found"] = store.find(f"{n - 1:016x}") is not None
    elif kind == "commit":
        for c in range(10):
            store.commit([_record(n + c * 100 + k) for k in range(100)])
    elif kind == "recommit":
        res = store.commit([_record(n + k) for k in range(1000)])
        out["already_present"] = len(res.already_present)
    out["seconds"] = time.perf_counter() - t0
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _run(kind: str, path: Path, n: int) -> dict:
    code = (
        f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); import store as b; "
        f"print(json.dumps(b._worker({kind!r}, {str(path)!r}, {n})))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)
    return json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--part-size", type=int, default=2000)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    from ukpeace_cli.store import dumps
    from ukpeace_cli.store.convert import convert

    work = Path(args.work or tempfile.mkdtemp(prefix="bench-store-"))
    work.mkdir(parents=True, exist_ok=True)
    n = args.records
    src = work / "store.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(dumps(_record(i)))
    print(f"load average {os.getloadavg()[0]:.2f}; {n} records, {src.stat().st_size / 1e6:.1f} MB")
    t0 = time.perf_counter()
    convert(str(src), str(work / "sharded"), part_size=args.part_size)
    t1 = time.perf_counter()
    convert(str(work / "sharded"), str(work / "back.jsonl"))
    t2 = time.perf_counter()
    same = filecmp.cmp(work / "back.jsonl", src, shallow=False)  # not read whole: RSS
    print(f"convert: to sharded {t1 - t0:.2f}s, back {t2 - t1:.2f}s, byte-identical: {same}")
    for kind in ("read", "find", "rebuild", "commit", "recommit"):
        for layout, path in (("file", src), ("sharded", work / "sharded")):
            if kind == "rebuild" and layout == "file":
                continue
            r = _run(kind, path, n)
            extra = {k: v for k, v in r.items() if k not in ("seconds", "rss_mb")}
            print(f"{kind:9} {layout:8} {r['seconds']:7.2f}s  rss {r['rss_mb']:6.0f} MB  {extra}")


if __name__ == "__main__":
    main()
