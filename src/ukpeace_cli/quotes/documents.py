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
    if enabled("issuers"):
        issued = issued_by(a, tok, lemma)
        if issued is not None:
            issued.mention, issued.start, issued.end = mention, tok.idx, tok.idx + len(tok.text)
            return issued
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
            if p is not None and c.lower_ != "of" and enabled("issuers"):
                issuer = named_issuer(a, p)  # "a statement from the Prime Minister's Office"
                if issuer is not None:
                    return issuer
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
                    issuer = named_issuer(a, p) if p is not None and enabled("issuers") else None
                    if issuer is not None:  # "a statement released by the Prime Minister's Office"
                        return issuer
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


def named_issuer(a: Article, p: Token) -> Speaker | None:
    """The body a writing comes from when the NER left its name untagged: a proper-noun
    phrase ("the Prime Minister's Office", "the Parole Board of Canada"), or a named place or
    group ("a statement from China"), as the object of "from"/"by". Never a pronoun or a common
    noun ("a letter from a reader")."""
    from ukpeace_cli.quotes.resolve import resolve  # resolution is recursive

    named = resolve(a, p)  # a person named in the phrase: "the Commissioner, Ana Ruiz"
    if named.name is not None and named.label in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        named.via = "document"
        return named
    if a.mention_for(p) is not None or p.pos_ != "PROPN" or not p.text[:1].isupper():
        return None
    toks = [t for t in p.subtree if t.dep_ not in ("det", "punct", "relcl", "acl", "appos")]
    lo, hi = min(t.i for t in toks), max(t.i for t in toks)
    if any(t.i < p.i and t.dep_ == "prep" for t in toks) or any(
        t.pos_ in ("VERB", "PRON") for t in toks
    ):
        return None
    name = a.doc[lo : hi + 1].text.strip(" ,;:'\"")
    return Speaker(name, name, "ORG", "organisation", "document", p.idx, p.idx + len(p.text))


def issued_by(a: Article, tok: Token, lemma: str) -> Speaker | None:
    """ "On Monday, they tweeted out that ... A tweet last week said": a writing with no author
    of its own is by the subject of the same word as a verb (tweet, post, report, note, ...)
    in this sentence or the two before, outside quotes."""
    si = a.sent_index(tok.i)
    for k in range(si, max(-1, si - 3), -1):
        verbs = [
            t
            for t in a.sents[k]
            if t.i < tok.i and t.pos_ == "VERB" and fold(t.lemma_) == lemma
            and not a.in_quote(t.idx)
        ]  # fmt: skip
        for v in reversed(verbs):
            subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.i < tok.i:
                from ukpeace_cli.quotes.resolve import resolve  # resolution is recursive

                sp = resolve(a, subj)
                return sp if sp.name is not None else None
    return None
