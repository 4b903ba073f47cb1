"""Candidate pairs for the story layer without comparing every pair (sparse top-k).

Each article keeps only its `TOP_TERMS` heaviest TF-IDF terms among the rare ones (a term in
more than `max_df` articles is background) plus its rare entities; a chunked sparse product
then gives each article its `k` best neighbours. The work per article is bounded by
TOP_TERMS x max_df, so the pass grows about linearly with the store.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from ukpeace_cli.events.features import Matrices

TOP_TERMS = 40
K = 30
MIN_SCORE = 0.02
CHUNK = 2000


def _max_df(n: int) -> int:
    return max(50, int(0.005 * n))


def _keep_top(m: sparse.csr_matrix, allowed: np.ndarray, top: int) -> sparse.csr_matrix:
    """Each row's `top` largest entries among the allowed columns, re-normalised."""
    m = sparse.csr_matrix(m.multiply(allowed[np.newaxis, :].astype(np.float32)))
    m.eliminate_zeros()
    indptr, indices, data = [0], [], []
    for r in range(m.shape[0]):
        lo, hi = m.indptr[r], m.indptr[r + 1]
        vals = m.data[lo:hi]
        cols = m.indices[lo:hi]
        if len(vals) > top:
            sel = np.argpartition(-vals, top)[:top]
            vals, cols = vals[sel], cols[sel]
        indices.append(cols)
        data.append(vals)
        indptr.append(indptr[-1] + len(vals))
    out = sparse.csr_matrix(
        (
            np.concatenate(data) if data else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int32),
            np.asarray(indptr),
        ),
        shape=m.shape,
    )
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ out, dtype=np.float32)


def candidate_pairs(mats: Matrices, k: int = K, min_score: float = MIN_SCORE) -> np.ndarray:
    """Pairs (i < j) of articles that are among each other's k nearest on rare terms and
    entities; an (m, 2) int64 array, sorted."""
    n = mats.body.shape[0]
    if n < 2:
        return np.zeros((0, 2), np.int64)
    cap = _max_df(n)
    terms = _keep_top(mats.body, mats.term_df <= cap, TOP_TERMS)
    edf = np.bincount(mats.ents.indices, minlength=mats.ents.shape[1])
    ents = _keep_top(mats.ents, edf <= cap, TOP_TERMS // 2)
    q = sparse.csr_matrix(sparse.hstack([terms, ents * np.float32(0.5)]), dtype=np.float32)
    qt = sparse.csr_matrix(q.T)
    found: list[np.ndarray] = []
    for lo in range(0, n, CHUNK):
        block = sparse.csr_matrix(q[lo : lo + CHUNK] @ qt)
        for r in range(block.shape[0]):
            a, b = block.indptr[r], block.indptr[r + 1]
            cols, vals = block.indices[a:b], block.data[a:b]
            keep = (vals >= min_score) & (cols != lo + r)
            cols, vals = cols[keep], vals[keep]
            if len(cols) > k:
                cols = cols[np.argpartition(-vals, k)[:k]]
            if len(cols):
                i = np.full(len(cols), lo + r, np.int64)
                found.append(np.stack([np.minimum(i, cols), np.maximum(i, cols)], axis=1))
    if not found:
        return np.zeros((0, 2), np.int64)
    return np.unique(np.concatenate(found), axis=0)
