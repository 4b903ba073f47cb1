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

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_OPENERS = "\"'“‘([«—-"
_SENTENCE_ENDS = ".!?:;\n"

Feature = tuple[str, float]


def SIDES(i: int) -> tuple[tuple[str, int], ...]:
    return (("p", i - 1), ("n", i + 1))


@dataclass(frozen=True)
class Token:
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


def shape_features(text: str, tok: Token, quoted: bool, marked: bool) -> list[Feature]:
    word = text[tok.start : tok.end]
    out: list[Feature] = []
    opens = _opens_sentence(text, tok.start)
    if opens:
        out.append(("sent_start", 1.0))
    elif word[:1].isupper():
        out.append(("cap", 1.0))
    if len(word) > 1 and word.isupper():
        out.append(("allcaps", 1.0))
    if quoted:
        out.append(("quoted", 1.0))
    if marked:
        out.append(("exclaim", 1.0))
    return out


def _opens_sentence(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and ((text[i].isspace() and text[i] != "\n") or text[i] in _OPENERS):
        i -= 1
    return i < 0 or text[i] in _SENTENCE_ENDS


def quoted_flags(text: str, toks: list[Token]) -> list[bool]:
    """Whether each token lies inside quotation marks: curly marks open and close, a straight
    double mark toggles; a new line closes whatever is open (a quote rarely spans paragraphs
    without its marks repeated)."""
    inside = _quoted_ranges(text)
    out, j = [], 0
    for t in toks:
        while j < len(inside) and inside[j][1] <= t.start:
            j += 1
        out.append(j < len(inside) and inside[j][0] <= t.start)
    return out


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    start = -1
    for i, c in enumerate(text):
        if c in _OPEN_QUOTES or (c == '"' and start < 0):
            start = i
        elif (c in _CLOSE_QUOTES or c == '"' or c == "\n") and start >= 0:
            ranges.append((start, i))
            start = -1
    if start >= 0:
        ranges.append((start, len(text)))
    return ranges


def marked_flags(text: str, toks: list[Token]) -> list[bool]:
    """Whether each token's sentence (up to the next . ! ? or line end) ends in ! or ?."""
    ends = [(m.start(), m.group()) for m in re.finditer(r"[.!?\n]", text)]
    out, j = [], 0
    for t in toks:
        while j < len(ends) and ends[j][0] < t.end:
            j += 1
        out.append(j < len(ends) and ends[j][1] in "!?")
    return out


def token_features(text: str, lex: Lexical) -> Iterator[tuple[Token, list[Feature]]]:
    """Every token of `text` with all its features (training; scoring adds cached parts)."""
    toks = tokens(text)
    quoted = quoted_flags(text, toks)
    marked = marked_flags(text, toks)
    for i, tok in enumerate(toks):
        feats = word_features(tok.form, lex)
        for side, j in SIDES(i):
            near = 0 <= j < len(toks)
            feats += context_features(toks[j].form, lex, side) if near else [edge_feature(side)]
        feats += shape_features(text, tok, quoted[i], marked[i])
        yield tok, feats
