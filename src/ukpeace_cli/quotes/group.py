"""The same statement across outlets: quotes of one speaker grouped by similarity, and the
store's quotes sidecar (every quote's content words, for word rarity)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.quotes.match import norm
from ukpeace_cli.quotes.query import DEFAULT_KINDS
from ukpeace_cli.quotes.spans import TERM
from ukpeace_cli.text import fold
from ukpeace_cli.unionfind import DisjointSet

_STOP = frozenset(
    """
    a an the and or but if of to in on at by for with from as into about than then so that this
    these those it its it's is are was were be been being am do does did doing have has had
    having will would shall should can could may might must not no nor any all some we i you he
    she they them us our your his her their my me him who whom which what when where why how
    there here out off up down over very just also too more most such only own same s t
    """.split()
)


def _stems(text: str) -> set[str]:
    t = fold(text)
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
    "does not rule out any option" / "excludes no option", while "harbour", said by everyone,
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

        fuzzy = fuzz.ratio(norm(a), norm(b)) / 100.0
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
