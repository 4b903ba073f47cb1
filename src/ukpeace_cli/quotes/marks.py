"""Stage 1, marks: pair quotation marks into spans. Pure string work, no NLP.

It knows every mark used in the wild (‘ ’ “ ” " ' « » „ ‚ ‹ ›), tells apostrophes (don’t,
Russia’s, the US’) from closing marks, nests quotes, ends an unclosed quote at the paragraph
break and links a quote that runs over several paragraphs (each opens with a mark, only the last
closes).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from ukpeace_cli.ablation import enabled

DOUBLE = "double"
SINGLE = "single"

# Marks that only ever open or only ever close (in English-language news as scraped).
_OPENERS = {"“": DOUBLE, "„": DOUBLE, "«": DOUBLE, "‘": SINGLE, "‚": SINGLE, "‹": SINGLE}
_CLOSERS = {"”": DOUBLE, "»": DOUBLE, "’": SINGLE, "›": SINGLE}
_STRAIGHT = {'"': DOUBLE, "'": SINGLE}
MARKS = frozenset(_OPENERS) | frozenset(_CLOSERS) | frozenset(_STRAIGHT)
_OPEN_CONTEXT = set(" \t\n([{—–-/:;\u2026") | set(_OPENERS) | set(_STRAIGHT)
# A double quotation mark typed as two single ones: '' (typewriter and newswire text),
# `` ... '' (Penn Treebank, LaTeX), ‘‘ ... ’’ (a word processor's smart single marks).
_DOUBLED = {"''": None, "’’": "close", "‘‘": "open", "``": "open"}


def _is_word(ch: str) -> bool:
    return ch.isalnum()


@dataclass
class MarkedSpan:
    """Text between a pair of quotation marks (marks excluded)."""

    start: int
    end: int
    open_mark: str
    close_mark: str | None  # None: the paragraph ended before the quote closed
    depth: int = 0  # 0 = outermost
    parent: int | None = None  # index of the enclosing span in the returned list
    continues: bool = False  # carries on a quote left open in the previous paragraph
    chain: int = -1  # spans of one multi-paragraph quote share a chain id
    paragraph: tuple[int, int] = (0, 0)

    @property
    def outer_start(self) -> int:
        return self.start - len(self.open_mark)

    @property
    def outer_end(self) -> int:
        return self.end + (len(self.close_mark) if self.close_mark else 0)


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end): any line break is a paragraph break for quoting."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _role(
    text: str,
    i: int,
    lo: int,
    hi: int,
    open_families: Collection[str],
    later_close: Callable[[int], bool],
) -> str | None:
    """'open', 'close' or None (not a quote mark here) for the mark at text[i]."""
    ch = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    if ch in ("’", "'") and _is_word(prev) and _is_word(nxt):
        return None  # don’t, Russia’s, O'Brien
    if ch in ("’", "'", "‘") and nxt.isdigit() and not _is_word(prev):
        return None  # ’90s
    if ch == "‘" and _is_word(prev) and _is_word(nxt):
        return None  # a mistyped apostrophe: don‘t
    if ch in _OPENERS:
        fam = _OPENERS[ch]
        # German style closes „ with “; a “ glued to the end of a word closes an open double.
        if ch == "“" and fam in open_families and not _is_word(nxt) and prev not in _OPEN_CONTEXT:
            return "close"
        return "open"
    if ch in _CLOSERS:
        fam = _CLOSERS[ch]
        if ch == "’":
            if fam not in open_families:
                return None  # the US’ economy: a possessive, not a closing mark
            if prev in "sS" and nxt == " " and later_close(i + 1):
                return None  # the Russians’ plans ... ’ : wait for the real close
            return "close"
        if ch == "»" and fam not in open_families and _is_word(nxt) and prev in _OPEN_CONTEXT:
            return "open"  # »Danish« style
        if ch == "”" and fam not in open_families and _is_word(nxt) and prev in _OPEN_CONTEXT:
            return "open"  # Swedish style, or a typo for “
        return "close"
    # straight marks: decide by context, then by what is open
    fam = _STRAIGHT[ch]
    left_open = prev in _OPEN_CONTEXT or prev.isspace()
    right_close = not (_is_word(nxt) or nxt in "‘“'\"(") or nxt.isspace()
    if ch == "'":
        if not left_open and not right_close:
            return None
        if left_open and not right_close:
            return "open"
        if right_close and not left_open:
            if fam in open_families:
                return "close"
            return None  # the Jones' house
        return "close" if fam in open_families else None  # ' alone between spaces
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return "close" if fam in open_families else "open"


def _doubled_role(text: str, i: int, lo: int, hi: int, double_open: bool) -> str | None:
    """'open' or 'close' for a doubled mark at text[i:i+2], read as one double mark."""
    fixed = _DOUBLED[text[i : i + 2]]
    if fixed is not None:
        return fixed
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 2] if i + 2 < hi else " "
    left_open = prev in _OPEN_CONTEXT or prev.isspace()
    right_close = not (_is_word(nxt) or nxt in "‘“'\"(") or nxt.isspace()
    if left_open and not right_close:
        return "open"
    if right_close and not left_open:
        return "close"
    return "close" if double_open else "open"


class _LaterClose:
    """Is there a ’ later in the paragraph (from j on) that looks like a real closing mark,
    before any new ‘ opens? Answered from one right-to-left pass over the paragraph, made
    the first time it is asked, so a paragraph of many "s’ " stays linear."""

    def __init__(self, text: str, hi: int):
        self.text, self.hi = text, hi
        self.table: list[bool] | None = None
        self.lo = hi

    def __call__(self, j: int) -> bool:
        if self.table is None or j < self.lo:
            self._build(j)
        assert self.table is not None
        return self.table[j - self.lo]

    def _build(self, lo: int) -> None:
        text, hi = self.text, self.hi
        table = [False] * (hi - lo + 1)
        for k in range(hi - 1, lo - 1, -1):
            ch = text[k]
            if ch == "’":
                prev = text[k - 1]
                nxt = text[k + 1] if k + 1 < hi else " "
                if not _is_word(nxt) and not (prev in "sS" and nxt == " "):
                    table[k - lo] = True
                    continue
            if ch == "‘":  # a new quote opens first: this one closes here
                table[k - lo] = False
                continue
            table[k - lo] = table[k - lo + 1]
        self.table, self.lo = table, lo


def find_marked_spans(
    text: str, paragraphs: list[tuple[int, int]] | None = None
) -> list[MarkedSpan]:
    """Every quoted span in `text`, in order of opening mark. Never raises on odd input."""
    paras = paragraphs if paragraphs is not None else paragraphs_of(text)
    spans: list[MarkedSpan] = []
    prev_open_chain: tuple[int, str] | None = None  # (chain id, family) left open at para end
    chains = 0
    for lo, hi in paras:
        stack: list[tuple[str, str, int, int]] = []  # (family, mark, position, index in spans)
        # where each family sits in the stack, so a mark costs O(1), not O(depth): a line of
        # 100k opening marks stays linear
        at: dict[str, list[int]] = {DOUBLE: [], SINGLE: []}
        later_close = _LaterClose(text, hi)
        para_spans: list[MarkedSpan] = []
        skip = -1
        for i in range(lo, hi):
            ch = text[i]
            if i <= skip or (ch not in MARKS and ch != "`"):
                continue
            families = [f for f, where in at.items() if where]
            pair = text[i : i + 2]
            if pair in _DOUBLED and enabled("doubled-marks"):
                ch, skip = pair, i + 1
                role = _doubled_role(text, i, lo, hi, DOUBLE in families)
            elif ch == "`":
                continue
            else:
                role = _role(text, i, lo, hi, families, later_close)
            if role is None:
                continue
            fam = DOUBLE if len(ch) == 2 else _OPENERS.get(ch) or _CLOSERS.get(ch) or _STRAIGHT[ch]
            if role == "close":
                if not at[fam]:
                    continue  # a closing mark with nothing open: ignore it
                idx = at[fam][-1]
                _fam, mark, pos, _ = stack[idx]
                del stack[idx:]  # inner quotes left open are dropped as unbalanced
                for where in at.values():
                    while where and where[-1] >= idx:
                        where.pop()
                para_spans.append(
                    MarkedSpan(pos + len(mark), i, mark, ch, depth=idx, paragraph=(lo, hi))
                )
            else:
                at[fam].append(len(stack))
                stack.append((fam, ch, i, -1))
        if stack:  # the paragraph break ends the outermost quote left open
            _family, mark, pos, _ = stack[0]
            end = hi
            while end > pos + 1 and text[end - 1].isspace():
                end -= 1
            para_spans.append(MarkedSpan(pos + len(mark), end, mark, None, paragraph=(lo, hi)))
        para_spans.sort(key=lambda s: (s.start, -s.end))
        _nest(para_spans)
        opened_next: tuple[int, str] | None = None
        for sp in para_spans:
            if sp.depth:
                continue
            fam = _OPENERS.get(sp.open_mark) or _STRAIGHT.get(sp.open_mark) or DOUBLE
            if prev_open_chain and sp.outer_start == lo and prev_open_chain[1] == fam:
                sp.continues, sp.chain = True, prev_open_chain[0]
            else:
                sp.chain, chains = chains, chains + 1
            if sp.close_mark is None:
                opened_next = (sp.chain, fam)
        base = len(spans)
        for sp in para_spans:
            if sp.parent is not None:
                sp.parent += base
        spans.extend(para_spans)
        prev_open_chain = opened_next
    return spans


def _nest(spans: list[MarkedSpan]) -> None:
    """Set depth and parent from containment (spans sorted by start, longest first)."""
    open_: list[int] = []
    for k, sp in enumerate(spans):
        while open_ and not (
            spans[open_[-1]].start <= sp.outer_start and sp.end <= spans[open_[-1]].end
        ):
            open_.pop()
        sp.depth = len(open_)
        sp.parent = open_[-1] if open_ else None
        open_.append(k)
