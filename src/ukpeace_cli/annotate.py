"""The NLP stage of ingest: one pass of spaCy, then everything ukpeace derives from the Doc
(sentences, entities with in-article canonical names, quotes with speakers), stored once so
queries never re-run the model.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ukpeace_cli import entities, quotes
from ukpeace_cli.nlp import Pipeline, annotate, load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc


def load_annotating_pipeline(model: str | None = None, aliases: str | None = None) -> Pipeline:
    """The model plus an EntityRuler built from the alias files (packaged, then the user's)."""
    table = entities.load_aliases(aliases)
    return load_pipeline(model, patterns=entities.ruler_patterns(table))


def annotate_record(doc: Doc, record: dict[str, Any]) -> dict[str, Any]:
    block = annotate(doc, record)
    mentions = entities.article_mentions(doc, record)
    block["entities"] = [asdict(m) for m in mentions]
    block["quotes"] = quotes.extract_quotes(doc, record, mentions)
    return block
