"""`dedupe` on a Dask cluster: the same DedupeResult as `dedupe.find_duplicates`, byte for byte.

The store is cut into line ranges (partitions). Workers analyse, count, build candidates and
verify (dedupe_tasks, dedupe_shuffle); the client merges the small global tables (which ids
repeat, the vocabulary in first-seen order, document frequencies, boilerplate counts), sorts
the edges, splits them into connected components and runs the one `average_linkage` per
component (groups never span components, and within one the merges are the same), then numbers
the stories and orders the pairs exactly as the single-process path does.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ukpeace_cli.dedupe.params import (
    BOILER_MIN_DF,
    BOILER_OUTLET_REPEATS,
    DEFAULT_THRESHOLD,
    EXHAUSTIVE_SENTENCE_PAIRS,
    SENT_DF_FREE,
)
from ukpeace_cli.scaleout import dedupe_tasks as t
from ukpeace_cli.store import StoreProblem

if TYPE_CHECKING:
    import numpy as np

    from ukpeace_cli.dedupe.results import DedupeResult
    from ukpeace_cli.scaleout.progress import TaskCallback


@dataclass
class Options:
    threshold: float = DEFAULT_THRESHOLD
    passages: bool = True
    partition_size: int | None = None  # lines per partition (default: two per worker)
    cuts: list[int] | None = None  # or cut before these 0-based line numbers (tests)
    shuffle: str = "tasks"  # DataFrame shuffle method: "tasks" or "p2p"


def find_duplicates(
    client: Any,
    store_path: str,
    opts: Options,
    progress: Callable[[str], None] | None = None,
    on_problem: Callable[[StoreProblem], None] | None = None,
    on_tasks: TaskCallback | None = None,
) -> DedupeResult:
    from ukpeace_cli.scaleout import parts
    from ukpeace_cli.scaleout.progress import tracked

    client = tracked(client, on_tasks)  # each stage's tasks done, as they finish

    clock = _Clock()
    size = opts.partition_size or _default_size(client, store_path)
    ranges = parts.plan_store(store_path, size, opts.cuts)
    run = _Run(client, opts, progress)
    if progress:
        progress(f"{len(ranges)} partitions on the cluster")
    run.read(ranges, store_path, on_problem)
    clock.lap("read")
    cand, mode = run.candidates()
    clock.lap("candidates")
    if progress:
        progress(f"{run.n:,} articles, {len(cand):,} candidate pairs ({mode})")
    edges, rows = run.verify(cand)
    clock.lap("verify")
    result = run.assemble(edges, rows)
    clock.lap("assemble")
    result.stats.update(
        {
            "articles": run.n,
            "candidates": len(cand),
            "mode": mode,
            "pairs": len(result.pairs),
            "related": len(result.related),
            "seconds": clock.seconds(),
        }
    )
    result.stats.update(run.last_counts)
    return result


class _Clock:
    """Wall seconds per stage and the client's own CPU seconds per stage: the client's CPU
    is the part of a stage that does not scale with workers (the merges of the read stage,
    unpickling results, assembling)."""

    def __init__(self) -> None:
        self.t0 = self.t = time.perf_counter()
        self.c = time.process_time()
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        t, c = time.perf_counter(), time.process_time()
        self.wall[stage], self.cpu[stage] = round(t - self.t, 3), round(c - self.c, 3)
        self.t, self.c = t, c

    def seconds(self) -> dict[str, Any]:
        return {**self.wall, "total": round(self.t - self.t0, 3), "client_cpu": self.cpu}


# At most this many lines per partition: a verify task's passing memory (its partition's
# unpacked texts, the partners sent to it, its described rows) grows with the partition, on top
# of the partitions each worker keeps for the whole run (session 9: 25,000 -> 12,500).
MAX_PARTITION = 12_500


def _default_size(client: Any, store_path: str) -> int:
    """About two partitions per worker, at most MAX_PARTITION lines each."""
    from ukpeace_cli.scaleout.parts import line_starts
    from ukpeace_cli.store import is_sharded_path, open_store

    if is_sharded_path(store_path):
        lines = open_store(store_path).count()  # the manifest's record counts
    else:
        lines = len(line_starts(store_path)) - 1
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    return max(200, min(MAX_PARTITION, -(-lines // (2 * workers))))


class _Run:
    """One dedupe run: the futures of each stage, kept on the workers, and the small tables."""

    def __init__(self, client: Any, opts: Options, progress: Callable[[str], None] | None):
        self.client = client
        self.opts = opts
        self.progress = progress
        self.n = 0
        self.firsts: list[int] = []
        self.ready: list[Any] = []
        self.arts: list[Any] = []  # metadata only (light)
        self.mode = "none"
        self.last_counts: dict[str, int] = {}
        self.shared: Any = None
        self.home: list[str] = []  # per partition, the worker that holds it

    def read(self, ranges: list[Any], path: str, on_problem: Callable | None) -> None:
        """Stages 1-4: analysed, built, remapped and finished partitions on the workers, each
        partition's tasks on its home worker (`_homes`)."""
        import numpy as np

        c = self.client
        self.home = _homes(c, ranges)
        on = self._on
        scanned = [on(p, t.scan, r, pure=False) for p, r in enumerate(ranges)]
        summaries = c.gather([on(p, t.summary, s) for p, s in enumerate(scanned)])
        seen: set[str] = set()
        keeps: list[list[bool]] = []
        for ids, problems in summaries:
            for line, reason in problems:
                if on_problem:
                    on_problem(StoreProblem(path, line, reason))
            keep = [rid not in seen and not seen.add(rid) for rid in ids]  # type: ignore[func-returns-value]
            keeps.append(keep)
            self.firsts.append(self.n)
            self.n += sum(keep)
        built = [
            on(p, t.build, s, k, f, pure=False)
            for p, (s, k, f) in enumerate(zip(scanned, keeps, self.firsts, strict=True))
        ]
        del scanned
        vocabs = c.gather([on(p, t.vocab_of, b) for p, b in enumerate(built)])
        mappings, vocab, lsh = self._merge_vocab(vocabs)
        self.mode = "none" if self.n < 2 else ("lsh" if lsh else "exhaustive")
        remapped = [
            on(p, t.remap, b, m, f, self.mode == "lsh", pure=False)
            for p, (b, m, f) in enumerate(zip(built, mappings, self.firsts, strict=True))
        ]
        del built
        stats = c.gather([on(p, t.counts, r) for p, r in enumerate(remapped)])
        idf, common, outlet_fps = self._merge_counts(stats, len(vocab.surface))
        cap = max(BOILER_MIN_DF, self.n // 100)
        idf_f, common_f, outlet_f = c.scatter([idf, common, outlet_fps], broadcast=True)
        self.ready = [
            on(p, t.finish, r, idf_f, common_f, outlet_f, cap, pure=False)
            for p, r in enumerate(remapped)
        ]
        # Pickled: Dask's active memory manager drops the broadcast's extra copies, so each
        # worker's verify fetches it from a peer, which may be busy in Python (see t.pickled).
        self.shared = c.scatter(t.pickled((idf, vocab)), broadcast=True)
        lights = c.gather([on(p, t.light, r) for p, r in enumerate(self.ready)])
        self.arts = [a for got in lights for a in t.unpickled(got)]
        assert len(self.arts) == self.n and np.all(np.diff(self.firsts) >= 0)

    def _on(self, p: int, fn: Callable[..., Any], *args: Any, pure: bool = True) -> Any:
        """`fn(*args)` submitted to partition p's home worker, and only there: Dask's work
        stealing would otherwise move a queued task, and the partition of tens or hundreds of
        MB it reads, to an idle worker (session 6 saw 10-50 s moves; the scheduler reckons
        with 100 MB/s while a worker busy in Python sends far slower)."""
        return self.client.submit(
            fn, *args, workers=[self.home[p]], allow_other_workers=False, pure=pure
        )

    def _merge_vocab(self, vocabs: list[Any]) -> tuple[list[np.ndarray], Any, bool]:
        """Per partition the local-to-global word id map; the global vocabulary (ids in
        first-seen order, the first surface per stem, every surface seen); whether the
        corpus is past the exhaustive limit."""
        import numpy as np

        from ukpeace_cli.dedupe.read import _Vocab

        vocab = _Vocab()
        mappings = []
        sizes: list[int] = []
        for stems, surfaces, by_surface, n_sents in vocabs:
            mapping = np.empty(len(stems), dtype=np.int64)
            for lid, stem in enumerate(stems):
                gid = vocab.by_stem.get(stem)
                if gid is None:
                    gid = vocab.by_stem[stem] = len(vocab.surface)
                    vocab.surface.append(surfaces[lid])
                mapping[lid] = gid
            for w, lid in by_surface.items():
                vocab.by_surface.setdefault(w, int(mapping[lid]) if lid >= 0 else -1)
            mappings.append(mapping)
            sizes.extend(n_sents)
        s = np.asarray(sizes, dtype=np.float64)
        sent_pairs = (s.sum() ** 2 - (s**2).sum()) / 2
        vocab.by_stem = {}  # workers read surfaces and by_surface only
        return mappings, vocab, bool(sent_pairs > EXHAUSTIVE_SENTENCE_PAIRS)

    def _merge_counts(self, stats: list[Any], n_words: int) -> tuple[Any, Any, Any]:
        """IDF over the global document frequencies, the fingerprints in more than
        SENT_DF_FREE articles (with their counts), per outlet its repeated fingerprints."""
        import numpy as np

        df = np.zeros(n_words, dtype=np.int64)
        f_vals, f_counts = [], []
        per_outlet: dict[str, tuple[list[Any], list[Any]]] = {}
        for w_ids, w_n, f_ids, f_n, outlets in stats:
            np.add.at(df, w_ids, w_n)
            f_vals.append(f_ids)
            f_counts.append(f_n)
            for o, (v, k) in outlets.items():
                got = per_outlet.setdefault(o, ([], []))
                got[0].append(v)
                got[1].append(k)
        idf = np.log((self.n + 1) / np.maximum(df, 1)).astype(np.float64)
        values, total = _sum_by_value(f_vals, f_counts)
        common = (values[total > SENT_DF_FREE], total[total > SENT_DF_FREE])
        outlet_fps = {}
        for o, (vs, ks) in per_outlet.items():
            v, k = _sum_by_value(vs, ks)
            if (k >= BOILER_OUTLET_REPEATS).any():
                outlet_fps[o] = v[k >= BOILER_OUTLET_REPEATS]
        return idf, common, outlet_fps

    def candidates(self) -> tuple[np.ndarray, str]:
        import numpy as np

        from ukpeace_cli import shingles as sh
        from ukpeace_cli.scaleout import dedupe_shuffle as shuf

        if self.mode == "none":
            return np.zeros((0, 2), np.int64), "none"
        if self.mode == "exhaustive":
            return np.stack(np.triu_indices(self.n, k=1), axis=1).astype(np.int64), "exhaustive"
        c = self.client
        method = self.opts.shuffle
        lsh = shuf.band_pairs(c, [c.submit(t.bands_of, r) for r in self.ready], self.n, method)
        rare = shuf.rare_pairs(c, [c.submit(t.rare_of, r) for r in self.ready], self.n, method)
        self.last_counts = {"lsh": len(lsh), "rare": len(rare)}
        # The candidate rows are not read again: each partition is kept without them.
        self.ready = [self._on(p, t.without_rows, r) for p, r in enumerate(self.ready)]
        return sh.unique_pairs(np.concatenate((lsh, rare)), self.n)[0], "lsh"

    def verify(self, cand: np.ndarray) -> tuple[list[Any], list[Any]]:
        """Each pair goes to the partition of one of its articles (`_destinations`); partners
        held elsewhere are sent there once per partition (not once per pair)."""
        import numpy as np

        from ukpeace_cli.scaleout.progress import each_result

        c = self.client
        bounds = np.asarray([*self.firsts, self.n])
        owner = np.searchsorted(bounds, cand, side="right") - 1
        dest = _destinations(owner, len(self.ready))
        opts = (self.shared, self.opts.threshold, self.opts.passages)
        futures = []
        for p in range(len(self.ready)):
            mine = cand[dest == p]
            if not len(mine):
                continue
            held = owner[dest == p].ravel()
            away, need = held[held != p], mine.ravel()[held != p]
            partners = [
                self._on(q, t.payload, self.ready[q], np.unique(need[away == q]))
                for q in np.unique(away).tolist()
            ]
            # Submitted right after its payloads: a worker runs the payloads of the next verify
            # after this one, not every payload first (they would all be held at once).
            futures.append(self._on(p, t.verify, self.ready[p], mine, *opts, *partners, pure=False))
            del partners
        self.ready = []  # each partition is freed once its verify and payload tasks are done
        edges: list[Any] = []
        rows: list[Any] = []
        for got in each_result(c, futures):  # taken (and freed on the worker) as they finish
            got_edges, chunks = got
            edges.extend(t.unpickled(got_edges))
            rows.extend(t.unpacked_rows(chunks))
        edges.sort()  # (i, j) order, as the single-process path
        return edges, rows

    def assemble(self, edges: list[Any], rows: list[Any]) -> DedupeResult:
        """The result from the edges and the described rows (both lists are emptied)."""
        from ukpeace_cli.dedupe.cluster import _clusters
        from ukpeace_cli.dedupe.results import DedupeResult, file_pair

        clusters, story_of = _clusters(self.arts, _groups(self.n, edges, self.opts.threshold))
        edges.clear()
        out: tuple[list[Any], list[Any], list[Any]] = ([], [], [])
        rows.sort(key=lambda r: (r[2], (-r[0], -r[1])))  # taken from the end: -score, (i, j)
        while rows:  # each packed row freed as its objects are made
            i, j, _, *packed = rows.pop()
            pair, psgs = t.unpacked_row(*packed)
            file_pair(pair, psgs, (story_of[i], story_of[j]), out)
        pairs_out, related, passages_out = out
        return DedupeResult(clusters, pairs_out, passages_out, {}, related)


def _homes(client: Any, ranges: list[Any]) -> list[str]:
    """Per partition the worker that reads it and keeps it for the whole run: the biggest
    ranges first, each to the worker with the fewest bytes per thread so far."""
    workers = client.scheduler_info(n_workers=-1)["workers"]
    threads = {a: max(1, int(w.get("nthreads") or 1)) for a, w in sorted(workers.items())}
    load = dict.fromkeys(threads, 0)
    home = [""] * len(ranges)
    for k in sorted(range(len(ranges)), key=lambda k: ranges[k].start - ranges[k].end):
        a = min(load, key=lambda w: load[w] / threads[w])
        home[k] = a
        load[a] += ranges[k].end - ranges[k].start
    return home


def _destinations(owner: np.ndarray, parts: int) -> np.ndarray:
    """Per pair the partition that verifies it: pairs within a partition stay there; each
    block of pairs between two partitions goes, largest block first, to the one of the two
    with fewer pairs so far (by first article alone, the first partition would get most: 36%
    of the pairs of 4 partitions at 20k). The scores do not depend on where a pair is
    verified."""
    import numpy as np

    p, q = owner[:, 0], owner[:, 1]
    load = np.bincount(p[p == q], minlength=parts).astype(np.int64)
    block = np.bincount(p * parts + q, minlength=parts * parts).reshape(parts, parts)
    to_second = np.zeros((parts, parts), dtype=bool)
    for k in np.argsort(-block, axis=None, kind="stable").tolist():
        a, b = divmod(k, parts)
        if a == b or not block[a, b]:
            continue
        to_second[a, b] = load[b] < load[a]
        load[b if to_second[a, b] else a] += block[a, b]
    return np.where(to_second[p, q], q, p)


def _groups(n: int, edges: list[tuple[int, int, float]], tau: float) -> list[list[int]]:
    """`average_linkage(n, edges, tau)`, one connected component at a time (articles relabelled
    in order, so ties break the same way); articles without edges stay alone."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from ukpeace_cli.linkage import average_linkage

    if not edges:
        return [[k] for k in range(n)]
    ij = np.asarray([(i, j) for i, j, _ in edges], dtype=np.int64)
    graph = coo_matrix((np.ones(len(ij)), (ij[:, 0], ij[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    sizes = np.bincount(label)
    groups = [[k] for k in np.flatnonzero(sizes[label] == 1).tolist()]
    by_comp = np.argsort(label, kind="stable")  # articles by component, in order within
    starts = np.concatenate(([0], np.cumsum(sizes)))
    order = np.argsort(label[ij[:, 0]], kind="stable")  # edges by component, (i, j) kept
    cuts = np.flatnonzero(np.diff(label[ij[order, 0]])) + 1
    for chunk in np.split(order, cuts):
        comp = label[ij[chunk[0], 0]]
        nodes = by_comp[starts[comp] : starts[comp + 1]]
        local = np.searchsorted(nodes, ij[chunk]).tolist()
        sub = [(a, b, edges[e][2]) for (a, b), e in zip(local, chunk.tolist(), strict=True)]
        for g in average_linkage(len(nodes), sub, tau):
            groups.append(nodes[g].tolist())
    return groups


def _sum_by_value(values: list[np.ndarray], counts: list[np.ndarray]) -> tuple[Any, Any]:
    """Distinct values (sorted) and the summed counts of each."""
    import numpy as np

    if not values:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    v = np.concatenate(values)
    k = np.concatenate(counts)
    uniq, inv = np.unique(v, return_inverse=True)
    return uniq, np.bincount(inv, weights=k, minlength=len(uniq)).astype(np.int64)
