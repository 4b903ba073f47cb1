"""Person labels repaired after NER, from the article's own mentions (no table of people).

The small model labels a name differently from one sentence to the next: "Amara Okafor" a
place where "Okafor" is a person three paragraphs on, a region a person where it is an
organisation twice elsewhere. Two passes, each a rule family (`ukpeace_cli.ablation`), run in
this order on one article's mentions before short forms are linked (`names.link`):
- `not-persons`: a PERSON mention is not a person when its last word is an institution noun
  ("... Ministry"), or when the article gives the same words another label at least as often
  and they are no part of a person's full name;
- `person-names`: a name of two or three capitalised words labelled a place, organisation or
  group is a person when it is the tail of a longer PERSON name of the article ("Del Rio" of
  "Ana Del Rio"), or when its last word ends more PERSON mentions than others ("Okafor said").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from ukpeace_cli.ablation import enabled
from ukpeace_cli.names import HONORIFICS, ROLE_WORDS, SUFFIXES, fold_key
from ukpeace_cli.names.link import INSTITUTION_HEADS, LinkedMention, name_tokens

# Labels a person's name is mistaken for.
_MISTAKEN = ("ORG", "GPE", "NORP", "LOC", "FAC")
_SUFFIXES = {s.rstrip(".").lower() for s in SUFFIXES}


def repair_people(mentions: Sequence[tuple[LinkedMention, str]]) -> None:
    """Relabel in place (mention, name as written) pairs whose label the article contradicts.
    A mention the alias table knows (`kind` set) keeps its label."""
    if enabled("not-persons"):
        _demote_people(mentions)
    if enabled("person-names"):
        _promote_names(mentions)


def _last_words(mentions: Sequence[tuple[LinkedMention, str]]) -> dict[str, Counter[bool]]:
    """Folded last word (suffixes off: "Okafor Jr." -> okafor) -> how many mentions end in it,
    PERSON (True) and other labels (False)."""
    out: dict[str, Counter[bool]] = {}
    for m, surface in mentions:
        toks = [t for t in name_tokens(surface) if t not in _SUFFIXES]
        if toks:
            out.setdefault(toks[-1], Counter())[m.label == "PERSON"] += 1
    return out


def _name_shaped(surface: str) -> bool:
    """Two or three capitalised words, none of them a title, role or institution noun."""
    words = surface.split()
    if not 2 <= len(words) <= 3:
        return False
    for w in words:
        core = w.replace("-", "").replace("'", "").replace("’", "")
        if not (core.isalpha() and w[:1].isupper() and not w.isupper()):
            return False
        low = w.lower()
        if low in INSTITUTION_HEADS or low in ROLE_WORDS or low in HONORIFICS or low == "the":
            return False
    return True


def _promote_names(mentions: Sequence[tuple[LinkedMention, str]]) -> None:
    ends = _last_words(mentions)
    people = [name_tokens(surface) for m, surface in mentions if m.label == "PERSON"]
    for m, surface in mentions:
        if m.label not in _MISTAKEN or m.kind or not _name_shaped(surface):
            continue
        toks = name_tokens(surface)
        # the tail of a longer person name ("Del Rio" of "Ana Del Rio"), or a last word
        # that ends more person mentions than others ("Okafor said", twice)
        tail = any(len(p) > len(toks) and p[-len(toks) :] == toks for p in people)
        votes = ends[toks[-1]]
        if tail or votes[True] > votes[False]:
            m.label = "PERSON"


def _demote_people(mentions: Sequence[tuple[LinkedMention, str]]) -> None:
    labels: dict[str, Counter[str]] = {}
    for m, surface in mentions:
        labels.setdefault(fold_key(surface), Counter())[m.label] += 1
    full = [
        (fold_key(surface), set(name_tokens(surface)))
        for m, surface in mentions
        if m.label == "PERSON" and len(name_tokens(surface)) >= 2
    ]
    for m, surface in mentions:
        if m.label != "PERSON" or m.kind:
            continue
        toks = name_tokens(surface)
        if len(toks) >= 2 and toks[-1] in INSTITUTION_HEADS:
            m.label = "ORG"
            continue
        key = fold_key(surface)
        counts = labels[key]
        others = Counter({lab: counts[lab] for lab in _MISTAKEN if counts[lab]})
        persons = counts["PERSON"]
        # part of another person's full name ("Jordan" in "Michael Jordan"): a person
        if not others or any(k != key and set(toks) <= words for k, words in full):
            continue
        label, count = others.most_common(1)[0]
        if count >= persons:
            m.label = label
