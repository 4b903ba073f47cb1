"""Credit and reuse: the outlet that broke the story, who credits it, who reuses earlier text."""

from __future__ import annotations

from collections import Counter

from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, published
from ukpeace_cli.compare.facts import SharedPassage
from ukpeace_cli.compare.sources import Citation


def origin_outlet(arts: list[Article], cites: dict[str, list[Citation]]) -> str | None:
    """The outlet that first reported the story: the one credited by most articles when it is
    not one of them (a leak to Radio Liberty retold by others), else the earliest article's."""
    counts: Counter[str] = Counter()
    for a in arts:
        for name in {c.name for c in cites[a.id] if c.kind == "outlet"}:
            counts[name] += 1
    own = {a.outlet.lower() for a in arts}
    external = [(n, k) for n, k in counts.most_common() if n.lower() not in own and k >= 2]
    if external:
        return external[0][0]
    dated = [a for a in arts if published(a.record)]
    return (dated or arts)[0].outlet if arts else None


def credit(arts: list[Article], cites: dict[str, list[Citation]], origin: str | None) -> Measure:
    m = Measure(
        "credit",
        f"Credit to the origin ({origin or 'unknown'})",
        "Where each article first names the outlet that broke the story: headline, lede "
        "(first paragraph) or body.",
    )
    row = Row(f"credits {origin}" if origin else "credits origin")
    count_row = Row("times credited")
    for a in arts:
        hits = [c for c in cites[a.id] if origin and c.name == origin]
        title = str(a.record.get("title") or "")
        if origin and a.outlet == origin:
            where = "is the origin"
        elif origin and origin.lower() in title.lower():
            where = "headline"
        elif hits:
            paras = a.record.get("paragraphs") or []
            lede_end = paras[0]["end"] if paras else 0
            first = (
                min(c.start for c in hits if c.start >= 0)
                if any(c.start >= 0 for c in hits)
                else -1
            )
            where = "lede" if 0 <= first < lede_end else ("body" if first >= 0 else "sources list")
            row.evidence[a.id] = [
                Evidence(a.id, a.column, c.how, a.sentence(c.start) if c.start >= 0 else c.name)
                for c in hits
            ]
        else:
            where = "no"
        row.values[a.id] = where
        count_row.values[a.id] = len(hits)
    m.rows = [row, count_row]
    return m


def reuse(arts: list[Article], passages: list[SharedPassage]) -> Measure:
    m = Measure(
        "reuse",
        "Reuse of earlier coverage",
        "Share of each article's narration words in passages copied or closely paraphrased "
        "from an earlier article of the story; flagged when the earlier outlet is not credited.",
    )
    share, source, flag = Row("narration reused"), Row("reused from"), Row("uncredited reuse")
    col = {a.id: a.column for a in arts}
    for a in arts:
        mine = [p for p in passages if p.later == a.id and p.direction_known]
        words = _narration_words_in(a, [(p.later_start, p.later_end) for p in mine])
        share.values[a.id] = (
            f"{100 * words / a.narration_words:.0f}%" if a.narration_words else "0%"
        )
        froms = Counter(col.get(p.earlier, p.earlier) for p in mine)
        source.values[a.id] = ", ".join(f"{k} ({v})" for k, v in froms.most_common()) or None
        flag.values[a.id] = "yes" if any(not p.credited for p in mine) else "no"
        share.evidence[a.id] = [
            Evidence(a.id, a.column, f"from {col.get(p.earlier, p.earlier)}", p.later_text)
            for p in mine
        ]
    m.rows = [share, source, flag]
    return m


def _narration_words_in(a: Article, spans: list[tuple[int, int]]) -> int:
    """Narration words of `a` inside the union of `spans`: a passage taken from two earlier
    articles (verbatim copies of one text) counts once, and quoted words do not count."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    text = a.text
    return sum(
        len(text[max(ns, s) : min(ne, e)].split())
        for ns, ne in a.narration
        for s, e in merged
        if max(ns, s) < min(ne, e)
    )
