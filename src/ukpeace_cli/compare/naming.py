"""How each outlet names the people of the story: spellings and descriptors."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from ukpeace_cli.compare.base import Article, Measure, Row


def naming(
    arts: list[Article],
    canonical: Callable[[str, str | None], str],
    suggested: dict[str, str] | None = None,
    min_articles: int = 2,
) -> Measure:
    """How each outlet names the people more than one article mentions: spellings (a variant
    merged or only suggested is marked ≈) and descriptors."""
    suggested = suggested or {}
    m = Measure(
        "naming",
        "How each outlet names key people",
        "People named in two or more articles: the spellings and titles each outlet uses; "
        "'≈' marks a spelling that is a suggested variant of the canonical name.",
    )
    forms: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    descr: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for a in arts:
        for mention in a.mentions:
            if mention.get("label") != "PERSON":
                continue
            local = str(mention.get("name") or mention["text"])
            name = canonical(suggested.get(local, local), "PERSON")
            mark = "≈" if local in suggested else ""
            forms[name][a.id][mark + local] += 1
            if mention.get("descriptor"):
                descr[name][a.id][str(mention["descriptor"])] += 1
    for name in sorted(forms, key=lambda n: (-len(forms[n]), n)):
        if len(forms[name]) < min_articles:
            continue
        row = Row(name)
        for a in arts:
            if a.id not in forms[name]:
                continue
            spellings = ", ".join(sorted(forms[name][a.id]))
            titles = ", ".join(t for t, _ in descr[name][a.id].most_common(2))
            row.values[a.id] = spellings + (f" — {titles}" if titles else "")
        m.rows.append(row)
    return m
