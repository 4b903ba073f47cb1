"""Stories: average-linkage clustering over the scored pairs (an unscored pair counts as 0, so
one bridging pair through boilerplate or a generic sentence cannot chain two stories together),
then each story's members in time order, who had it first, common credits and verbatim copies."""

from __future__ import annotations

import math

from ukpeace_cli.dedupe.origin import _first
from ukpeace_cli.dedupe.read import _Article
from ukpeace_cli.dedupe.results import Cluster


def _average_linkage(n: int, edges: list[tuple[int, int, float]], tau: float) -> list[list[int]]:
    """Average-linkage agglomeration on a sparse graph: two groups merge while the mean score
    over all their cross pairs (unscored pairs count 0) is at least `tau`."""
    import heapq

    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    links: dict[int, dict[int, float]] = {}
    for i, j, s in edges:
        links.setdefault(i, {})[j] = links.get(i, {}).get(j, 0.0) + s
        links.setdefault(j, {})[i] = links.get(j, {}).get(i, 0.0) + s
    version = dict.fromkeys(range(n), 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        avg = links[a][b] / (len(members[a]) * len(members[b]))
        if avg >= tau:
            x, y = min(a, b), max(a, b)
            heapq.heappush(heap, (-avg, x, y, version[x], version[y]))

    for a, nb in links.items():
        for b in nb:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        # Merge b into a (a is the smaller id: deterministic).
        members[a].extend(members.pop(b))
        version[a] += 1
        la, lb = links.setdefault(a, {}), links.pop(b, {})
        la.pop(b, None)
        lb.pop(a, None)
        for k, s in lb.items():
            la[k] = la.get(k, 0.0) + s
            links[k].pop(b, None)
            links[k][a] = la[k]
        for k in la:
            links[k][a] = la[k]
            push(a, k)
    return [sorted(m) for m in members.values()]


def _clusters(arts: list[_Article], groups: list[list[int]]) -> tuple[list[Cluster], list[str]]:
    inf = float("inf")

    def key(g: list[int]) -> tuple[int, float, int]:
        dated = [t for k in g if (t := arts[k].ts) is not None]
        return (0 if len(g) > 1 else 1, min(dated) if dated else inf, g[0])

    story_of = [""] * len(arts)
    out = []
    for n, g in enumerate(sorted(groups, key=key), start=1):
        cid = f"story-{n}"
        members = sorted(g, key=lambda k: (arts[k].ts if arts[k].ts is not None else inf, k))
        for k in members:
            story_of[k] = cid
        first, basis = _first(arts, members)
        credited: dict[str, int] = {}
        if len(members) > 1:
            for k in members:
                for c in set(arts[k].cred):
                    credited[c] = credited.get(c, 0) + 1
        common = sorted(
            (c for c, m in credited.items() if m >= max(2, math.ceil(len(members) / 2))),
            key=lambda c: (-credited[c], c),
        )
        out.append(
            Cluster(
                id=cid,
                articles=[arts[k].id for k in members],
                sources=[arts[k].source for k in members],
                outlets=[arts[k].outlet for k in members],
                dates=[arts[k].published for k in members],
                first_article=arts[first].id if first is not None else None,
                first_outlet=arts[first].outlet if first is not None else None,
                first_basis=basis,
                credited_sources=common,
                copies=_copies([arts[k].text_hash for k in members]),
            )
        )
    return out, story_of


def _copies(hashes: list[str]) -> list[list[int]]:
    """Positions of the members that share one text, per text held by more than one."""
    at: dict[str, list[int]] = {}
    for n, h in enumerate(hashes):
        at.setdefault(h, []).append(n)
    return [g for g in at.values() if len(g) > 1]
