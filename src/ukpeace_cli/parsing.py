"""Turn one plain-text web article into a clean body and the metadata the text itself states.

Pure functions over strings: no I/O, no NLP. The rules are tuned on real scraped news text: a
breadcrumb glued to the headline, repeated title lines, "by admin", a dateline after the lede,
republisher footers, photo captions between paragraphs, comment counters and link teasers.
Nothing is invented: a field the text does not support stays None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dateutil import parser as dateparser

from ukpeace_cli.dates import zone

META_FIELDS = ("title", "outlet", "published", "byline", "url")


@dataclass
class Paragraph:
    start: int
    end: int
    heading: bool = False


@dataclass
class SetAside:
    """Text kept out of the body: a caption or boilerplate, with where it stood and why."""

    text: str
    reason: str
    position: int  # number of body paragraphs before it


@dataclass
class ParsedArticle:
    text: str
    paragraphs: list[Paragraph]
    captions: list[SetAside] = field(default_factory=list)
    boilerplate: list[SetAside] = field(default_factory=list)
    cited_sources: list[str] = field(default_factory=list)
    meta: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(META_FIELDS))
    provenance: dict[str, str] = field(default_factory=dict)

    @property
    def headings(self) -> list[str]:
        return [self.text[p.start : p.end] for p in self.paragraphs if p.heading]


# --- normalisation -------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")


def normalise(raw: str) -> str:
    """NFC, LF line ends, plain spaces, no terminal escapes or invisible characters."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = _ANSI.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


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
_BYLINE = re.compile(r"^(?:by|written by|author:)\s+(?P<name>[^.!?]{2,80})$", re.IGNORECASE)
_SOURCE_LINE = re.compile(
    r"^(?:[·•|–—-]\s*|source:\s*)(?P<site>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\s*$",
    re.IGNORECASE,
)
_REPUBLISHED = re.compile(
    r"(?:originally published by|first (?:appeared|published) (?:on|in|by))\s+(?:an?\s+)?"
    r"(?P<site>(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})",
    re.IGNORECASE,
)
_URL_LINE = re.compile(r"^(?:source:\s*|url:\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)
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


def _looks_like_headline(line: str) -> bool:
    n = _words(line)
    return 2 <= n <= 30 and not re.search(r"[.,;:]$", line) and not _SPEECH.search(line)


def _is_terminated(line: str) -> bool:
    return bool(_TERMINAL.search(line))


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


def _split_blocks(text: str) -> list[str]:
    """Paragraph candidates: a line each, or a blank-separated block each if hard-wrapped."""
    lines = [ln for ln in text.split("\n") if ln]
    if not lines:
        return []
    wrapped = sum(1 for ln in lines if 40 <= len(ln) <= 90)
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    inner = [ln for b in blocks for ln in b.strip().split("\n")[:-1]]  # lines with a next line
    # Hard wrapping breaks lines mid-sentence; one-paragraph-per-line text ends them with a stop.
    open_ended = sum(1 for ln in inner if not _is_terminated(ln))
    if (
        inner
        and wrapped >= 0.6 * len(lines)
        and open_ended >= 0.5 * len(inner)
        and max(len(ln) for ln in lines) <= 100
    ):
        out: list[str] = []
        for b in blocks:
            parts = b.strip().split("\n")
            # A block of short bullet/header lines stays line by line.
            if all(len(p) < 40 for p in parts):
                out.extend(parts)
            else:
                out.append(" ".join(p.strip() for p in parts))
        return out
    return lines


# --- the parser ----------------------------------------------------------------------------


def parse_article(raw: str, known: dict[str, Any] | None = None) -> ParsedArticle:
    """Parse normalised-or-not article text. `known` holds metadata given from outside (flags,
    manifest, front matter); it wins over what the text says but the text is still cleaned of
    the lines that stated it (a repeated title, say).
    """
    known = {k: v for k, v in (known or {}).items() if v not in (None, "")}
    text = normalise(raw)
    lines = _split_blocks(text)
    meta: dict[str, str | None] = dict.fromkeys(META_FIELDS)
    prov: dict[str, str] = {}
    body: list[tuple[str, bool]] = []  # (text, is_heading)
    captions: list[SetAside] = []
    boiler: list[SetAside] = []
    sources: list[str] = []

    def found(key: str, value: str | None, how: str) -> None:
        if value and meta[key] is None:
            meta[key] = value
            prov[key] = f"text:{how}"

    def aside(line: str, reason: str) -> None:
        boiler.append(SetAside(line, reason, len(body)))

    # Header zone: breadcrumb, title, byline, comment counter, source line, dateline.
    i = 0
    title_text = known.get("title")
    if lines:
        first = lines[0]
        for later in lines[1:7]:
            if first != later and first.endswith(later) and _looks_like_headline(later):
                prefix = first[: -len(later)].strip()
                if prefix and _words(prefix) <= 4 and len(prefix) <= 40:
                    aside(prefix, "breadcrumb")
                    lines[0] = later
                break
        if _BREADCRUMB.match(lines[0]):
            aside(lines[0], "breadcrumb")
            i = 1
        if i < len(lines) and _looks_like_headline(lines[i]) and len(lines) > i + 1:
            cand = lines[i]
            if not (
                _BYLINE.match(cand)
                or _SOURCE_LINE.match(cand)
                or parse_date(cand)
                or _boilerplate_reason(cand)
            ):
                found("title", cand, "headline")
                i += 1
    title_seen = {t for t in (meta["title"], title_text) if t}

    in_sources = False
    for idx in range(i, len(lines)):
        line = lines[idx]
        near_top = idx < i + 6
        if in_sources:
            if _BULLET.match(line) or (_words(line) <= 12 and not _is_terminated(line)):
                sources.append(_BULLET.sub("", line).strip())
                continue
            in_sources = False
        if line in title_seen:
            aside(line, "repeated title")
            continue
        if (m := _REPUBLISHED.search(line)) and _words(line) <= 25:
            found("outlet", m.group("site").lower().removeprefix("www."), "republisher-footer")
            aside(line, "republisher footer")
            continue
        if reason := _boilerplate_reason(line):
            aside(line, reason)
            continue
        if near_top and (m := _BYLINE.match(line)) and _words(m.group("name")) <= 8:
            found("byline", m.group("name").strip(), "byline")
            aside(line, "byline")
            continue
        if near_top and (m := _SOURCE_LINE.match(line)):
            found("outlet", m.group("site").lower().removeprefix("www."), "source-line")
            aside(line, "source line")
            continue
        if (m := _URL_LINE.match(line)) and (near_top or idx >= len(lines) - 3):
            found("url", m.group("url"), "url-line")
            aside(line, "url line")
            continue
        if _words(line) <= 12 and (iso := parse_date(line)):
            if idx < i + 8:
                found("published", iso, "dateline")
            aside(line, "dateline")
            continue
        if _SOURCES_HEAD.match(line):
            in_sources = True
            continue
        if _is_terminated(line):
            body.append((line, False))
            continue
        kind = classify_unterminated(line)
        if kind == "caption" and idx == len(lines) - 1 and not _CAPTION_MARK.search(line):
            kind = "paragraph"  # captions stand between paragraphs; a last line is cut-off text
        if kind == "caption":
            captions.append(SetAside(line, "caption", len(body)))
        else:
            body.append((line, kind == "heading"))

    # Trailing headings with nothing after them are page furniture, not section titles.
    while body and body[-1][1]:
        aside(body.pop()[0], "trailing heading")

    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for line, heading in body:
        if parts:
            pos += 2
        paragraphs.append(Paragraph(pos, pos + len(line), heading))
        parts.append(line)
        pos += len(line)
    article = ParsedArticle(
        text="\n\n".join(parts),
        paragraphs=paragraphs,
        captions=captions,
        boilerplate=boiler,
        cited_sources=sources,
        meta=meta,
        provenance=prov,
    )
    return article
