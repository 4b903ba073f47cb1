"""Stage 8, carrying speakers over: a quote with no cue of its own continues the statement
before it (the same paragraph, the paragraph before, a multi-paragraph quote, the paragraph's one
topic person); "he said" is the person quoted last unless someone new became the subject."""

from __future__ import annotations

import re
from dataclasses import replace

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.refer import main_clause
from ukpeace_cli.quotes.spans import DIRECT, PARTIAL, TERM, Item
from ukpeace_cli.quotes.speakers import Speaker
from ukpeace_cli.quotes.words import ROLE_NOUNS, personal
from ukpeace_cli.text import fold


def describes_person(mention: str | None) -> bool:
    """ "the self-taught Cambridge resident", "a senior official": a person described."""
    words = re.findall(r"[a-z]+", fold(mention or ""))
    if len(words) < 2 or words[0] not in ("the", "a", "an", "one"):
        return False
    head = words[-1]
    return head in ROLE_NOUNS or personal(head)


def follow_chains(items: list[Item]) -> None:
    chains: dict[int, list[Item]] = {}
    for it in items:
        if it.span is not None and it.span.depth == 0 and it.kind == DIRECT:
            chains.setdefault(it.span.chain, []).append(it)
    for pieces in chains.values():
        if len(pieces) < 2:
            continue
        # the cue sits in the first piece (X said: ‘...) or the last (...,’ X added.)
        src = next((p for p in pieces if p.speaker is not None and p.speaker.name), None)
        src = src or next((p for p in pieces if p.speaker is not None), None)
        if src is None:
            continue
        for p in pieces:
            if p.speaker is None:
                p.speaker, p.via = src.speaker, "chain"
                p.extra["inherited"] = True


def inherit(a: Article, items: list[Item]) -> None:
    """One pass in reading order. A pronoun speaker ("he said") is the person quoted last,
    unless another person became the subject since; a quote with no cue of its own
    continues the statement just before it: in the same paragraph, or the last one of the
    paragraph before."""
    state = _Reading(a)
    for it in items:
        para = a.para_of(it.start)
        sp = it.speaker
        if enabled("pronoun-carry"):
            _pronoun_after_person(state, it, para, sp)
        if enabled("continuation"):
            _continue_statement(state, it, para, items)
        state.remember(it, para)


class _Reading:
    """What the reading has seen so far: each paragraph's last attributed item and the last
    person that spoke."""

    def __init__(self, a: Article):
        self.a = a
        self.last_in_para: dict[tuple[int, int], Item] = {}
        self.prev_para: dict[tuple[int, int], tuple[int, int] | None] = {}
        for before, para in zip([None, *a.paras], a.paras, strict=False):
            self.prev_para[para] = before
        self.para_index = {p: k for k, p in enumerate(a.paras)}
        self.last_person: Item | None = None

    def paras_apart(self, para: tuple[int, int], earlier: Item) -> int:
        idx = self.para_index
        return idx.get(para, 0) - idx.get(self.a.para_of(earlier.start), 0)

    def remember(self, it: Item, para: tuple[int, int]) -> None:
        if (
            it.kind != TERM
            and it.speaker is not None
            and it.speaker.name
            and (it.span is None or it.span.depth == 0)
        ):
            self.last_in_para[para] = it
            if it.speaker.label == "PERSON" or (
                it.speaker.label is None and it.speaker.via == "name"
            ):
                self.last_person = it  # a person, or a name the NER did not label


def _pronoun_after_person(
    state: _Reading, it: Item, para: tuple[int, int], sp: Speaker | None
) -> None:
    """ "he said" (or "the expert said") after a person spoke: that person, unless someone
    else who could be meant became the subject, or the text returned to the speaker."""
    a, last_person = state.a, state.last_person
    generic = sp is not None and sp.via == "generic"
    if (
        sp is not None
        and (
            generic
            or (
                sp.via == "pronoun"
                and sp.label in (None, "PERSON")
                and ((sp.mention or "").lower() in ("he", "she", "him", "her"))
            )
        )
        and last_person is not None
        and last_person.speaker is not None
    ):
        lp = last_person.speaker
        if (
            state.paras_apart(para, last_person) <= 2
            and lp.name != sp.name
            and (generic or a.compatible(lp.name, sp.mention or ""))
            and not new_subject(
                a, last_person.end, sp.start, lp.name, None if generic else sp.mention
            )
            and not speaker_again(a, last_person.end, sp.start, sp.name)
        ):
            it.speaker = replace(lp, mention=sp.mention, via=sp.via, start=sp.start, end=sp.end)


def _continue_statement(
    state: _Reading, it: Item, para: tuple[int, int], items: list[Item]
) -> None:
    """A quote with no speaker of its own continues the statement before it."""
    unknown = it.speaker is None or (
        it.speaker.name is None
        and it.speaker.kind is None
        # a cue with a person described ("says the self-taught resident") introduces
        # someone: no carrying over the paragraph's last speaker
        and not describes_person(it.speaker.mention)
    )
    if not (it.kind in (DIRECT, PARTIAL) and unknown and (it.span is None or it.span.depth == 0)):
        return
    src, via = _statement_before(state, it, para)
    if it.kind == PARTIAL:
        content = state.a.text[it.start : it.end]
        if len(content.split()) < 4 or via != "paragraph":
            src = None
    if src is not None and src.speaker is not None and src.speaker.name:
        it.speaker, it.via = src.speaker, via
        # the narration's subject is this quote's own mention ("he did have ... “...”")
        it.extra["inherited"] = via != "subject"
        if it.span is not None and it.span.chain >= 0:
            for o in items:
                if (
                    o.span is not None
                    and o.span.chain == it.span.chain
                    and o.span.depth == 0
                    and o.speaker is None
                ):
                    o.speaker, o.via = src.speaker, via
                    o.extra["inherited"] = True


def _statement_before(state: _Reading, it: Item, para: tuple[int, int]) -> tuple[Item | None, str]:
    """The item a cue-less quote continues, and how it was found: the paragraph's last
    statement; for a quote opening its paragraph, the previous paragraph's last statement
    or its one topic person (never across a heading)."""
    a = state.a
    src = state.last_in_para.get(para)
    via = "paragraph"
    if src is None and it.kind == DIRECT and enabled("quote-runs"):
        subject = paragraph_subject(a, para[0], it.start)
        if subject is not None:
            return subject, "subject"
    if (
        src is None
        and it.kind == DIRECT
        and it.span is not None
        and (it.span.outer_start == para[0])
    ):
        pp = state.prev_para.get(para)
        src = state.last_in_para.get(pp) if pp and pp not in a.headings else None
        via = "previous"
        if src is None and pp and pp not in a.headings and enabled("topic"):
            topic = topic_person(a, pp)
            if topic is not None:
                src, via = topic, "topic"
    return src, via


def paragraph_subject(a: Article, lo: int, hi: int) -> Item | None:
    """ "But early on, he did have patients die ... “When somebody dies, ...”": a quote
    with no cue after narration in its own paragraph is the words of the person the
    narration's last subject is (a name, or "he"/"she" resolved as for a cue)."""
    from ukpeace_cli.quotes.resolve import resolve  # stage 5, read here

    for t in reversed(a.toks_in(lo, hi)):
        if t.dep_ not in ("nsubj", "nsubjpass") or a.in_quote(t.idx) or not main_clause(t):
            continue
        m = a.mention_for(t)
        person = m is not None and m.label == "PERSON"
        if not person and t.lower_ not in ("he", "she"):
            return None
        sp = resolve(a, t)
        if sp.name is None or sp.label != "PERSON":
            return None
        return Item(t.idx, t.idx + len(t.text), DIRECT, speaker=sp)
    return None


def topic_person(a: Article, para: tuple[int, int]) -> Item | None:
    """The one person a paragraph is about, as a subject ("At 25, Gillis was diagnosed
    with Crohn's disease."), for a quote paragraph that follows with no cue."""
    people = {
        a.name_of(m): m
        for m in a.mentions
        if m.label == "PERSON" and para[0] <= m.start < para[1] and a.is_topic(m)
    }
    if len(people) != 1:
        return None
    ((name, m),) = people.items()
    if not a.is_topic(m) or not a.person_like(m):
        return None
    return Item(m.start, m.end, DIRECT, speaker=Speaker(name, None, "PERSON", "person", "topic"))


def speaker_again(a: Article, lo: int, hi: int, name: str | None) -> bool:
    """Is `name` someone quoted earlier in the article and named again in full between lo
    and hi (the text has returned to them: "... for accountant Babatunji Farinloye, 50.
    'I had a membership ...,' he says")? A possessive or a bare surname in passing
    ("Mr. Hemming's request") is no return."""
    if name is None or a.speakers.get(name, hi) >= lo:
        return False
    return any(
        lo <= m.start < hi
        and m.label == "PERSON"
        and a.name_of(m) == name
        and len(m.text.split()) >= 2
        and m.text[:1].isupper()
        and not re.search(r"['’]s?\W*$", m.text)
        and a.text[m.end : m.end + 2] not in ("'s", "’s")
        for m in a.mentions
    )


def new_subject(a: Article, lo: int, hi: int, name: str | None, pronoun: str | None) -> bool:
    """Did another person, who could be `pronoun`, become a subject between lo and hi?"""
    for m in a.mentions:
        if m.label != "PERSON" or not (lo <= m.start < hi):
            continue
        other = a.name_of(m)
        if other == name or not a.compatible(other, pronoun or ""):
            continue
        introduced = a.first_seen.get(other) == m.start and len(m.text.split()) >= 2
        if a.is_topic(m) or introduced:
            return True  # a subject, or someone introduced just now ("For Megda B., ...")
    return False
