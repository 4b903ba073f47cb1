"""Stage 9, records: each item as the dict stored with the article (`nlp.quotes`)."""

from __future__ import annotations

from typing import Any

from ukpeace_cli.quotes.layout import Layout
from ukpeace_cli.quotes.spans import Item


def sentence_of(a: Layout, lo: int, hi: int) -> list[int]:
    first = a.sent_of(a.tok_at(lo))
    last = a.sent_of(a.tok_at(max(lo, hi - 1)))
    s, e = first.start_char, last.end_char
    p_lo, p_hi = a.para_of(lo)
    s, e = max(s, p_lo), min(e, max(p_hi, a.para_of(max(lo, hi - 1))[1]))
    while e > s and a.text[e - 1].isspace():
        e -= 1
    return [s, e]


def to_dict(a: Layout, it: Item) -> dict[str, Any]:
    sp = it.speaker
    inherited = bool(it.extra.get("inherited"))
    lo, hi = it.start, it.end
    if it.cue is not None and not inherited:
        lo, hi = min(lo, it.cue.idx), max(hi, it.cue.idx + len(it.cue.text))
    if it.span is not None:
        lo, hi = min(lo, it.span.outer_start), max(hi, it.span.outer_end)
    return {
        "text": a.text[it.start : it.end],
        "kind": it.kind,
        "speaker": sp.name if sp is not None else None,
        "speaker_mention": sp.mention if sp is not None and not inherited else None,
        "cue": it.cue_text if not inherited else None,
        "start": it.start,
        "end": it.end,
        "sentence": sentence_of(a, lo, hi),
        "speaker_label": sp.label if sp is not None else None,
        "speaker_type": sp.kind if sp is not None else None,
        "via": it.via if sp is not None else None,
        "continues": bool(it.span is not None and it.span.continues),
        "nested": bool(it.span is not None and it.span.depth > 0),
        "marks": [it.span.open_mark, it.span.close_mark] if it.span is not None else None,
        "clause": list(it.clause) if it.clause else None,
        "speaker_parts": sp.parts if sp is not None and sp.parts else None,
    }
