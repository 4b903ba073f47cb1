"""bench/framing_article_families.py: the id-block folds and the held-out protocol on toy data."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import framing_article_families as faf  # noqa: E402


def test_block_folds_are_runs_of_consecutive_ids_covering_every_article() -> None:
    ids = [7, 3, 11, 1, 9, 5, 2, 8, 10, 4, 6, 12]
    docs = [{"id": str(i)} for i in ids]
    folds = faf.block_folds(docs)
    assert len(folds) == 5
    assert sorted(i for f in folds for i in f) == list(range(len(ids)))
    spans = [sorted(int(docs[i]["id"]) for i in f) for f in folds if f]
    for a, b in itertools.pairwise(spans):
        assert a[-1] < b[0]  # every id of a fold comes before every id of the next
    for s in spans:
        assert s == list(range(s[0], s[-1] + 1))


def test_ridge_is_fitted_on_one_table_and_applied_to_the_other() -> None:
    rng = np.random.default_rng(0)
    gold = rng.gamma(2.0, 4.0, 60)
    good = np.log1p(gold)[:, None] + rng.normal(0, 0.05, (60, 1))
    noise = rng.normal(0, 1, (60, 1))
    folds = [set(range(k, 60, 5)) for k in range(5)]
    assert faf.ridge_rho(good, good, gold, folds, 1.0) > 0.9
    # held-out features that carry no signal give no ranking, whatever the fit rows saw
    assert abs(faf.ridge_rho(good, noise, gold, folds, 1.0)) < 0.5
