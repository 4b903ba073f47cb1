"""Outlet and wire credits in layouts the header reader does not cover (issue 12 item 3).

Four families, each one function the parser calls (so `bench/eval_metadata.py --off NAME` can
switch one off for an ablation):

- `paren_dateline`: a parenthesised credit opening the first paragraph: an aggregator's
  "(Example News) ..." or "(HUB- Example Press) ...", a dateline naming the outlet and an agency
  "CITY (Example News / Agency - 3 July, 2023) ...". The outlet is a nameplate ("... News",
  "... Press"), or an all-capitals name alone in the brackets when no dash and no city come with
  it (a place dateline, "(PARIS) --", always has one).
- `byline_org`: a byline's organisation after a comma ("By A Name, Agency") and a nameplate
  line right under a byline ("By A Name" / "Example News").
- `syndication_label`: a carried story's label naming its source: "Read more on Example News",
  "More from Example" (an aggregator's block of the source's other stories).
- `glued_source`: a "Source:" label glued into a run-together header line ("...Example
  BaySource:Example Times Published: 2020/5/26 ...").

Made-up fixtures for each in tests/test_parsing_sources.py. Pure functions over strings.
"""

from __future__ import annotations

import re

from ukpeace_cli.parsing.credits import agency, domain_line, outlet_name

# --- (NAME) opening the first paragraph ------------------------------------------------------

_PAREN_OPEN = re.compile(
    r"^(?:(?P<city>[A-Z][A-Z .,'’-]{1,40}?)\s*)?\((?P<inner>[^()]{2,90})\)\s*(?P<dash>[-–—:]+)?"
    r"\s*(?=[A-Z“\"‘'])"
)
_PARTS = re.compile(r"\s*/\s*|\s*[-–—]\s+|\s+[-–—]\s*")
_ACRONYM = re.compile(r"^[A-Z]{3,8}$")


def paren_dateline(paragraph: str) -> tuple[str | None, list[str]]:
    """(outlet, agencies) of a parenthesised credit opening a paragraph, or (None, [])."""
    m = _PAREN_OPEN.match(paragraph)
    if not m:
        return None, []
    parts = [p.strip(" .,") for p in _PARTS.split(m.group("inner"))]
    parts = [p for p in parts if p and not re.search(r"\d", p)]
    wires = [found for p in parts if (found := agency(p))]
    names = [p for p in parts if not agency(p)]
    outlet = next((found for p in names if (found := outlet_name(p))), None)
    alone = len(parts) == 1 and not m.group("city") and not m.group("dash")
    if outlet is None and alone and names and _ACRONYM.match(names[0]):
        outlet = names[0]  # "(EXAMPLENET) The ministry said ...": an aggregator's own credit
    return outlet, wires


# --- a byline's organisation -----------------------------------------------------------------

_COMMA_ORG = re.compile(r"^(?P<person>[^,]{3,60}),\s+(?P<org>[^,]{2,40})$")


def org_of(text: str) -> tuple[str | None, str | None]:
    """(outlet, agency) that `text` names as a whole: an agency, a nameplate or a domain."""
    text = text.strip(" .,;:|/")
    if wire := agency(text):
        return None, wire
    return (outlet_name(text) or domain_line(text)), None


def byline_org(name: str) -> tuple[str, str | None, str | None]:
    """A byline's name without a trailing ', Organisation', and that organisation as (outlet,
    agency): 'A Name, Example Press' -> ('A Name', None, 'Example Press')."""
    m = _COMMA_ORG.match(name.strip())
    if not m:
        return name, None, None
    outlet, wire = org_of(m.group("org"))
    if outlet or wire:
        return m.group("person").strip(), outlet, wire
    return name, None, None


def under_byline(line: str) -> tuple[str | None, str | None]:
    """(outlet, agency) of a line that is only a nameplate or agency (read under a byline)."""
    if len(line.split()) > 6:
        return None, None
    return org_of(line)


# --- "Read more on X", "More from X" ---------------------------------------------------------

_LABEL = re.compile(
    r"^(?i:read\s+(?:more|the\s+(?:full|original)\s+(?:story|article))\s+(?:on|at)"
    r"|continue\s+reading\s+(?:on|at)|more\s+from)\s+(?:the\s+)?"
    r"(?P<name>[A-Z0-9][\w'&.!-]*(?:\s+[A-Z0-9][\w'&.!-]*){0,4}"
    r"|(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\s*[.:]?$"
)
_LANGUAGE = re.compile(r"\s+(?:English|French|Arabic|Spanish|Español|Français|Deutsch)$")
# What an author's, a section's or a site's own "More from ..." block is about.
_NOT_SOURCE = {
    "news", "sport", "sports", "politics", "world", "business", "entertainment", "opinion",
    "lifestyle", "tech", "technology", "health", "science", "culture", "travel", "video",
    "videos", "our", "this", "these", "us", "author", "authors", "topics", "section", "home",
    "latest", "top", "related", "stories", "articles", "local", "national", "money", "life",
    "style", "food", "music", "film", "tv", "weather", "crime", "education", "environment",
}  # fmt: skip


def syndication_label(line: str) -> str | None:
    """The source a carried story's label names ('Read more on Example News'), or None."""
    from ukpeace_cli.names.given import is_given_name

    m = _LABEL.match(line.strip())
    if not m:
        return None
    name = _LANGUAGE.sub("", m.group("name").strip())
    words = name.split()
    if words[0].lower() in _NOT_SOURCE:
        return None
    person = 2 <= len(words) <= 3 and is_given_name(words[0]) and not re.search(r"\d", name)
    if person and not outlet_name(name):
        return None  # "More from Jane Doe": an author's other stories
    return domain_line(name) or name


# --- a "Source:" label glued into a header line ----------------------------------------------

_GLUED_SOURCE = re.compile(
    r"(?<=[a-z.!?])Source\s*:\s*(?P<name>(?:The\s+)?[A-Z][\w'&.-]*(?:\s+[A-Z][\w'&.-]*){0,4}?)"
    r"\s*(?=(?:Published|Updated|Date|Editor|Author|By)\b)"
)


def glued_source(paragraph: str) -> str | None:
    """The outlet of a 'Source:' label run into the line before it, ended by the next label."""
    m = _GLUED_SOURCE.search(paragraph[:400])
    if not m:
        return None
    return outlet_name(m.group("name")) or domain_line(m.group("name"))


# --- "Place | Agency" over the text ----------------------------------------------------------

_PLACE_AGENCY = re.compile(r"^(?P<place>[A-Z][\w .,'’-]{1,40}?)\s*\|\s*(?P<agency>[^|]{2,40})$")


def place_agency(line: str) -> str | None:
    """The agency of a dateline line 'City, Country | Agency' standing over the text."""
    m = _PLACE_AGENCY.match(line.strip())
    return agency(m.group("agency").strip()) if m else None
