"""Sources each article cites: phrases in its narration, outlets named, quote speakers, a list."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.compare.base import QUOTED_KINDS, Article, Evidence, Measure, Row
from ukpeace_cli.lexicons import Lexicons, PhraseMatcher

_ACCORDING = re.compile(
    r"\b(?:according to|citing|cited by|as reported by|reported by)\s+(?P<src>[^,.;:()“”\"]{3,90})",
    re.IGNORECASE,
)
_TOLD = re.compile(
    r"\b(?:told|informed|reported to|said to|speaking to|in an interview with)\s+"
    r"(?P<src>[^,.;:()]{2,60})",
    re.IGNORECASE,
)
_REPORTED = re.compile(
    r"^\W*(?P<src>.{2,60}?)(?<!\bare)(?<!\bis)(?<!\bwas)(?<!\bwere)(?<!\bbe)(?<!\bbeen)"
    r"[\s”\"’]+(?:also |previously |first )?"
    r"(?:reported|reports|wrote|writes|notes|noted|said|says|stated|claimed)\b(?! to\b)",
    re.IGNORECASE,
)


@dataclass
class Citation:
    name: str
    kind: str  # outlet | official | person | document | anonymous | other
    start: int
    end: int
    how: str


class SourceTyper:
    """Types a cited source by the entity it names and the lexicon's source-type words."""

    def __init__(
        self,
        lexicons: Lexicons,
        kinds: Callable[[str], str | None],
        labels: Callable[[str], str | None] = lambda _: None,
    ):
        self.kinds = kinds  # canonical name -> alias-file kind ("outlet", "government", ...)
        self.label = labels  # canonical name -> entity label (PERSON, ORG, GPE, ...)
        self.anonymous = lexicons.matcher("anonymous_sources", inflect=False)
        self.outlet_words = PhraseMatcher(lexicons.entries("source_types.outlet_words"), False)
        self.official_words = PhraseMatcher(lexicons.entries("source_types.official_words"), False)
        self.document_words = PhraseMatcher(lexicons.entries("source_types.document_words"), False)

    def kind_of(self, name: str, label: str | None) -> str:
        kind = self.kinds(name)
        if kind == "outlet":
            return "outlet"
        if kind in ("government", "military", "international"):
            return "official"
        if label == "PERSON":
            return "person"
        if label in ("GPE", "NORP"):
            return "official"  # a state or capital "says" through its government
        if self.outlet_words.find(name):
            return "outlet"
        if self.official_words.find(name):
            return "official"
        if self.document_words.find(name):
            return "document"
        return "other"


def citations(
    art: Article, typer: SourceTyper, canonical: Callable[[str, str | None], str]
) -> list[Citation]:
    """Sources the article cites in its narration, its quotes' speakers, and a Sources: list."""
    out: list[Citation] = []
    text = art.text
    mentions = [m for m in art.mentions if m.get("label") in ("PERSON", "ORG", "NORP", "GPE")]

    def names_in(start: int, end: int) -> list[dict[str, Any]]:
        return [m for m in mentions if start <= m["start"] and m["end"] <= end]

    def add_phrase(start: int, end: int, how: str) -> None:
        phrase = text[start:end]
        named = [m for m in names_in(start, end) if m["label"] in ("PERSON", "ORG")]
        anon = typer.anonymous.find(phrase)
        for m in named[:1]:
            name = canonical(m.get("name") or m["text"], m["label"])
            out.append(Citation(name, typer.kind_of(name, m["label"]), m["start"], m["end"], how))
        if anon:
            out.append(Citation(anon[0].term, "anonymous", start, end, how))
        elif not named:
            kind = typer.kind_of(phrase, None)
            if kind in ("official", "document") and len(phrase.split()) <= 6:
                out.append(Citation(phrase.strip(), kind, start, end, how))

    for s, e in art.narration:
        chunk = text[s:e]
        for rx, how in ((_ACCORDING, "according to"), (_TOLD, "told")):
            for m in rx.finditer(chunk):
                add_phrase(s + m.start("src"), s + m.end("src"), how)
        for sent_start, sent_end in _sentences_in(art, s, e):
            said = _REPORTED.match(text[sent_start:sent_end])
            if said:
                add_phrase(sent_start + said.start("src"), sent_start + said.end("src"), "reported")
    # Outlets named anywhere in the narration are cited sources (the article's own excepted).
    own = canonical(art.outlet, "ORG").lower()
    for mention in mentions:
        name = canonical(mention.get("name") or mention["text"], mention["label"])
        start, end = int(mention["start"]), int(mention["end"])
        is_outlet = typer.kinds(name) == "outlet" and name.lower() != own
        if is_outlet and not any(c.start <= start < c.end for c in out):
            out.append(Citation(name, "outlet", start, end, "named"))
    for q in art.quotes:
        if q.get("kind") in (*QUOTED_KINDS, "indirect") and q.get("speaker"):
            speaker = canonical(str(q["speaker"]), None)
            if speaker.lower().startswith("anonymous"):
                kind = "anonymous"
            else:
                kind = typer.kind_of(speaker, typer.label(speaker))
            out.append(Citation(speaker, kind, q["start"], q["end"], "quoted"))
    for item in art.record.get("cited_sources") or []:
        name = canonical(item.split(" - ")[0].strip(), "ORG")
        out.append(Citation(name, typer.kind_of(name, "ORG"), -1, -1, "sources list"))
    # One citation per source per place: a phrase matched by two rules counts once.
    seen: set[tuple[str, int]] = set()
    unique = []
    for c in sorted(out, key=lambda c: (c.start, c.name)):
        if (c.name, c.start) not in seen:
            seen.add((c.name, c.start))
            unique.append(c)
    return unique


def _sentences_in(art: Article, start: int, end: int) -> list[tuple[int, int]]:
    sents = (art.record.get("nlp") or {}).get("sentences") or []
    return [(max(s, start), min(e, end)) for s, e in sents if s < end and e > start]


def sources(
    arts: list[Article], typer: SourceTyper, canonical: Callable[[str, str | None], str]
) -> tuple[Measure, dict[str, list[Citation]]]:
    m = Measure(
        "sources",
        "Sources cited",
        "Citations in narration (according to / citing / told / X reported, outlets named), "
        "speakers of quotes and a Sources: list; count per source, typed.",
    )
    per_article = {a.id: citations(a, typer, canonical) for a in arts}
    by_source: dict[tuple[str, str], Row] = {}
    kinds_total: dict[str, Counter[str]] = {a.id: Counter() for a in arts}
    for a in arts:
        for c in per_article[a.id]:
            key = (c.name, c.kind)
            row = by_source.setdefault(key, Row(f"{c.name} [{c.kind}]"))
            row.values[a.id] = int(row.values.get(a.id, 0)) + 1
            sent = a.sentence(c.start) if c.start >= 0 else "Sources: " + c.name
            row.evidence.setdefault(a.id, []).append(Evidence(a.id, a.column, c.how, sent))
            kinds_total[a.id][c.kind] += 1
    rows = sorted(by_source.values(), key=lambda r: (-len(r.values), r.label))
    summary = Row("anonymous share")
    for a in arts:
        total = sum(kinds_total[a.id].values())
        anon = kinds_total[a.id]["anonymous"]
        summary.values[a.id] = f"{anon}/{total} ({100 * anon / total:.0f}%)" if total else "0/0"
    m.rows = [summary, *rows]
    return m, per_article
