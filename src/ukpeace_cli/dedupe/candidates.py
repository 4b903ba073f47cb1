"""Candidate article pairs: every pair while the corpus is small; beyond that MinHash-LSH over
the word 3-gram shingle sets (a band join done by sorting in numpy) plus a join on rare shingles
shared by a few articles only (partial reuse that whole-article MinHash misses)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.params import (
    BANDS,
    EXHAUSTIVE_SENTENCE_PAIRS,
    NUM_PERM,
    RARE_MAX_DF,
    RARE_MIN_SHARED,
    RARE_SAMPLE,
    ROWS,
)

if TYPE_CHECKING:
    import numpy as np

    from ukpeace_cli.dedupe.verify import _Engine


def candidate_pairs(engine: _Engine) -> tuple[np.ndarray, str]:
    """Sorted unique (i, j) pairs, i < j, and the mode ("exhaustive" or "lsh"); in LSH mode
    `engine.last_counts` says how many pairs each join found."""
    import numpy as np

    n = engine.n
    sizes = np.asarray([len(a.spans) for a in engine.arts], dtype=np.float64)
    sent_pairs = (sizes.sum() ** 2 - (sizes**2).sum()) / 2
    if sent_pairs <= EXHAUSTIVE_SENTENCE_PAIRS:
        iu = np.triu_indices(n, k=1)
        return np.stack(iu, axis=1).astype(np.int64), "exhaustive"
    hashes = sh.hash_array(engine.vocab.hashes)
    sig = np.empty((n, NUM_PERM), dtype=np.uint32)
    keys, owners = [], []
    step = 4096  # articles per chunk: bounds the shingle arrays in memory
    for s in range(0, n, step):
        part = engine.arts[s : s + step]
        lens = np.asarray([len(a.tok) for a in part], dtype=np.int64)
        tok = np.concatenate([a.tok for a in part])
        sent = np.concatenate([a.tok_sent for a in part])
        doc = np.repeat(np.arange(len(part), dtype=np.int64), lens)
        flat, flat_doc = sh.shingles_many(hashes[tok], sent, doc)
        offsets = np.searchsorted(flat_doc, np.arange(len(part) + 1))
        sig[s : s + len(part)] = sh.minhash(flat, offsets, NUM_PERM)
        keep = (flat % np.uint64(RARE_SAMPLE)) == 0
        keys.append(flat[keep])
        owners.append((flat_doc[keep] + s).astype(np.int32))
    lsh = sh.band_join(sig, BANDS, ROWS)
    del sig
    rare = sh.shared_key_join(
        np.concatenate(keys), np.concatenate(owners), n, RARE_MAX_DF, RARE_MIN_SHARED
    )
    del keys, owners
    both = np.concatenate((lsh, rare))
    pairs, _ = sh.unique_pairs(both, n)
    engine.last_counts = {"lsh": len(lsh), "rare": len(rare)}
    return pairs, "lsh"
