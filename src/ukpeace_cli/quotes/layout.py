"""Stage 2, layout: one parsed article's text, tokens, sentences, paragraphs and quote marks,
indexed for the stages after it (Token.sent and Doc.text rescan the Doc on every call)."""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

from ukpeace_cli.ablation import enabled
from ukpeace_cli.parsing.lines import body_furniture
from ukpeace_cli.quotes.marks import MarkedSpan, find_marked_spans, paragraphs_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


class Layout:
    def __init__(self, doc: Doc, record: dict[str, Any]):
        self.doc = doc
        self.text: str = doc.text  # Doc.text rebuilds the string on every call: keep it
        self.tokens: list[Token] = list(doc)  # doc[i] makes a new Token every time
        self.tok_starts = [t.idx for t in self.tokens]
        self.sents: list[Span] = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        self.paras = paragraphs_of(self.text)
        self.para_starts = [p[0] for p in self.paras]
        self.spans: list[MarkedSpan] = find_marked_spans(self.text, self.paras)
        self._quoted: dict[int, tuple[list[int], list[int]]] = {}
        self.headings = {
            (p["start"], p["end"])
            for p in (record.get("paragraphs") or [])
            if isinstance(p, dict) and p.get("heading")
        }
        # link teasers and photo captions left in the body hold no one's words (they still
        # separate the paragraphs around them for carrying speakers over)
        self.furniture = (
            {p for p in self.paras if body_furniture(self.text[p[0] : p[1]])}
            if enabled("furniture")
            else set()
        )

    def tok_at(self, char: int) -> Any:
        i = bisect.bisect_right(self.tok_starts, char) - 1
        return self.tokens[max(0, min(i, len(self.tokens) - 1))]

    def toks_in(self, lo: int, hi: int) -> list[Any]:
        i = bisect.bisect_left(self.tok_starts, lo)
        out = []
        while i < len(self.tokens) and self.tokens[i].idx < hi:
            out.append(self.tokens[i])
            i += 1
        return out

    def para_of(self, char: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.para_starts, char) - 1
        return self.paras[max(0, i)] if self.paras else (0, len(self.text))

    def is_furniture(self, char: int) -> bool:
        """Is `char` in a link teaser or photo caption paragraph (`self.furniture`)?"""
        return bool(self.furniture) and self.para_of(char) in self.furniture

    def in_quote(self, char: int, min_depth: int = 0) -> bool:
        """Is `char` inside a quote at `min_depth` or deeper (0: any quote)?"""
        starts, ends = self._quoted_at(min_depth)
        k = bisect.bisect_right(starts, char) - 1
        return k >= 0 and char < ends[k]

    def _quoted_at(self, min_depth: int) -> tuple[list[int], list[int]]:
        """The spans at `min_depth` or deeper merged into sorted disjoint [start, end)
        intervals, made once per depth: a look-up is a bisect, not a scan of every quote."""
        if min_depth not in self._quoted:
            starts: list[int] = []
            ends: list[int] = []
            for lo, hi in sorted((sp.start, sp.end) for sp in self.spans if sp.depth >= min_depth):
                if lo >= hi:
                    continue  # an empty span holds no character
                if ends and lo <= ends[-1]:
                    ends[-1] = max(ends[-1], hi)
                else:
                    starts.append(lo)
                    ends.append(hi)
            self._quoted[min_depth] = (starts, ends)
        return self._quoted[min_depth]

    def sent_index(self, i: int) -> int:
        return bisect.bisect_right(self.sent_starts, i) - 1

    def sent_of(self, t: Token) -> Span:
        """The sentence of a token."""
        return self.sents[self.sent_index(t.i)]

    def close_after(self, e: int) -> int:
        """Keep a closing mark that ends the clause: ... any "red lines." """
        m = re.match(r"[.,!?…]?[”’\"'»]+", self.text[e : e + 4])
        return e + m.end() if m else e

    def trim(self, lo: int, hi: int) -> tuple[int, int]:
        """Char span of tokens [lo, hi) without a leading "that" and edge punctuation."""
        doc = self.doc
        toks = list(doc[lo:hi])
        while toks and (
            (toks[0].is_punct and toks[0].text not in "‘“\"'«„")
            or toks[0].is_space
            or (toks[0].lower_ in ("that",) and toks[0].dep_ == "mark")
        ):
            toks.pop(0)
        while toks and (toks[-1].is_space or toks[-1].text in (",", ";", ":", ".", "–", "—", "-")):
            toks.pop()
        if not toks:
            return doc[lo].idx, doc[lo].idx
        s = toks[0].idx
        e = toks[-1].idx + len(toks[-1].text)
        return s, e
