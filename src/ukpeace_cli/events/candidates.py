"""Candidate pairs for the story layer without comparing every pair (sparse top-k).

Each article keeps only its `TOP_TERMS` heaviest TF-IDF terms among those that can pair it (in
at least `MIN_DF` articles: a term of one article only matches nothing, yet weighs most) and
are rare (in at most `max_df` articles: more is background), plus its entities chosen the same
way; a chunked sparse product
then gives each article its `k` best neighbours. The work per article is bounded by
TOP_TERMS x max_df, so the pass grows about linearly with the store.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ukpeace_cli.events.features import Matrices

TOP_TERMS = 40
K = 20
MIN_SCORE = 0.02
MIN_DF = 2  # a term or entity must be in another article too to spend the budget on
CHUNK = 500


def _max_df(n: int) -> int:
    return max(100, int(0.002 * n))


def _keep_top(m: sparse.csr_matrix, allowed: np.ndarray, top: int) -> sparse.csr_matrix:
    """Each row's `top` largest entries among the allowed columns, re-normalised (in slices
    of rows: no store-sized temporaries)."""
    parts = [
        _keep_top_slice(m[lo : lo + 10000], allowed, top) for lo in range(0, m.shape[0], 10000)
    ]
    return sparse.csr_matrix(sparse.vstack(parts, format="csr"), dtype=np.float32)


def _keep_top_slice(m: sparse.csr_matrix, allowed: np.ndarray, top: int) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    keep = allowed[m.indices]
    rows, cols, vals = rows[keep], m.indices[keep], m.data[keep]
    order = np.lexsort((-vals, rows))  # by row, largest first
    rows, cols, vals = rows[order], cols[order], vals[order]
    starts = np.searchsorted(rows, np.arange(m.shape[0]))
    rank = np.arange(len(rows)) - starts[rows]
    sel = rank < top
    rows, cols, vals = rows[sel], cols[sel], vals[sel]
    norms = np.sqrt(np.bincount(rows, weights=vals.astype(np.float64) ** 2, minlength=m.shape[0]))
    norms[norms == 0] = 1.0
    vals = (vals / norms[rows]).astype(np.float32)
    return sparse.csr_matrix((vals, (rows, cols)), shape=m.shape)


def candidate_pairs(
    mats: Matrices, k: int = K, min_score: float = MIN_SCORE, min_df: int = MIN_DF
) -> np.ndarray:
    """Pairs (i < j) of articles that are among each other's k nearest on rare terms and
    entities; an (m, 2) int64 array, sorted."""
    n = mats.body.shape[0]
    if n < 2:
        return np.zeros((0, 2), np.int64)
    cap = _max_df(n)
    terms = _keep_top(mats.body, (mats.term_df >= min_df) & (mats.term_df <= cap), TOP_TERMS)
    edf = np.bincount(mats.ents.indices, minlength=mats.ents.shape[1])
    ents = _keep_top(mats.ents, (edf >= min_df) & (edf <= cap), TOP_TERMS // 2)
    q = sparse.csr_matrix(sparse.hstack([terms, ents * np.float32(0.5)]), dtype=np.float32)
    qt = sparse.csr_matrix(q.T)
    found: list[np.ndarray] = []
    for lo in range(0, n, CHUNK):
        block = sparse.csr_matrix(q[lo : lo + CHUNK] @ qt)
        found.append(_nearest(block, lo, k, min_score))
    return np.unique(np.concatenate(found), axis=0)


def _nearest(block: sparse.csr_matrix, lo: int, k: int, min_score: float) -> np.ndarray:
    """(i, j) pairs, smaller first, of each row's k best columns scoring at least min_score
    (row r of the block is article lo + r, which is never its own neighbour). Rows with a
    tie at the k-th place take the columns np.argpartition picks, as row-by-row selection did."""
    nr = block.shape[0]
    rows = np.repeat(np.arange(nr), np.diff(block.indptr))
    keep = (block.data >= min_score) & (block.indices != lo + rows)
    rows, cols, vals = rows[keep], block.indices[keep], block.data[keep]
    counts = np.bincount(rows, minlength=nr)
    starts = np.cumsum(counts) - counts
    order = np.lexsort((-vals, rows))  # by row, best first
    best = vals[order]
    sel = np.zeros(len(rows), dtype=bool)
    sel[order[(np.arange(len(rows)) - starts[rows]) < k]] = True  # rows is sorted
    over = np.flatnonzero(counts > k)
    for r in over[best[starts[over] + k - 1] == best[starts[over] + k]].tolist():
        a = starts[r]
        sel[a : a + counts[r]] = False
        sel[a + np.argpartition(-vals[a : a + counts[r]], k)[:k]] = True
    i, j = lo + rows[sel].astype(np.int64), cols[sel].astype(np.int64)
    return np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1)
