"""Who had a story or a passage first: publication time when both articles are dated, else a
credit in one article naming the other's outlet ("Radio Liberty reported", "(AP)")."""

from __future__ import annotations

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.read import _Article


def _first(arts: list[_Article], members: list[int]) -> tuple[int | None, str]:
    """Which article had the story first: the earliest when every article is dated; else one
    that the others credit; else unknown."""
    if len(members) == 1:
        return members[0], "only"
    if all(arts[k].ts is not None for k in members):
        return members[0], "published"
    for k in members:
        if all(_credits(arts[m], arts[k]) for m in members if m != k):
            return k, "credit"
    return None, "unknown"


def _credits(later: _Article, earlier: _Article) -> bool:
    return any(sh.same_label(c, earlier.outlet) for c in later.cred)


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
    return a, b, "unknown", False
