"""The same statement as each outlet rendered it (quote groups across the story)."""

from __future__ import annotations

from typing import Any

from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, short


def renderings(arts: list[Article], groups: list[list[dict[str, Any]]]) -> Measure:
    """`groups`: quote groups (from quotes.group_quotes) as lists of rows with article_id,
    speaker and text. Only groups spanning two or more of the story's articles are shown."""
    m = Measure(
        "renderings",
        "The same statement, as each outlet rendered it",
        "Quotes grouped by speaker and wording similarity (quotes --group); one row per "
        "statement rendered by two or more outlets.",
    )
    ids = {a.id for a in arts}
    col = {a.id: a.column for a in arts}
    for group in groups:
        members = [g for g in group if g.get("article_id") in ids]
        if len({g["article_id"] for g in members}) < 2:
            continue
        speaker = next((str(g["speaker"]) for g in members if g.get("speaker")), "?")
        row = Row(speaker)
        for g in members:
            aid = g["article_id"]
            text = short(str(g.get("text", "")), 140)  # the full quote is in the evidence
            row.values[aid] = (row.values[aid] + " / " + text) if aid in row.values else text
            row.evidence.setdefault(aid, []).append(
                Evidence(aid, col[aid], str(g.get("kind", "")), str(g.get("sentence") or text))
            )
        m.rows.append(row)
    return m
