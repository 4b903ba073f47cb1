"""Stage 5, resolution: the speaker a cue's subject stands for. A named mention, a list of
names speaking together, a name inside or beside the subject phrase, a pronoun, title or role
(`refer.py`), a document (`documents.py`), an anonymous source or a vague group.

Nothing here guesses: a subject that cannot be tied to a name yields `name=None`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.quotes.documents import document, document_author
from ukpeace_cli.quotes.mentions import Article, Pseudo
from ukpeace_cli.quotes.refer import (
    antecedent,
    it_they,
    nominal,
    org_nominal,
    pronoun,
)
from ukpeace_cli.quotes.speakers import Speaker, mention_text, speaker_from_mention
from ukpeace_cli.quotes.subjects import subject_token
from ukpeace_cli.quotes.words import (
    DOCUMENT_NOUNS,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    OUTLET_NOUNS,
    PERSON_PRONOUNS,
    ROLE_NOUNS,
    SOURCE_NOUNS,
    THING_PRONOUNS,
    TITLE_WORDS,
    naming,
    personal,
)
from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Token


def cue_speaker(a: Article, v: Token) -> Speaker | None:
    subj = subject_token(a, v)
    if subj is None:
        return None
    return resolve(a, subj)


def according_speaker(a: Article, t: Token) -> Speaker | None:
    to = next((c for c in t.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    return resolve(a, obj) if obj is not None else None


def speaker_of(a: Article, v: Token) -> Speaker | None:
    if v.lower_ == "according":
        return according_speaker(a, v)
    return cue_speaker(a, v)


def resolve(a: Article, tok: Token) -> Speaker:
    mention = mention_text(a, tok)
    low = tok.lower_
    lemma = fold(tok.lemma_)
    here = (tok.idx, tok.idx + len(tok.text))
    m = a.mention_for(tok)
    if m is not None and not (m.label in ("GPE", "NORP") and lemma in ROLE_NOUNS):
        return joint(a, tok, m) or speaker_from_mention(a, m, tok)
    if low in PERSON_PRONOUNS or low in ("his", "hers"):
        return pronoun(a, tok, mention)
    if low in THING_PRONOUNS or low in GROUP_PRONOUNS:
        sp = it_they(a, tok, mention)
        ant = antecedent(a, tok) if sp.name is None and low in ("it", "they") else None
        if ant is not None and enabled("it-they-subject"):
            was = resolve(a, ant)
            kind = was.kind or ("group" if low == "they" else None)
            name = was.name or was.mention
            return Speaker(name, mention, was.label, kind, "pronoun", *here, parts=was.parts)
        return sp
    role = lemma in ROLE_NOUNS or low in ROLE_NOUNS
    # a name inside the phrase: "Norland Foreign Minister Tomas Orvik", "the
    # well-known representative of the Norland Foreign Ministry Mara Velk"
    person = person_in_phrase(a, tok, deep=role)
    if person is not None:
        return speaker_from_mention(a, person, tok)
    # "Keeper of the Ruler's Seal, Syed Danial Syed Ahmad, said": the name in apposition
    appos = appos_name(a, tok)
    if appos is not None:
        return speaker_from_mention(a, appos, tok)
    # "according to the city's Street Needs Assessment": a named document's possessor
    if tok.pos_ == "PROPN" and not role and a.mention_for(tok) is None:
        owner = document_author(a, tok, named=True)
        if owner is not None:
            owner.mention, owner.via, (owner.start, owner.end) = mention, "document", here
            return owner
    if tok.pos_ == "PROPN" and tok.text[:1].isupper() and not role:
        # a name the NER missed (or an organisation): keep it as written
        lo = min(t.i for t in tok.subtree if t.dep_ in ("compound", "flat") or t == tok)
        name = a.doc[lo : tok.i + 1].text
        name = " ".join(w for w in name.split() if fold(w).strip(".") not in TITLE_WORDS)
        return Speaker(name or mention, mention, None, None, "name", *here)
    # "its UN ambassador, Mara Velk"; "partners Britain, France and Germany"
    for c in tok.children:
        if c.dep_ in ("appos", "compound") and c.i > tok.i - 8 and a.mention_for(c):
            together = joint(a, c, a.mention_for(c), mention)
            if together is not None:
                return together
        if c.dep_ == "appos":
            mc = next((a.mention_for(g) for g in c.subtree if a.mention_for(g)), None)
            if mc is not None and (
                mc.label == "ORG" or (mc.label == "PERSON" and a.person_like(mc))
            ):
                return speaker_from_mention(a, mc, tok)
    plural = tok.tag_ in ("NNS", "NNPS") or low in GROUP_NOUNS
    if plural:
        return Speaker(None, mention, None, "group", "group", *here)
    if (lemma in DOCUMENT_NOUNS or lemma in OUTLET_NOUNS) and enabled("documents"):
        return document(a, tok, mention, lemma)
    if (role or lemma in SOURCE_NOUNS) and enabled("roles"):
        titled = _role_or_source(a, tok, mention, lemma, here)
        if titled is not None:
            return titled
    definite = any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
    if definite and lemma in ORG_NOUNS and enabled("organisations"):
        org = org_nominal(a, tok, mention, lemma)
        if org is not None:
            return org
    return Speaker(None, mention, None, None, "unresolved", *here)


def _role_or_source(
    a: Article, tok: Token, mention: str, lemma: str, here: tuple[int, int]
) -> Speaker | None:
    """ "the minister" -> the person the article gave that title; "a senior official",
    "one source" -> an anonymous source."""
    indefinite = any(
        c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another", "some")
        for c in tok.children
    )
    sp = None if indefinite else nominal(a, tok, mention, lemma)
    if sp is not None and sp.via != "generic":
        return sp
    if sp is not None and lemma not in SOURCE_NOUNS:
        return sp
    if lemma in SOURCE_NOUNS or lemma in ("official", "diplomat", "aide", "insider"):
        return Speaker("anonymous source", mention, None, "anonymous", "anonymous", *here)
    return None


def joint(a: Article, tok: Token, m: Any, mention: str | None = None) -> Speaker | None:
    """ "Britain, France and Germany have vowed": a list of names speaks together."""
    members = [m]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        mc = a.mention_for(c)
        if mc is None or (mc.label == "PERSON") != (m.label == "PERSON"):
            return None
        if mc not in members:
            members.append(mc)
        stack.extend(g for g in c.children if g.dep_ == "conj")
    if len(members) < 2:
        return None
    names = [a.name_of(x) for x in members]
    joined = ", ".join(names[:-1]) + " and " + names[-1]
    lo = min(x.idx for x in tok.subtree)
    text = mention or a.text[lo : max(x.start for x in members) + 1]
    kind = "person" if m.label == "PERSON" else "organisation"
    if not text:
        return None
    return Speaker(
        joined,
        mention or mention_text(a, tok),
        m.label,
        kind,
        "name",
        tok.idx,
        tok.idx + len(tok.text),
        parts=names,
    )


def person_in_phrase(a: Article, tok: Token, deep: bool) -> Any | None:
    """A PERSON named inside the subject phrase (never one in a possessive: "Orvik's
    spokesman" is not Orvik)."""
    found: list[Any] = []
    stack = [c for c in tok.children if c.dep_ not in ("relcl", "acl", "advcl", "poss", "punct")]
    while stack:
        c = stack.pop()
        if c.dep_ in ("poss", "relcl", "acl", "advcl", "conj", "cc"):
            continue
        if c.dep_ == "prep" and (not deep or c.lower_ in ("for", "to", "with", "at", "from")):
            continue  # "a spokeswoman for Trudeau" is not Trudeau
        mc = a.mention_for(c)
        if mc is not None and mc.label == "PERSON" and mc not in found and a.person_like(mc):
            found.append(mc)
        stack.extend(c.children)
    names = {a.name_of(m) for m in found}
    return found[0] if len(names) == 1 else None


def appos_name(a: Article, tok: Token) -> Any | None:
    """A person or organisation named in apposition to the subject phrase, also when the
    parser hung it on the phrase's last noun ("Keeper of the Ruler's Seal, Syed Danial
    Syed Ahmad, said")."""
    # not past a relative clause: "the resident, who sold copies of his comic Forgotten
    # Grunt: The Undead Soldier" is no name for the resident
    stop = min((c.i for c in tok.children if c.dep_ in ("relcl", "acl")), default=len(a.doc))
    stack = [(c, 0) for c in tok.children if c.i < stop or naming(c)]
    while stack:
        c, depth = stack.pop()
        if naming(c):  # "an official in Banten province named Jhony"
            name = next((g for g in c.children if g.dep_ in ("oprd", "dobj", "attr")), None)
            mc = a.mention_for(name) if name is not None else None
            if mc is not None and mc.label == "PERSON" and a.person_like(mc):
                return mc
            continue
        if c.dep_ == "appos":
            mc = a.mention_for(c)
            if mc is not None and mc.label == "ORG":
                return mc
            if mc is not None and mc.label == "PERSON" and a.person_like(mc):
                return mc
            # "Wise's dad, Darrin": a name the NER took for a place, beside a person noun
            lemma = fold(tok.lemma_)
            if (
                c.pos_ == "PROPN"
                and (mc is None or mc.label in ("GPE", "NORP"))
                and (lemma in ROLE_NOUNS or personal(lemma))
                and not any(g.dep_ in ("prep", "cc", "conj") for g in c.children)
            ):
                lo = min(g.idx for g in c.subtree if g.dep_ in ("compound", "flat") or g == c)
                text = a.text[lo : c.idx + len(c.text)]
                return Pseudo(text, "PERSON", lo, c.idx + len(c.text), text)
        if c.dep_ in ("prep", "pobj") and depth < 3:
            stack.extend((g, depth + 1) for g in c.children if g.dep_ != "relcl")
    return None
