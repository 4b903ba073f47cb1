"""The entry points: `find_duplicates` (read, candidates, verify, cluster, describe) and
`score_pairs` (the pair score alone, for `compare` and the evaluations)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from ukpeace_cli.dedupe.candidates import candidate_pairs
from ukpeace_cli.dedupe.cluster import _clusters
from ukpeace_cli.dedupe.params import DEFAULT_THRESHOLD, PARALLEL_MIN_CANDIDATES
from ukpeace_cli.dedupe.passages import _describe
from ukpeace_cli.dedupe.read import _Article, _prepare, _read, _Vocab
from ukpeace_cli.dedupe.results import DedupeResult, Pair, Passage, file_pair
from ukpeace_cli.dedupe.verify import (
    _by_first,
    _Engine,
    _Verified,
    _verify_groups,
    _verify_parallel,
)
from ukpeace_cli.linkage import average_linkage


def find_duplicates(
    records: Iterable[dict[str, Any]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    passages: bool = True,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> DedupeResult:
    """Cluster articles into stories, score pairs and (with `passages`) align shared passages.

    `records` are store records (an `nlp` block is optional) and are read once. `jobs`:
    processes for verification (default: up to 2 once there are many candidates; forked, so
    they share the prepared articles). Pairs and
    passages are returned for pairs scoring at least `threshold` whose articles the clustering
    put in one story (the others are in `related`); clusters cover every article
    (single-article clusters last).
    """
    import time

    import numpy as np

    t0 = time.perf_counter()
    vocab = _Vocab()
    workers = min(2, os.cpu_count() or 1) if jobs is None else jobs
    arts = _read(records, vocab, workers, progress)
    t_read = time.perf_counter()
    engine = _Engine(arts, vocab, threshold)
    cand, mode = candidate_pairs(engine) if len(arts) > 1 else (np.zeros((0, 2), np.int64), "none")
    t_cand = time.perf_counter()
    # Articles in no candidate pair need no text any more (memory on large stores).
    involved = np.zeros(len(arts), dtype=bool)
    involved[cand.ravel()] = True
    for k in np.flatnonzero(~involved).tolist():
        arts[k].ztext = arts[k].znorm = ""
    empty = np.zeros(0, dtype=np.int32)
    for art in arts:  # word order was for shingles; verification uses the per-sentence sets
        art.tok = art.tok_sent = art.fp = empty
    if progress:
        progress(f"{len(arts):,} articles, {len(cand):,} candidate pairs ({mode})")
    floor = threshold / 4  # weaker pairs cannot move an average-linkage merge; skip them
    groups_ij = list(_by_first(cand))
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1) if len(cand) >= PARALLEL_MIN_CANDIDATES else 1
    if jobs > 1 and hasattr(os, "fork"):
        edges, scored = _verify_parallel(engine, groups_ij, threshold, floor, jobs)
    else:
        edges, scored = _verify_groups(engine, groups_ij, threshold, floor)
    t_verify = time.perf_counter()
    groups = average_linkage(len(arts), edges, threshold)
    clusters, story_of = _clusters(arts, groups)
    pairs_out, related, passages_out = _assemble(engine, scored, story_of, passages)
    stats = {
        "articles": len(arts),
        "candidates": len(cand),
        "mode": mode,
        "pairs": len(pairs_out),
        "related": len(related),
        "seconds": {
            "read": round(t_read - t0, 3),
            "candidates": round(t_cand - t_read, 3),
            "verify": round(t_verify - t_cand, 3),
            "total": round(time.perf_counter() - t0, 3),
        },
    }
    stats.update(engine.last_counts)
    return DedupeResult(clusters, pairs_out, passages_out, stats, related)


def _assemble(
    engine: _Engine,
    scored: dict[tuple[int, int], _Verified],
    story_of: list[str],
    passages: bool,
) -> tuple[list[Pair], list[Pair], list[Passage]]:
    """(pairs within one story, pairs across stories, passages), best pair first; empties
    `scored` on the way."""
    pairs_out: list[Pair] = []
    related: list[Pair] = []
    passages_out: list[Passage] = []
    order = sorted(scored, key=lambda k: (-scored[k].score, k))
    for i, j in order:
        v = scored.pop((i, j))  # described pairs keep what they need; free the rest
        same = story_of[i] == story_of[j]
        pair, psgs = _describe(engine, i, j, v, passages and same)
        file_pair(pair, psgs, (story_of[i], story_of[j]), (pairs_out, related, passages_out))
    return pairs_out, related, passages_out


def score_pairs(
    records: Iterable[dict[str, Any]], pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], float]:
    """The article-pair score of each (id, id) pair, with word statistics taken from all of
    `records` (for `compare`, and for checking the score against human judgements)."""
    vocab = _Vocab()
    arts: list[_Article] = []
    index: dict[str, int] = {}
    for rec in records:
        rid = rec.get("id")
        if isinstance(rid, str) and rid not in index:
            index[rid] = len(arts)
            arts.append(_prepare(rec, len(arts), vocab))
    engine = _Engine(arts, vocab, DEFAULT_THRESHOLD)
    return {(a, b): engine.verify(index[a], index[b]).score for a, b in pairs}
