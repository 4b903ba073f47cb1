"""Stage 5b, references: a pronoun, a title or role ("the minister"), an epithet ("the affable
proprietor") or an organisation noun ("the company") linked to someone the article named
before it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ukpeace_cli.quotes.mentions import Article
from ukpeace_cli.quotes.speakers import Speaker, speaker_from_mention
from ukpeace_cli.quotes.words import (
    AGE_WORDS,
    FEMALE_HINTS,
    GROUP_PRONOUNS,
    MALE_HINTS,
    ORG_LABELS,
    OUTLET_NOUNS,
    PERSON_PRONOUNS,
    SOURCE_NOUNS,
    looks_like_outlet,
    word_set,
)

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
    that subject was a list of organisations (AFP and DW)."""
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
