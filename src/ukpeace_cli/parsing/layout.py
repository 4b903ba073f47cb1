"""Layout: clean lines; paragraphs rebuilt from one-per-line, blank-line or hard-wrapped text."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from ukpeace_cli.parsing.lines import (
    _BYLINE,
    _DATELINE_START,
    _SOURCE_LINE,
    _URL_LINE,
    _boilerplate_reason,
    _is_terminated,
    _words,
    parse_date,
)

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
        if (
            not _is_terminated(a)
            and not a.endswith(":")
            and (b[0].islower() or _DATELINE_START.match(a))
            and not _header_line(b)
        ):
            return "join"  # mid-sentence: a lower-case word goes on, a wire dateline goes on
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
