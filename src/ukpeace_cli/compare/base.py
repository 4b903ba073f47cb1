"""What every `compare` measure is made of: articles of the story, rows, evidence.

A measure is a list of rows; each row has one value per article and keeps the evidence
(matched words with their sentence) behind the value, so `compare --explain MEASURE` can show
why. Rates are per 1,000 words of narration (the text outside direct and partial quotes),
always next to the raw count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli import dates
from ukpeace_cli.entities import outlet_label

QUOTED_KINDS = ("direct", "partial")


@dataclass
class Evidence:
    article_id: str
    outlet: str
    term: str
    sentence: str


@dataclass
class Row:
    label: str
    values: dict[str, Any] = field(default_factory=dict)  # article id -> value
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)


@dataclass
class Measure:
    key: str
    title: str
    caption: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class Article:
    """One article of the story with what every measure needs."""

    id: str
    source: str
    outlet: str  # the outlet, or the source file's stem when the text names none
    column: str  # unique column label
    record: dict[str, Any]
    narration: list[tuple[int, int]]  # spans of `text` outside quotes
    narration_words: int

    @property
    def text(self) -> str:
        return str(self.record["text"])

    @property
    def quotes(self) -> list[dict[str, Any]]:
        return list((self.record.get("nlp") or {}).get("quotes") or [])

    @property
    def mentions(self) -> list[dict[str, Any]]:
        return list((self.record.get("nlp") or {}).get("entities") or [])

    def sentence(self, pos: int) -> str:
        for s, e in (self.record.get("nlp") or {}).get("sentences") or []:
            if s <= pos < e:
                return self.text[s:e]
        for p in self.record.get("paragraphs") or []:
            if p["start"] <= pos <= p["end"]:
                return self.text[p["start"] : p["end"]]
        return ""

    def in_narration(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.narration)


def narration_spans(record: dict[str, Any]) -> list[tuple[int, int]]:
    """Spans of the body outside direct and partial quotes."""
    text = str(record["text"])
    quoted = sorted(
        (int(q["start"]), int(q["end"]))
        for q in ((record.get("nlp") or {}).get("quotes") or [])
        if q.get("kind") in QUOTED_KINDS
    )
    spans, pos = [], 0
    for s, e in quoted:
        if s > pos:
            spans.append((pos, s))
        pos = max(pos, e)
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def make_articles(records: Iterable[dict[str, Any]]) -> list[Article]:
    """Articles ordered by publication time (unknown last), then id; columns made unique."""
    arts = []
    for rec in records:
        spans = narration_spans(rec)
        words = sum(len(rec["text"][s:e].split()) for s, e in spans)
        label = outlet_label(rec)
        arts.append(Article(rec["id"], rec["source"], label, label, rec, spans, words))
    arts.sort(key=lambda a: (*dates.sort_key(published(a.record)), a.source))
    seen = Counter(a.outlet for a in arts)
    for a in arts:
        if seen[a.outlet] > 1:
            a.column = f"{a.outlet} ({a.id[:6]})"
    return arts


def published(record: dict[str, Any]) -> str | None:
    value = record.get("published")
    return str(value) if value else None


def rate(count: int, words: int) -> str:
    per_k = 1000 * count / words if words else 0.0
    return f"{count} ({per_k:.1f}/1k)"


def short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def article_times(arts: list[Article]) -> dict[str, float | None]:
    """Each article's publication time in POSIX seconds (UTC; see dates.py), None if undated."""
    out: dict[str, float | None] = {}
    for a in arts:
        out[a.id] = dates.timestamp(published(a.record))
    return out
