"""Benchmark `ukpeace dedupe` against a reference pipeline on synthetic corpora of known structure.

    python bench/dedupe.py                       # 1k, 10k and 100k articles
    python bench/dedupe.py --sizes 1000,10000    # smaller run
    python bench/dedupe.py --no-reference

For every size it builds (once, cached in --cache) a corpus with `bench/make_corpus.py`, then runs
each pipeline in its own process (so peak RSS is that pipeline's own) and prints:
- pair precision / recall / F1 of "same story" over the pairs implied by the clusters,
- the same for the listed pairs (pairP/pairR: ours lists pairs at or above the threshold within
  one story) and for every pair at or above the threshold before the clustering (rawP/rawR),
- the adjusted Rand index of the clusters against the true stories,
- wall time and peak RSS; and the time growth exponent between the two largest sizes.

Reference pipeline: datasketch MinHash (128 permutations, word 3-gram shingles) in a
MinHashLSH index, every article queried against it, candidates verified with rapidfuzz
`token_sort_ratio` on the whole texts, clusters = connected components. Its LSH threshold and
ratio cut-off were chosen for the best F1 on the 1k corpus (see REF_* below). datasketch is a
benchmark-only dependency: `pip install datasketch`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
REF_LSH_THRESHOLD = 0.1
REF_NUM_PERM = 128
REF_MIN_RATIO = 65


# --- workers (run in a child process) ---------------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def work_ours(corpus: Path, out: Path) -> dict:
    from ukpeace_cli.dedupe import find_duplicates
    from ukpeace_cli.store import Store

    t0 = time.perf_counter()
    result = find_duplicates(Store(corpus).iter_records(), passages=False)
    seconds = time.perf_counter() - t0
    with out.open("w") as fh:
        for c in result.clusters:
            for a in c.articles:
                fh.write(f"C\t{a}\t{c.id}\n")
        for p in result.pairs:
            fh.write(f"P\t{p.a}\t{p.b}\n")
        for p in result.related:  # above the threshold, but in different stories
            fh.write(f"R\t{p.a}\t{p.b}\n")
    return {"seconds": seconds, "rss_mb": _peak_rss_mb(), "stats": result.stats}


def work_reference(corpus: Path, out: Path) -> dict:
    import re

    from datasketch import MinHash, MinHashLSH
    from rapidfuzz import fuzz

    t0 = time.perf_counter()
    token = re.compile(r"\w+")
    ids: list[str] = []
    texts: list[str] = []
    lsh = MinHashLSH(threshold=REF_LSH_THRESHOLD, num_perm=REF_NUM_PERM)
    sigs = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            words = token.findall(rec["text"].lower())
            grams = {" ".join(words[k : k + 3]).encode() for k in range(len(words) - 2)}
            m = MinHash(num_perm=REF_NUM_PERM)
            m.update_batch(list(grams))
            key = str(len(ids))
            lsh.insert(key, m)
            sigs.append(m)
            ids.append(rec["id"])
            texts.append(rec["text"])
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    pairs = []
    for i, m in enumerate(sigs):
        for key in lsh.query(m):
            j = int(key)
            if j <= i:
                continue
            if fuzz.token_sort_ratio(texts[i], texts[j]) >= REF_MIN_RATIO:
                pairs.append((i, j))
                parent[find(i)] = find(j)
    seconds = time.perf_counter() - t0
    with out.open("w") as fh:
        for i, rid in enumerate(ids):
            fh.write(f"C\t{rid}\tc{find(i)}\n")
        for i, j in pairs:
            fh.write(f"P\t{ids[i]}\t{ids[j]}\n")
    return {"seconds": seconds, "rss_mb": _peak_rss_mb(), "stats": {"pairs": len(pairs)}}


# --- metrics -----------------------------------------------------------------------------------


def co_pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for rid, lab in labels.items():
        groups[lab].append(rid)
    return {p for g in groups.values() for p in combinations(sorted(g), 2)}


def prf(found: set[tuple[str, str]], true: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & true)
    p = tp / len(found) if found else 1.0
    r = tp / len(true) if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ari(truth: dict[str, str], pred: dict[str, str]) -> float:
    """Adjusted Rand index from the contingency table (numpy only)."""
    import numpy as np

    ids = sorted(truth)
    _, t = np.unique([truth[i] for i in ids], return_inverse=True)
    _, p = np.unique([pred.get(i, f"solo-{i}") for i in ids], return_inverse=True)
    table = np.zeros((t.max() + 1, p.max() + 1), dtype=np.int64)
    np.add.at(table, (t, p), 1)

    def c2(x: np.ndarray) -> float:
        return float((x * (x - 1) // 2).sum())

    n = len(ids)
    sum_ij, sum_a, sum_b = c2(table), c2(table.sum(1)), c2(table.sum(0))
    expected = sum_a * sum_b / (n * (n - 1) / 2)
    top = (sum_a + sum_b) / 2
    return (sum_ij - expected) / (top - expected) if top != expected else 1.0


def evaluate(truth: dict[str, str], pred_file: Path) -> dict:
    labels: dict[str, str] = {}
    listed: set[tuple[str, str]] = set()
    raw: set[tuple[str, str]] = set()
    for line in pred_file.read_text().splitlines():
        kind, a, b = line.split("\t")
        if kind == "C":
            labels[a] = b
        else:
            raw.add((min(a, b), max(a, b)))
            if kind == "P":
                listed.add((min(a, b), max(a, b)))
    true = co_pairs(truth)
    cp, cr, cf = prf(co_pairs(labels), true)
    lp, lr, _ = prf(listed, true)
    rp, rr, _ = prf(raw, true)
    return {
        "P": cp,
        "R": cr,
        "F1": cf,
        "ARI": ari(truth, labels),
        "pairP": lp,
        "pairR": lr,
        "rawP": rp,
        "rawR": rr,
    }


# --- driver ------------------------------------------------------------------------------------


def corpus_for(n: int, cache: Path) -> tuple[Path, dict[str, str]]:
    sys.path.insert(0, str(HERE))
    import make_corpus

    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"corpus-{n}.jsonl"
    truth_path = path.with_name(path.name + ".truth.tsv")
    if not (path.exists() and truth_path.exists()):
        print(f"building {n:,}-article corpus in {path} ...", file=sys.stderr)
        make_corpus.build(n, path, seed=1)
    truth = dict(line.split("\t") for line in truth_path.read_text().splitlines())
    return path, truth


def run_worker(kind: str, corpus: Path, out: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--corpus", str(corpus), "--out", str(out)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{kind} worker failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="dedupe benchmark")
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/ukpeace-bench"))
    ap.add_argument("--no-reference", action="store_true")
    ap.add_argument(
        "--reference-max",
        type=int,
        default=10000,
        help="run the reference only up to this many articles (at 100k it had not finished "
        "after 34 minutes here)",
    )
    ap.add_argument("--worker", choices=["ours", "reference"])
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if args.worker:
        fn = work_ours if args.worker == "ours" else work_reference
        print(json.dumps(fn(args.corpus, args.out)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    kinds = ["ours"] if args.no_reference else ["ours", "reference"]
    print(
        f"machine: {os.cpu_count()} cores; dedupe threshold default; reference: datasketch "
        f"MinHashLSH(threshold={REF_LSH_THRESHOLD}, num_perm={REF_NUM_PERM}) + rapidfuzz "
        f"token_sort_ratio >= {REF_MIN_RATIO}"
    )
    header = (
        f"{'pipeline':<10} {'articles':>9} {'P':>6} {'R':>6} {'F1':>6} {'ARI':>6} "
        f"{'pairP':>6} {'pairR':>6} {'rawP':>6} {'rawR':>6} {'seconds':>8} {'RSS MB':>7}"
    )
    print(header)
    times: dict[str, dict[int, float]] = defaultdict(dict)
    for n in sizes:
        corpus, truth = corpus_for(n, args.cache)
        for kind in kinds:
            if kind == "reference" and n > args.reference_max:
                print(f"{kind:<10} {n:>9,}  skipped (--reference-max {args.reference_max:,})")
                continue
            out = args.cache / f"pred-{kind}-{n}.tsv"
            res = run_worker(kind, corpus, out)
            m = evaluate(truth, out)
            times[kind][n] = res["seconds"]
            print(
                f"{kind:<10} {n:>9,} {m['P']:>6.3f} {m['R']:>6.3f} {m['F1']:>6.3f} "
                f"{m['ARI']:>6.3f} {m['pairP']:>6.3f} {m['pairR']:>6.3f} "
                f"{m['rawP']:>6.3f} {m['rawR']:>6.3f} "
                f"{res['seconds']:>8.1f} {res['rss_mb']:>7.0f}",
                flush=True,
            )
    if len(sizes) >= 2:
        import math

        a, b = sorted(sizes)[-2:]
        for kind, t in times.items():
            if a not in t or b not in t:
                continue
            k = math.log(t[b] / t[a]) / math.log(b / a)
            print(f"{kind}: time growth {a:,} -> {b:,} articles ~ n^{k:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
