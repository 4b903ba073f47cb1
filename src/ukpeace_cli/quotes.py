"""Quotations in news text: where they are (from the marks alone) and, with the parse, who
said them.

Two layers:
- `find_marked_spans(text)` pairs quotation marks into spans. Pure string work, no NLP: it knows
  every mark used in the wild (‘ ’ “ ” " ' « » „ ‚ ‹ ›), tells apostrophes (don’t, Russia’s, the
  US’) from closing marks, nests quotes, ends an unclosed quote at the paragraph break and links a
  quote that runs over several paragraphs (each opens with a mark, only the last closes).
- `extract_quotes(doc, record, mentions)` runs at ingest: it classifies each span (direct, partial,
  term), adds indirect speech from the dependency parse, and attributes speakers through
  `attribution.py`. The result is stored with the article, so queries never re-run the model.

Query-time helpers (`quote_rows`, `SpeakerMatcher`, `group_quotes`) turn stored quotes into the
records `ukpeace quotes` prints; `compare` reuses `group_quotes`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli.attribution import SPEECH_VERBS as SPEECH_WORDS
from ukpeace_cli.unionfind import DisjointSet

# --- quotation marks --------------------------------------------------------------------------

DOUBLE = "double"
SINGLE = "single"

# Marks that only ever open or only ever close (in English-language news as scraped).
_OPENERS = {"“": DOUBLE, "„": DOUBLE, "«": DOUBLE, "‘": SINGLE, "‚": SINGLE, "‹": SINGLE}
_CLOSERS = {"”": DOUBLE, "»": DOUBLE, "’": SINGLE, "›": SINGLE}
_STRAIGHT = {'"': DOUBLE, "'": SINGLE}
MARKS = frozenset(_OPENERS) | frozenset(_CLOSERS) | frozenset(_STRAIGHT)
_OPEN_CONTEXT = set(" \t\n([{—–-/:;\u2026") | set(_OPENERS) | set(_STRAIGHT)


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


def _role(text: str, i: int, lo: int, hi: int, open_families: list[str]) -> str | None:
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
            if prev in "sS" and nxt == " " and _later_single_close(text, i + 1, hi):
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


def _later_single_close(text: str, j: int, hi: int) -> bool:
    """Is there a ’ later in the paragraph that looks like a real closing mark?"""
    for k in range(j, hi):
        if text[k] == "’":
            prev = text[k - 1]
            nxt = text[k + 1] if k + 1 < hi else " "
            if not _is_word(nxt) and not (prev in "sS" and nxt == " "):
                return True
        if text[k] == "‘":  # a new quote opens first: this one closes here
            return False
    return False


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
        para_spans: list[MarkedSpan] = []
        for i in range(lo, hi):
            ch = text[i]
            if ch not in MARKS:
                continue
            families = [s[0] for s in stack]
            role = _role(text, i, lo, hi, families)
            if role is None:
                continue
            fam = _OPENERS.get(ch) or _CLOSERS.get(ch) or _STRAIGHT[ch]
            if role == "close":
                idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam), None)
                if idx is None:
                    continue  # a closing mark with nothing open: ignore it
                _fam, mark, pos, _ = stack[idx]
                del stack[idx:]  # inner quotes left open are dropped as unbalanced
                para_spans.append(
                    MarkedSpan(pos + len(mark), i, mark, ch, depth=idx, paragraph=(lo, hi))
                )
            else:
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


# --- accents and names ---------------------------------------------------------------------


def fold(s: str) -> str:
    """Lowercase without accents: "Jean-Noël" -> "jean-noel"."""
    nfkd = unicodedata.normalize("NFKD", s)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).casefold()


# --- extraction at ingest ------------------------------------------------------------------

DIRECT, PARTIAL, INDIRECT, TERM = "direct", "partial", "indirect", "term"
KINDS = (DIRECT, PARTIAL, INDIRECT, TERM)
_SENT_INSIDE = re.compile(r"[.!?…][’”\"']?\s+[A-Z0-9‘“\"']")
# Which deps on the path from a quoted fragment up to its cue make it not the content:
# "“Radio Liberty” reports" (subject), "told “Radio Liberty.”" (addressee).
_NOT_CONTENT = {"nsubj", "nsubjpass", "csubj", "dative", "agent", "npadvmod", "expl"}
_ADDRESSEE_VERBS = {"tell", "inform", "brief", "ask", "assure", "advise", "warn", "urge", "remind"}


@dataclass
class _Item:
    start: int
    end: int
    kind: str
    span: MarkedSpan | None = None
    cue: Any = None  # the cue Token
    cue_text: str | None = None
    speaker: Any = None  # attribution.Speaker
    via: str | None = None
    clause: tuple[int, int] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _describes_person(mention: str | None) -> bool:
    """ "the self-taught Cambridge resident", "a senior official": a person described."""
    from ukpeace_cli.attribution import ROLE_NOUNS, _personal

    words = re.findall(r"[a-z]+", fold(mention or ""))
    if len(words) < 2 or words[0] not in ("the", "a", "an", "one"):
        return False
    head = words[-1]
    return head in ROLE_NOUNS or _personal(head)


def extract_quotes(doc: Any, record: dict[str, Any], mentions: list[Any]) -> list[dict[str, Any]]:
    """Every quotation and reported statement in the article, with its speaker.

    Offsets are into `doc.text`, which is the stored body: `text == body[start:end]`."""
    from ukpeace_cli.attribution import Attributor

    text = doc.text
    paras = paragraphs_of(text)
    spans = find_marked_spans(text, paras)
    att = Attributor(doc, mentions)
    ex = _Extractor(doc, text, paras, spans, att, record)
    return ex.run()


class _Extractor:
    def __init__(
        self,
        doc: Any,
        text: str,
        paras: list[tuple[int, int]],
        spans: list[MarkedSpan],
        att: Any,
        record: dict[str, Any],
    ):
        import bisect

        self._bisect = bisect
        self.doc, self.text, self.paras, self.spans, self.att = doc, text, paras, spans, att
        self.tokens = att.tokens
        self.tok_starts = [t.idx for t in self.tokens]
        self.para_starts = [p[0] for p in paras]
        self.headings = {
            (p["start"], p["end"])
            for p in (record.get("paragraphs") or [])
            if isinstance(p, dict) and p.get("heading")
        }

    # --- small helpers -------------------------------------------------------------------

    def tok_at(self, char: int) -> Any:
        i = self._bisect.bisect_right(self.tok_starts, char) - 1
        return self.tokens[max(0, min(i, len(self.tokens) - 1))]

    def toks_in(self, lo: int, hi: int) -> list[Any]:
        i = self._bisect.bisect_left(self.tok_starts, lo)
        out = []
        while i < len(self.tokens) and self.tokens[i].idx < hi:
            out.append(self.tokens[i])
            i += 1
        return out

    def para_of(self, char: int) -> tuple[int, int]:
        i = self._bisect.bisect_right(self.para_starts, char) - 1
        return self.paras[max(0, i)] if self.paras else (0, len(self.text))

    def in_quote(self, char: int, min_depth: int = 0) -> bool:
        """Is `char` inside a quote at `min_depth` or deeper (0: any quote)?"""
        return any(sp.depth >= min_depth and sp.start <= char < sp.end for sp in self.spans)

    # --- the run ---------------------------------------------------------------------------

    def run(self) -> list[dict[str, Any]]:
        items: list[_Item] = []
        for sp in self.spans:
            if sp.end > sp.start and self.text[sp.start : sp.end].strip():
                items.append(self.classify(sp))
        # someone's words, where no subject of a cue outside them is (a quoted name is one:
        # "Radio Liberty" reports that ...)
        self.att.quoted = [
            (it.start, it.end)
            for it in items
            if len(self.text[it.start : it.end].split()) >= 3
            and not self._is_name(self.text[it.start : it.end])
        ]
        for it in items:
            if it.kind == DIRECT:
                self.attribute_direct(it)
            else:
                self.attribute_fragment(it)
        self.follow_chains(items)
        clauses = self.indirect(items)
        items.extend(clauses)
        items.sort(key=lambda it: (it.start, -it.end))
        self.inherit(items)
        self.repeats(items)
        return [self.to_dict(it) for it in items]

    # --- direct, partial or term -----------------------------------------------------------

    def classify(self, sp: MarkedSpan) -> _Item:
        content = self.text[sp.start : sp.end]
        words = content.split()
        lo = self.spans[sp.parent].start if sp.parent is not None else sp.paragraph[0]
        lead = self.text[lo : sp.outer_start]
        lead = re.split(r"(?<=[.!?…])[’”\"']?\s+(?=[A-Z‘“\"'])", lead)[-1].rstrip()
        first = next((c for c in content if c.isalnum()), "")
        upper = first.isupper() or first.isdigit()
        para_start = sp.outer_start == sp.paragraph[0]
        kind = PARTIAL
        # "The Kid Who Would Be King.": a title is decided as a fragment (it becomes a term)
        title = self._is_name(content) and not lead.endswith(":") and not para_start
        if not title and (
            sp.continues
            or (sp.close_mark is None and para_start)
            or (_SENT_INSIDE.search(content) and len(words) >= 6)
            or (
                upper
                and len(words) >= 3
                and (not lead or lead.endswith((":", ",", "—", "–", "-")) or para_start)
            )
            or (upper and len(words) >= 5 and content.rstrip()[-1:] in ",.!?…")
        ):
            kind = DIRECT
        return _Item(sp.start, sp.end, kind, span=sp)

    @staticmethod
    def _is_name(content: str) -> bool:
        words = re.findall(r"[\w’'-]+", content)
        if not words or len(words) > 6:
            return False
        small = {"of", "the", "and", "for", "in", "on", "a", "de", "du", "la", "le", "to"}
        caps = [w for w in words if w.lower() not in small]
        return bool(caps) and all(w[0].isupper() or w[0].isdigit() for w in caps)

    # --- speakers of direct quotes ---------------------------------------------------------

    def region(self, sp: MarkedSpan) -> tuple[int, int]:
        if sp.parent is not None:
            p = self.spans[sp.parent]
            return p.start, p.end
        return sp.paragraph

    def siblings(self, sp: MarkedSpan) -> list[MarkedSpan]:
        return [
            s
            for s in self.spans
            if s.paragraph == sp.paragraph and s.parent == sp.parent and s is not sp
        ]

    def attribute_direct(self, it: _Item) -> None:
        sp = it.span
        assert sp is not None
        r_lo, r_hi = self.region(sp)
        sibs = self.siblings(sp)
        nxt = min((s.outer_start for s in sibs if s.outer_start >= sp.outer_end), default=r_hi)
        prv = max((s.outer_end for s in sibs if s.outer_end <= sp.outer_start), default=r_lo)
        content = self.text[sp.start : sp.end].rstrip()
        after = self.text[sp.outer_end : nxt]
        trailing_ok = (
            content[-1:] in ",!?…—–-:"
            or after.lstrip()[:1] in (",", "")
            or after.lstrip()[:1].islower()
        )
        depth = sp.depth
        trail = self.trailing_cue(sp.outer_end, nxt, depth=depth) if sp.close_mark else None
        if trail is None and sp.close_mark and not trailing_ok:
            # "“...” Foo said." after a full stop: only a short cue sentence counts
            m = re.match(r"\s*([^.!?]*[.!?]?)", after)
            tail = m.group(1) if m else ""
            if len(tail.split()) <= 8:
                stop = sp.outer_end + len(m.group(0)) if m else nxt
                trail = self.trailing_cue(sp.outer_end, stop, strict=True, depth=depth)
        lead = self.leading_cue(prv, sp.outer_start, depth=depth)
        pick = None
        if trail is not None and (trailing_ok or lead is None):
            pick = trail
        elif lead is not None:
            pick = lead
        elif trail is not None:
            pick = trail
        if pick is not None:
            it.cue, it.cue_text, it.speaker = pick
            it.via = "cue"

    def trailing_cue(
        self, lo: int, hi: int, strict: bool = False, depth: int = 0
    ) -> tuple[Any, str, Any] | None:
        """A cue after the closing mark: “...,” X said / said X / according to X."""
        first = next(iter(self.toks_in(lo, hi)), None)
        if first is None:
            return None
        # to the end of the sentence ("... ,” Mr. Hawes said."), as the parser split it
        stop = min(hi, self.att.sent_of(first).end_char)
        toks = self.toks_in(lo, stop)
        for k, t in enumerate(toks):
            # "“...,” echoes McMillen": right after the mark a speech word is the cue, even
            # when the tagger took it for a noun
            right_after = k == 0 or (k == 1 and toks[0].is_punct)
            cue = self.att.is_cue(t) or (
                right_after and t.lemma_.lower() in SPEECH_WORDS and t.pos_ in ("NOUN", "PROPN")
            )
            if cue and not self.in_quote(t.idx, depth + 1 if depth else 0):
                if strict and any(c.dep_ == "ccomp" for c in t.children):
                    continue
                sp = self.att.speaker_of(t) or self._adjacent_np(t, lo, stop)
                if sp is None:
                    continue
                return t, self.att.cue_text(t), sp
        return None

    def leading_cue(self, lo: int, hi: int, depth: int = 0) -> tuple[Any, str, Any] | None:
        """A cue before the opening mark: X said: “...” / X told reporters, “...”."""
        if hi <= lo:
            return None
        opener = self.tok_at(hi)
        sent = self.att.sent_of(opener)
        s_lo = max(lo, sent.start_char)
        if not self.text[s_lo:hi].strip() and sent.start > 0:
            prev = self.att.sent_of(self.doc[sent.start - 1])  # the sentence before ends with ":"
            if self.text[prev.start_char : prev.end_char].rstrip().endswith(":"):
                s_lo = max(lo, prev.start_char)
        zone = self.text[s_lo:hi]
        if not zone.strip():
            return None
        # inside a quote, words of the enclosing quote count; those of other quotes do not
        toks = [
            t for t in self.toks_in(s_lo, hi) if not self.in_quote(t.idx, depth + 1 if depth else 0)
        ]
        for t in reversed(toks):
            if self.att.is_cue(t):
                sp = self.att.speaker_of(t) or self._adjacent_np(t, s_lo, hi)
                if sp is not None:
                    return t, self.att.cue_text(t), sp
        if zone.rstrip().endswith(":"):
            # "Vadim Denisov is convinced that ...: “...”": the clause's subject speaks
            ids = {t.i for t in toks}
            for t in toks:
                if t.pos_ in ("VERB", "AUX") and (t.head == t or t.head.i not in ids):
                    subj = next((c for c in t.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None:
                        sp = self.att.resolve(subj)
                        if sp.name or sp.kind:
                            return t, self._predicate_text(t), sp
        return None

    def _predicate_text(self, t: Any) -> str:
        acomp = next((c for c in t.children if c.dep_ in ("acomp", "attr")), None)
        if acomp is not None and acomp.i == t.i + 1:
            return f"{t.text} {acomp.text}"
        return t.text

    def _adjacent_np(self, v: Any, lo: int, hi: int) -> Any:
        """When the parse gives a cue no subject: the noun phrase right before or after it
        (a name counts whatever the tagger made of it: "DeBoer said" with DeBoer as AUX)."""
        for t in (
            list(self.toks_in(v.idx + len(v.text), hi))[:1] + list(self.toks_in(lo, v.idx))[-1:]
        ):
            if t.pos_ in ("PROPN", "NOUN", "PRON") or self.att.tok_mention.get(t.i) is not None:
                head = t
                while head.dep_ in ("compound", "amod", "det", "flat") and head.head != head:
                    head = head.head
                return self.att.resolve(head)
        return None

    # --- partial quotes and terms ----------------------------------------------------------

    def attribute_fragment(self, it: _Item) -> None:
        sp = it.span
        assert sp is not None
        content = self.text[sp.start : sp.end]
        inner = self.toks_in(sp.start, sp.end)
        inner_ids = {t.i for t in inner}
        words = content.split()
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in inner)
        found = self._governing_cue(inner, inner_ids)
        if sp.depth > 0 and found is None and len(words) <= 4:
            it.kind = TERM  # a name inside someone's quote: “Nutcracker”
            return
        if self._is_name(content):
            it.kind = TERM  # “Coalition of the Willing”, "The Kid Who Would Be King."
            return
        if found is None:
            if len(words) <= 3 or (len(words) <= 5 and not has_verb):
                it.kind = TERM  # a scare quote: RCMP call situation 'unpredictable'
            return
        cue, path_dep, clause = found
        if self._not_content(cue, path_dep):
            it.kind = TERM
            return
        speaker = self.att.speaker_of(cue)
        if (speaker is None or speaker.name is None) and len(words) <= 3 and not has_verb:
            it.kind = TERM  # Western media's “peace plan”: a label, nobody's words
            return
        it.cue, it.cue_text, it.speaker, it.via = cue, self.att.cue_text(cue), speaker, "cue"
        it.clause = clause

    def _governing_cue(self, inner: list[Any], inner_ids: set[int]) -> tuple[Any, str, Any] | None:
        """The speech verb the fragment is said under. Walk up from the fragment's head and
        take the outermost cue on the way ("stated that the Kremlin would reject any
        ‘freezing’" is Naryshkin's, not the Kremlin's); failing that, a cue the parse hung
        beside the fragment in the same sentence."""
        heads = [t for t in inner if t.head.i not in inner_ids or t.head == t]
        if not heads:
            return None
        t, prev = heads[0], heads[0]
        found: tuple[Any, str, Any] | None = None
        for _ in range(12):
            if t.i not in inner_ids and self.att.is_cue(t):
                if found is not None and self._not_content(found[0], found[1]):
                    break  # the fragment names the speaker or addressee: stop there
                found = (t, prev.dep_, self._fragment_clause(t, prev))
            if t.head == t:
                break
            prev, t = t, t.head
        if found is not None:
            return found
        sent = self.att.sent_of(inner[0])
        first = inner[0].i
        best = None
        for c in sent:
            if c.i in inner_ids or self.in_quote(c.idx) or not self.att.is_cue(c):
                continue
            if c.lower_ == "according" or c.dep_ == "parataxis":
                return c, "ccomp", self._fragment_clause(c, c)
            if c.i < first:
                sp = self.att.speaker_of(c)
                if sp is not None and (sp.name or sp.kind):
                    best = c  # the nearest cue before the fragment with a speaker
        if best is not None:
            return best, "ccomp", self._fragment_clause(best, best)
        return None

    @staticmethod
    def _not_content(cue: Any, path_dep: str) -> bool:
        """“Radio Liberty” reports (subject), told “Radio Liberty.” (addressee)."""
        return path_dep in _NOT_CONTENT or (
            path_dep in ("dobj", "pobj", "dative") and fold(cue.lemma_) in _ADDRESSEE_VERBS
        )

    def _fragment_clause(self, cue: Any, child: Any) -> tuple[int, int] | None:
        """The reported clause a fragment sits in (GGT and PolNeAR's "mixed" quote)."""
        from ukpeace_cli.attribution import _trim

        rng = None
        if child is not cue and child.dep_ in (
            "ccomp",
            "dobj",
            "xcomp",
            "oprd",
            "advcl",
            "attr",
            "prep",
            "acomp",
        ):
            sub = sorted(child.subtree, key=lambda x: x.i)
            rng = (sub[0].i, sub[-1].i + 1)
        else:
            rng = self.att.content_of(cue)
            if rng is None and child is cue:
                sent = self.att.sent_of(cue)
                rng = (cue.i + 1, sent.end)
        if rng is None:
            return None
        s, e = _trim(self.doc, *rng)
        return s, self._close_after(e)

    def _close_after(self, e: int) -> int:
        """Keep a closing mark that ends the clause: ... any "red lines." """
        m = re.match(r"[.,!?…]?[”’\"'»]+", self.text[e : e + 4])
        return e + m.end() if m else e

    # --- multi-paragraph quotes ----------------------------------------------------------

    def follow_chains(self, items: list[_Item]) -> None:
        chains: dict[int, list[_Item]] = {}
        for it in items:
            if it.span is not None and it.span.depth == 0 and it.kind == DIRECT:
                chains.setdefault(it.span.chain, []).append(it)
        for pieces in chains.values():
            if len(pieces) < 2:
                continue
            # the cue sits in the first piece (X said: ‘...) or the last (...,’ X added.)
            src = next((p for p in pieces if p.speaker is not None and p.speaker.name), None)
            src = src or next((p for p in pieces if p.speaker is not None), None)
            if src is None:
                continue
            for p in pieces:
                if p.speaker is None:
                    p.speaker, p.via = src.speaker, "chain"
                    p.extra["inherited"] = True

    # --- indirect speech -------------------------------------------------------------------

    def indirect(self, items: list[_Item]) -> list[_Item]:
        direct = [
            (it.span.outer_start, it.span.outer_end)
            for it in items
            if it.kind == DIRECT and it.span is not None
        ]
        partials = [it for it in items if it.kind == PARTIAL]
        out: list[_Item] = []
        seen: set[tuple[int, int]] = set()
        for cl in self.att.reported_clauses():
            if self.in_quote(cl.cue.idx):
                continue  # a cue inside someone's quote is part of what they said
            s, e = cl.start, self._close_after(cl.end)
            inside_direct = sum(max(0, min(e, b) - max(s, a)) for a, b in direct)
            if inside_direct > 0.5 * (e - s):
                continue
            frag = [p for p in partials if s <= p.start < e]
            if frag:
                for p in frag:
                    if (p.speaker is None or p.speaker.name is None) and cl.speaker is not None:
                        p.speaker, p.cue, p.cue_text, p.via = (
                            cl.speaker,
                            cl.cue,
                            cl.cue_text,
                            "cue",
                        )
                    if p.clause is None:
                        p.clause = (s, e)
                continue  # the fragment in quote marks carries the statement
            if (s, e) in seen:
                continue
            seen.add((s, e))
            out.append(
                _Item(
                    s, e, INDIRECT, cue=cl.cue, cue_text=cl.cue_text, speaker=cl.speaker, via="cue"
                )
            )
        return out

    # --- speakers carried over -------------------------------------------------------------

    def inherit(self, items: list[_Item]) -> None:
        """One pass in reading order. A pronoun speaker ("he said") is the person quoted last,
        unless another person became the subject since; a quote with no cue of its own
        continues the statement just before it: in the same paragraph, or the last one of the
        paragraph before."""
        last_in_para: dict[tuple[int, int], _Item] = {}
        prev_para: dict[tuple[int, int], tuple[int, int] | None] = {}
        for a, b in zip([None, *self.paras], self.paras, strict=False):
            prev_para[b] = a
        para_index = {p: k for k, p in enumerate(self.paras)}
        last_person: _Item | None = None
        last_org: _Item | None = None
        for it in items:
            para = self.para_of(it.start)
            sp = it.speaker
            if (
                sp is not None
                and sp.name is None
                and (sp.mention or "").lower() == "it"
                and last_org is not None
                and para_index.get(para, 0) - para_index.get(self.para_of(last_org.start), 0) <= 1
            ):
                from dataclasses import replace

                # "It also said ...": the organisation or document that spoke just before
                it.speaker = replace(
                    last_org.speaker, mention=sp.mention, via="pronoun", start=sp.start, end=sp.end
                )
            generic = sp is not None and sp.via == "generic"
            if (
                sp is not None
                and (
                    generic
                    or (
                        sp.via == "pronoun"
                        and sp.label in (None, "PERSON")
                        and ((sp.mention or "").lower() in ("he", "she", "him", "her"))
                    )
                )
                and last_person is not None
            ):
                lp = last_person.speaker
                near = para_index.get(para, 0) - para_index.get(self.para_of(last_person.start), 0)
                if (
                    near <= 2
                    and lp.name != sp.name
                    and (generic or self.att.compatible(lp.name, sp.mention))
                    and not self._new_subject(
                        last_person.end, sp.start, lp.name, None if generic else sp.mention
                    )
                    and not self._speaker_again(last_person.end, sp.start, sp.name)
                ):
                    from dataclasses import replace

                    it.speaker = replace(
                        lp, mention=sp.mention, via=sp.via, start=sp.start, end=sp.end
                    )
            unknown = it.speaker is None or (
                it.speaker.name is None
                and it.speaker.kind is None
                # a cue with a person described ("says the self-taught resident") introduces
                # someone: no carrying over the paragraph's last speaker
                and not _describes_person(it.speaker.mention)
            )
            if it.kind in (DIRECT, PARTIAL) and unknown and (it.span is None or it.span.depth == 0):
                src = last_in_para.get(para)
                via = "paragraph"
                if (
                    src is None
                    and it.kind == DIRECT
                    and it.span is not None
                    and (it.span.outer_start == para[0])
                ):
                    pp = prev_para.get(para)
                    src = last_in_para.get(pp) if pp and pp not in self.headings else None
                    via = "previous"
                    if src is None and pp and pp not in self.headings:
                        topic = self._topic_person(pp)
                        if topic is not None:
                            src, via = topic, "topic"
                if it.kind == PARTIAL:
                    content = self.text[it.start : it.end]
                    if len(content.split()) < 4 or via != "paragraph":
                        src = None
                if src is not None and src.speaker is not None and src.speaker.name:
                    it.speaker, it.via = src.speaker, via
                    it.extra["inherited"] = True
                    if it.span is not None and it.span.chain >= 0:
                        for o in items:
                            if (
                                o.span is not None
                                and o.span.chain == it.span.chain
                                and o.span.depth == 0
                                and o.speaker is None
                            ):
                                o.speaker, o.via = src.speaker, via
                                o.extra["inherited"] = True
            if (
                it.kind != TERM
                and it.speaker is not None
                and it.speaker.name
                and (it.span is None or it.span.depth == 0)
            ):
                last_in_para[para] = it
                if it.speaker.label == "PERSON" or (
                    it.speaker.label is None and it.speaker.via == "name"
                ):
                    last_person = it  # a person, or a name the NER did not label
                elif it.speaker.kind in ("organisation", "document"):
                    last_org = it

    def _topic_person(self, para: tuple[int, int]) -> _Item | None:
        """The one person a paragraph is about, as a subject ("At 25, Gillis was diagnosed
        with Crohn's disease."), for a quote paragraph that follows with no cue."""
        people = {
            self.att.name_of(m): m
            for m in self.att.mentions
            if m.label == "PERSON" and para[0] <= m.start < para[1] and self.att.is_topic(m)
        }
        if len(people) != 1:
            return None
        ((name, m),) = people.items()
        if not self.att.is_topic(m) or not self.att.person_like(m):
            return None
        from ukpeace_cli.attribution import Speaker

        return _Item(
            m.start, m.end, DIRECT, speaker=Speaker(name, None, "PERSON", "person", "topic")
        )

    def _speaker_again(self, lo: int, hi: int, name: str | None) -> bool:
        """Is `name` someone quoted earlier in the article and named again in full between lo
        and hi (the text has returned to them: "... for accountant Babatunji Farinloye, 50.
        'I had a membership ...,' he says")? A possessive or a bare surname in passing
        ("Mr. Hemming's request") is no return."""
        if name is None or self.att.speakers.get(name, hi) >= lo:
            return False
        return any(
            lo <= m.start < hi
            and m.label == "PERSON"
            and self.att.name_of(m) == name
            and len(m.text.split()) >= 2
            and m.text[:1].isupper()
            and not re.search(r"['’]s?\W*$", m.text)
            and self.text[m.end : m.end + 2] not in ("'s", "’s")
            for m in self.att.mentions
        )

    def _new_subject(self, lo: int, hi: int, name: str | None, pronoun: str | None) -> bool:
        """Did another person, who could be `pronoun`, become a subject between lo and hi?"""
        for m in self.att.mentions:
            if m.label != "PERSON" or not (lo <= m.start < hi):
                continue
            other = self.att.name_of(m)
            if other == name or not self.att.compatible(other, pronoun or ""):
                continue
            introduced = self.att.first_seen.get(other) == m.start and len(m.text.split()) >= 2
            if self.att.is_topic(m) or introduced:
                return True  # a subject, or someone introduced just now ("For Megda B., ...")
        return False

    def repeats(self, items: list[_Item]) -> None:
        """A headline or pull quote repeating attributed words takes their speaker."""
        said: dict[str, _Item] = {}
        for it in items:
            if it.kind in (DIRECT, PARTIAL) and it.speaker is not None and it.speaker.name:
                said.setdefault(_key(self.text[it.start : it.end]), it)
        for it in items:
            if it.span is None or it.speaker is not None:
                continue
            if len(self.text[it.start : it.end].split()) < 3:
                continue  # one or two words again are a term, not a repeated statement
            src = said.get(_key(self.text[it.start : it.end]))
            if src is not None and src is not it:
                it.speaker, it.via = src.speaker, "repeat"
                it.extra["inherited"] = True
                if it.kind == TERM:
                    it.kind = PARTIAL

    # --- the stored record -----------------------------------------------------------------

    def sentence_of(self, lo: int, hi: int) -> list[int]:
        a = self.att.sent_of(self.tok_at(lo))
        b = self.att.sent_of(self.tok_at(max(lo, hi - 1)))
        s, e = a.start_char, b.end_char
        p_lo, p_hi = self.para_of(lo)
        s, e = max(s, p_lo), min(e, max(p_hi, self.para_of(max(lo, hi - 1))[1]))
        while e > s and self.text[e - 1].isspace():
            e -= 1
        return [s, e]

    def to_dict(self, it: _Item) -> dict[str, Any]:
        sp = it.speaker
        inherited = bool(it.extra.get("inherited"))
        lo, hi = it.start, it.end
        if it.cue is not None and not inherited:
            lo, hi = min(lo, it.cue.idx), max(hi, it.cue.idx + len(it.cue.text))
        if it.span is not None:
            lo, hi = min(lo, it.span.outer_start), max(hi, it.span.outer_end)
        return {
            "text": self.text[it.start : it.end],
            "kind": it.kind,
            "speaker": sp.name if sp is not None else None,
            "speaker_mention": sp.mention if sp is not None and not inherited else None,
            "cue": it.cue_text if not inherited else None,
            "start": it.start,
            "end": it.end,
            "sentence": self.sentence_of(lo, hi),
            "speaker_label": sp.label if sp is not None else None,
            "speaker_type": sp.kind if sp is not None else None,
            "via": it.via if sp is not None else None,
            "continues": bool(it.span is not None and it.span.continues),
            "nested": bool(it.span is not None and it.span.depth > 0),
            "marks": [it.span.open_mark, it.span.close_mark] if it.span is not None else None,
            "clause": list(it.clause) if it.clause else None,
            "speaker_parts": sp.parts if sp is not None and sp.parts else None,
        }


def _key(s: str) -> str:
    return " ".join(re.findall(r"\w+", fold(s)))


# --- queries over stored quotes ------------------------------------------------------------

OUTPUT_KEYS = (
    "article_id",
    "source",
    "outlet",
    "text",
    "kind",
    "speaker",
    "speaker_mention",
    "cue",
    "start",
    "end",
    "sentence",
)
DEFAULT_KINDS = frozenset({DIRECT, PARTIAL, INDIRECT})
ANONYMOUS = "anonymous source"


@dataclass
class QuoteFilter:
    """What `ukpeace quotes` keeps. Empty sets mean "no filter"."""

    speakers: frozenset[str] | None = None  # global canonical names (from SpeakerMatcher)
    outlets: frozenset[str] = frozenset()  # casefolded outlet labels
    kinds: frozenset[str] = DEFAULT_KINDS
    contains: str | None = None
    articles: tuple[str, ...] = ()  # article ids (selection.resolve turns --article into ids)

    def article_ok(self, record: dict[str, Any]) -> bool:
        from ukpeace_cli.entities import outlet_label

        if self.outlets and outlet_label(record).casefold() not in self.outlets:
            return False
        return not self.articles or str(record.get("id") or "") in self.articles

    def row_ok(self, row: dict[str, Any]) -> bool:
        if self.kinds and row["kind"] not in self.kinds:
            return False
        if self.speakers is not None and row["speaker"] not in self.speakers:
            return False
        return not (self.contains and fold(self.contains) not in fold(row["text"]))


def check_kinds(values: Iterable[str]) -> frozenset[str]:
    """--kind values (repeatable or comma-separated); "all" means every kind."""
    out: set[str] = set()
    for raw in values:
        for k in raw.split(","):
            k = k.strip().lower()
            if not k:
                continue
            if k == "all":
                out.update(KINDS)
            elif k in KINDS:
                out.add(k)
            else:
                from ukpeace_cli.errors import UsageError

                raise UsageError(
                    f"unknown quote kind {k!r}", hint="use direct, partial, indirect, term or all"
                )
    return frozenset(out) if out else DEFAULT_KINDS


def global_speaker(q: dict[str, Any], resolver: Any) -> str | None:
    """The cross-article canonical name of a stored speaker (the `entities` resolver's)."""
    name = q.get("speaker")
    if not name or name == ANONYMOUS or resolver is None:
        return name
    label = q.get("speaker_label") or "PERSON"
    parts = q.get("speaker_parts")
    if parts and len(parts) > 1:  # a joint speaker: "AFP and DW"
        names = [str(resolver.canonical(p, label)) for p in parts]
        return ", ".join(names[:-1]) + " and " + names[-1]
    return str(resolver.canonical(name, label))


def quote_rows(
    records: Iterable[dict[str, Any]], resolver: Any, filt: QuoteFilter | None = None
) -> Iterator[dict[str, Any]]:
    """Output rows, in the order of the records given, then by offset."""
    from ukpeace_cli.entities import outlet_label

    filt = filt or QuoteFilter()
    for rec in records:
        if not filt.article_ok(rec):
            continue
        stored = ((rec.get("nlp") or {}).get("quotes")) or []
        text = rec.get("text") or ""
        outlet = outlet_label(rec)
        rows = []
        for q in stored:
            s0, s1 = (q.get("sentence") or [q["start"], q["end"]])[:2]
            row = {
                "article_id": rec.get("id"),
                "source": rec.get("source"),
                "outlet": outlet,
                "text": q["text"],
                "kind": q["kind"],
                "speaker": global_speaker(q, resolver),
                "speaker_mention": q.get("speaker_mention"),
                "cue": q.get("cue"),
                "start": q["start"],
                "end": q["end"],
                "sentence": text[s0:s1],
            }
            if filt.row_ok(row):
                rows.append(row)
        rows.sort(key=lambda r: (r["start"], -r["end"]))
        yield from rows


def sort_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles in a stable order: by source, then id."""
    return sorted(records, key=lambda r: (str(r.get("source") or ""), str(r.get("id") or "")))


def _norm(s: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(s)))


@dataclass
class SpeakerMatch:
    speaker: str  # global canonical name
    form: str  # the name or variant that matched
    score: float


class SpeakerMatcher:
    """`--speaker NAME` against every speaker: canonical names, surnames and given names,
    in-article names, mentions as written and alias-table variants; accent- and
    case-insensitive, with rapidfuzz for spelling variants."""

    THRESHOLD = 86.0

    def __init__(self, rows: Iterable[dict[str, Any]], resolver: Any = None):
        self.forms: dict[str, set[str]] = {}
        by_entry: dict[str, set[str]] = {}
        index = getattr(resolver, "index", None)
        if index is not None:
            for key, entry in index.by_key.items():
                by_entry.setdefault(entry.name, set()).add(key)
        for r in rows:
            sp = r.get("speaker")
            if not sp:
                continue
            forms = self.forms.setdefault(sp, {sp})
            m = r.get("speaker_mention")
            if m and any(c.isupper() for c in m) and m.lower() not in ("he", "she", "they", "it"):
                forms.add(m)
            if resolver is not None and hasattr(resolver, "members"):
                forms.update(resolver.members(sp))
            forms.update(by_entry.get(sp, ()))

    def match(self, query: str) -> list[SpeakerMatch]:
        from rapidfuzz import fuzz

        q = _norm(query)
        if not q:
            return []
        best: dict[str, SpeakerMatch] = {}
        for speaker, forms in sorted(self.forms.items()):
            # the canonical name first, then shorter forms: ties report the plainest form
            for form in sorted(forms, key=lambda f: (f != speaker, len(f), f)):
                f = _norm(form)
                if not f:
                    continue
                score = float(fuzz.ratio(q, f))
                if " " not in q and len(q) >= 3:
                    # a surname or given name alone: "Barrot", "barot"
                    for tok in f.split():
                        if len(tok) >= 3:
                            s = float(fuzz.ratio(q, tok)) if len(q) >= 4 else 100.0 * (q == tok)
                            score = max(score, s)
                if (
                    score >= self.THRESHOLD
                    and score > best.get(speaker, SpeakerMatch("", "", -1)).score
                ):
                    best[speaker] = SpeakerMatch(speaker, form, score)
        found = sorted(best.values(), key=lambda m: (-m.score, m.speaker))
        if found and found[0].score == 100.0:
            found = [m for m in found if m.score >= 95.0]
        return found


# --- the same statement across outlets --------------------------------------------------------

_STOP = frozenset(
    """
    a an the and or but if of to in on at by for with from as into about than then so that this
    these those it its it's is are was were be been being am do does did doing have has had
    having will would shall should can could may might must not no nor any all some we i you he
    she they them us our your his her their my me him who whom which what when where why how
    there here out off up down over very just also too more most such only own same s t
    """.split()
)


# Fixed diplomatic idioms that say one thing in several words: folded to one word so that
# "rule out any option", "excludes no option" and "no options are off the table" share it.
_IDIOMS = [
    (re.compile(r"\brul(?:e|es|ed|ing) out\b"), " exclude "),
    (re.compile(r"\b(?:off|on) the table\b"), " exclude "),
    (re.compile(r"\bexclu\w*"), " exclude "),
]


def _stems(text: str) -> set[str]:
    t = fold(text)
    for pat, rep in _IDIOMS:
        t = pat.sub(rep, t)
    return {w[:5] for w in re.findall(r"[a-z]+", t) if w not in _STOP and len(w) > 2}


@dataclass
class QuoteGroup:
    """Quotes of one speaker that say the same thing, possibly in several outlets."""

    speaker: str
    rows: list[dict[str, Any]]

    @property
    def outlets(self) -> list[str]:
        return sorted({str(r["outlet"]) for r in self.rows})


class Similarity:
    """How alike two statements are, 0-1: near-identical wording (rapidfuzz ratio), or the
    share of their content words they have in common, each word weighted by how rare it is
    among the quotes compared (IDF). The second catches rewordings that keep the key words,
    "does not rule out any option" / "excludes no option", while "Ukraine", said by everyone,
    weighs little."""

    def __init__(self, texts: Iterable[str] = (), stems: Iterable[Iterable[str]] | None = None):
        """Word rarity from `texts`, or from their `stems` already taken (`quote_stems`)."""
        import math

        docs = [_stems(t) for t in texts] if stems is None else list(stems)
        n = max(len(docs), 1)
        df: dict[str, int] = {}
        for d in docs:
            for w in d:
                df[w] = df.get(w, 0) + 1
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        self.default = math.log(n + 1)

    def __call__(self, a: str, b: str) -> float:
        from rapidfuzz import fuzz

        fuzzy = fuzz.ratio(_norm(a), _norm(b)) / 100.0
        sa, sb = _stems(a), _stems(b)
        if not sa or not sb:
            return fuzzy
        w = self.idf.get
        shared = sum(w(x, self.default) for x in sa & sb)
        least = min(sum(w(x, self.default) for x in sa), sum(w(x, self.default) for x in sb))
        return max(fuzzy, shared / least if least > 0 else 0.0)


def group_quotes(
    rows: Iterable[dict[str, Any]],
    threshold: float = 0.5,
    background: Iterable[str] | None = None,
    background_stems: Iterable[Iterable[str]] | None = None,
) -> list[QuoteGroup]:
    """Group rows by speaker, then by `Similarity` (single link: a row joins a group when it
    is similar enough to any member). Rows without a speaker, and terms, are left out. Groups
    come most outlets first, then most rows, speaker and first appearance; rows keep their
    input order. `background`: the texts word rarity is measured on (default: the rows;
    pass every quote in the store when `rows` is a filtered selection), or `background_stems`,
    those texts' stems as `quote_stems` gives them."""
    rows = [r for r in rows if r.get("speaker") and r.get("kind") != TERM]
    if background_stems is not None:
        sim = Similarity(stems=background_stems)
    else:
        sim = Similarity(background if background is not None else (r["text"] for r in rows))
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_speaker.setdefault(str(r["speaker"]), []).append(r)
    groups: list[tuple[int, QuoteGroup]] = []
    for speaker, items in by_speaker.items():
        sets = DisjointSet(len(items))
        for i in range(len(items)):
            for j in range(i):
                same = sets.find(i) == sets.find(j)
                if not same and sim(items[i]["text"], items[j]["text"]) >= threshold:
                    sets.union(j, i)
        clusters: dict[int, list[dict[str, Any]]] = {}
        for i, r in enumerate(items):
            clusters.setdefault(sets.find(i), []).append(r)
        for members in clusters.values():
            groups.append((len(groups), QuoteGroup(speaker, members)))
    groups.sort(key=lambda g: (-len(g[1].outlets), -len(g[1].rows), g[1].speaker, g[0]))
    return [g for _, g in groups]


# --- the store's quotes sidecar: every quote's content words, for word rarity ----------------

QUOTE_DIGEST_VERSION = "quotes-2"


def quote_stems(record: dict[str, Any]) -> list[list[str]]:
    """The content-word stems `Similarity` counts, for each quote `quote_rows` gives of the
    record with no filter (terms left out), in its order."""
    stored = ((record.get("nlp") or {}).get("quotes")) or []
    kept = [q for q in stored if q["kind"] in DEFAULT_KINDS]
    kept.sort(key=lambda q: (q["start"], -q["end"]))
    return [sorted(_stems(q["text"])) for q in kept]


class QuoteStems:
    """Sidecar codec: an article's `quote_stems`, each space-joined, so `compare` need not parse
    every article for word rarity."""

    def encode(self, record: dict[str, Any]) -> list[str]:
        return [" ".join(s) for s in quote_stems(record)]

    def absorb(self, digest: list[str]) -> None:
        pass


def _quote_sidecar(store: Any) -> Any:
    from ukpeace_cli import __version__
    from ukpeace_cli.sidecar import Sidecar

    return Sidecar(store, "quotes", f"{QUOTE_DIGEST_VERSION}/{__version__}", QuoteStems)


def store_quote_stems(store: Any) -> list[list[str]]:
    """Every stored quote's content-word stems, in store order (from the quotes sidecar)."""
    return [s.split() for _, d in _quote_sidecar(store).digests() for s in d]


def refresh_sidecar(store: Any) -> None:
    """Bring the store's quotes sidecar up to date (ingest calls it after writing)."""
    _quote_sidecar(store).digests()
