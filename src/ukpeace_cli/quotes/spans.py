"""Stage 2b, spans: what each marked span is. A direct quotation, a partial quote (a fragment
inside the writer's sentence), or a term (a name or scare quote); indirect speech is found later
from the parse (`clauses.py`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ukpeace_cli.quotes.layout import Layout
from ukpeace_cli.quotes.marks import MarkedSpan

if TYPE_CHECKING:
    from ukpeace_cli.quotes.speakers import Speaker

DIRECT, PARTIAL, INDIRECT, TERM = "direct", "partial", "indirect", "term"
ATTITUDE = "attitude"  # what someone believes or wants, not said (clauses.attitude_clauses)
TOPIC = "topic"  # what a speech act is about, a noun phrase ("called for new elections")
FINDING = "finding"  # what a poll or a study shows or found ("the poll shows that ...")
NOT_SAID = frozenset({ATTITUDE, TOPIC, FINDING})  # attributions with no words quoted
KINDS = (DIRECT, PARTIAL, INDIRECT, TERM, ATTITUDE, TOPIC, FINDING)
_SENT_INSIDE = re.compile(r"[.!?…][’”\"']?\s+[A-Z0-9‘“\"']")


@dataclass
class Item:
    """A quote or reported statement on its way through the stages."""

    start: int
    end: int
    kind: str
    span: MarkedSpan | None = None
    cue: Any = None  # the cue Token
    cue_text: str | None = None
    speaker: Speaker | None = None
    via: str | None = None
    clause: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def marked_items(a: Layout) -> list[Item]:
    """One classified item per non-empty marked span, in order of opening mark."""
    return [
        classify(a, sp)
        for sp in a.spans
        if sp.end > sp.start
        and a.text[sp.start : sp.end].strip()
        and sp.paragraph not in a.furniture
    ]


def quoted_spans(a: Layout, items: list[Item]) -> list[tuple[int, int]]:
    """Someone's words, where no subject of a cue outside them is (a quoted name is one:
    "Harbour Radio" reports that ...)."""
    return [
        (it.start, it.end)
        for it in items
        if len(a.text[it.start : it.end].split()) >= 3 and not is_name(a.text[it.start : it.end])
    ]


def classify(a: Layout, sp: MarkedSpan) -> Item:
    content = a.text[sp.start : sp.end]
    words = content.split()
    lo = a.spans[sp.parent].start if sp.parent is not None else sp.paragraph[0]
    lead = a.text[lo : sp.outer_start]
    lead = re.split(r"(?<=[.!?…])[’”\"']?\s+(?=[A-Z‘“\"'])", lead)[-1].rstrip()
    first = next((c for c in content if c.isalnum()), "")
    upper = first.isupper() or first.isdigit()
    para_start = sp.outer_start == sp.paragraph[0]
    kind = PARTIAL
    # "The Kid Who Would Be King.": a title is decided as a fragment (it becomes a term)
    title = is_name(content) and not lead.endswith(":") and not para_start
    if not title and (
        sp.continues
        or (sp.close_mark is None and para_start)
        or (_SENT_INSIDE.search(content) and len(words) >= 6)
        or (
            upper
            and len(words) >= 3
            and (not lead or lead.endswith((":", ",", "—", "–", "-")) or para_start)
        )
        or (upper and len(words) >= 5 and content.rstrip()[-1:] in ",.!?…")
    ):
        kind = DIRECT
    return Item(sp.start, sp.end, kind, span=sp)


def is_name(content: str) -> bool:
    words = re.findall(r"[\w’'-]+", content)
    if not words or len(words) > 6:
        return False
    small = {"of", "the", "and", "for", "in", "on", "a", "de", "du", "la", "le", "to"}
    caps = [w for w in words if w.lower() not in small]
    return bool(caps) and all(w[0].isupper() or w[0].isdigit() for w in caps)
