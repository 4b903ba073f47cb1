"""Pair evidence and the logistic model that turns it into a same-event probability.

The coefficients are data (`data/events_model.json`), fitted by `bench/eval_events.py --fit` on
dev halves only; the file says what it was fitted on, when and with which command.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ukpeace_cli.events.features import Article, Matrices

FEATURES = (
    "body",
    "lead",
    "contain",
    "entities",
    "quotes",
    "copy",
    "date_near",
    "date_far",
    "title",
    "key",
    "figures_apart",
)
# Evidence that can only say "less alike" (the fit keeps these at or below 0, the rest at or
# above: a feature fitted with the other sign is collinear with a stronger one and dropped).
AGAINST = frozenset({"date_far", "figures_apart"})
NEAR_DAYS = 2.0  # reports of one event mostly appear within a couple of days
FAR_DAYS = 7.0  # beyond a week, shared actors point to a follow-up or an earlier round
# A pair the copy layer scores at least `copy_floor` shares most of its text: one report,
# whatever the rest of the evidence says (the fit cannot learn this: on dev data copies also
# share words, so the copy score adds nothing there, and a shared boilerplate paragraph scores
# ~0.5). The floor is chosen on the dev half with the threshold (model file).
COPY_FLOOR = 0.8
# The copy layer's clusters start as units the story layer never splits, unless `unit_floor` is
# above 0: then a copy pair scoring under it holds its cluster together only when the two
# leads' figures agree (`figures_apart` 0). Two rounds of a templated report (another month's
# figures, another quarter's) join through such loose pairs; cut there, those pairs are
# evidence like any other. 0 keeps whole clusters (the model files before session 9).
UNIT_FLOOR = 0.0


@dataclass
class Model:
    intercept: float
    coef: dict[str, float]
    threshold: float  # merge when the average probability reaches it
    meta: dict[str, Any]
    copy_floor: float = COPY_FLOOR
    unit_floor: float = UNIT_FLOOR

    def probability(self, x: np.ndarray) -> np.ndarray:
        """x: one row per pair, columns in FEATURES order."""
        w = np.array([self.coef.get(f, 0.0) for f in FEATURES])
        z = x @ w + self.intercept
        p = 1.0 / (1.0 + np.exp(-z))
        copy = x[:, FEATURES.index("copy")]
        return np.where(copy >= self.copy_floor, np.maximum(p, copy), p)


@lru_cache(maxsize=1)
def default_model() -> Model:
    raw = resources.files("ukpeace_cli").joinpath("data/events_model.json").read_text("utf-8")
    return from_dict(json.loads(raw))


def from_dict(data: dict[str, Any]) -> Model:
    return Model(
        float(data["intercept"]),
        {k: float(v) for k, v in data["coef"].items()},
        float(data.get("threshold", 0.5)),
        dict(data.get("provenance", {})),
        float(data.get("copy_floor", COPY_FLOOR)),
        float(data.get("unit_floor", UNIT_FLOOR)),
    )


def _rowdot(
    m: Any, i: np.ndarray, j: np.ndarray, batch: int = 5000, other: Any = None
) -> np.ndarray:
    """Row-wise dot products of m[i] and m[j] (or other[j]), in batches (memory on big
    stores)."""
    other = m if other is None else other
    out = np.zeros(len(i))
    for lo in range(0, len(i), batch):
        a, b = m[i[lo : lo + batch]], other[j[lo : lo + batch]]
        out[lo : lo + batch] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def _specifics(mats: Matrices, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """title and key (FEATURES order): the title cosine, and the share of each article's key
    terms (its heaviest title and lead terms) that the other has, averaged both ways."""
    out = np.zeros((len(i), 2))
    out[:, 0] = _rowdot(mats.title, i, j)
    out[:, 1] = 0.5 * (
        _rowdot(mats.key, i, j, other=mats.rare) + _rowdot(mats.key, j, i, other=mats.rare)
    )
    return out


def quote_overlap(a: Article, b: Article) -> float:
    """Best word overlap (Jaccard of stems) of two quotes whose speakers agree (or one is
    unknown): the same words from the same person are strong evidence of one event."""
    best = 0.0
    for qa in a.quotes:
        for qb in b.quotes:
            if qa.speaker and qb.speaker and qa.speaker != qb.speaker:
                continue
            inter = len(qa.stems & qb.stems)
            if inter:
                best = max(best, inter / len(qa.stems | qb.stems))
    return best


def figures_apart(a: Article, b: Article) -> float:
    """How far the numbers of two leads disagree (both must have some): 1 minus the share of
    the smaller set the other has. Reports of one event repeat its figures (the count, the
    score, the ages, the year); a report of another round of it has other ones."""
    if not a.figures or not b.figures:
        return 0.0
    return 1.0 - len(a.figures & b.figures) / min(len(a.figures), len(b.figures))


def _containment(m: Any, mass: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Rarity mass of the terms two articles share over the smaller article's mass: a short
    report of an event inside a long article of the same event still scores high."""
    shared = _rowdot(m, i, j)
    small = np.minimum(mass[i], mass[j])
    return np.divide(shared, small, out=np.zeros_like(shared), where=small > 0)


def _pairs(pairs: np.ndarray, chunk: int = 50000) -> Iterator[tuple[int, list[int]]]:
    """(row, (a, b)) per pair, converted a chunk at a time (a list of a million pairs is big)."""
    for lo in range(0, len(pairs), chunk):
        yield from enumerate(pairs[lo : lo + chunk].tolist(), lo)


def pair_features(
    arts: list[Article],
    mats: Matrices,
    pairs: np.ndarray,
    copies: dict[tuple[int, int], float] | None = None,
) -> np.ndarray:
    """Evidence per pair (rows of `pairs`, article indexes), columns in FEATURES order."""
    i, j = pairs[:, 0], pairs[:, 1]
    x = np.zeros((len(pairs), len(FEATURES)))
    x[:, 0] = _rowdot(mats.body, i, j)
    x[:, 1] = _rowdot(mats.lead, i, j)
    x[:, 2] = _containment(mats.rare, mats.rare_mass, i, j)
    x[:, 3] = _rowdot(mats.ents, i, j)
    x[:, 8:10] = _specifics(mats, i, j)
    copies = copies or {}
    for k, (a, b) in _pairs(pairs):
        x[k, 4] = quote_overlap(arts[a], arts[b])
        x[k, 5] = copies.get((min(a, b), max(a, b)), 0.0)
        x[k, 10] = figures_apart(arts[a], arts[b])
        da, db = arts[a].day, arts[b].day
        if da is not None and db is not None:  # an unknown date neither helps nor hurts
            gap = abs(da - db)
            x[k, 6] = float(gap <= NEAR_DAYS)
            x[k, 7] = math.log1p(max(0.0, gap - FAR_DAYS) / FAR_DAYS) if gap > FAR_DAYS else 0.0
    return x
