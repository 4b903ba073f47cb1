"""Stage 5a, the subject of a cue: which token a speech verb's speaker is, looking beyond the
root (conjuncts, participles, passives with "by", relative clauses, quoted words the parser
took for a subject)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.cues import is_cue
from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.words import RELATIVE_PRONOUNS, SUBJECT_DEPS

if TYPE_CHECKING:
    from spacy.tokens import Token


def subject_token(a: Article, v: Token) -> Token | None:
    """The subject of a speech verb, looking beyond the root: conjuncts and participles
    share their head's subject; passives take the "by" agent; relative clauses their
    antecedent."""
    seen = 0
    while v is not None and seen < 6:
        seen += 1
        agent = None
        passive = v.tag_ == "VBN" and (
            any(c.dep_ == "auxpass" for c in v.children) or v.dep_ in ("advcl", "acl")
        )
        for c in v.children:
            if c.dep_ == "agent" and passive:
                agent = next((g for g in c.children if g.dep_ == "pobj"), None)
        if agent is not None:
            return agent
        subjects = [
            c for c in v.children if c.dep_ in SUBJECT_DEPS and c.pos_ not in ("AUX", "PUNCT")
        ]
        if subjects and all(quoted_apart(a, c, v) for c in subjects):
            # the parser took quoted words for the subject ("Doug Purdy, who lost 16 lbs.
            # 'and two belt loops' ..., says"): the name before the quote speaks
            return name_before(a, min(x.i for x in subjects[0].subtree))
        subjects = [c for c in subjects if not quoted_apart(a, c, v)]
        if not subjects and v.head == v and enabled("orphan-subject"):
            orphan = orphan_name(a, v)
            if orphan is not None:
                return orphan
        # "partners Britain, France and Germany have vowed": two subjects; take the name
        subjects.sort(key=lambda c: a.mention_for(c) is None)
        for c in subjects:
            if c.lower_ in RELATIVE_PRONOUNS and v.dep_ == "relcl":
                return v.head
            return c
        if v.tag_ == "VBG" and v.dep_ in ("advcl", "xcomp", "conj"):
            up = v.head
            for _ in range(3):  # "argued that X would ..., adding that": up to "argued"
                if up.dep_ == "ccomp" and is_cue(up.head) and not quoted_apart(a, up.head, v):
                    v = up.head
                    break
                if up.head == up:
                    break
                up = up.head
            else:
                pass
            if v.tag_ != "VBG":
                continue
        if v.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl") or (
            v.dep_ == "prep" and v.lower_ == "according"
        ):
            if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN", "PRON"):
                return v.head  # "a spokesperson, saying that ..."
            v = v.head
            continue
        if v.dep_ == "relcl":
            return v.head
        return None
    return None


def orphan_name(a: Article, v: Token) -> Token | None:
    """ "Ana Ruiz said he ..." parsed as two sentences ("Ana Ruiz" a root of its own, "said"
    another, typically after a heading line): the proper-noun name right before a root speech
    verb with no subject, in the same paragraph, that the parser hung on no other word."""
    if v.i == 0 or not is_cue(v):
        return None
    prev = a.doc[v.i - 1]
    if prev.pos_ != "PROPN" or not prev.text[:1].isupper() or prev.head != prev:
        return None
    if a.para_of(prev.idx) != a.para_of(v.idx) or a.in_quote(prev.idx):
        return None
    return prev


def quoted_apart(a: Article, x: Token, y: Token) -> bool:
    """Is `x` inside a quote that `y` is not in ("Doug Purdy, who lost 16 lbs. 'and two
    belt loops', says": "loops" is no subject of "says")?"""
    return any(lo <= x.idx < hi and not lo <= y.idx < hi for lo, hi in a.quoted)


def name_before(a: Article, i: int, reach: int = 10) -> Token | None:
    """The root token of the nearest person or organisation named before token `i`."""
    for j in range(i - 1, max(-1, i - 1 - reach), -1):
        m = a.tok_mention.get(j)
        if m is not None and m.label in ("PERSON", "ORG"):
            return a.tokens[a.mention_root.get(id(m), j)]
    return None
