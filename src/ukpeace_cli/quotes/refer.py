"""Stage 5b, references: a pronoun, a title or role ("the minister"), an epithet ("the affable
proprietor") or an organisation noun ("the company") linked to someone the article named
before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.speakers import Speaker, speaker_from_mention
from ukpeace_cli.quotes.words import (
    AGE_WORDS,
    DOCUMENT_NOUNS,
    FEMALE_HINTS,
    GROUP_NOUNS,
    GROUP_PRONOUNS,
    MALE_HINTS,
    ORG_LABELS,
    ORG_NOUNS,
    OUTLET_NOUNS,
    PERSON_PRONOUNS,
    SOURCE_NOUNS,
    looks_like_outlet,
    personal,
    word_set,
)
from ukpeace_cli.text import fold

if TYPE_CHECKING:
    from spacy.tokens import Token


def pronoun(a: Article, tok: Token, mention: str) -> Speaker:
    want = PERSON_PRONOUNS.get(tok.lower_)
    if tok.lower_ in ("his",):
        want = "m"
    if tok.lower_ in ("i", "me"):
        return Speaker(None, mention, None, None, "unresolved", tok.idx, tok.idx + len(tok.text))
    # Salience: near, a subject, someone who speaks in the article, a real-looking name.
    best, best_score = None, float("-inf")
    cands = [
        (m, subj, dist)
        for m, subj, dist in a.candidates_before(tok, {"PERSON"}, window=12)
        if not (want and a.gender.get(a.name_of(m)) not in (None, want)) and a.person_like(m)
    ]
    # A person the text has just introduced (first mention, as the subject or in the
    # sentence right before) is the centre of attention: someone quoted earlier does not
    # outrank them ("Mary Nicholson, director of ..., agreed with Williamson's approach.
    # 'I'm sure ...,' she said"; "... results for accountant Babatunji Farinloye, 50.
    # 'I had a membership ...,' he says").
    centre = (cands[0][0], cands[0][2]) if cands else None
    if centre is not None and not (a.introduced(centre[0]) and (cands[0][1] or centre[1] <= 1)):
        centre = None
    for rank, (m, subj, dist) in enumerate(cands, 1):
        name = a.name_of(m)
        g = a.gender.get(name)
        lone = len(name.split()) == 1  # real people are introduced with a full name
        spoke = a.speakers.get(name, len(a.text)) < tok.idx  # quoted before
        if centre is not None and dist > centre[1] and a.name_of(centre[0]) != name:
            spoke = False
        matches = bool(want and g == want)  # known to fit, not just not excluded
        score = -1.0 * dist + 1.0 * subj + 3.0 * spoke + 1.5 * matches - 0.1 * rank - lone
        score += 2.0 * (centre is not None and m is centre[0])
        if score > best_score:
            best, best_score = m, score
    if best is not None:
        root = a.tokens[a.mention_root.get(id(best), 0)]
        sp = speaker_from_mention(a, best, root, "pronoun")
        sp.mention = mention
        sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
        return sp
    return Speaker(None, mention, None, None, "pronoun", tok.idx, tok.idx + len(tok.text))


def it_they(a: Article, tok: Token, mention: str) -> Speaker:
    """ "it said" -> the organisation that was the subject just before; "they" only when
    that subject was a list of organisations ("Acme and Globex ... they said")."""
    for m, subj, dist in a.candidates_before(tok, ORG_LABELS, window=5):
        if not subj or dist > 4:
            continue
        root = a.tokens[a.mention_root.get(id(m), 0)]
        if tok.lower_ in GROUP_PRONOUNS:
            conj = [c for c in root.children if c.dep_ == "conj" and a.mention_for(c)]
            if not conj:
                continue
            names = [a.name_of(m)] + [a.name_of(a.mention_for(c)) for c in conj]
            return Speaker(
                " and ".join(names),
                mention,
                m.label,
                "organisation",
                "pronoun",
                tok.idx,
                tok.idx + len(tok.text),
            )
        if m.label == "GPE":
            continue
        sp = speaker_from_mention(a, m, root, "pronoun")
        sp.mention = mention
        sp.start, sp.end = tok.idx, tok.idx + len(tok.text)
        return sp
    return Speaker(None, mention, None, None, "unresolved", tok.idx, tok.idx + len(tok.text))


def antecedent(a: Article, tok: Token) -> Token | None:
    """ "Authorities described ... and said ... They said": the main-clause subject of this
    sentence or the two before that "it" or "they" stands for: an organisation or a body
    ("the union ... it"), a group of people ("they": "Authorities", "members"), of the same
    number. An earlier "it"/"they" as subject is the same one: look further back; a person
    as subject in between ends the search (the pronoun may be theirs)."""
    plural = tok.lower_ == "they"
    si = a.sent_index(tok.i)
    for k in range(si, max(-1, si - 3), -1):
        subjects = [
            t
            for t in a.sents[k]
            if t.dep_ in ("nsubj", "nsubjpass")
            and (k != si or t.i < tok.i)
            and main_clause(t)
            and not a.in_quote(t.idx)
        ]
        for t in reversed(subjects):
            m = a.mention_for(t)
            if t.lower_ == tok.lower_:
                continue  # the same pronoun again: its antecedent is further back
            if t.pos_ == "PRON" or (m is not None and m.label == "PERSON"):
                return None
            if _body(a, t, m, plural):
                return t
    return None


def main_clause(t: Token) -> bool:
    head = t.head
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    return head.dep_ == "ROOT"


def _body(a: Article, t: Token, m: object, plural: bool) -> bool:
    """Could `t` be what "it" (an organisation, a document) or "they" (a group) is?"""
    lemma = fold(t.lemma_)
    many = t.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in t.children)
    if plural:
        return many and (
            fold(t.text) in GROUP_NOUNS or personal(lemma) or lemma in ORG_NOUNS or m is not None
        )
    if many:
        return False
    if m is not None:
        return getattr(m, "label", None) == "ORG"
    return lemma in ORG_NOUNS or lemma in DOCUMENT_NOUNS


def nominal(a: Article, tok: Token, mention: str, lemma: str) -> Speaker | None:
    """ "the German defense minister" -> the nearest earlier person whose title has these
    words; "the expert" -> the person last quoted, if nothing contradicts."""
    mods = {
        w
        for c in tok.children
        if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i
        for w in word_set(c.text)
    } - AGE_WORDS
    head = word_set(tok.text) | {lemma}
    for m, _subj, _dist in a.candidates_before(tok, {"PERSON"}, window=12):
        d = a.titles.get(a.name_of(m), set())
        if head & d and mods <= d and a.person_like(m):
            sp = speaker_from_mention(a, m, a.tokens[a.mention_root.get(id(m), 0)], "nominal")
            sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
            return sp
    if any(c.lower_ == "the" for c in tok.children) and lemma not in SOURCE_NOUNS:
        # "Trudeau made the comments ... The prime minister said": the person the text is
        # about; else "the expert": whoever was quoted last, decided in reading order
        return epithet(a, tok, mention)
    return None


def epithet(a: Article, tok: Token, mention: str) -> Speaker:
    """A definite description with no title to match ("the affable proprietor", "the
    26-year-old right wing"): the one person who is the subject of this sentence or the
    one before, of a fitting gender; failing that, decided in reading order."""
    words = word_set(tok.text)
    want = "f" if words & FEMALE_HINTS else "m" if words & MALE_HINTS else None
    here = (tok.idx, tok.idx + len(tok.text))
    subjects = {
        a.name_of(m): m
        for m, subj, dist in a.candidates_before(tok, {"PERSON"}, window=2)
        if subj and a.person_like(m) and (want is None or a.gender.get(a.name_of(m), want) == want)
    }
    if len(subjects) == 1:
        (m,) = subjects.values()
        sp = speaker_from_mention(a, m, a.tokens[a.mention_root.get(id(m), 0)])
        sp.mention, sp.via, (sp.start, sp.end) = mention, "nominal", here
        return sp
    return Speaker(None, mention, None, None, "generic", *here)


def org_nominal(a: Article, tok: Token, mention: str, lemma: str) -> Speaker | None:
    """ "the company said" -> the organisation named last (a subject first); "the city"
    -> the place."""
    labels = {"GPE"} if lemma in ("city", "country", "province", "state", "town") else {"ORG"}
    best = named = None
    for m, subj, dist in a.candidates_before(tok, labels, window=40):
        outlet = getattr(m, "kind", None) == "outlet" or looks_like_outlet(m)
        if outlet and lemma not in OUTLET_NOUNS:
            continue
        if named is None and lemma in word_set(a.name_of(m)):
            named = m  # "the union" -> the Canadian Union of Public Employees
        if subj and best is None and dist < 10:
            best = m
    best = (
        named
        or best
        or next(
            (
                m
                for m, _s, _d in a.candidates_before(tok, labels, window=10)
                if not looks_like_outlet(m)
            ),
            None,
        )
    )
    if best is None:
        return None
    sp = speaker_from_mention(a, best, a.tokens[a.mention_root.get(id(best), 0)], "nominal")
    sp.mention, sp.start, sp.end = mention, tok.idx, tok.idx + len(tok.text)
    return sp
