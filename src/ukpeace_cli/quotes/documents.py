"""Stage 5c, documents: a writing as speaker ("the report said") resolved to its author, its
possessor or the outlet that published it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.cues import is_cue
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.refer import org_nominal, pronoun
from ukpeace_cli.quotes.speakers import Speaker, speaker_from_mention
from ukpeace_cli.quotes.words import (
    DOCUMENT_NOUNS,
    ORG_NOUNS,
    OUTLET_NOUNS,
    SUBJECT_DEPS,
    looks_like_outlet,
)
from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Token


def document(a: Article, tok: Token, mention: str, lemma: str) -> Speaker:
    """A writing as speaker: its possessor or "by" author here, else the author named
    where the same document was last mentioned, else the outlet last named."""
    here = document_author(a, tok)
    if here is not None:
        here.mention, here.via = mention, "document"
        return here
    if lemma in DOCUMENT_NOUNS:
        for t in reversed(a.tokens[: tok.i]):
            if fold(t.lemma_) == lemma and t.pos_ == "NOUN":
                sp = document_author(a, t)
                if sp is not None:
                    sp.mention, sp.via = mention, "document"
                    sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
                    return sp
    if lemma in OUTLET_NOUNS or lemma in ("report", "article", "story"):
        for m, _s, _dist in a.candidates_before(tok, {"ORG"}, window=8):
            if looks_like_outlet(m):
                sp = speaker_from_mention(a, m, a.tokens[a.mention_root.get(id(m), 0)], "document")
                sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
                return sp
    return Speaker(None, mention, None, "document", "document", tok.idx, tok.idx + len(tok.text))


def document_author(a: Article, tok: Token, named: bool = False) -> Speaker | None:
    """Who a writing is by: "the report from/by/of X", "X's report", "the X report", "a
    study published by X", "X wrote in a report"; for a named document (`named`: "the
    city's Street Needs Assessment") only its possessor."""
    if not named and enabled("writer-of"):
        writer = writer_of(a, tok)
        if writer is not None:
            return writer
    for c in tok.children:
        if c.dep_ == "poss" and fold(c.lemma_) in ORG_NOUNS:
            # "the union's Friday release", "the city's Street Needs Assessment"
            org = org_nominal(a, c, c.text, fold(c.lemma_))
            if org is not None:
                return org
        if named and c.dep_ != "poss":
            continue
        if c.dep_ == "prep" and c.lower_ in ("from", "by", "of"):
            p = next((x for x in c.children if x.dep_ == "pobj"), None)
            m = a.mention_for(p) if p is not None else None
            if p is not None and m is not None and m.label in ("PERSON", "ORG"):
                return speaker_from_mention(a, m, p, "document")
        if c.dep_ == "poss":
            if c.lower_ in ("his", "her"):
                return pronoun(a, c, c.text)
            m = a.mention_for(c)
            if m is not None:
                return speaker_from_mention(a, m, c, "document")
        if c.dep_ == "acl":  # "a study published by the IFS"
            for g in c.children:
                if g.dep_ == "agent":
                    p = next((x for x in g.children if x.dep_ == "pobj"), None)
                    if p is not None and a.mention_for(p) is not None:
                        return speaker_from_mention(a, a.mention_for(p), p, "document")
        if c.dep_ == "compound":
            m = a.mention_for(c)
            if m is not None and m.label in ("ORG", "PERSON"):
                return speaker_from_mention(a, m, c, "document")
    return None


def writer_of(a: Article, tok: Token) -> Speaker | None:
    """ "In his April paper, Orvik recognised", "Jason Schultz stated in the company's
    blog post": the writing is by the clause's subject."""
    writer = (
        tok.dep_ == "pobj"
        and tok.head.lower_ == "in"
        and is_cue(tok.head.head)
        and fold(tok.lemma_) in DOCUMENT_NOUNS
    )
    if tok.dep_ == "pobj" and (
        writer
        or any(
            c.dep_ == "poss" and c.lower_ in ("his", "her", "its", "their") for c in tok.children
        )
    ):
        verb = tok.head.head
        subj = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subj is not None and a.mention_for(subj) is not None:
            return speaker_from_mention(a, a.mention_for(subj), subj, "document")
    return None
