"""Facts kept and dropped: passages (from dedupe) that two or more articles share."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass

from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, short
from ukpeace_cli.unionfind import DisjointSet


@dataclass
class SharedPassage:
    """An aligned passage between two articles, as dedupe reports it."""

    earlier: str  # article id
    later: str
    earlier_text: str
    later_text: str
    earlier_start: int
    earlier_end: int
    later_start: int
    later_end: int
    similarity: float
    credited: bool
    direction_known: bool


def fact_groups(passages: list[SharedPassage]) -> list[dict[str, tuple[int, int]]]:
    """Facts: passages joined when they overlap in some article (union-find over spans).
    Each fact maps article id -> the span it covers there."""
    nodes: list[tuple[str, int, int]] = []
    for p in passages:
        nodes.append((p.earlier, p.earlier_start, p.earlier_end))
        nodes.append((p.later, p.later_start, p.later_end))
    sets = DisjointSet(len(nodes))
    for k in range(0, len(nodes), 2):
        sets.union(k, k + 1)
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, (aid, _, _) in enumerate(nodes):
        by_article[aid].append(k)
    for ks in by_article.values():
        ks.sort(key=lambda k: nodes[k][1])
        for x, y in itertools.pairwise(ks):
            if nodes[y][1] < nodes[x][2]:  # overlapping spans in one article: the same fact
                sets.union(x, y)
    groups: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for k, (aid, s, e) in enumerate(nodes):
        g = groups[sets.find(k)]
        old = g.get(aid)
        g[aid] = (min(s, old[0]), max(e, old[1])) if old else (s, e)
    return list(groups.values())


def facts(arts: list[Article], passages: list[SharedPassage]) -> Measure:
    """Rows: facts (passages) shared by two or more articles, ✓ where an article carries it."""
    m = Measure(
        "facts",
        "Facts kept and dropped",
        "Passages (from dedupe) that two or more articles share: ✓ kept, ✗ dropped; last row: "
        "paragraphs of each article that share nothing with the others.",
    )
    order = {a.id: i for i, a in enumerate(arts)}
    by_id = {a.id: a for a in arts}
    groups = [g for g in fact_groups(passages) if all(k in by_id for k in g)]
    groups.sort(key=lambda g: (-len(g), min(order[k] for k in g), min(g.values())))
    for g in groups:
        first = min(g, key=lambda k: order[k])
        s, e = g[first]
        row = Row(short(by_id[first].text[s:e], 70))
        for a in arts:
            row.values[a.id] = "✓" if a.id in g else "✗"
            if a.id in g:
                gs, ge = g[a.id]
                row.evidence[a.id] = [Evidence(a.id, a.column, "kept", a.text[gs:ge])]
        m.rows.append(row)
    unique = Row("paragraphs shared with no other article")
    for a in arts:
        spans = [g[a.id] for g in groups if a.id in g]
        paras = [p for p in a.record.get("paragraphs") or [] if not p.get("heading")]
        own = [p for p in paras if not any(s < p["end"] and e > p["start"] for s, e in spans)]
        unique.values[a.id] = f"{len(own)} of {len(paras)}"
    m.rows.append(unique)
    return m
