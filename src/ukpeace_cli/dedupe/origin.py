"""Who had a story or a passage first. A story's origin is the source its members credit when
the members that credit anything mostly agree ("(AP)", "Reuters reported", "first reported by
The Atlantic"); else its earliest dated member; else unknown. A passage runs from the earlier
of two dated articles, else from the one the other credits."""

from __future__ import annotations

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.read import _Article


def _named(art: _Article) -> list[str]:
    """Sources the text credits, with the wires its record names (`wire`, docs/store.md)."""
    return list(dict.fromkeys([*art.cred, *art.wire]))


def credited_majority(named: list[list[str]]) -> tuple[str, int, int] | None:
    """(label, members crediting it, members crediting anything) when more than half of the
    members that credit any source credit one and the same one (labels matched loosely:
    "AP" and "(AP)", "Daily Mail" and "dailymail.co.uk"), else None. Ties go to the label
    first credited in member order."""
    crediting = [n for n in named if n]
    labels: list[str] = []
    for names in crediting:
        for name in names:
            if not any(sh.same_label(name, seen) for seen in labels):
                labels.append(name)
    best: tuple[str, int] | None = None
    for label in labels:
        k = sum(any(sh.same_label(label, n) for n in names) for names in crediting)
        if best is None or k > best[1]:
            best = (label, k)
    if best is None or 2 * best[1] <= len(crediting):
        return None
    return best[0], best[1], len(crediting)


def _first(arts: list[_Article], members: list[int]) -> tuple[int | None, str, str | None]:
    """(member that had the story first, basis, origin outlet). The credited source when the
    crediting members agree (the member of that outlet when there is one, else none: the
    origin is outside the store); else the earliest dated member; else unknown."""
    if len(members) == 1:
        return members[0], "only", arts[members[0]].outlet
    agreed = credited_majority([_named(arts[k]) for k in members])
    if agreed is not None:
        own = [k for k in members if sh.same_label(agreed[0], arts[k].outlet)]
        first = own[0] if own else None
        return first, "credit", arts[first].outlet if first is not None else agreed[0]
    dated = [k for k in members if arts[k].ts is not None]
    if dated:
        k = min(dated, key=lambda m: (arts[m].ts or 0.0, members.index(m)))
        return k, "published", arts[k].outlet
    return None, "unknown", None


def _credits(later: _Article, earlier: _Article) -> bool:
    """`later` names `earlier`'s outlet or a wire `earlier` carries (a wire copy crediting the
    wire credits every other copy of it)."""
    theirs = [earlier.outlet, *earlier.wire]
    return any(sh.same_label(c, t) for c in _named(later) for t in theirs if t)


def _direction(a: _Article, b: _Article) -> tuple[_Article, _Article, str, bool]:
    """(earlier, later, basis, later credits earlier)."""
    if a.ts is not None and b.ts is not None and a.ts != b.ts:
        e, lt = (a, b) if a.ts < b.ts else (b, a)
        return e, lt, "published", _credits(lt, e)
    ab, ba = _credits(b, a), _credits(a, b)
    if ab and not ba:
        return a, b, "credit", True
    if ba and not ab:
        return b, a, "credit", True
    return a, b, "unknown", ab and ba
