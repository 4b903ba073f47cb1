"""What the entity side reads from a stored record: its outlet label, its stored mentions and
the sentence around a mention."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ukpeace_cli.names.aliases import LABELS


def outlet_label(record: dict[str, Any]) -> str:
    """The outlet an article is shown under: its outlet, else its source file's stem, else id."""
    outlet = record.get("outlet")
    if outlet:
        return str(outlet)
    source = record.get("source")
    if source and source != "-" and not str(source).startswith("<stdin>"):
        stem = Path(str(source)).stem
        if stem:
            return stem
    return str(record.get("id") or "?")


def sentence_of(record: dict[str, Any], start: int, end: int) -> str:
    """The sentence holding characters start..end (the stored sentence spans)."""
    text = record.get("text") or ""
    sents = record.get("nlp", {}).get("sentences") or []
    lo, hi = 0, len(sents)
    while lo < hi:  # first sentence that ends after `start`
        mid = (lo + hi) // 2
        if sents[mid][1] <= start:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents):
        s0, s1 = sents[lo]
        return " ".join(text[s0 : max(s1, end)].split())
    return " ".join(text[max(0, start - 100) : end + 100].split())


_MENTION_DEFAULTS = {"descriptor": None, "ambiguous": False, "kind": None}


def stored_mentions(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's stored mentions, with fields older annotations lack filled in."""
    ents: list[dict[str, Any]] = (record.get("nlp") or {}).get("entities") or []
    if ents and ("ambiguous" not in ents[0] or "name" not in ents[0]):
        ents = [{**_MENTION_DEFAULTS, "name": e["text"], **e} for e in ents]
        ents = [e for e in ents if e["label"] in LABELS]
    return ents
