"""Nominal cues: a noun derived from a speech or attitude verb (WordNet 3.0's derivational links,
`data/wordnet_cues.yaml`) that takes a *that*-clause or a *to*-infinitive ("his claim that
...", "the senator's pledge to ...", "a report by the inspectors that ..."). The clause is the
content, the noun's possessor or "by" agent the source; with neither, the source is left
unknown (`null`), never guessed. Kind by the verb the noun derives from: a belief or intent is
an `attitude`, a finding a `finding`, a speech act a `topic`. Read with the other typed kinds,
after every speech stage."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ukpeace_cli.quotes.clauses import covered
from ukpeace_cli.quotes.cues import BELIEF, FINDING, INTENT, attitude_verbs, is_cue, noun_cue
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.resolve import resolve
from ukpeace_cli.quotes.spans import ATTITUDE, TERM, TOPIC, Item
from ukpeace_cli.quotes.spans import FINDING as FINDING_KIND
from ukpeace_cli.quotes.words import DEMONSTRATIVES, WRITER_PRONOUNS

if TYPE_CHECKING:
    from spacy.tokens import Token

POSSESSIVE = re.compile(r"\s*['’]s?$")
KIND_OF = {BELIEF: ATTITUDE, INTENT: ATTITUDE, FINDING: FINDING_KIND}


def nominal_items(a: Article, items: list[Item]) -> list[Item]:
    """The content clauses of nominal cues not already inside a record (as in
    clauses.attitude_clauses, a span mostly covered by one found before is left out)."""
    taken = [(it.start, it.end) for it in items if it.kind != TERM]
    out: list[Item] = []
    for t in a.tokens:
        verb = noun_cue(t)
        if verb is None or a.in_quote(t.idx) or a.is_furniture(t.idx):
            continue
        if t.dep_ == "pobj" and is_cue(t.head.head):
            continue  # "wrote in a report that X": the verb's clause, hung on the noun
        clause = noun_clause(t)
        if clause is None:
            continue
        toks = sorted(clause.subtree, key=lambda g: g.i)
        if len(toks) < 3 or not any(x.pos_ in ("VERB", "AUX") for x in toks):
            continue
        s, e = a.trim(toks[0].i, toks[-1].i + 1)
        if e - s < 8 or covered(taken, s, e):
            continue
        holder = noun_holder(t)
        if holder is None and clause.dep_ == "acl" and not has_that(clause):
            continue  # "plans to build": whose plans?
        if holder is not None and holder.lower_ in WRITER_PRONOUNS | DEMONSTRATIVES | {"my", "our"}:
            continue  # "our belief that": the writer's
        taken.append((s, e))
        kind = KIND_OF.get(attitude_verbs().get(verb, ""), TOPIC)
        sp = resolve(a, holder) if holder is not None else None
        if sp is not None and sp.mention:
            sp = replace(sp, mention=POSSESSIVE.sub("", sp.mention))  # "Mr. Obama's" -> "Mr. Obama"
        out.append(Item(s, e, kind, cue=t, cue_text=t.text, speaker=sp, via="cue"))
    return out


def noun_clause(t: Token) -> Token | None:
    """The *that*-clause ("the claim that X") or *to*-infinitive ("a pledge to X") right of
    the noun, or None ("the claim that he made" is a relative clause: no content)."""
    for c in t.rights:
        if c.dep_ not in ("acl", "ccomp", "relcl"):
            continue
        if has_that(c):
            return c
        if c.dep_ == "acl" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.lefts):
            return c
    return None


def has_that(c: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)


def noun_holder(t: Token) -> Token | None:
    """Whose claim: the possessor ("his claim", "Trump's pledge") or the "by" agent ("a
    report by the inspectors"), or None."""
    for c in t.children:
        if c.dep_ == "poss":
            return c
    for c in t.rights:
        if c.dep_ == "prep" and c.lower_ == "by":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None
