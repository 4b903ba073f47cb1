"""Dates and line classification: what one line of an article is (header, boilerplate, caption).

Pure functions over strings.
"""

from __future__ import annotations

import re
from datetime import datetime

from dateutil import parser as dateparser

from ukpeace_cli.dates import zone
from ukpeace_cli.parsing.credits import ends_with_photo_credit

# --- dates ---------------------------------------------------------------------------------

_DATE_PREFIX = re.compile(
    r"^(?:published|updated|posted|last updated|date)\s*(?:on|at)?\s*:?\s*", re.IGNORECASE
)
_HAS_YEAR = re.compile(r"\b(19|20)\d\d\b")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}\b")


def parse_date(value: str) -> str | None:
    """A date or date-time string as ISO 8601, or None if it is not a complete date.

    A date-time keeps its offset when the text gives one; a date alone stays a date. Missing
    day or month (dateutil would fill them from "today") makes it not a date.
    """
    s = _DATE_PREFIX.sub("", value.strip()).strip(" .,")
    if not s or len(s) > 80 or not _HAS_YEAR.search(s):
        return None
    m = _NUMERIC_DATE.match(s)
    if m and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2):
        return None  # 03/12/2024: 3 December or March 12? Never guess.
    try:
        a = dateparser.parse(s, tzinfos=zone, default=datetime(1901, 1, 1))
        b = dateparser.parse(s, tzinfos=zone, default=datetime(1902, 2, 2, 1, 1))
    except (ValueError, OverflowError):
        return None
    if a is None or b is None or a.day != b.day or a.month != b.month or a.year != b.year:
        return None
    if a.hour != b.hour:  # no time of day in the text
        return a.date().isoformat()
    # An hour without minutes ("5pm") keeps default a's zero minute.
    timespec = "minutes" if a.second == 0 else "seconds"
    return a.isoformat(timespec=timespec)


# --- line classification -------------------------------------------------------------------

_TERMINAL = re.compile(r"[.!?…][’”\"'»)\]]*$")
_SENTENCE_INSIDE = re.compile(r"\b[a-z]{3,}[.!?][’”\"']?\s+[A-Z‘“\"]")
_BYLINE = re.compile(r"^(?:by|written by|author:|autor:)\s+(?P<name>[^.!?]{2,80})$", re.IGNORECASE)
_SOURCE_LINE = re.compile(
    r"^(?:[·•|–—-]\s*|source:\s*)(?P<site>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\s*$",
    re.IGNORECASE,
)
_REPUBLISHED = re.compile(
    r"(?:originally published by|first (?:appeared|published) (?:on|in|by))\s+(?:an?\s+)?"
    r"(?P<site>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})",
    re.IGNORECASE,
)
_URL_LINE = re.compile(
    r"^(?P<label>(?:source|url|link|content retrieved from|retrieved from|read more at|"
    r"originally published at|read the original(?: article)? at)\s*:?\s*)?(?P<url>https?://\S+)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^(?:home|news)\s*[>»/|›]", re.IGNORECASE)
_SOURCES_HEAD = re.compile(r"^(?:sources?|references)\s*:$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[•·*\-–]|\d+[.)])\s*")
_SPEECH = re.compile(r"\b(?:said|says|told|added|stated|explained|wrote|asked)\b", re.IGNORECASE)
_CAPTION_MARK = re.compile(
    r"^(?:FILE|PHOTO|Photo|Pictured|Picture|Image)\s*[–:—-]|\((?:pictured|left|right|centre|center)\)"
    r"|,\s*(?:left|right|centre|center)\s*(?:,|$)|\b(?:Getty Images|AFP via Getty|Shutterstock)\b"
)

# Boilerplate lines, matched whole (case-insensitive) on short lines, with the reason we record.
_BOILERPLATE: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^\d+\s+comments?$", re.I), "comment count"),
    (
        re.compile(r"^(?:leave a (?:comment|reply)|comments?|add a comment)$", re.I),
        "comment prompt",
    ),
    (
        re.compile(
            r"^(?:you may also like|you might also like|related(?: articles| posts)?)$", re.I
        ),
        "related links",
    ),
    (re.compile(r"^(?:read (?:also|more|next)|see also)\b.*$", re.I), "read-also teaser"),
    (
        re.compile(
            r"^(?:share(?: this(?: article| story)?)?(?: on \w+)?|click to share.*|"
            r"(?:follow|like) us on .*|tweet|email|print|whatsapp)$",
            re.I,
        ),
        "share prompt",
    ),
    (re.compile(r"^(?:advertisement|sponsored|ad)$", re.I), "advertisement"),
    (
        re.compile(r"^(?:subscribe.*|sign up (?:for|to) (?:our|the) newsletter.*)$", re.I),
        "subscription prompt",
    ),
    (re.compile(r"^(?:©|\(c\)|copyright\b).*|.*all rights reserved\.?$", re.I), "copyright"),
    (re.compile(r"^tags?:.*$", re.I), "tags"),
    # Reader-mode and article-page furniture: reading time, navigation, a fragment cut at a pipe.
    (re.compile(r"^\d+(?:\s*[-–]\s*\d+)?\s*(?:min(?:ute)?s?)(?:\s+read)?$", re.I), "reading time"),
    (
        re.compile(
            r"^(?:skip to (?:main )?content|(?:open |close )?menu|search(?: icon)?|sign in|log in"
            r"|toggle navigation|main navigation)$",
            re.I,
        ),
        "navigation",
    ),
    (re.compile(r"^[^|]{1,60}\s\|$|^\|\s[^|]{1,60}$"), "page chrome"),
]


def _words(line: str) -> int:
    return len(line.split())


def _boilerplate_reason(line: str) -> str | None:
    if _words(line) > 12:
        return None
    bare = line.strip(" .:!")
    for pattern, reason in _BOILERPLATE:
        if pattern.match(bare):
            return reason
    return None


# A headline's reported speech comes last and in the present: "..., central bank head says".
_HEADLINE_SAYS = re.compile(
    r"[,:]\s+(?:\S+\s+){0,5}(?:says|say|warns|tells \S+)$|\bsays?(?:\s+[A-Z][\w'’.-]*){1,4}$"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A wire dateline opening a paragraph: "PARIS Feb 9 ...", "WARSAW, June 3 ...".
_DATELINE_START = re.compile(rf"^[A-Z]{{2,}}(?:[ -][A-Z]{{2,}})*,?\s+{_MONTH}\s+\d{{1,2}}\b")


def _looks_like_headline(line: str) -> bool:
    n = _words(line)
    if not 2 <= n <= 30 or re.search(r"[.,;:|]$", line) or _DATELINE_START.match(line):
        return False
    return not _SPEECH.search(line) or bool(_HEADLINE_SAYS.search(line))


def _is_terminated(line: str) -> bool:
    return bool(_TERMINAL.search(line))


# A link to another story left in the body: "READ MORE: ...", "WATCH: ...", "Related: ...".
_LINK_TEASER = re.compile(
    r"^(?:read (?:also|more|next)|see also|also read|related|watch|listen)\s*:", re.IGNORECASE
)


def body_furniture(paragraph: str) -> str | None:
    """'link teaser' or 'photo caption' for a paragraph that stands in a body but is not the
    article's own text (ingest sets most of them aside; a body from elsewhere may keep them),
    else None."""
    line = paragraph.strip()
    if _LINK_TEASER.match(line):
        return "link teaser"
    if ends_with_photo_credit(line):
        return "photo caption"
    return None


def classify_unterminated(line: str) -> str:
    """'heading', 'caption' or 'paragraph' for a body line with no sentence-final mark."""
    if _CAPTION_MARK.search(line):
        return "caption"
    n = _words(line)
    if line.endswith(":"):
        return "heading" if n <= 3 and not _SPEECH.search(line) else "paragraph"
    if line.endswith((",", ";")):
        return "paragraph"  # cut off mid-sentence
    if n <= 7:
        return "heading"
    if n > 45 or _SENTENCE_INSIDE.search(line):
        return "paragraph"  # a long or multi-sentence line is cut-off text, not a caption
    return "caption"
