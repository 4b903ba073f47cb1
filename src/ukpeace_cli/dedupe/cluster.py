"""Stories: average-linkage clustering over the scored pairs (an unscored pair counts as 0, so
one bridging pair through boilerplate or a generic sentence cannot chain two stories together),
then each story's members in time order, who had it first, common credits and verbatim copies."""

from __future__ import annotations

import math

from ukpeace_cli.dedupe.origin import _first
from ukpeace_cli.dedupe.read import _Article
from ukpeace_cli.dedupe.results import Cluster


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
        first, basis, origin = _first(arts, members)
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
                first_outlet=origin,
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
