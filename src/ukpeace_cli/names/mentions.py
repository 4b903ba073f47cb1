"""Levels 2 and 3 of canonicalisation, at ingest: one article's entity mentions.

`article_mentions` turns the Doc's entities into `Mention`s: spans trimmed, junk dropped, titles
and roles split off a person's name into `descriptor` (level 2), alias entries applied, and short
forms linked to the full name the article gives (level 3, `names.link`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ukpeace_cli.names import (
    CONNECTORS,
    EMPTY_HONORIFICS,
    HONORIFICS,
    ROLE_HEADS,
    ROLE_WORDS,
    SUFFIXES,
    strip_possessive,
)
from ukpeace_cli.names.aliases import LABELS, AliasIndex, active_index, label_class
from ukpeace_cli.names.given import is_given_name
from ukpeace_cli.names.link import (
    link_organisations,
    link_people,
    missed_short_forms,
    relabel_surnames,
)

# A person-labelled name followed by one of these is a place ("Trump Tower").
FAC_HEADS = frozenset(
    "tower towers palace airport bridge hotel stadium square street avenue building plant "
    "station dam base".split()
)
# Heads of a state's own bodies: "Freedonia's Defence Ministry" names the Freedonian one.
STATE_BODIES = frozenset(
    "ministry government parliament army navy embassy military council cabinet office agency "
    "service committee forces guard police".split()
)
# Role words that are also organisations on their own ("the Army", "Air Force").
ORG_NOUNS = frozenset("army navy air force marines military intelligence cabinet party".split())
# Trimmed off the end of an entity span ("International Politics at", "Russia's").
_TRAILING_JUNK = frozenset("'s ’s ‘s ' ’ at of and the in on to for - – , .".split())


@dataclass
class Mention:
    """One entity mention in one article; stored as `asdict()` in record["nlp"]["entities"]."""

    text: str  # as written, title included: "US president-elect Donald Trump"
    label: str  # one of LABELS
    start: int  # character offsets of `text` in record["text"]
    end: int
    name: str  # in-article canonical name: titles off, surname linked, aliases applied
    descriptor: str | None = None  # the stripped title or role: "US president-elect"
    ambiguous: bool = False  # a surname or given name that fits two full names here
    kind: str | None = None  # from the alias file: outlet, person, government, ...


def _descriptor_start(doc: Any, start: int) -> int:
    """Token index where a title/role in front of token `start` begins (== start if none)."""
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    i = start - 1
    apposition = i - 1 >= sent_start and doc[i].text == ","
    if apposition:
        i -= 1  # "its NATO ambassador, Amara Okafor"; needs a role head all the same
    elif i < sent_start or not _is_head(doc[i]):
        return start
    begin = start
    saw_head = False
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        if tok.text == "The" and i > sent_start:
            break  # a capital "The" mid-sentence starts a heading or a new, unsplit sentence
        if tok.is_punct and tok.whitespace_ and tok.text != ".":
            break  # a spaced dash ("Reuters WASHINGTON - President ..."), not "president-elect"
        if low in ROLE_HEADS or low in HONORIFICS:
            saw_head = True
        elif low in ROLE_WORDS or low in CONNECTORS or tok.ent_type_ in ("GPE", "NORP", "ORG"):
            pass  # "former", "of the", "US", "French", "NATO"
        elif tok.ent_type_ == "PERSON" and i + 1 < start and doc[i + 1].lower_ in ("'s", "’s"):
            pass  # "Putin['s spokesperson]"
        elif tok.is_title and i + 1 < len(doc) and doc[i + 1].text == ".":
            pass  # "Lt" "." in "Lt. Gen."
        else:
            break
        begin = i
        i -= 1
    if not saw_head:
        return start
    # "special envoy of the elected U.S. president Donald Trump": the title is after the "of".
    stop = start - 1 if apposition else start
    for j in range(stop - 1, begin, -1):
        if doc[j].lower_ in ("of", "to", "for") and any(
            t.lower_ in ROLE_HEADS for t in doc[j + 1 : stop]
        ):
            begin = j + 1
            break
    # Never start on a connector ("the", "of", "and") or a possessive.
    while begin < start and (doc[begin].lower_ in CONNECTORS or doc[begin].text == ","):
        begin += 1
    return begin


def _is_head(tok: Any) -> bool:
    """A title noun or honorific: "minister", "Sir"; not the adjective in "official Twitter"."""
    if tok.lower_ in HONORIFICS:
        return True
    return tok.lower_ in ROLE_HEADS and tok.pos_ in ("NOUN", "PROPN", "")


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    while end > start + 1 and doc[end - 1].lower_ in _TRAILING_JUNK:
        end -= 1
    return start, end


def _is_junk(span_tokens: list[Any], label: str, known: bool) -> bool:
    """Spans the small model calls entities but are not: "kefir", "us", "Lieutenant General",
    a sentence-initial "Implementing" (a verb). `known` (an alias match, or the surname of a
    full name in the same article) is never junk by its part of speech: the tagger calls
    "Okafor" a verb in "should Okafor push"."""
    if label == "DATE":
        return not any(t.is_alpha or t.is_digit for t in span_tokens)
    words = [t for t in span_tokens if t.is_alpha]
    if not words or not any(t.text[:1].isupper() for t in words):
        return True  # "kefir", "us", "the “"
    lows = [t.lower_ for t in span_tokens]
    if all(w in ROLE_WORDS or w in CONNECTORS for w in lows) and (
        label != "ORG" or not any(w in ORG_NOUNS for w in lows)
    ):
        return True  # "Lieutenant General", "Defense"; not "the Army", "Air Force"
    return (
        not known
        and label == "PERSON"
        and len(span_tokens) == 1
        and span_tokens[0].pos_ not in ("PROPN", "")
        # A sentence-initial name is often tagged NOUN: kept as the subject of a verb ("Okafor
        # met ..."), not as a heading ("Background:").
        and not (span_tokens[0].pos_ == "NOUN" and span_tokens[0].dep_.startswith("nsubj"))
    )


def article_mentions(doc: Any, record: dict[str, Any]) -> list[Mention]:
    """Entity mentions of one article with in-article canonical names (levels 1-3)."""
    index = active_index()
    text: str = record.get("text", doc.text)
    prelim: list[tuple[Mention, str]] = []  # mention, name as written (titles off)
    # A lone word the tagger calls a noun is still a name if the article gives it a full name.
    ents = doc.ents
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    for ent in ents:
        if ent.label_ in LABELS:
            known = bool(ent.ent_id_) or ent.text in surnames
            built = _mention(doc, text, index, ent.start, ent.end, ent.label_, ent.ent_id_, known)
            prelim += [built] if built else []
    # Level 3, after NER: short forms -> the full name this article gives (names/link.py).
    for span in [*missed_short_forms(doc, prelim, text), *_missed_state_bodies(doc)]:
        built = _mention(doc, text, index, span.start, span.end, span.label_, "", True)
        prelim += [built] if built else []
    prelim.sort(key=lambda p: p[0].start)
    relabel_surnames(prelim)
    link_people([p for p in prelim if p[0].label == "PERSON"])
    link_organisations(prelim, text)
    return [p[0] for p in prelim]


def _mention(
    doc: Any,
    text: str,
    index: AliasIndex,
    start: int,
    end: int,
    label: str,
    alias_id: str,
    known: bool,
) -> tuple[Mention, str] | None:
    """One mention from the token span of an entity (None if it is junk), with the name as
    written (titles off) beside it. `known`: an alias or a name the article vouches for."""
    start, end = _trim(doc, start, end)
    # A name followed by "Tower", "Palace", ... is a place ("Trump Tower").
    if label in ("PERSON", "ORG") and end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in FAC_HEADS and nxt.is_title and nxt.ent_type_ in ("", label):
            end += 1
            label, alias_id = "FAC", ""
    if label == "PERSON" and end < len(doc) and doc[end].lower_ in SUFFIXES:
        end += 1  # "Donald Trump Jr." is not Donald Trump, whatever the ruler matched
        alias_id = ""
    if label == "ORG" and (inner := _country_inside(doc, start, end, index)):
        start = inner  # NER took "Freedonia's Interior Ministry" whole: the country is its own
    vouched = known and label == "ORG" and not alias_id  # "the ministry" of a named ministry
    if not vouched and _is_junk(list(doc[start:end]), label, known):
        return None
    descriptor: str | None = None
    name_start = start
    if label == "PERSON":
        name_start, start, descriptor = _split_title(doc, start, end)
    surface = doc[name_start:end].text
    if label != "PERSON":
        surface = _drop_the(strip_possessive(surface))
    entry = index.by_name.get(alias_id) if alias_id else None
    entry = entry or index.lookup(surface, label) or index.lookup(doc[start:end].text, label)
    kind = None
    if entry is not None and label == "PERSON" and entry.after_ner and is_given_name(surface):
        entry = None  # "Jordan" the person, not the country
    if entry is not None and label_class(entry.label) == label_class(label):
        name, label, kind = entry.name, entry.label, entry.kind
    else:
        name = _national_body(doc, start, surface, label, index) or surface
    c0, c1 = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Mention(text[c0:c1], label, c0, c1, name, descriptor, False, kind), surface


def _missed_state_bodies(doc: Any) -> list[Any]:
    """ "Freedonia's Foreign Ministry" when NER tagged the country but not the ministry: up to
    three capitalised words after "<GPE>'s", ending in a state body, outside any entity."""
    out = []
    for tok in doc[:-2]:
        if tok.ent_type_ != "GPE" or doc[tok.i + 1].lower_ not in ("'s", "’s"):
            continue
        end = tok.i + 2
        while end < len(doc) and end < tok.i + 5 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        if end > tok.i + 2 and doc[end - 1].lower_ in STATE_BODIES:
            body = doc[tok.i + 2 : end]
            out.append(doc.char_span(body.start_char, body.end_char, label="ORG"))
    return out


def _country_inside(doc: Any, start: int, end: int, index: AliasIndex) -> int | None:
    """Where the body starts in an ORG span "<country>'s <state body>", when the country is in
    the alias table (the gazetteer's countries are not matched before NER, so NER may take the
    country into the organisation's span)."""
    if doc[end - 1].lower_ not in STATE_BODIES:
        return None
    for k in range(start + 1, min(end - 1, start + 4)):
        if doc[k].lower_ in ("'s", "’s"):
            entry = index.lookup(doc[start:k].text, "GPE")
            return k + 1 if entry is not None and entry.label == "GPE" else None
    return None


def _national_body(doc: Any, start: int, surface: str, label: str, index: AliasIndex) -> str | None:
    """ "Freedonia's Interior Ministry" is the "Freedonian Interior Ministry" (the name other
    outlets write), when the alias table gives the country's adjective."""
    head = surface.split()[-1].lower() if surface.split() else ""
    if label != "ORG" or head not in STATE_BODIES or start < 2:
        return None
    if doc[start - 1].lower_ not in ("'s", "’s"):
        return None
    if doc[start - 2].ent_type_ not in ("GPE", "ORG"):  # ORG: the country inside NER's span
        return None
    country = doc[start - 2]
    ent_start = country.i
    while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
        ent_start -= 1
    entry = index.lookup(doc[ent_start : country.i + 1].text, "GPE")
    if entry is None or entry.label != "GPE" or not entry.adjective:
        return None
    if surface.split()[0] == entry.adjective:
        return None
    return f"{entry.adjective} {surface}"


def _split_title(doc: Any, start: int, end: int) -> tuple[int, int, str | None]:
    """(name start, mention start, descriptor) for a person span: titles inside the entity
    ("Sir Keir Starmer") and a title/role right in front ("US president-elect")."""
    name_start = start
    while name_start < end - 1 and (
        doc[name_start].lower_ in ROLE_WORDS
        or doc[name_start].lower_ in HONORIFICS
        or doc[name_start].text == "."
    ):
        name_start += 1
    if _leading_descriptor(doc, name_start, end):
        name_start += 1  # "Retiree Ann Boyd": a capitalised noun in front of a full name
    d_start = _descriptor_start(doc, start)
    head = [t for t in doc[d_start:name_start] if t.text != ","]
    if not head:
        return name_start, start, None
    words = [t for t in head if t.lower_ not in HONORIFICS and t.lower_ not in CONNECTORS]
    if words:
        text = "".join(
            t.text_with_ws for t in doc[d_start:name_start] if t.lower_ not in HONORIFICS
        )
        return name_start, d_start, text.strip(" ,") or None
    last = head[-1]
    return name_start, d_start, None if last.lower_ in EMPTY_HONORIFICS else last.text


def _leading_descriptor(doc: Any, start: int, end: int) -> bool:
    """A first word that is no given name before one that is, in a name of three or more words
    ("Retiree Ann Boyd", "Farmer Joe Miles"), is a description NER swallowed, not the name."""
    if end - start < 3 or not (doc[start].is_alpha and doc[start + 1].is_alpha):
        return False
    return not is_given_name(doc[start].text) and is_given_name(doc[start + 1].text)


def _drop_the(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " and len(name) > 4 else name
