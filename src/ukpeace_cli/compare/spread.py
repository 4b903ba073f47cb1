"""What the spread view draws: each article's parent and the shared-text matrix."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ukpeace_cli.compare.comparison import Comparison


def spread_parents(result: Comparison) -> dict[str, tuple[str, str]]:
    """Each article's parent in the propagation tree: the story article it copies most from
    (when the direction is known), else the origin when it credits it. ("", why) = the root."""
    parents: dict[str, tuple[str, str]] = {}
    col = {a.id: a.column for a in result.articles}
    for a in result.articles:
        copied = Counter(
            p.earlier for p in result.passages if p.later == a.id and p.direction_known
        )
        if copied:
            src, n = copied.most_common(1)[0]
            parents[a.id] = (src, f"{n} passage(s) from {col.get(src, src)}")
        elif result.origin and any(c.name == result.origin for c in result.citations[a.id]):
            parents[a.id] = ("", f"credits {result.origin}")
        else:
            parents[a.id] = ("", "no credit or copy found")
    return parents


def shared_matrix(result: Comparison) -> dict[tuple[str, str], float]:
    """(a, b) -> share of a's words in passages a shares with b."""
    words: Counter[tuple[str, str]] = Counter()
    for p in result.passages:
        words[(p.later, p.earlier)] += len(p.later_text.split())
        words[(p.earlier, p.later)] += len(p.earlier_text.split())
    total = {a.id: int(a.record.get("words") or 0) for a in result.articles}
    return {k: min(1.0, v / total[k[0]]) for k, v in words.items() if total.get(k[0])}
