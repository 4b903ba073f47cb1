"""The quote pipeline at ingest, one stage after another, data flowing one way:

marks → layout → spans → mentions → (cues, subjects, resolution) → direct / fragments →
chains → reported clauses → carried-over speakers → fragments left uncued → attitudes
(beliefs and intentions, read last so nothing carries over from them) → nominal cues
("his claim that ...") → records.
"""

from __future__ import annotations

from typing import Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.carry import follow_chains, inherit
from ukpeace_cli.quotes.clauses import attitude_clauses, merge_indirect
from ukpeace_cli.quotes.direct import attribute_direct
from ukpeace_cli.quotes.fragments import attribute_fragment, uncued_terms
from ukpeace_cli.quotes.layout import Layout
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.nominal import nominal_items
from ukpeace_cli.quotes.records import to_dict
from ukpeace_cli.quotes.spans import DIRECT, marked_items, quoted_spans


def extract_quotes(doc: Any, record: dict[str, Any], mentions: list[Any]) -> list[dict[str, Any]]:
    """Every quotation and reported statement in the article, with its speaker.

    Offsets are into `doc.text`, which is the stored body: `text == body[start:end]`."""
    layout = Layout(doc, record)
    items = marked_items(layout)
    a = Article(layout, mentions, quoted_spans(layout, items))
    for it in items:
        if it.kind == DIRECT:
            attribute_direct(a, it)
        else:
            attribute_fragment(a, it)
    if enabled("chains"):
        follow_chains(items)
    items.extend(merge_indirect(a, items))
    items.sort(key=lambda it: (it.start, -it.end))
    inherit(a, items)
    if enabled("uncued-fragments"):
        uncued_terms(a, items)
    if any(enabled(f) for f in ("attitudes", "speech-topics", "findings", "verb-tail")):
        items.extend(attitude_clauses(a, items))
    if enabled("nominal-cues"):
        items.extend(nominal_items(a, items))
    items.sort(key=lambda it: (it.start, -it.end))
    return [to_dict(a, it) for it in items]
