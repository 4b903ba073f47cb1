"""Copy groups inside an event (`compare --stories events`): which reports are copies of one
text, each group's origin with its evidence, which were written independently, and the link
that put each report into the event."""

from __future__ import annotations

from typing import Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.compare.base import Article, Evidence, Measure, Row
from ukpeace_cli.compare.credit import origin_claim
from ukpeace_cli.compare.facts import SharedPassage
from ukpeace_cli.compare.sources import Citation

ROLE = {  # the claim's basis -> (the origin's own cell, every other member's)
    "credit": ("is the origin", "credits origin"),
    "published": ("earliest", "later copy"),
    "unknown": ("copy, order unknown", "copy, order unknown"),
}


def copies(
    arts: list[Article],
    groups: list[list[str]],
    cites: dict[str, list[Citation]],
    shared: list[SharedPassage],
    links: list[dict[str, Any]],
) -> Measure:
    """One row per copy group (its members' roles; evidence: the origin claim's crediting
    sentences or dates and the passages the member shares with the others), one for the
    reports in no group, and one with each report's strongest link inside the event."""
    m = Measure(
        "copies",
        "Copy groups inside the event",
        "Each copy group is one text on several sites (the copy layer's groups); its origin is "
        "the source its members credit, else its earliest dated member, else unknown. 'own "
        "words': a report no other report here copies. Strongest link: the story layer's "
        "same-event probability with the closest other report (experimental, docs/events.md).",
    )
    by_id = {a.id: a for a in arts}
    grouped: set[str] = set()
    for n, group in enumerate(groups, 1):
        members = [by_id[g] for g in group if g in by_id]
        if len(members) < 2:
            continue
        grouped.update(a.id for a in members)
        m.rows.append(_group_row(n, members, cites, shared))
    own = Row("own words")
    for a in arts:
        if a.id not in grouped:
            own.values[a.id] = "yes"
    m.rows.append(own)
    m.rows.append(_link_row(by_id, links))
    return m


def _group_row(
    n: int,
    members: list[Article],
    cites: dict[str, list[Citation]],
    shared: list[SharedPassage],
) -> Row:
    claim = origin_claim(members, cites)
    row = Row(f"copy group {n}: origin {claim.name or 'unknown'} ({claim.basis})")
    first, other = ROLE[claim.basis]
    ids = {a.id for a in members}
    column = {a.id: a.column for a in members}
    for a in members:
        if claim.basis == "credit":
            is_origin = bool(claim.name and sh.same_label(a.outlet, claim.name))
            cell = first if is_origin else (other if a.id in claim.support else "copy, no credit")
        else:  # an undated member cannot be put before or after the earliest dated one
            support = claim.support.get(a.id, [])
            earliest = bool(support) and support[0].term == "earliest"
            cell = first if earliest else (other if support else ROLE["unknown"][1])
        row.values[a.id] = cell
        passages = [
            Evidence(a.id, a.column, f"shares with {column[p.earlier]}", p.later_text)
            if p.later == a.id
            else Evidence(a.id, a.column, f"shares with {column[p.later]}", p.earlier_text)
            for p in shared
            if a.id in (p.earlier, p.later) and p.earlier in ids and p.later in ids
        ]
        row.evidence[a.id] = [*claim.support.get(a.id, []), *passages]
    return row


def _link_row(by_id: dict[str, Article], links: list[dict[str, Any]]) -> Row:
    from ukpeace_cli.events import FEATURES

    row = Row("strongest link")
    for link in links:
        a, other = by_id.get(link["article"]), by_id.get(link["with"])
        if a is None or other is None:
            continue
        row.values[a.id] = f"{link['probability']:.2f} with {other.column}"
        features = "; ".join(f"{f} {link[f]:g}" for f in FEATURES if link.get(f))
        row.evidence[a.id] = [
            Evidence(a.id, a.column, f"p {link['probability']:.3f} with {other.column}", features)
        ]
    return row
