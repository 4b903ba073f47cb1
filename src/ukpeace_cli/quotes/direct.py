"""Stage 7a, direct quotations: the cue and speaker of each, from the words around its marks
("“...,” X said", "X said: “...”", "according to X, “...”")."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.cues import SPEECH_VERBS, cue_text, is_cue
from ukpeace_cli.quotes.marks import MarkedSpan
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.resolve import resolve, speaker_of
from ukpeace_cli.quotes.spans import Item


def region(a: Article, sp: MarkedSpan) -> tuple[int, int]:
    if sp.parent is not None:
        p = a.spans[sp.parent]
        return p.start, p.end
    return sp.paragraph


def siblings(a: Article, sp: MarkedSpan) -> list[MarkedSpan]:
    return [
        s for s in a.spans if s.paragraph == sp.paragraph and s.parent == sp.parent and s is not sp
    ]


def attribute_direct(a: Article, it: Item) -> None:
    sp = it.span
    assert sp is not None
    r_lo, r_hi = region(a, sp)
    sibs = siblings(a, sp)
    nxt = min((s.outer_start for s in sibs if s.outer_start >= sp.outer_end), default=r_hi)
    prv = max((s.outer_end for s in sibs if s.outer_end <= sp.outer_start), default=r_lo)
    content = a.text[sp.start : sp.end].rstrip()
    after = a.text[sp.outer_end : nxt]
    trailing_ok = (
        content[-1:] in ",!?…—–-:"
        or after.lstrip()[:1] in (",", "")
        or after.lstrip()[:1].islower()
    )
    depth = sp.depth
    trail = trailing_cue(a, sp.outer_end, nxt, depth=depth) if sp.close_mark else None
    if trail is None and sp.close_mark and not trailing_ok:
        # "“...” Foo said." after a full stop: only a short cue sentence counts
        m = re.match(r"\s*([^.!?]*[.!?]?)", after)
        tail = m.group(1) if m else ""
        if len(tail.split()) <= 8:
            stop = sp.outer_end + len(m.group(0)) if m else nxt
            trail = trailing_cue(a, sp.outer_end, stop, strict=True, depth=depth)
    lead = leading_cue(a, prv, sp.outer_start, depth=depth)
    pick = None
    if trail is not None and (trailing_ok or lead is None):
        pick = trail
    elif lead is not None:
        pick = lead
    elif trail is not None:
        pick = trail
    if pick is None and enabled("transcript-labels"):
        pick = transcript_label(a, sp.start)
    if pick is not None:
        it.cue, it.cue_text, it.speaker = pick
        it.via = "cue"


# "WALLACE: Let's start ...": a transcript's speaker label in capitals before a colon
LABEL = re.compile(r"([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


def transcript_label(a: Article, lo: int) -> tuple[Any, str, Any] | None:
    """A quote that opens with a speaker label in capitals ("“PENCE: Well, look, ...") is the
    labelled speaker's (a transcript quoted in the article), or None."""
    m = LABEL.match(a.text, lo)
    if m is None or len(m.group(1)) < 3:
        return None
    words = a.toks_in(lo, lo + len(m.group(1)))
    if not words:
        return None
    sp = resolve(a, words[-1])
    return words[-1], ":", replace(sp, mention=m.group(1))


def trailing_cue(
    a: Article, lo: int, hi: int, strict: bool = False, depth: int = 0
) -> tuple[Any, str, Any] | None:
    """A cue after the closing mark: “...,” X said / said X / according to X."""
    first = next(iter(a.toks_in(lo, hi)), None)
    if first is None:
        return None
    # to the end of the sentence ("... ,” Mr. Hawes said."), as the parser split it
    stop = min(hi, a.sent_of(first).end_char)
    toks = a.toks_in(lo, stop)
    for k, t in enumerate(toks):
        # "“...,” echoes McMillen": right after the mark a speech word is the cue, even
        # when the tagger took it for a noun
        right_after = k == 0 or (k == 1 and toks[0].is_punct)
        cue = is_cue(t) or (
            right_after and t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("NOUN", "PROPN")
        )
        if cue and not a.in_quote(t.idx, depth + 1 if depth else 0):
            if strict and any(c.dep_ == "ccomp" for c in t.children):
                continue
            sp = speaker_of(a, t) or adjacent_np(a, t, lo, stop)
            if sp is None:
                continue
            return t, cue_text(t), sp
    return None


def leading_cue(a: Article, lo: int, hi: int, depth: int = 0) -> tuple[Any, str, Any] | None:
    """A cue before the opening mark: X said: “...” / X told reporters, “...”."""
    if hi <= lo:
        return None
    opener = a.tok_at(hi)
    sent = a.sent_of(opener)
    s_lo = max(lo, sent.start_char)
    if not a.text[s_lo:hi].strip() and sent.start > 0:
        prev = a.sent_of(a.doc[sent.start - 1])  # the sentence before ends with ":"
        if a.text[prev.start_char : prev.end_char].rstrip().endswith(":"):
            s_lo = max(lo, prev.start_char)
    zone = a.text[s_lo:hi]
    if not zone.strip():
        return None
    # inside a quote, words of the enclosing quote count; those of other quotes do not
    toks = [t for t in a.toks_in(s_lo, hi) if not a.in_quote(t.idx, depth + 1 if depth else 0)]
    for t in reversed(toks):
        if is_cue(t):
            sp = speaker_of(a, t) or adjacent_np(a, t, s_lo, hi)
            if sp is not None:
                return t, cue_text(t), sp
    if zone.rstrip().endswith(":") and enabled("colon-subject"):
        # "Mara Velk is convinced that ...: “...”": the clause's subject speaks
        ids = {t.i for t in toks}
        for t in toks:
            if t.pos_ in ("VERB", "AUX") and (t.head == t or t.head.i not in ids):
                subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    sp = resolve(a, subj)
                    if sp.name or sp.kind:
                        return t, predicate_text(t), sp
    return None


def predicate_text(t: Any) -> str:
    acomp = next((c for c in t.children if c.dep_ in ("acomp", "attr")), None)
    if acomp is not None and acomp.i == t.i + 1:
        return f"{t.text} {acomp.text}"
    return t.text


def adjacent_np(a: Article, v: Any, lo: int, hi: int) -> Any:
    """When the parse gives a cue no subject: the noun phrase right before or after it
    (a name counts whatever the tagger made of it: "DeBoer said" with DeBoer as AUX)."""
    for t in list(a.toks_in(v.idx + len(v.text), hi))[:1] + list(a.toks_in(lo, v.idx))[-1:]:
        if t.pos_ in ("PROPN", "NOUN", "PRON") or a.tok_mention.get(t.i) is not None:
            head = t
            while head.dep_ in ("compound", "amod", "det", "flat") and head.head != head:
                head = head.head
            return resolve(a, head)
    return None
