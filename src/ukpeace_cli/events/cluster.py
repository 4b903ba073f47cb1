"""Events: average-linkage clusters of articles over the pair probabilities.

Two groups merge only while the mean probability over all their cross pairs (pairs never
scored count 0) reaches the model's threshold, so one strong bridge cannot chain two events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ukpeace_cli.events import candidates as cand
from ukpeace_cli.events import features as ft
from ukpeace_cli.events.model import FEATURES, Model, default_model, pair_features
from ukpeace_cli.linkage import average_linkage
from ukpeace_cli.unionfind import DisjointSet


@dataclass(slots=True)
class PairEvidence:
    a: str
    b: str
    probability: float
    values: tuple[float, ...]  # in FEATURES order (a tuple: 100k-article stores hold many)

    @property
    def evidence(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


EDGE_FLOOR = 0.05  # pairs less likely than this are left out of the clustering


@dataclass
class Event:
    id: str
    articles: list[str]
    copy_groups: list[list[str]] = field(default_factory=list)
    evidence: list[PairEvidence] = field(default_factory=list)  # scored pairs inside it

    def record(self, outlet_of: Mapping[str, str]) -> dict[str, Any]:
        """The output record: members, their outlets, the copy groups and the strongest pairs."""
        best = sorted(self.evidence, key=lambda e: (-e.probability, e.a, e.b))[:5]
        return {
            "type": "event",
            "story": self.id,
            "size": len(self.articles),
            "articles": self.articles,
            "outlets": [outlet_of.get(a, a) for a in self.articles],
            "copy_groups": self.copy_groups,
            "evidence": [
                {"a": e.a, "b": e.b, "probability": round(e.probability, 3), **e.evidence}
                for e in best
            ],
        }


def _copy_scores(
    ids: list[str],
    copy_clusters: list[list[str]] | None,
    copy_pairs: Iterable[tuple[str, str, float]] | None,
) -> dict[tuple[int, int], float]:
    """The copy layer's evidence per article pair (index pair, smaller first): its pair score
    when given, else 1 for two members of one copy cluster."""
    where = {a: k for k, a in enumerate(ids)}
    out: dict[tuple[int, int], float] = {}
    if copy_pairs is not None:
        for a, b, s in copy_pairs:
            if a in where and b in where and a != b:
                key = (min(where[a], where[b]), max(where[a], where[b]))
                out[key] = max(out.get(key, 0.0), float(s))
        return out
    for group in copy_clusters or []:
        idx = sorted(where[a] for a in group if a in where)
        out.update({(x, y): 1.0 for n, x in enumerate(idx) for y in idx[n + 1 :]})
    return out


def copy_evidence(result: Any) -> tuple[list[list[str]], list[tuple[str, str, float]]]:
    """What the story layer takes from the copy layer's `DedupeResult`: its multi-article
    clusters and every scored pair (same story or related) as `(a, b, score)`. Holding only
    these lets the caller drop the result, whose pairs keep the copy layer's texts and arrays
    for their lazy evidence, before the story layer reads."""
    clusters = [list(c.articles) for c in result.clusters if len(c.articles) > 1]
    pairs = [(p.a, p.b, float(p.score)) for p in [*result.pairs, *result.related]]
    return clusters, pairs


def score_articles(
    records: Iterable[Mapping[str, Any]],
    pairs: list[tuple[str, str]] | None = None,
    copy_clusters: list[list[str]] | None = None,
    copy_pairs: Iterable[tuple[str, str, float]] | None = None,
    canonical: Mapping[str, str] | None = None,
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Article ids, the pairs scored (index rows) and their evidence (FEATURES columns).
    Without `pairs`, the candidate pairs and every pair the copy layer linked."""
    arts: list[ft.Article] = []

    def read() -> Iterable[ft.Article]:
        for r in records:
            arts.append(ft.article(r, canonical))
            yield arts[-1]

    mats = ft.matrices(read())
    ids = [a.id for a in arts]
    copies = _copy_scores(ids, copy_clusters, copy_pairs)
    if pairs is None:
        idx = cand.candidate_pairs(mats)
        if copies:
            extra = np.array(sorted(copies), np.int64).reshape(-1, 2)
            idx = np.unique(np.concatenate([idx, extra]), axis=0)
    else:
        where = {a: k for k, a in enumerate(ids)}
        idx = np.array([(where[a], where[b]) for a, b in pairs], np.int64).reshape(-1, 2)
    return ids, idx, pair_features(arts, mats, idx, copies)


def _cut_units(start: list[list[int]], idx: np.ndarray, n: int) -> list[list[int]]:
    """Each copy cluster cut into the connected parts of the pairs `idx` (the copy pairs that
    hold): what the copy layer joined through other pairs only is left to the evidence."""
    sets = DisjointSet(n)
    unit = {k: u for u, g in enumerate(start) for k in g}
    for i, j in idx.tolist():
        if i in unit and unit[i] == unit.get(j):
            sets.union(j, i)
    out: list[list[int]] = []
    for g in start:
        parts: dict[int, list[int]] = {}
        for k in g:
            parts.setdefault(sets.find(k), []).append(k)
        out += parts.values()
    return out


def cluster_events(
    records: Iterable[Mapping[str, Any]],
    copy_clusters: list[list[str]] | None = None,
    *,
    copy_pairs: Iterable[tuple[str, str, float]] | None = None,
    model: Model | None = None,
    canonical: Mapping[str, str] | None = None,
) -> list[Event]:
    """Group store records into events (largest first, single articles last).

    `copy_clusters`: the copy layer's groups of article ids (disjoint): each begins as one
    unit, which the story layer may join to others but never splits, and is reported inside
    its event. `copy_pairs`: the copy layer's scored pairs `(a, b, score)`, the copy evidence
    (without them, two members of one copy cluster count as copies).
    `canonical` maps folded entity names to the store's canonical ones, when known."""
    model = model or default_model()
    ids, idx, x = score_articles(records, None, copy_clusters, copy_pairs, canonical)
    prob = model.probability(x) if len(x) else np.zeros(0)
    where = {a: k for k, a in enumerate(ids)}
    start = [[where[a] for a in g if a in where] for g in copy_clusters or []]
    if model.unit_floor > 0 and copy_pairs is not None:
        copy = x[:, FEATURES.index("copy")]
        apart = x[:, FEATURES.index("figures_apart")]
        keep = (copy >= model.unit_floor) | ((copy > 0) & (apart == 0))
        start = _cut_units(start, idx[keep], len(ids))
    # Most candidates are chance neighbours; a pair this unlikely hardly moves an average and
    # holding every one costs memory on big stores (and it is no evidence worth showing).
    strong = prob >= EDGE_FLOOR
    idx, prob, x = idx[strong], prob[strong], x[strong]
    edges = zip(idx[:, 0].tolist(), idx[:, 1].tolist(), prob.tolist(), strict=True)
    # The copy layer's clusters are the units: copies of one text are one report (issue 13:
    # stories hold their copy groups); the story layer only joins units and single articles.
    groups = average_linkage(len(ids), edges, model.threshold, [g for g in start if len(g) > 1])
    event_of = np.zeros(len(ids), np.int64)
    for n, group in enumerate(groups):
        event_of[group] = n
    events = [Event(f"E{n + 1}", [ids[k] for k in g]) for n, g in enumerate(groups)]
    inside = event_of[idx[:, 0]] == event_of[idx[:, 1]]
    for (i, j), p, row in zip(idx[inside].tolist(), prob[inside].tolist(), x[inside], strict=True):
        ev = PairEvidence(ids[i], ids[j], p, tuple(row.tolist()))
        events[event_of[i]].evidence.append(ev)
    for copy_group in copy_clusters or []:
        by_event: dict[int, list[str]] = {}
        for a in copy_group:
            if a in where:
                by_event.setdefault(int(event_of[where[a]]), []).append(a)
        for n, members in by_event.items():
            if len(members) > 1:
                events[n].copy_groups.append(sorted(members))
    return events
