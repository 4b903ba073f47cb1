"""Credit and reuse: the outlet that broke the story, who credits it, who reuses earlier text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, article_times, published
from ukpeace_cli.compare.facts import SharedPassage
from ukpeace_cli.compare.sources import Citation
from ukpeace_cli.parsing.cited import Cited, cited_sources

if TYPE_CHECKING:
    from ukpeace_cli.compare.comparison import Comparison


@dataclass
class OriginClaim:
    """Who broke the story and why: `basis` "credit" (most crediting articles name it),
    "published" (the earliest dated article) or "unknown"; `support` per article id: the
    crediting sentences or the date that back the claim."""

    name: str | None
    basis: str
    support: dict[str, list[Evidence]] = field(default_factory=dict)


@lru_cache(maxsize=512)
def _cited(text: str) -> tuple[Cited, ...]:
    return tuple(cited_sources(text))


def _named(a: Article, cites: dict[str, list[Citation]]) -> list[Citation]:
    """Outlets and agencies the article credits: its outlet citations (canonical names), what
    the credit detector finds in its text (`parsing.cited`, the one dedupe uses too), then the
    wires its record names (`wire`, docs/store.md), each source once."""
    named = [c for c in cites[a.id] if c.kind == "outlet"]  # canonical names first
    for c in _cited(a.text):
        if not any(sh.same_label(c.name, n.name) for n in named):
            named.append(Citation(c.name, "outlet", c.start, c.end, c.how))
    for w in a.record.get("wire") or []:
        if not any(sh.same_label(str(w), c.name) for c in named):
            named.append(Citation(str(w), "outlet", -1, -1, "wire"))
    return named


def origin_claim(arts: list[Article], cites: dict[str, list[Citation]]) -> OriginClaim:
    """The source the articles credit when most of those crediting anything agree (a magazine
    every reprint credits, "(AP)"), else the earliest dated article's outlet, else unknown."""
    from ukpeace_cli.dedupe.origin import credited_majority  # one majority rule; lazy (numpy)

    named = {a.id: _named(a, cites) for a in arts}
    agreed = credited_majority([[c.name for c in named[a.id]] for a in arts])
    if agreed is not None:
        label = agreed[0]
        claim = OriginClaim(label, "credit")
        for a in arts:
            hits = [c for c in named[a.id] if sh.same_label(c.name, label)]
            if hits:
                claim.support[a.id] = [_said(a, c) for c in hits]
        return claim
    dated = [a for a in arts if published(a.record)]
    if not dated:
        return OriginClaim(None, "unknown")
    times = article_times(arts)
    first = min(dated, key=lambda a: times.get(a.id) or float("inf"))
    when = str(published(first.record))
    claim = OriginClaim(first.outlet, "published")
    claim.support = {
        a.id: [Evidence(a.id, a.column, "published", str(published(a.record)))] for a in dated
    }
    claim.support[first.id] = [Evidence(first.id, first.column, "earliest", when)]
    return claim


def origin_outlet(arts: list[Article], cites: dict[str, list[Citation]]) -> str | None:
    """The outlet that broke the story (see `origin_claim`)."""
    return origin_claim(arts, cites).name


def _said(a: Article, c: Citation) -> Evidence:
    return Evidence(a.id, a.column, c.how, a.sentence(c.start) if c.start >= 0 else c.name)


def _credits(a: Article, cites: dict[str, list[Citation]], names: list[str]) -> bool:
    return any(sh.same_label(c.name, n) for c in _named(a, cites) for n in names if n)


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
        hits = [c for c in _named(a, cites) if origin and sh.same_label(c.name, origin)]
        title = str(a.record.get("title") or "")
        if origin and sh.same_label(a.outlet, origin):
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
    claim = origin_claim(arts, cites)
    basis = Row("origin by")
    if origin and claim.name == origin:
        for a in arts:
            ev = claim.support.get(a.id)
            basis.values[a.id] = (
                (ev[0].term if claim.basis == "published" else "credits it") if ev else None
            )
            if ev:
                basis.evidence[a.id] = ev
    m.rows = [row, count_row, basis]
    return m


def reuse(
    arts: list[Article],
    passages: list[SharedPassage],
    cites: dict[str, list[Citation]] | None = None,
    origin: str | None = None,
) -> Measure:
    m = Measure(
        "reuse",
        "Reuse of earlier coverage",
        "Share of each article's narration words in passages copied or closely paraphrased "
        "from an earlier article of the story; 'yes' when neither the earlier outlet, a wire it "
        "carries nor the story's origin is credited, 'order unknown' when shared passages "
        "cannot be ordered (undated and uncredited).",
    )
    share, source, flag = Row("narration reused"), Row("reused from"), Row("uncredited reuse")
    col = {a.id: a.column for a in arts}
    by_id = {a.id: a for a in arts}
    for a in arts:
        mine = [p for p in passages if p.later == a.id and p.direction_known]
        words = _narration_words_in(a, [(p.later_start, p.later_end) for p in mine])
        share.values[a.id] = (
            f"{100 * words / a.narration_words:.0f}%" if a.narration_words else "0%"
        )
        froms = Counter(col.get(p.earlier, p.earlier) for p in mine)
        source.values[a.id] = ", ".join(f"{k} ({v})" for k, v in froms.most_common()) or None
        unordered = any(a.id in (p.earlier, p.later) and not p.direction_known for p in passages)
        uncredited = [p for p in mine if not _reuse_credited(a, p, by_id, cites, origin)]
        flag.values[a.id] = (
            "yes" if uncredited else "credited" if mine else "order unknown" if unordered else "no"
        )
        share.evidence[a.id] = [
            Evidence(a.id, a.column, f"from {col.get(p.earlier, p.earlier)}", p.later_text)
            for p in mine
        ]
    m.rows = [share, source, flag]
    return m


def _reuse_credited(
    a: Article,
    p: SharedPassage,
    by_id: dict[str, Article],
    cites: dict[str, list[Citation]] | None,
    origin: str | None,
) -> bool:
    """The copy names the outlet it copies, a wire that outlet's text carries, or the origin."""
    if p.credited or cites is None:
        return p.credited
    earlier = by_id.get(p.earlier)
    names = [origin or ""]
    if earlier is not None:
        names += [earlier.outlet, *(str(w) for w in earlier.record.get("wire") or [])]
    return _credits(a, cites, names)


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


def spread_graph(result: Comparison) -> Any:
    """The spread as a networkx MultiDiGraph: articles (and credited outlets outside the story)
    as nodes; `copy` edges earlier -> later with the shared passages, `credit` edges article ->
    the credited article or outlet with the crediting sentences. Attributes are strings or
    numbers so GraphML and DOT keep them."""
    import networkx as nx  # only --graph needs it

    g = nx.MultiDiGraph(story=result.story_label, origin=result.origin or "unknown")
    for a in result.articles:
        g.add_node(
            a.id,
            kind="article",
            label=a.column,
            outlet=a.outlet,
            published=published(a.record) or "",
            origin=bool(result.origin and sh.same_label(a.outlet, result.origin)),
        )
    copies: dict[tuple[str, str], list[SharedPassage]] = {}
    for p in result.passages:
        copies.setdefault((p.earlier, p.later), []).append(p)
    for (e, lt), ps in copies.items():
        g.add_edge(
            e,
            lt,
            key="copy",
            kind="copy",
            order="known" if ps[0].direction_known else "unknown",
            credited=any(p.credited for p in ps),
            similarity=round(max(p.similarity for p in ps), 3),
            passages=len(ps),
            evidence=" | ".join(p.later_text for p in ps),
        )
    for a in result.articles:
        for c in _named(a, result.citations):
            target = next(
                (b.id for b in result.articles if b is not a and sh.same_label(b.outlet, c.name)),
                None,
            )
            if target is None:
                target = f"outlet:{c.name}"
                if target not in g:
                    origin = bool(result.origin and sh.same_label(c.name, result.origin))
                    g.add_node(target, kind="outlet", label=c.name, origin=origin)
            key = f"credit:{c.name}"
            said = _said(a, c).sentence
            if g.has_edge(a.id, target, key):
                g.edges[a.id, target, key]["evidence"] += " | " + said
            else:
                g.add_edge(a.id, target, key=key, kind="credit", how=c.how, evidence=said)
    return g
