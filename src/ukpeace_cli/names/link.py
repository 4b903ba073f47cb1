"""Level 3 of canonicalisation: short forms linked to the full name the same article gives.

Runs after NER on one article's mentions (no model, no table of people):
- a surname or given name -> the one full person name it fits ("Okafor" -> "Amara Okafor");
- a surname the model labelled an organisation, when it fits exactly one person named in full;
- an organisation's short form -> the one longer organisation name it fits: an acronym defined in
  brackets or matching the initials ("RFN" for "Radio Free Northland"), one half of a slashed
  name ("Radio Northland" in "Radio Free Northland/Radio Northland"), or its tail ("Defence
  Ministry" in "the Freedonian Defence Ministry").
Two full names that fit leave the short form as written (a person's is flagged ambiguous).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from ukpeace_cli.names import SUFFIXES, fold_key, translit_key


class LinkedMention(Protocol):
    """What linking reads and sets on a mention (entities.Mention)."""

    label: str
    start: int
    end: int
    name: str
    ambiguous: bool
    kind: str | None


# Words an acronym may skip: "Organization for Security and Co-operation in Europe" -> OSCE.
_ACRONYM_SKIP = frozenset("of for and the in on to at de du des la le".split())
# A bracketed short form right after a name: " (RFN)", " (the RFN)".
_BRACKETED = re.compile(r"\s*\((?:the\s+)?([^()\s]{2,12})\)")
_SLASH = re.compile(r"\s*/\s*")
# Institution nouns an article reuses alone for the one organisation it named in full: "the
# Ministry of Defence" ... "the ministry".
_INSTITUTION_HEADS = frozenset(
    "ministry department agency office council commission committee government parliament "
    "army navy court bank institute university foundation party organisation organization "
    "alliance service embassy police company corporation".split()
)
_NON_LETTER = re.compile(r"[^A-Za-z]")


def name_tokens(name: str) -> list[str]:
    return fold_key(name).split()


def fits_person(part: list[str], whole: list[str]) -> bool:
    """`part` is the surname end or the given name of `whole`, which may carry a generational
    suffix ("Okafor" fits "Amara Okafor Jr."; "Amara Okafor" does not)."""
    if whole and whole[-1] in {s.rstrip(".") for s in SUFFIXES}:
        whole = whole[:-1]
    if not part or len(part) >= len(whole):
        return False
    return whole[-len(part) :] == part or (len(part) == 1 and whole[0] == part[0])


def _full_people(people: Sequence[tuple[LinkedMention, str]]) -> dict[str, list[list[str]]]:
    """Full person name -> the token lists it was written with in this article."""
    full: dict[str, list[list[str]]] = defaultdict(list)
    for m, surface in people:
        canon = name_tokens(m.name)
        if len(canon) >= 2:
            if canon not in full[m.name]:
                full[m.name].append(canon)
            written = name_tokens(surface)
            if len(written) >= 2 and written not in full[m.name]:
                full[m.name].append(written)
    return full


def link_people(people: Sequence[tuple[LinkedMention, str]]) -> None:
    """A surname or given name -> the one full name it can mean in this article; two full names
    that fit make it ambiguous (and it keeps its own spelling)."""
    full = _full_people(people)
    for m, surface in people:
        toks = name_tokens(surface)
        hits = {name for name, forms in full.items() if any(fits_person(toks, f) for f in forms)}
        # A full name stays itself unless it is the tail of exactly one longer name.
        if len(toks) >= 2 and m.name in full and (len(hits) != 1 or m.name in hits):
            continue
        if len(hits) == 1:
            m.name = hits.pop()
        elif len(hits) > 1:
            m.ambiguous = True
            m.name = surface


def relabel_surnames(mentions: Sequence[tuple[LinkedMention, str]]) -> None:
    """A one-word "organisation" that is the surname of exactly one person the article names in
    full is that person: the small model often calls a bare surname an ORG. A word the alias
    table knows (`kind` set) keeps its label."""
    people = [p for p in mentions if p[0].label == "PERSON"]
    full = _full_people(people)
    surnames: dict[str, set[str]] = defaultdict(set)
    for name, forms in full.items():
        for form in forms:
            core = form[:-1] if form[-1] in {s.rstrip(".") for s in SUFFIXES} else form
            surnames[core[-1]].add(name)
    org_words = {t for m, s in mentions if m.label == "ORG" for t in name_tokens(s)[:-1]}
    for m, surface in mentions:
        toks = name_tokens(surface)
        if m.label != "ORG" or m.kind or len(toks) != 1 or toks[0] in org_words:
            continue
        if len(surnames.get(toks[0], ())) == 1:
            m.label = "PERSON"


def _fits_org(short: str, label: str, full_name: str) -> bool:
    """`short` is an acronym of `full_name` (whatever NER labelled it) or, labelled ORG, one of
    its slashed halves or tails."""
    keys = _short_keys(full_name)
    letters = _NON_LETTER.sub("", short)
    if len(letters) >= 2 and letters.isupper() and (letters,) in keys:
        return True
    return label == "ORG" and tuple(name_tokens(short)) in keys


def org_head(name: str) -> str | None:
    """The institution noun an organisation's name is built on ("Ministry of Defence" ->
    "ministry", "Freedonian Defence Ministry" -> "ministry"), if it is one."""
    words = name.split()
    cut = next((i for i, w in enumerate(words) if w.lower() in ("of", "for")), len(words))
    head = words[cut - 1].lower() if cut >= 1 and len(words) >= 2 else ""
    return head if head in _INSTITUTION_HEADS else None


def _by_head(mentions: Sequence[tuple[LinkedMention, str]]) -> dict[str, set[str]]:
    heads: dict[str, set[str]] = defaultdict(set)
    for m, _surface in mentions:
        head = org_head(m.name) if m.label == "ORG" else None
        if head:
            heads[head].add(m.name)
    return heads


def link_organisations(mentions: Sequence[tuple[LinkedMention, str]], text: str) -> None:
    """An organisation's short form -> the one longer organisation name of this article it fits
    (bracketed definition first, then acronym, slashed half or tail); else left as written."""
    orgs = [p for p in mentions if p[0].label == "ORG"]
    full: dict[str, str | None] = {}  # name -> kind
    defined: dict[str, set[str]] = defaultdict(set)  # bracketed short form -> names
    for m, _surface in orgs:
        if len(name_tokens(m.name)) >= 2:
            full.setdefault(m.name, m.kind)
            hit = _BRACKETED.match(text, m.end)
            if hit and any(c.isupper() for c in hit.group(1)):
                defined[fold_key(hit.group(1))].add(m.name)
    heads = _by_head(mentions)
    for m, surface in mentions:
        if m.label in ("PERSON", "DATE") or m.kind:
            continue  # a person, or a form the alias table knows
        key = fold_key(surface)
        hits = defined.get(key, set()) - {m.name}
        if surface.islower():
            hits = heads.get(surface, set())  # "the ministry"
        if not hits:
            hits = {n for n in full if n != m.name and _fits_org(surface, m.label, n)}
        if len(hits) == 1:
            m.name = hits.pop()
            m.label, m.kind = "ORG", m.kind or full[m.name]


def missed_short_forms(
    doc: Any, mentions: Sequence[tuple[LinkedMention, str]], text: str
) -> list[Any]:
    """Spans NER missed that this article's own full names vouch for: the surname of exactly one
    person named in full ("Okafor said"), a short form defined in brackets after an
    organisation ("(RFN)"), and "the ministry" when the article names one ministry. Returned as
    Doc spans labelled PERSON / ORG, for the caller to turn into mentions; linking then gives
    them their full name."""
    people = _full_people([p for p in mentions if p[0].label == "PERSON"])
    surnames: dict[str, set[str]] = defaultdict(set)
    for m, surface in mentions:
        written = surface.split()
        if m.label == "PERSON" and len(written) >= 2 and m.name in people:
            surnames[written[-1]].add(m.name)  # as written: case matters for a surname
    targets = {
        rf"(?<![\w/-]){re.escape(w)}(?![\w/-])": "PERSON"
        for w, names in surnames.items()
        if len(names) == 1 and len(w) > 2
    }
    for m, _surface in mentions:
        hit = _BRACKETED.match(text, m.end) if m.label == "ORG" else None
        if hit and any(c.isupper() for c in hit.group(1)):
            targets.setdefault(rf"(?<![\w/-]){re.escape(hit.group(1))}(?![\w/-])", "ORG")
    for head, names in _by_head(mentions).items():
        if len(names) == 1:
            targets[rf"(?<=\b[Tt]he ){head}\b"] = "ORG"  # "the ministry", lower case
    covered = [(m.start, m.end) for m, _s in mentions]
    out = []
    for pattern, label in targets.items():
        for hit in re.finditer(pattern, text):
            s, e = hit.span()
            if any(a < e and s < b for a, b in covered):
                continue
            span = doc.char_span(s, e, label=label)
            if span is None or _inside_other_name(doc, span.start, span.end):
                continue
            if label == "PERSON" and span[0].is_sent_start and span[0].pos_ != "PROPN":
                continue  # "Green energy is cheap", in an article that names Jane Green
            out.append(span)
            covered.append((s, e))
    return out


def _inside_other_name(doc: Any, start: int, end: int) -> bool:
    """ "Okafor" in "Okafor Foundation" or in "Chidi Okafor" (a name NER labelled otherwise)."""
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.is_title and nxt.is_alpha and not nxt.is_sent_start:
        return True
    prev = doc[start - 1] if start > 0 else None
    return prev is not None and prev.ent_type_ != "" and prev.ent_iob_ != "O"


@lru_cache(maxsize=65536)
def _short_keys(name: str) -> frozenset[tuple[str, ...]]:
    """The short forms a longer organisation name answers to: its slashed halves, its tails of
    two words or more, its acronyms (as 1-tuples of the upper-case letters)."""
    whole = name_tokens(name)
    keys = [tuple(whole[i:]) for i in range(1, len(whole) - 1)]
    halves = [tuple(name_tokens(h)) for h in _SLASH.split(name) if h]
    keys += halves if len(halves) > 1 else []
    for part in {name, *_SLASH.split(name)}:
        keys += [(a,) for a in _acronyms(part)]
    return frozenset(keys)


def _acronyms(name: str) -> set[str]:
    out = set()
    for split in (r"[\s/]+", r"[\s/\-]+"):
        words = [w for w in re.split(split, name) if w and w[0].isalpha()]
        if len(words) >= 2:
            out.add("".join(w[0] for w in words).upper())
            out.add("".join(w[0] for w in words if w.lower() not in _ACRONYM_SKIP).upper())
    return {a for a in out if len(a) >= 2}


def story_links(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(short, full) pairs across the articles of a story: a one-word person name -> the one
    full person name ending in it; an organisation's short form (tail, slashed half, acronym)
    -> the one longer organisation name it fits. Names are (name, label); a short form that fits
    two full names (after transliteration folding) is left alone."""
    by_short: dict[tuple[str, tuple[str, ...]], dict[str, str]] = defaultdict(dict)
    for name, label in names:
        toks = name_tokens(name)
        if label == "PERSON" and len(toks) >= 2:
            core = toks[:-1] if toks[-1] in {s.rstrip(".") for s in SUFFIXES} else toks
            by_short[(label, (translit_key(core[-1]),))].setdefault(translit_key(name), name)
        elif label == "ORG" and len(toks) >= 2:
            for short in _short_keys(name):
                by_short[(label, short)].setdefault(translit_key(name), name)
    out = []
    keys: list[tuple[str, tuple[str, ...]]]
    for name, label in names:
        toks = name_tokens(name)
        if label == "PERSON" and len(toks) == 1:
            keys = [(label, (translit_key(toks[0]),))]
        elif label == "ORG":
            acr = _NON_LETTER.sub("", name)
            caps = len(acr) >= 2 and acr.isupper()
            keys = [(label, tuple(toks))] + ([(label, (acr,))] if caps else [])
        else:
            continue
        for key in keys:
            fulls = by_short.get(key, {})
            if len(fulls) == 1 and translit_key(name) not in fulls:
                out.append((name, next(iter(fulls.values()))))
                break
    return out
