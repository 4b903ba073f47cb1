"""Outlets and agencies a text credits as the source of its report: the one credit detector that
`dedupe` (origin and copy direction) and `compare` (credit, reuse, origin) use.

Forms of crediting found (each from a cheap trigger, then a name matched beside it):
"according to X", "citing X", "as reported by X", "first reported by X", "via X", "published
in X", "told X", "in an interview with X"; "X reported", "X first reported", "X has announced",
"X wrote", "X said in a report", "X, a news agency, reported"; the inverted "..., reported X";
"(AGENCY)", "(AGENCY) :", "/AGENCY/"; "Source: X" and "Posted by X" lines. A name counts when it
reads as an outlet: a news agency of `data/news_agencies.yaml`, a nameplate ("The Sun", "Daily
Mail", "Radio Liberty") or a domain; after a verb only publications use ("X reported",
"reported by X") any capitalised name counts unless it starts with a given name (a reporter).
Line-level credits (datelines, "— AP", bylines, mastheads) are `parsing.credits`' job and reach
the record's `wire` field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ukpeace_cli.parsing.credits import agency, domain_line, outlet_name


@dataclass(frozen=True)
class Cited:
    """A source the text credits: its name as written, where, and the form ("reported")."""

    name: str
    start: int
    end: int
    how: str


_WORD = r"(?:[A-Z0-9](?:[\w&’'-]|\.(?=\w))*)"
_DOMAIN_END = r"(?:\.(?:com|co\.uk|org|net|in))?"
_NAME = rf"[“\"«]?(?P<name>{_WORD}(?:[ /-](?:{_WORD}|of|de|for|and))*{_DOMAIN_END})[”\"»]?"
_THE = r"(?:the\s+)?"
# Nouns a name may be followed by before the verb ("the Xinhua news agency reported").
_KIND = (
    r"(?:\s+(?:state-run\s+)?(?:news\s+agency|agency|newspaper|daily|tabloid|broadsheet|magazine"
    r"|news\s+channel|channel|broadcaster|website|paper))?"
)
_PUBLISHING = (
    r"(?P<verb>reported|reports|has\s+reported|had\s+reported|first\s+reported|said\s+in\s+a\s+report"
    r"|wrote|writes|has\s+announced|announced|revealed|published)"
)

_BEFORE = re.compile(
    r"(?<!\w)(?P<how>[Aa]ccording to|[Cc]iting|[Aa]s reported by|(?:[Ff]irst )?[Rr]eported by|"
    r"(?:[Oo]riginally )?[Pp]ublished (?:by|in|on)|(?:[Ff]irst )?[Aa]ppeared (?:in|on)|"
    r"[Rr]epublished from|[Vv]ia|[Tt]old|[Ii]n an interview with|"
    rf"[Ss]peaking to|[Pp]osted by)\s+{_THE}(?={_NAME})"
)
_VERB_PARTS = ("report", "wrote", "writes", "announced", "revealed", "published")
_AFTER = re.compile(rf"{_NAME}{_KIND},?\s+(?:also\s+|previously\s+|first\s+)?{_PUBLISHING}\b")
_INVERTED = re.compile(rf"[,;]\s+(?P<how>reported|reports|wrote|writes)\s+{_THE}{_NAME}")
_WIRE = re.compile(r"[(/](?P<name>[A-Z][\w .-]{1,30}?)[)/]\s*(?=[-–—:]|$|\s)")
_SOURCE_LINE = re.compile(rf"(?m)^\s*(?:Source|Sources|Courtesy)\s*:\s*{_THE}{_NAME}\s*\.?\s*$")
_NAME_HERE = re.compile(_NAME)
# A lowercase word right after a one-word name: an adjective ("according to Chinese state media").
_ADJECTIVE = re.compile(r" (?!news\b|reported\b|reports\b|said\b|says\b)[a-z]")
# Forms after which a name other than a nameplate still counts (unless it starts with a given
# name): "Le Monde reported", "according to Bloomberg"; after "told", "via" or "wrote" it must
# read as an outlet ("told Smith", "via video link", "Smith wrote").
# ("reported by" and "posted by" name reporters, too).
_PUBLICATION_ONLY = frozenset(
    """republished from|originally published by|originally published in|first appeared in
    |first appeared on|first reported by|as reported by|published by|published in|published on
    |appeared in|appeared on|reported|inverted|source|according to|citing""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Words that open a sentence before a publishing verb ("First reported by X.") are no names.
_STOP = frozenset(
    """The A An He She They It This That We Our His Her Its Their Media Local Western Many Some
    Other Several Both Officials Police Reuters' First Originally Previously Initially Earlier
    Also January February March April May June July
    August September October November December Monday Tuesday Wednesday Thursday Friday
    Saturday Sunday""".split()
)


def reads_as_outlet(name: str) -> bool:
    """An agency, a nameplate ("The Sun", "Radio Liberty") or a domain."""
    if agency(name) or outlet_name(name) or domain_line(name):
        return True
    words = name.split()
    return len(words) >= 2 and words[0].lower() in ("radio", "tv", "television")


def _clean(raw: str) -> str:
    raw = re.split(r"[’']s?\s", raw)[0]  # "CBS News’ Chris Martinez": the outlet
    name = re.sub(r"(?:\s+(?:of|de|for|and))+$", "", raw.strip(" .,’'-"))
    return (
        re.sub(r"^(?:The|the)\s+(?=\S+$)", "", name) if agency(name.removeprefix("The ")) else name
    )


def _keep(name: str, how: str) -> bool:
    from ukpeace_cli.names.given import is_given_name

    if not name or name in _STOP or not name[0].isupper():
        return False
    if reads_as_outlet(name):
        return True
    first = name.split()[0]
    if first == "The" and len(name.split()) <= 4:
        return True  # no person's name starts with "The": "reported by The Atlantic"
    return how in _PUBLICATION_ONLY and len(name.split()) <= 5 and not is_given_name(first)


def cited_sources(text: str) -> list[Cited]:
    """Every credit of an outlet or agency in `text`, in order of position."""
    hits: list[Cited] = []
    for m in _BEFORE.finditer(text):
        n = _NAME_HERE.match(text, m.end())
        if n and (" " in n.group("name") or not _ADJECTIVE.match(text, n.end("name"))):
            hits.append(
                Cited(n.group("name"), n.start("name"), n.end("name"), m.group("how").lower())
            )
    # Every `_PUBLISHING` form holds one of these: a text with none cannot match `_AFTER`,
    # whose scan (a name tried at every capital) is the costliest here.
    after = _AFTER.finditer(text) if any(v in text for v in _VERB_PARTS) else ()
    for m in after:
        how = "reported" if "report" in m.group("verb") else "wrote"  # people write, too
        hits.append(Cited(m.group("name"), m.start("name"), m.end("name"), how))
    for m in _INVERTED.finditer(text):
        hits.append(Cited(m.group("name"), m.start("name"), m.end("name"), "inverted"))
    for m in _WIRE.finditer(text):
        if agency(m.group("name").strip()):
            hits.append(Cited(m.group("name").strip(), m.start("name"), m.end("name"), "wire"))
    for m in _SOURCE_LINE.finditer(text):
        hits.append(Cited(m.group("name"), m.start("name"), m.end("name"), "source"))
    out: list[Cited] = []
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        name = _clean(hit.name)
        if _keep(name, hit.how) and not any(o.start <= hit.start < o.end for o in out):
            out.append(Cited(name, hit.start, hit.start + len(name), hit.how))
    return out


def credited_names(text: str) -> list[str]:
    """Names the text credits, in order of first mention, each once; "Radio Free Europe/Radio
    Liberty" gives both parts too."""
    found: dict[str, None] = {}
    for hit in cited_sources(text):
        parts = [hit.name, *hit.name.split("/")] if "/" in hit.name else [hit.name]
        for part in parts:
            part = part.strip(" .")
            if len(part) >= 2 and part[0].isupper() and part not in _STOP:
                found.setdefault(part, None)
    return list(found)
