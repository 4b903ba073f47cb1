"""Stage 5c, the person chain: a definite description of a person ("the 32-year-old labourer",
"the former sergeant-at-arms", "the Kentucky Republican") linked to one of the people the
article named before it, by a scored choice over the candidates, as a coreference resolver
would: recency, syntactic role, title agreement, stated age and gender agreement.

Ages and genders come from the article's own words only ("Ana Ruiz, 32,", "32-year-old Ana
Ruiz"; Mr/Ms, gendered role nouns, the pronouns used after the name), never from a list of
names. A description nobody fits stays unresolved: no candidate is taken on recency alone
when another fits as well.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.refer import main_clause
from ukpeace_cli.quotes.speakers import Speaker, speaker_from_mention
from ukpeace_cli.quotes.words import (
    DOCUMENT_NOUNS,
    FEMALE_HINTS,
    GROUP_NOUNS,
    MALE_HINTS,
    ORG_NOUNS,
    OUTLET_NOUNS,
    ROLE_NOUNS,
    personal,
    word_set,
)
from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Token

# Nouns for a member of a party or movement, written capitalised ("the Kentucky Republican"):
# the parser tags them proper nouns, yet with "the" before them they describe a person.
MEMBER_NOUNS = frozenset(
    "republican democrat conservative liberal tory socialist libertarian progressive".split()
)
# Words of a description that say nothing about who it is.
_EMPTY = frozenset("the this a an former late then current new old young".split())
WINDOW = 3  # sentences of narration back (this one and the two before)
MIN_SCORE = -0.5  # below it, no candidate is near or prominent enough
_AGE_IN = re.compile(r"\b(\d{1,3})[- ]year[- ]old\b")
_AGE_AFTER = re.compile(r"^\s*,\s*(\d{1,3})\s*[,.;)]")
_AGE_BEFORE = re.compile(r"\b(\d{1,3})-year-old\s+(?:[\w'’-]+\s+){0,3}$")


def hyphen_head(tok: Token) -> str | None:
    """The first part of a hyphenated noun ending in `tok` ("sergeant-at-arms" -> sergeant),
    else None."""
    doc, i = tok.doc, tok.i
    while i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_:
        if doc[i - 2].whitespace_:
            break
        i -= 2
    return fold(doc[i].lemma_) if i < tok.i else None


def person_description(tok: Token) -> bool:
    """Is `tok` the head of a definite singular description of a person ("the affable
    proprietor", "the 26-year-old right wing", "the Kentucky Republican")?"""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children):
        return False
    lemma = hyphen_head(tok) or fold(tok.lemma_)
    if tok.tag_ in ("NNS", "NNPS") and lemma == fold(tok.lemma_):
        return False
    if tok.pos_ == "PROPN":
        return lemma in MEMBER_NOUNS or fold(tok.text) in MEMBER_NOUNS
    if tok.pos_ != "NOUN":
        return False
    if lemma in ORG_NOUNS or lemma in DOCUMENT_NOUNS or lemma in OUTLET_NOUNS:
        return False
    if lemma in GROUP_NOUNS or lemma.endswith(("ment", "event")):
        return False  # "the government", "the statement": bodies and things
    aged = _AGE_IN.search(fold(tok.doc[tok.left_edge.i : tok.i].text)) is not None
    return lemma in ROLE_NOUNS or personal(lemma) or aged


def _ages(a: Article, m: Any) -> set[str]:
    """The ages the article gives a mention: "Ana Ruiz, 32," or "32-year-old Ana Ruiz"."""
    out = set()
    after = _AGE_AFTER.match(a.text[m.end : m.end + 8])
    if after:
        out.add(after.group(1))
    before = _AGE_BEFORE.search(fold(a.text[max(0, m.start - 40) : m.start]))
    if before:
        out.add(before.group(1))
    return out


def _facts(a: Article) -> dict[str, set[str]]:
    """Name -> the ages the article states for that person (cached on the article)."""
    got = getattr(a, "_chain_ages", None)
    if got is None:
        got = {}
        for m in a.mentions:
            if m.label == "PERSON":
                got.setdefault(a.name_of(m), set()).update(_ages(a, m))
        a._chain_ages = got  # type: ignore[attr-defined]
    return got


def description_words(a: Article, tok: Token) -> tuple[set[str], str | None, str | None]:
    """(content words, stated age, gender) of a description phrase, its relative clause
    and prepositions aside."""
    words: set[str] = set()
    for t in tok.subtree:
        if t.i > tok.i and t.dep_ in ("relcl", "acl", "prep", "punct", "appos"):
            break
        if not t.like_num:
            words.update(word_set(t.text))
    words -= _EMPTY | {"year", "old"}
    found = _AGE_IN.search(fold(a.text[tok.left_edge.idx : tok.idx]))
    age = found.group(1) if found else None
    gender = "f" if words & FEMALE_HINTS else "m" if words & MALE_HINTS else None
    return words, age, gender


def antecedent_score(
    a: Article, m: Any, subj: bool, dist: int, cue: tuple[set[str], str | None, str | None]
) -> float | None:
    """The score of mention `m` as what the description stands for; None when the article's
    own words rule it out (another age, another gender)."""
    words, age, gender = cue
    name = a.name_of(m)
    ages = _facts(a).get(name, set())
    if age is not None and ages and age not in ages:
        return None
    have = a.gender.get(name)
    if gender is not None and have is not None and have != gender:
        return None
    titles = a.titles.get(name, set())
    root = a.tokens[a.mention_root.get(id(m), 0)]
    while root.dep_ == "conj" and root.head != root:
        root = root.head  # "Orvik and Velk met": both are the subject
    main = subj and main_clause(root)
    score = -1.0 * dist + 0.5 * subj + 0.5 * main  # the main clause's subject is the topic
    score += 2.0 * bool(words & titles) + 3.0 * bool(age is not None and age in ages)
    score += 0.5 * bool(gender is not None and have == gender)
    return score


def describe(a: Article, tok: Token, mention: str) -> Speaker | None:
    """The person a definite description stands for: the best-scored person named in this
    sentence (before it) or the two before; None on a tie between two people."""
    cue = description_words(a, tok)
    scored: dict[str, tuple[float, Any]] = {}
    narrated = _narrated_distance(a, tok)
    for m, subj, _dist in a.candidates_before(tok, {"PERSON"}, window=3 * WINDOW):
        dist = narrated.get(a.sent_index(a.mention_root.get(id(m), 0)))
        if dist is None or not a.person_like(m) or _inside(a, m, tok):
            continue
        s = antecedent_score(a, m, subj, dist, cue)
        name = a.name_of(m)
        if s is not None and (name not in scored or s > scored[name][0]):
            scored[name] = (s, m)
    ranked = sorted(scored.values(), key=lambda r: -r[0])
    if not ranked or ranked[0][0] < MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[1][0] >= ranked[0][0]:
        return None  # two people fit as well: leave it
    best = ranked[0][1]
    sp = speaker_from_mention(a, best, a.tokens[a.mention_root.get(id(best), 0)], "nominal")
    sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
    return sp


def _narrated_distance(a: Article, tok: Token) -> dict[int, int]:
    """Sentence index -> distance from `tok`'s sentence, counting only sentences of narration:
    a quotation between the name and the description does not move them apart."""
    si = a.sent_index(tok.i)
    out, dist, k = {si: 0}, 0, si - 1
    while k >= 0 and dist < WINDOW - 1:
        sent = a.sents[k]
        words = [t for t in sent if t.is_alpha]
        if 2 * sum(a.in_quote(t.idx) for t in words) <= len(words):
            dist += 1  # mostly narration, not a quotation
        out[k] = dist
        k -= 1
    return out


def _inside(a: Article, m: Any, tok: Token) -> bool:
    """Is the mention part of the description phrase itself ("Trudeau's spokesman")?"""
    return any(a.mention_for(t) is m for t in tok.subtree)
