"""Average-linkage agglomeration on a sparse graph: the one clustering both layers use (the copy
layer's stories in dedupe/, the story layer's events in events/). Two groups merge while the mean
score over all their cross pairs is at least tau; an unscored pair counts 0, so one strong bridge
cannot chain two groups together."""

from __future__ import annotations

import heapq
from collections.abc import Iterable


def average_linkage(
    n: int,
    edges: Iterable[tuple[int, int, float]],
    tau: float,
    start: list[list[int]] | None = None,
) -> list[list[int]]:
    """Groups of 0..n-1: merge the pair of groups with the highest mean cross score while that
    mean (unscored pairs count 0) is at least tau. `start`: disjoint groups that begin merged
    (the copy layer's clusters); each group is keyed by its smallest member."""
    root = list(range(n))
    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    for group in start or []:
        head = min(group)
        for k in group:
            if k != head and k in members:
                root[k] = head
                members[head].extend(members.pop(k))
    links: dict[int, dict[int, float]] = {}
    for i0, j0, s in edges:
        i, j = root[i0], root[j0]
        if i != j:
            links.setdefault(i, {})[j] = links.get(i, {}).get(j, 0.0) + s
            links.setdefault(j, {})[i] = links.get(j, {}).get(i, 0.0) + s
    version = dict.fromkeys(members, 0)
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
            continue  # stale: one side has merged since
        members[a].extend(members.pop(b))
        version[a] += 1
        la, lb = links.setdefault(a, {}), links.pop(b, {})
        la.pop(b, None)
        lb.pop(a, None)
        for k, s in lb.items():
            la[k] = la.get(k, 0.0) + s
            links[k].pop(b, None)
        for k in la:
            links[k][a] = la[k]
            push(a, k)
    return sorted((sorted(m) for m in members.values()), key=lambda m: (-len(m), m[0]))
