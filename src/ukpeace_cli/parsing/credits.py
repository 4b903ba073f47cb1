"""Who published, wrote and photographed an article, as its own lines say.

Outlets come from domain and URL lines, "Source:" and "Content retrieved from:" lines, a byline
or copyright line naming an organisation, and a masthead above the headline. Wire agencies (from
the packaged `data/news_agencies.yaml`) are credits, not outlets: one agency story runs at many
outlets. Persons come from bylines, "Reporting by ...; Editing by ..." lines and photo credits.
Pure functions over strings; the public suffix list is tldextract's bundled snapshot (never
fetched at run time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import tldextract
import yaml

from ukpeace_cli.names import fold_key


@dataclass(frozen=True)
class Credit:
    """A person the article credits: role is author, reporting, writing, editing or photo."""

    name: str
    role: str
    agency: str | None = None


# --- domains -------------------------------------------------------------------------------


@cache
def _extractor() -> tldextract.TLDExtract:
    # No suffix list URLs and no cache: the snapshot bundled with the pinned release is used.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registrable_domain(host_or_url: str) -> str | None:
    """'bbc.co.uk' for 'https://www.bbc.co.uk/news/1', None without a public suffix."""
    found = _extractor()(host_or_url.strip().lower())
    return found.top_domain_under_public_suffix or None


_HOST = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+$", re.IGNORECASE)


def domain_line(line: str) -> str | None:
    """The registrable domain when the whole line is a bare host name ('ABCNews.go.com')."""
    bare = line.strip(" ·•|–—-").rstrip("/")
    if not _HOST.match(bare) or bare.replace(".", "").isdigit():
        return None
    return registrable_domain(bare)


# --- wire agencies -------------------------------------------------------------------------


def _agency_key(name: str) -> str:
    """The name folded without spaces: 'PRNewswire' and 'PR Newswire' meet."""
    return fold_key(name).replace(" ", "")


@cache
def _agencies() -> dict[str, str]:
    text = resources.files("ukpeace_cli").joinpath("data/news_agencies.yaml").read_text("utf-8")
    table: dict[str, list[str]] = yaml.safe_load(text) or {}
    out: dict[str, str] = {}
    for short, others in table.items():
        for spelling in [short, *(others or [])]:
            out[_agency_key(spelling)] = short
    return out


def agency(name: str) -> str | None:
    """The agency's short name if `name` is a news agency or press-release wire."""
    return _agencies().get(_agency_key(name))


# --- outlet names --------------------------------------------------------------------------

# Words a periodical's nameplate ends with (English-language practice; cf. Wikipedia,
# "Nameplate (publishing)"): "Free Press Journal", "ABC News", "Example Online".
_NAMEPLATE_END = (
    "news|times|post|herald|journal|tribune|gazette|chronicle|telegraph|guardian|mirror|express"
    "|observer|independent|standard|star|sun|mail|record|courier|echo|press|daily|weekly|monitor"
    "|today|review|examiner|inquirer|dispatch|bulletin|register|globe|sentinel|enquirer|online"
    "|radio|tv|television|network|media|magazine|insider|reporter|wire|newswire|agency|bbc|cnn"
)
_NAMEPLATE = re.compile(
    rf"^(?:The\s+)?(?:[A-Z0-9][\w'&.-]*\s+){{0,4}}(?:{_NAMEPLATE_END})$", re.IGNORECASE
)
# Section words a short title-case line often is, never a nameplate on their own.
_GENERIC_FIRST = {"breaking", "latest", "top", "more", "related", "live", "world", "local", "fake"}
_EDITION = re.compile(r"\s+[-–|]\s+\w[\w ]{0,20}$")  # "The Example Post - UK"


def outlet_name(text: str) -> str | None:
    """`text` cleaned as an outlet name if it reads as a nameplate, else None."""
    name = _EDITION.sub("", text.strip(" .,:;·•|–—-"))
    words = name.split()
    if not 1 <= len(words) <= 6 or any(w[0].islower() and w not in ("of", "and") for w in words):
        return None
    if len(words) < 2 or words[0].lower() in _GENERIC_FIRST or not _NAMEPLATE.match(name):
        return None
    return name


# --- lines that credit someone -------------------------------------------------------------

_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de|van|von|da|del|bin|al-)?\s*[A-Z][\w'’.-]*){0,3}"
_PERSON = re.compile(rf"^{_NAME}$")
_ROLE_LINE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?(?:reporting|writing|editing|compiled|translated|produced)"
    r"\s+by\s+[^;()]+(?:;|and\b|$|\)\s*$)\s*)+\)?\.?$",
    re.IGNORECASE,
)
_ROLE_PART = re.compile(
    r"(?:additional\s+)?(?P<role>reporting|writing|editing|compiled|translated|produced)\s+by\s+"
    r"(?P<names>[^;()]+)",
    re.IGNORECASE,
)
_ROLE_WORD = {"compiled": "writing", "translated": "writing", "produced": "editing"}
_AND = re.compile(r"\s*(?:,|\band\b|&)\s*")
_WIRE_DATELINE = re.compile(r"^.{0,100}?\((?P<agency>[^()]{2,40})\)\s*[-–—:]")
_WIRE_LINE = re.compile(r"^(?:[-–—]\s*|\()?(?P<agency>[^()]{2,40}?)\)?\.?$")
_COPYRIGHT = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?"
    r"(?P<name>[^.|,]{2,60}?)\s*(?:[.,|]|all rights reserved|$)",
    re.IGNORECASE,
)
_SOURCE_NAME = re.compile(r"^source\s*:\s*(?P<name>[^:]{2,60}?)\.?$", re.IGNORECASE)
_PHOTO = re.compile(
    rf"\b(?:photo(?:graph)?s?|picture|image|credit|photo credit)\s*(?:by\s+|:\s*(?:by\s+)?)"
    rf"(?P<name>{_NAME})\s*(?:/|\bfor\b|\bvia\b)\s*(?P<agency>[^,;)\]\n]{{2,60}})",
    re.IGNORECASE,
)
_BRACKET_PHOTO = re.compile(
    r"[\[(](?P<name>[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3})/(?P<agency>[^\])/]{2,60})[\])/]"
)
_SPLIT_BYLINE = re.compile(r"^(?P<person>.+?)\s+(?:from|for|of)\s+(?P<org>(?:the\s+)?[A-Z].+)$")


# Words of picture desks and organisations, never of a person's name ("Getty Images").
_NOT_PERSON = re.compile(
    r"\b(?:images?|photos?|pictures?|stock|istockphoto|agency|press|news|media|archives?"
    r"|handout|pool|file|staff|desk|reporters?|correspondents?)\b",
    re.IGNORECASE,
)
_NAME_PLACE = re.compile(rf"^(?P<name>{_NAME}),\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)?)$")


def _person(text: str) -> str | None:
    """A person's name as written (all-caps words in title case), or None."""
    name = text.strip(" .,;:")
    if name.isupper():
        name = name.title()
    if not _PERSON.match(name) or _NOT_PERSON.search(name) or agency(name) or outlet_name(name):
        return None
    return name


_JOB_TITLE = re.compile(
    r"^(?:[A-Za-z&-]+\s+){0,4}(?:editor|correspondent|reporter|writer|journalist|columnist"
    r"|contributor|producer|analyst|critic|presenter|photographer|staff writer)s?$",
    re.IGNORECASE,
)


def bare_byline(line: str) -> str | None:
    """The person of a byline line with no 'By': a name whose first word is a given name,
    alone or before a job title ('Jane Doe', 'Jane Doe Health policy editor')."""
    from ukpeace_cli.names.given import is_given_name

    words = line.split()
    if not 2 <= len(words) <= 9 or not is_given_name(words[0]):
        return None
    for n in range(2, min(4, len(words)) + 1):
        rest = " ".join(words[n:])
        if (not rest or _JOB_TITLE.match(rest)) and (person := _person(" ".join(words[:n]))):
            return person
    return None


def role_credits(line: str) -> list[Credit] | None:
    """'(Reporting by A; Editing by B and C)' as credits, or None if the line is not one."""
    if len(line.split()) > 30 or not _ROLE_LINE.match(line):
        return None
    out = []
    for m in _ROLE_PART.finditer(line):
        role = m.group("role").lower()
        for part in _AND.split(m.group("names").strip(" .)")):
            if person := _person(part):
                out.append(Credit(person, _ROLE_WORD.get(role, role)))
    return out or None


@dataclass
class BylineReading:
    persons: list[Credit]
    outlet: str | None = None
    wire: str | None = None


def read_byline(name: str) -> BylineReading:
    """A byline's persons, and the outlet or agency it names ('By X from the Example Times')."""
    if wire := agency(name):
        return BylineReading([], wire=wire)
    if outlet := outlet_name(name):
        return BylineReading([], outlet=outlet)
    reading = BylineReading([])
    if m := _SPLIT_BYLINE.match(name):
        org = m.group("org")
        name = m.group("person")
        reading.wire = agency(org)
        reading.outlet = None if reading.wire else outlet_name(org)
    for part in _AND.split(name):
        if person := _person(part):
            reading.persons.append(Credit(person, "author"))
    return reading


_LOGO = re.compile(r"^(?:site icon|site logo|logo)\s*:?\s+(?P<name>.{2,60})$", re.IGNORECASE)
_AUTHOR_AFTER = re.compile(r"[.!?]\s+(?:by|author|autor)\s*:\s*(?P<name>[^.!?]{2,60})\.?$", re.I)
_SUBSCRIPTION = re.compile(
    r"\bsubscription to\s+(?P<name>(?:The\s+)?[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4})"
)


_CONTRIBUTED = re.compile(
    r"^(?:(?P<agency>[A-Z][\w .]{1,40}?)\s+(?:writers?|reporters?|correspondents?|journalists?)"
    r"\s+)?(?P<names>[A-Z].{2,200}?)\s+(?:also\s+)?contributed(?:\s+to)?\s+(?:this|the)\s+"
    r"(?:report|story|article)\.?$"
)
_IN_PLACE = re.compile(r"\s+(?:in|from)\s+[A-Z].*$")


def contributed_credits(line: str) -> list[Credit] | None:
    """'Example Press writer A Name in City contributed to this report.' as reporting credits."""
    m = _CONTRIBUTED.match(line.strip())
    if not m or len(line.split()) > 40:
        return None
    wire = agency(m.group("agency")) if m.group("agency") else None
    out = []
    for part in _AND.split(m.group("names")):
        if person := _person(_IN_PLACE.sub("", part)):
            out.append(Credit(person, "reporting", wire))
    return out or None


# A syndication footer speaks of the article itself: "This article was originally published by
# X", "Republished from X", "First appeared in X". Not a sentence about another text.
_SYNDICATED = re.compile(
    r"^(?i:(?:this\s+(?:article|story|piece|post|report|content)\s+(?:was\s+|is\s+|has\s+been\s+)?"
    r"|(?:it|a version of this (?:article|story))\s+(?:was\s+|is\s+)?)?"
    r"(?:originally\s+|first\s+)?(?:published|appeared|republished|reprinted|reproduced)"
    r"(?:\s+with\s+(?:kind\s+)?permission)?\s+(?:by|in|on|from|of)\s+)(?:the\s+)?"
    r"(?P<name>(?:The\s+)?[A-Z][\w'&.-]*(?:\s+(?:of\s+)?[A-Z][\w'&.-]*){0,4})"
)


def syndicated_from(line: str) -> str | None:
    """The original outlet a syndication footer names (a nameplate, a domain, or a short
    capitalised name that does not start with a given name)."""
    from ukpeace_cli.names.given import is_given_name

    m = _SYNDICATED.match(line.strip())
    if not m or len(line.split()) > 40:
        return None
    name = m.group("name").strip(" .,")
    if found := domain_line(name) or outlet_name(name):
        return found
    words = [w for w in name.split() if w != "The"]
    if words and all(w[0].isupper() for w in words) and not is_given_name(words[0]):
        return name
    return None


_NEWSLETTER = re.compile(
    r"\b(?:signed up (?:to|for)|subscribed to|a subscriber to)\s+(?:the\s+)?"
    r"(?P<name>(?:The\s+)?[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4}?)(?:['’]s?)?\s+"
    r"(?:newsletters?|emails?|briefings?|alerts?)\b"
)


def logo_line(line: str) -> str | None:
    """The outlet of a logo's alternative text: 'Site icon Example Times'."""
    m = _LOGO.match(line)
    return outlet_name(m.group("name")) if m else None


def trailing_author(line: str) -> str | None:
    """The name after a sentence-final 'Author:' in a short header line."""
    m = _AUTHOR_AFTER.search(line)
    return m.group("name").strip() if m and len(line.split()) <= 20 else None


def subscription_outlet(text: str) -> str | None:
    """The outlet a paywall or newsletter prompt offers a subscription to ('a subscription to
    X', 'you signed up to the X newsletter')."""
    m = _SUBSCRIPTION.search(text) or _NEWSLETTER.search(text)
    return outlet_name(m.group("name")) if m else None


def name_place_byline(line: str) -> str | None:
    """The person of a 'Firstname Lastname, City' byline line (no 'By')."""
    m = _NAME_PLACE.match(line)
    if not m or not 2 <= len(m.group("name").split()) <= 4:
        return None
    return _person(m.group("name"))


def wire_dateline(paragraph: str) -> str | None:
    """The agency of a dateline such as 'PARIS, May 5 (Reuters) -' or 'CITY (AP) —'."""
    m = _WIRE_DATELINE.match(paragraph)
    return agency(m.group("agency")) if m else None


# A credit to agencies unnamed, or "inputs from" one, a common close of agency-based copy.
_UNNAMED = "Agencies"
_UNNAMED_AGENCIES = re.compile(r"^(?:agencies|agency reports|wires|wire reports)$", re.IGNORECASE)
_INPUTS = re.compile(
    r"^(?:[-–—]\s*|\()?(?:with\s+(?:inputs?|input)\s+from\s+|inputs?\s+from\s+)?"
    r"(?P<agency>agencies|agency reports|wires|wire reports|(?<=from )[^()]{2,40}?)\)?\.?$",
    re.IGNORECASE,
)


def wire_line(line: str) -> str | None:
    """The agency of a line that is only an agency credit: '— AP', '(Reuters)', 'PRNewswire',
    or an agency byline with its place: 'Press Trust of India New Delhi'."""
    if m := _INPUTS.match(line.strip()):  # "(With inputs from PTI)", "(Agencies)"
        return _UNNAMED if _UNNAMED_AGENCIES.match(m.group("agency")) else agency(m.group("agency"))
    m = _WIRE_LINE.match(line.strip())
    if m and len(line) <= 45 and (found := agency(m.group("agency"))):
        return found
    words = line.strip().split()
    if not 2 <= len(words) <= 8 or not all(w[0].isupper() or w in ("of", "de") for w in words):
        return None
    for cut in range(len(words) - 1, max(0, len(words) - 4), -1):  # the place: 1-3 words
        if (found := agency(" ".join(words[:cut]))) and len(words[:cut]) >= 2:
            return found
    return None


_OWN_DATELINE = re.compile(r"^(?P<name>[\w][\w'&. ]{1,40}?)\s+[-–—]\s+(?=[A-Z“\"‘'])")


def dateline_outlet(paragraph: str) -> str | None:
    """The outlet of a paragraph opening with its nameplate and a dash ('Example News - The
    minister said ...'), the dateline style of an outlet's own pages; a lowercase brand word
    is allowed before the nameplate word ('afrol News'). Agencies are credits, never this."""
    m = _OWN_DATELINE.match(paragraph)
    if not m or agency(m.group("name")):
        return None
    name = m.group("name").strip()
    words = name.split()
    if len(words) >= 2 and words[0][:1].islower() and words[0].isalpha():
        return name if outlet_name(" ".join([words[0].title(), *words[1:]])) else None
    return outlet_name(name)


def carried_label(line: str) -> bool:
    """A masthead with an edition after a dash ('The Example Post - UK'): the label a reader
    app or aggregator gives the source it carries, so a credit of it, too."""
    return bool(_EDITION.search(line.strip()))


def _holder(name: str) -> tuple[str | None, str | None]:
    if wire := agency(name):
        return None, wire
    return (domain_line(name) or outlet_name(name)), None


def copyright_holder(line: str) -> tuple[str | None, str | None]:
    """(outlet, agency) named by a copyright line: '© 2025 Example News. All rights reserved.'"""
    m = _COPYRIGHT.match(line.strip())
    return _holder(m.group("name").strip()) if m else (None, None)


def source_credit(line: str) -> tuple[str | None, str | None]:
    """(outlet, agency) of a 'Source: Example News' line."""
    m = _SOURCE_NAME.match(line.strip())
    return _holder(m.group("name")) if m else (None, None)


def ends_with_photo_credit(text: str) -> bool:
    """Does a paragraph end with a bracketed photo credit ('... in Amherst. (A Name/Agency)'),
    as a caption does?"""
    found = list(_BRACKET_PHOTO.finditer(text))
    if not found:
        return False
    last = found[-1]
    return not text[last.end() :].strip() and bool(_person(last["name"]))


def photo_credits(text: str) -> list[Credit]:
    """Photographers credited in a caption or line: 'Photo: A Name/Agency', '[A NAME/AGENCY]'."""
    out: list[Credit] = []
    for m in [*_PHOTO.finditer(text), *_BRACKET_PHOTO.finditer(text)]:
        if person := _person(m.group("name")):
            credit = Credit(person, "photo", m.group("agency").strip() or None)
            if credit not in out:
                out.append(credit)
    return out
