"""Voices: how much of each article is quoted, and whose words."""

from __future__ import annotations

from collections.abc import Callable

from ukpeace_cli.compare.base import QUOTED_KINDS, Article, Evidence, Measure, Row


def voices(arts: list[Article], canonical: Callable[[str, str | None], str]) -> Measure:
    m = Measure(
        "voices",
        "Voices",
        "Share of body words inside direct and partial quotes; words quoted per speaker "
        "(unattributed quotes under '(unattributed)').",
    )
    share = Row("quoted words share")
    per_speaker: dict[str, Row] = {}
    for a in arts:
        quoted = [q for q in a.quotes if q.get("kind") in QUOTED_KINDS]
        words = sum(len(str(q.get("text", "")).split()) for q in quoted)
        total = int(a.record.get("words") or 0)
        share.values[a.id] = f"{100 * words / total:.0f}%" if total else "0%"
        for q in quoted:
            name = canonical(str(q["speaker"]), None) if q.get("speaker") else "(unattributed)"
            row = per_speaker.setdefault(name, Row(name))
            row.values[a.id] = int(row.values.get(a.id, 0)) + len(str(q.get("text", "")).split())
            row.evidence.setdefault(a.id, []).append(
                Evidence(a.id, a.column, str(q.get("cue") or ""), str(q.get("text", "")))
            )
    rows = sorted(per_speaker.values(), key=lambda r: (-sum(r.values.values()), r.label))
    m.rows = [share, *rows]
    return m
