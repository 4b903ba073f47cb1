"""Turn one plain-text web article into a clean body and the metadata the text itself states.

Pure functions over strings: no I/O, no NLP. The rules are tuned on real scraped news text: a
breadcrumb glued to the headline, repeated title lines, "by admin", a dateline after the lede,
republisher footers, photo captions between paragraphs, comment counters and link teasers.
Paragraphs come one per line, in blank-line blocks, or hard-wrapped (rebuilt by `_Layout`).
Nothing is invented: a field the text does not support stays None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
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
# A lone surrogate (a JSON "\ud800" escape gives one) cannot be written as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]+")


def _clean_lines(raw: str) -> list[tuple[int, str]]:
    """(indent, line) per line: NFC, LF line ends, plain single spaces, no terminal escapes or
    invisible characters; the indent (leading blanks, a tab as 4) is kept for the layout."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n")
    text = _ANSI.sub("", text)
    text = _CONTROL.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    out: list[tuple[int, str]] = []
    for line in text.split("\n"):
        bare = _SPACES.sub(" ", line).strip()
        lead = line[: len(line) - len(line.lstrip())] if bare else ""
        out.append((len(lead.expandtabs(4)), bare))
    while out and not out[0][1]:
        out.pop(0)
    while out and not out[-1][1]:
        out.pop()
    return out


def normalise(raw: str) -> str:
    """NFC, LF line ends, plain spaces, no terminal escapes or invisible characters."""
    return "\n".join(line for _, line in _clean_lines(raw))


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


# --- layout: one paragraph per line, blank-line blocks, or hard-wrapped lines ---------------

_OPENING = "‘“\"'(«"
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_BULLET_START = re.compile(r"^(?:[•▪●◦*]|\d{1,2}[.)])\s")
_LIST_ITEM = re.compile(r"^(?:[-–•▪●◦*]|\d{1,2}[.)])\s")
_ABBREVIATION_END = re.compile(r"(?:^|\s)[A-Z][a-z]{0,2}\.$")  # Mr. Lt. Gen. J.
_SENTENCE_GAP = re.compile(r"[.!?…][’”\"'»)\]]*\s+(?=\S)")


def _sentences(text: str) -> int:
    """Sentences in a paragraph: a terminal mark then a capital or digit (quote marks aside)."""
    n = 1
    for m in _SENTENCE_GAP.finditer(text):
        nxt = text[m.end() :].lstrip(_OPENING)[:1]
        n += nxt.isupper() or nxt.isdigit()
    return n


def _header_line(line: str) -> bool:
    """A line that says who, when or where: byline, dateline, source, URL, page furniture."""
    return bool(
        _BYLINE.match(line)
        or _SOURCE_LINE.match(line)
        or _URL_LINE.match(line)
        or _boilerplate_reason(line)
        or (_words(line) <= 12 and parse_date(line))
    )


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0]


def _open_quote(text: str) -> bool:
    """Whether a quotation is still open at the end of `text` (curly, guillemet or straight)."""
    if text.count("“") > text.count("”") or text.count("«") > text.count("»"):
        return True
    if text.count('"') % 2:
        return True
    # ‘ opens only at a word start; ’ closes only at a word end (else it is an apostrophe).
    opened = len(re.findall(r"(?:^|(?<=[\s(—–-]))‘", text))
    closed = len(re.findall(r"’(?![^\W_])", text))
    return opened > closed


class _Layout:
    """Paragraphs rebuilt from hard-wrapped lines (e-mail, wire feeds, archive dumps).

    A greedy wrapper fills each line as far as the next word allows, so a line the next word
    would have fitted on ends a paragraph: that settles most breaks. A full line that ends a
    sentence may end a paragraph or not; there the text's own paragraph lengths decide.
    """

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.lines = lines
        spaced = sorted(ind + len(t) for ind, t in lines if " " in t)
        if spaced:
            p90 = spaced[int(0.9 * (len(spaced) - 1))]
            # The wrap width; a few overlong lines (URLs, an unwrapped line) do not set it.
            self.width = max(n for n in spaced if n <= p90 * 1.15)
        else:
            self.width = 0

    def full(self, i: int) -> bool:
        """Line i could not take the first word of line i + 1."""
        (ind, a), (_, b) = self.lines[i], self.lines[i + 1]
        gap = 0 if _HYPHEN_END.search(a) else 1
        return ind + len(a) + gap + len(_first_word(b)) > self.width

    def wrapped(self) -> bool:
        """Most line breaks fall mid-sentence on a full line, before an ordinary word."""
        pairs = [i for i in range(len(self.lines) - 1) if self.lines[i][1] and self.lines[i + 1][1]]
        if not 50 <= self.width <= 160 or len(pairs) < 2:
            return False
        open_full = [i for i in pairs if self.full(i) and not _is_terminated(self.lines[i][1])]
        lower = sum(1 for i in open_full if self.lines[i + 1][1][0].islower())
        return len(open_full) >= 0.4 * len(pairs) and lower >= 0.25 * len(open_full)

    def _kind(self, i: int) -> str:
        """'break', 'join' or 'either' between line i and line i + 1."""
        (ind, a), (ind_b, b) = self.lines[i], self.lines[i + 1]
        if not a or not b or _BULLET_START.match(b):
            return "break"  # blank line, list item
        if ind_b > ind and not _LIST_ITEM.match(a):
            return "break"  # an indented first line (a list item's next line hangs instead)
        if not self.full(i):
            return "break"
        if i < 8 and _header_line(b) and (i + 2 == len(self.lines) or not self.full(i + 1)):
            return "break"  # a byline, date or source line under the headline stands alone
        if (
            not _is_terminated(a)
            or _ABBREVIATION_END.search(a)
            or not (b[0].isupper() or b[0].isdigit() or b[0] in _OPENING)
        ):
            return "join"  # cut mid-sentence
        nxt = self.lines[i + 2][1] if i + 2 < len(self.lines) else ""
        if not _is_terminated(b) and (not nxt or not self.full(i + 1)):
            return "break"  # a line of its own with no stop: heading, caption, boilerplate
        return "either"

    def paragraphs(self) -> list[str]:
        kinds = [self._kind(i) for i in range(len(self.lines) - 1)] + ["break"]
        blank = sum(1 for _, t in self.lines if not t)
        short = sum(1 for i, k in enumerate(kinds[:-1]) if k == "break" and self.lines[i + 1][1])
        # Where blank lines part the paragraphs, a single line break inside a block is a wrap.
        blocks = blank >= max(2, short)
        end_rate = {} if blocks else self._end_rate(kinds)
        words = sum(len(t.split()) for _, t in self.lines)
        word_width = sum(len(t) + 1 for _, t in self.lines) / max(1, words)
        out: list[str] = []
        cur: list[str] = []
        for i, (_, line) in enumerate(self.lines):
            if not line:
                continue
            cur.append(line)
            kind = kinds[i]
            if kind == "either":
                kind = "join" if blocks else self._decide(cur[-50:], i, end_rate, word_width)
            if kind == "break":
                out.append(_join_wrapped(cur))
                cur = []
        return out

    def _decide(self, cur: list[str], i: int, end_rate: dict[int, float], word_width: float) -> str:
        """Break or join after a full line i that ends a sentence before a capital.

        That sentence end falls on a full line by chance, about one word width in the line
        width, mid-paragraph as at a paragraph's end; only the next word's length differs. So
        the odds are how often this text's paragraphs end after as many sentences.
        """
        nxt = self.lines[i + 1][1]
        text = " ".join(cur)
        if _open_quote(text) and nxt[0] not in _OPENING:
            return "join"  # a quotation runs on; a new paragraph would reopen it
        rate = end_rate.get(_sentences(text), 0.5)
        return "break" if rate * (len(_first_word(nxt)) + 1) > (1 - rate) * word_width else "join"

    def _end_rate(self, kinds: list[str]) -> dict[int, float]:
        """Per sentence count j: how often a paragraph of this text that reached j sentences
        ended there, from the paragraphs whose ends are certain (smoothed towards one half)."""
        counts: list[int] = []
        cur: list[str] = []
        certain = True
        for i, (_, line) in enumerate(self.lines):
            if not line:
                continue
            cur.append(line)
            certain &= kinds[i] != "either"
            if kinds[i] == "break":
                text = _join_wrapped(cur)
                if certain and _is_terminated(text):
                    counts.append(_sentences(text))
                cur, certain = [], True
        return {
            j: (counts.count(j) + 0.5) / (sum(1 for c in counts if c >= j) + 1)
            for j in range(1, max(counts, default=0) + 1)
        }


def _join_wrapped(parts: list[str]) -> str:
    """Lines of one paragraph joined; a word broken after its hyphen is joined whole."""
    out = [parts[0]]
    for prev, part in pairwise(parts):
        if not (_HYPHEN_END.search(prev[-2:]) and part[:1].isalpha()):
            out.append(" ")
        out.append(part)
    return "".join(out)


def split_blocks(raw: str) -> list[str]:
    """Paragraph candidates of a raw text, normalised: a line each, or rebuilt paragraphs if the
    text is hard-wrapped."""
    lines = _clean_lines(raw)
    layout = _Layout(lines)
    if layout.wrapped():
        return layout.paragraphs()
    return [t for _, t in lines if t]


# --- the parser ----------------------------------------------------------------------------


def parse_article(raw: str, known: dict[str, Any] | None = None) -> ParsedArticle:
    """Parse normalised-or-not article text. `known` holds metadata given from outside (flags,
    manifest, front matter); it wins over what the text says but the text is still cleaned of
    the lines that stated it (a repeated title, say).
    """
    known = {k: v for k, v in (known or {}).items() if v not in (None, "")}
    lines = split_blocks(raw)
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
    keep = len(body)
    while keep and body[keep - 1][1]:
        keep -= 1
    for line, _ in body[keep:]:
        boiler.append(SetAside(line, "trailing heading", keep))
    del body[keep:]
    for item in [*captions, *boiler]:
        item.position = min(item.position, keep)  # it stood among the trailing headings

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
