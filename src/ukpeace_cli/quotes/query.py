"""Queries over stored quotes: the rows `ukpeace quotes` prints and the filters on them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.quotes.spans import DIRECT, INDIRECT, KINDS, PARTIAL
from ukpeace_cli.text import fold

OUTPUT_KEYS = (
    "article_id",
    "source",
    "outlet",
    "text",
    "kind",
    "speaker",
    "speaker_mention",
    "cue",
    "start",
    "end",
    "sentence",
)
DEFAULT_KINDS = frozenset({DIRECT, PARTIAL, INDIRECT})
ANONYMOUS = "anonymous source"


@dataclass
class QuoteFilter:
    """What `ukpeace quotes` keeps. Empty sets mean "no filter"."""

    speakers: frozenset[str] | None = None  # global canonical names (from SpeakerMatcher)
    outlets: frozenset[str] = frozenset()  # casefolded outlet labels
    kinds: frozenset[str] = DEFAULT_KINDS
    contains: str | None = None
    articles: tuple[str, ...] = ()  # article ids (selection.resolve turns --article into ids)

    def article_ok(self, record: dict[str, Any]) -> bool:
        from ukpeace_cli.entities import outlet_label

        if self.outlets and outlet_label(record).casefold() not in self.outlets:
            return False
        return not self.articles or str(record.get("id") or "") in self.articles

    def row_ok(self, row: dict[str, Any]) -> bool:
        if self.kinds and row["kind"] not in self.kinds:
            return False
        if self.speakers is not None and row["speaker"] not in self.speakers:
            return False
        return not (self.contains and fold(self.contains) not in fold(row["text"]))


def check_kinds(values: Iterable[str]) -> frozenset[str]:
    """--kind values (repeatable or comma-separated); "all" means every kind."""
    out: set[str] = set()
    for raw in values:
        for k in raw.split(","):
            k = k.strip().lower()
            if not k:
                continue
            if k == "all":
                out.update(KINDS)
            elif k in KINDS:
                out.add(k)
            else:
                from ukpeace_cli.errors import UsageError

                raise UsageError(
                    f"unknown quote kind {k!r}",
                    hint="use direct, partial, indirect, term, attitude, topic, finding or all",
                )
    return frozenset(out) if out else DEFAULT_KINDS


def global_speaker(q: dict[str, Any], resolver: Any) -> str | None:
    """The cross-article canonical name of a stored speaker (the `entities` resolver's)."""
    name = q.get("speaker")
    if not name or name == ANONYMOUS or resolver is None:
        return name
    label = q.get("speaker_label") or "PERSON"
    parts = q.get("speaker_parts")
    if parts and len(parts) > 1:  # a joint speaker: "Acme and Globex"
        names = [str(resolver.canonical(p, label)) for p in parts]
        return ", ".join(names[:-1]) + " and " + names[-1]
    return str(resolver.canonical(name, label))


def quote_rows(
    records: Iterable[dict[str, Any]], resolver: Any, filt: QuoteFilter | None = None
) -> Iterator[dict[str, Any]]:
    """Output rows, in the order of the records given, then by offset."""
    from ukpeace_cli.entities import outlet_label

    filt = filt or QuoteFilter()
    for rec in records:
        if not filt.article_ok(rec):
            continue
        stored = ((rec.get("nlp") or {}).get("quotes")) or []
        text = rec.get("text") or ""
        outlet = outlet_label(rec)
        rows = []
        for q in stored:
            s0, s1 = (q.get("sentence") or [q["start"], q["end"]])[:2]
            row = {
                "article_id": rec.get("id"),
                "source": rec.get("source"),
                "outlet": outlet,
                "text": q["text"],
                "kind": q["kind"],
                "speaker": global_speaker(q, resolver),
                "speaker_mention": q.get("speaker_mention"),
                "cue": q.get("cue"),
                "start": q["start"],
                "end": q["end"],
                "sentence": text[s0:s1],
            }
            if filt.row_ok(row):
                rows.append(row)
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        yield from rows


def sort_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles in a stable order: by source, then id."""
    return sorted(records, key=lambda r: (str(r.get("source") or ""), str(r.get("id") or "")))
