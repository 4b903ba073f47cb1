"""The NLP stage of ingest: one pass of spaCy, then everything ukpeace derives from the Doc
(sentences, entities with in-article canonical names, quotes with speakers), stored once so
queries never re-run the model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

from ukpeace_cli import entities, nlp, quotes
from ukpeace_cli.nlp import Pipeline, annotate, load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Quote finding weighs every reported clause against every quote of the article, so its time
# grows with the square of the article's length: an article over nlp.LONG_TEXT characters is
# searched in sections of about this many, each starting at a paragraph.
SECTION = 25_000


def load_annotating_pipeline(model: str | None = None, aliases: str | None = None) -> Pipeline:
    """The model plus an EntityRuler built from the alias files (packaged, then the user's)."""
    table = entities.load_aliases(aliases)
    return load_pipeline(model, patterns=entities.ruler_patterns(table))


def annotate_record(doc: Doc, record: dict[str, Any]) -> dict[str, Any]:
    block = annotate(doc, record)
    mentions = entities.article_mentions(doc, record)
    block["entities"] = [asdict(m) for m in mentions]
    if len(doc.text) <= nlp.LONG_TEXT:
        block["quotes"] = quotes.extract_quotes(doc, record, mentions)
    else:
        block["quotes"] = _sectioned_quotes(doc, record, mentions)
    return block


def _sectioned_quotes(doc: Doc, record: dict[str, Any], mentions: list[Any]) -> list[Any]:
    """Quotes of a long article, section by section, with offsets into the whole text. The
    mentions come from the whole article, so a speaker keeps the name given anywhere in it."""
    found: list[dict[str, Any]] = []
    for span in _sections(doc, record):
        sub = span.as_doc()
        text = sub.text  # Doc.text joins every token anew: once per section
        a = span.start_char
        b = a + len(text)
        part = {
            **record,
            "text": text,
            "paragraphs": [
                {**p, "start": p["start"] - a, "end": p["end"] - a}
                for p in record.get("paragraphs") or []
                if a <= p["start"] < b
            ],
        }
        inside = [
            replace(m, start=m.start - a, end=m.end - a)
            for m in mentions
            if a <= m.start and m.end <= b
        ]
        for q in quotes.extract_quotes(sub, part, inside):
            q["start"] += a
            q["end"] += a
            q["sentence"] = [x + a for x in q["sentence"]]
            if q.get("clause"):
                q["clause"] = [x + a for x in q["clause"]]
            found.append(q)
    return found


def _sections(doc: Doc, record: dict[str, Any]) -> Iterator[Span]:
    """Spans of whole sentences, each cut before the first sentence that begins a paragraph
    once SECTION characters are reached (a long paragraph stays whole)."""
    starts = {p["start"] for p in record.get("paragraphs") or []}
    first = 0
    for sent in doc.sents:
        if sent.start_char - doc[first].idx >= SECTION and sent.start_char in starts:
            yield doc[first : sent.start]
            first = sent.start
    yield doc[first:]
