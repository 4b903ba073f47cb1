"""Token features of the loaded-language model, shared by its training (bench/framing_model.py)
and by scoring at run time, so both see the same features.

Tokens are runs of letters and digits (inner ' or - kept: "so-called" is one token) of the raw
text, folded to lowercase with curly apostrophes made straight. A token's features are of three
kinds, kept apart so scoring can add up cached parts instead of building feature strings:

- **word** features depend only on the folded form: the form itself when it is in the model's
  vocabulary (common lowercase words), its last three letters, its VADER valence and |valence|,
  whether VADER counts it as an intensifier, a hyphen, a digit, its length;
- **context** features are a neighbour's form (vocabulary only), |valence| and intensifier flag,
  for the previous and the next token (prefixed `p:` and `n:`);
- **shape** features depend on the raw text around the token: capitalised inside a sentence,
  all capitals, opening a sentence, inside quotation marks, in a sentence with `!` or `?`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_OPENERS = "\"'“‘([«—-"
_SENTENCE_ENDS = ".!?:;\n"
_QUOTE_MARKS = re.compile(r'[“«”»"\n]')
_SENTENCE_MARKS = re.compile(r"[.!?\n]")

Feature = tuple[str, float]


def _sides(i: int) -> tuple[tuple[str, int], ...]:
    return (("p", i - 1), ("n", i + 1))


class Token(NamedTuple):
    start: int
    end: int
    form: str  # folded: lowercase, straight apostrophe


@dataclass(frozen=True)
class Lexical:
    """What word features look up: VADER valence, VADER intensifiers, the model vocabulary."""

    valence: dict[str, float]
    boosters: frozenset[str]
    vocab: frozenset[str]


def tokens(text: str) -> list[Token]:
    low = text.lower().replace("’", "'")
    if len(low) == len(text):  # the usual case: fold once, same offsets (and the same matches)
        return [Token(m.start(), m.end(), m.group()) for m in WORD.finditer(low)]
    return [
        Token(m.start(), m.end(), m.group().lower().replace("’", "'")) for m in WORD.finditer(text)
    ]


def word_features(form: str, lex: Lexical) -> list[Feature]:
    out: list[Feature] = [("w=" + form if form in lex.vocab else "w=<other>", 1.0)]
    if len(form) >= 5 and form.isalpha():
        out.append(("s3=" + form[-3:], 1.0))
    value = lex.valence.get(form)
    if value is not None:
        out += [("val", value), ("absval", abs(value)), (f"vbin={round(value)}", 1.0)]
    if form in lex.boosters:
        out.append(("booster", 1.0))
    if "-" in form:
        out.append(("hyphen", 1.0))
    if any(c.isdigit() for c in form):
        out.append(("digit", 1.0))
    out.append(("long" if len(form) >= 8 else "short" if len(form) <= 3 else "mid", 1.0))
    return out


def context_features(form: str, lex: Lexical, side: str) -> list[Feature]:
    """What a neighbour (side "p" before, "n" after) adds to a token's features."""
    out: list[Feature] = []
    if form in lex.vocab:
        out.append((f"{side}:w={form}", 1.0))
    value = lex.valence.get(form)
    if value is not None:
        out.append((f"{side}:absval", abs(value)))
    if form in lex.boosters:
        out.append((f"{side}:booster", 1.0))
    return out


def edge_feature(side: str) -> Feature:
    """Stands in for the neighbour of the first (p) or last (n) token."""
    return (f"{side}:edge", 1.0)


SHAPES = ("sent_start", "cap", "allcaps", "quoted", "exclaim")


def shape_flags(text: str, toks: list[Token]) -> dict[str, np.ndarray]:
    """The shape features of every token, as one boolean array per feature name: opens a
    sentence; capitalised but not opening one; all capitals; inside quotation marks; its
    sentence (up to the next . ! ? or line end) ends in ! or ?."""
    opens = np.array([_opens_sentence(text, toks, i) for i in range(len(toks))], dtype=bool)
    upper_first = np.array([text[t.start].isupper() for t in toks], dtype=bool)
    allcaps = np.array([t.end - t.start > 1 and text[t.start : t.end].isupper() for t in toks])
    starts = np.array([t.start for t in toks], dtype=np.int64)
    ends = np.array([t.end for t in toks], dtype=np.int64)
    return {
        "sent_start": opens,
        "cap": upper_first & ~opens,
        "allcaps": allcaps.astype(bool),
        "quoted": _inside_quotes(text, starts),
        "exclaim": _marked(text, ends),
    }


def _opens_sentence(text: str, toks: list[Token], i: int) -> bool:
    """Nothing but spaces (not a line end) and opening marks between the token and the start
    of the text or a sentence end (. ! ? : ; or a line end)."""
    gap_start = toks[i - 1].end if i else 0
    j = toks[i].start - 1
    while j >= gap_start and ((text[j].isspace() and text[j] != "\n") or text[j] in _OPENERS):
        j -= 1
    if j < gap_start:
        return i == 0  # the previous token's last character is a letter or digit
    return text[j] in _SENTENCE_ENDS


def _inside_quotes(text: str, starts: np.ndarray) -> np.ndarray:
    """Curly marks open and close, a straight double mark toggles; a line end closes whatever
    is open (a quote rarely spans paragraphs without its marks repeated)."""
    opened, close = [], []
    start = -1
    for m in _QUOTE_MARKS.finditer(text):
        i, c = m.start(), m.group()
        if c in _OPEN_QUOTES or (c == '"' and start < 0):
            start = i
        elif start >= 0:  # a closing mark, a straight mark closing, or a line end
            opened.append(start)
            close.append(i)
            start = -1
    if start >= 0:
        opened.append(start)
        close.append(len(text))
    if not opened:
        return np.zeros(len(starts), dtype=bool)
    lo, hi = np.array(opened), np.array(close)
    idx = np.searchsorted(hi, starts, side="right")  # the first range ending after the start
    ok = idx < len(hi)
    return ok & (lo[np.minimum(idx, len(lo) - 1)] <= starts)


def _marked(text: str, ends: np.ndarray) -> np.ndarray:
    found = [(m.start(), m.group() in "!?") for m in _SENTENCE_MARKS.finditer(text)]
    if not found:
        return np.zeros(len(ends), dtype=bool)
    pos = np.array([p for p, _ in found])
    bang = np.array([b for _, b in found], dtype=bool)
    idx = np.searchsorted(pos, ends, side="left")  # the first sentence mark at or after the end
    return (idx < len(pos)) & bang[np.minimum(idx, len(pos) - 1)]


def token_features(text: str, lex: Lexical) -> Iterator[tuple[Token, list[Feature]]]:
    """Every token of `text` with all its features (training; scoring adds cached parts)."""
    toks = tokens(text)
    shapes = shape_flags(text, toks)
    for i, tok in enumerate(toks):
        feats = word_features(tok.form, lex)
        for side, j in _sides(i):
            near = 0 <= j < len(toks)
            feats += context_features(toks[j].form, lex, side) if near else [edge_feature(side)]
        feats += [(name, 1.0) for name in SHAPES if shapes[name][i]]
        yield tok, feats
