"""Pass 1: one streaming read of the records into compact articles (sentences, quotation
shares, content-word ids from a shared vocabulary), with text analysis in forked workers on
big stores."""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.dates import timestamp
from ukpeace_cli.dedupe.params import READ_ALONE, READ_WINDOW
from ukpeace_cli.entities import outlet_label
from ukpeace_cli.parsing.cited import credited_names
from ukpeace_cli.store import text_hash

if TYPE_CHECKING:
    import numpy as np


class _Vocab:
    """Content-word stems to ids, with a stable 64-bit hash (`sh.token_hash`) and a readable
    surface per id."""

    def __init__(self) -> None:
        self.by_surface: dict[str, int] = {}
        self.by_stem: dict[str, int] = {}
        self.hashes: list[int] = []
        self.surface: list[str] = []

    def id(self, w: str) -> int:
        got = self.by_surface.get(w)
        if got is not None:
            return got
        if w in sh.STOPWORDS or (len(w) < 2 and not w.isdigit()):
            self.by_surface[w] = -1
            return -1
        s = sh.stem(w)
        i = self.by_stem.get(s)
        if i is None:
            i = self.by_stem[s] = len(self.hashes)
            self.hashes.append(sh.token_hash(s))
            self.surface.append(w)
        self.by_surface[w] = i
        return i


class _Article:
    __slots__ = (
        "cred",
        "fp",
        "id",
        "idx",
        "outlet",
        "published",
        "quoted",
        "source",
        "spans",
        "text_hash",
        "tok",
        "tok_sent",
        "ts",
        "u_ids",
        "u_sent",
        "wire",
        "znorm",
        "ztext",
    )

    cred: list[str]
    wire: list[str]  # agencies the record names (`wire`, docs/store.md)
    fp: np.ndarray  # per sentence: 64-bit hash of its normalised text (uint64, sh.token_hash)
    id: str
    idx: int
    outlet: str
    published: str | None
    quoted: np.ndarray  # per sentence: mostly inside quotation marks
    source: str
    spans: np.ndarray  # (n, 2) character offsets of sentences
    text_hash: str  # equal for verbatim copies (the same text stored from several outlets)
    tok: np.ndarray  # content-word ids in order
    tok_sent: np.ndarray  # the sentence of each of them
    ts: float | None
    u_ids: np.ndarray  # unique (sentence, word) rows: word ids
    u_sent: np.ndarray  # ...and their sentences
    # The text and the normalised sentences (joined by newlines), zlib-compressed UTF-8 past
    # the first READ_ALONE articles: on a big store they are most of an article's memory, and
    # only candidates read them.
    ztext: bytes | str
    znorm: bytes | str

    def __init__(self, idx: int, record: dict[str, Any], ztext: bytes | str, cred: list[str]):
        self.idx = idx
        self.id = str(record["id"])
        self.source = str(record.get("source") or "")
        outlet = record.get("outlet")
        self.outlet = str(outlet) if outlet else outlet_label(record)
        self.published = record.get("published") or None
        self.ts = timestamp(self.published)
        self.text_hash = str(record.get("text_hash") or text_hash(record.get("text") or ""))
        self.ztext = ztext
        self.cred = cred  # sources the text credits (found with the text analysis)
        self.wire = [str(w) for w in record.get("wire") or []]

    @property
    def text(self) -> str:
        return _unsqueeze(self.ztext)

    @property
    def norm(self) -> str:
        return _unsqueeze(self.znorm)


def _squeeze(text: str, compress: bool) -> bytes | str:
    """Compressed when the store is big enough for memory to matter (the workers' articles);
    the first READ_ALONE articles stay plain, as compressing them costs more than it saves."""
    return zlib.compress(text.encode("utf-8"), 1) if compress and text else text


def _unsqueeze(data: bytes | str) -> str:
    if isinstance(data, str):
        return data
    return zlib.decompress(data).decode("utf-8") if data else ""


_Text = bytes | str  # see _squeeze
_Spans = list[tuple[int, int]]
_Analysed = tuple[_Spans, list[float], list[int], _Text, str, list[int], _Text, list[str]]


def _analyse(item: tuple[str, list[list[int]] | None], compress: bool = False) -> _Analysed:
    """The per-article text work that needs no shared state (runs in worker processes on big
    stores): sentence spans, quotation shares, sentence fingerprints, normalised sentences, the
    words of all sentences with how many each sentence has, the text compressed, and the
    sources the text credits (every clustered article needs them, and here they are found in
    parallel)."""
    text, stored = item
    spans = sh.record_sentences({"text": text, "nlp": {"sentences": stored} if stored else None})
    shares = sh.quote_shares(text, spans)
    fps: list[int] = []
    norm: list[str] = []
    counts: list[int] = []
    content: list[str] = []
    stop = sh.STOPWORDS
    for a, b in spans:
        ws = sh.words(text[a:b])
        joined = " ".join(ws)  # what rapidfuzz compares
        norm.append(joined)
        fps.append(sh.token_hash(joined))
        kept = [w for w in ws if w not in stop and (len(w) > 1 or w.isdigit())]
        content.extend(kept)
        counts.append(len(kept))
    znorm, ztext = _squeeze("\n".join(norm), compress), _squeeze(text, compress)
    return spans, shares, fps, znorm, " ".join(content), counts, ztext, credited_names(text)


def _analyse_big(item: tuple[str, list[list[int]] | None]) -> _Analysed:
    return _analyse(item, compress=True)


def _item(record: dict[str, Any]) -> tuple[str, list[list[int]] | None]:
    nlp = record.get("nlp")
    stored = nlp.get("sentences") if isinstance(nlp, dict) else None
    return record.get("text") or "", stored or None


def _prepare(record: dict[str, Any], idx: int, vocab: _Vocab) -> _Article:
    return _build(record, _analyse(_item(record)), idx, vocab)


def _build(record: dict[str, Any], done: _Analysed, idx: int, vocab: _Vocab) -> _Article:
    """The article with word ids from the shared vocabulary (main process only)."""
    import numpy as np

    spans, shares, fps, znorm, words, counts, ztext, cred = done
    art = _Article(idx, record, ztext, cred)
    ws = words.split(" ") if words else []  # content words only (stop words dropped)
    get = vocab.by_surface.get
    got = [get(w) for w in ws]
    if None in got:  # first sighting of a word form
        for k, x in enumerate(got):
            if x is None:
                got[k] = vocab.id(ws[k])
    n = len(spans)
    art.spans = np.asarray(spans, dtype=np.int32).reshape(-1, 2)
    art.quoted = np.asarray([q >= 0.5 for q in shares], dtype=bool)
    art.tok = np.asarray(got, dtype=np.int32)
    art.tok_sent = np.repeat(np.arange(n, dtype=np.int32 if n > 32000 else np.int16), counts)
    art.fp = sh.hash_array(fps)
    art.znorm = znorm  # normalised sentences joined by newlines: one string, not n
    # One row per (sentence, content word), repeats within a sentence removed: what the
    # sentence overlap counts. Kept here so verification never re-derives it.
    code = sh.unique(art.tok_sent.astype(np.int64) << 32 | art.tok.astype(np.int64))
    art.u_sent = (code >> 32).astype(art.tok_sent.dtype)
    art.u_ids = (code & 0xFFFFFFFF).astype(np.int32)
    return art


def _read(
    records: Iterable[dict[str, Any]],
    vocab: _Vocab,
    jobs: int,
    progress: Callable[[str], None] | None,
) -> list[_Article]:
    """Stream the records once. The first READ_ALONE articles are analysed here; past that,
    text analysis goes to `jobs` forked workers a window at a time (the next window is being
    analysed while this process builds the last one), so memory stays bounded."""
    import itertools as it

    arts: list[_Article] = []
    seen: set[str] = set()

    def fresh(stream: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        for rec in stream:
            rid = rec.get("id")
            if isinstance(rid, str) and rid not in seen:
                seen.add(rid)
                yield rec

    def note() -> None:
        if progress and len(arts) % 20000 == 0:
            progress(f"read {len(arts):,} articles")

    stream = iter(fresh(records))
    for rec in it.islice(stream, READ_ALONE):
        arts.append(_prepare(rec, len(arts), vocab))
        note()
    if len(arts) < READ_ALONE or jobs < 2 or not hasattr(os, "fork"):
        for rec in stream:
            arts.append(_prepare(rec, len(arts), vocab))
            note()
        return arts
    import multiprocessing as mp

    def window() -> list[dict[str, Any]]:
        # Keep only what the results need: the full records (paragraphs, nlp) are dropped.
        return [
            {
                k: r.get(k)
                for k in ("id", "text_hash", "source", "outlet", "published", "text", "nlp")
            }
            for r in it.islice(stream, READ_WINDOW)
        ]

    with mp.get_context("fork").Pool(jobs) as pool:
        batch = window()
        pending = pool.map_async(_analyse_big, [_item(r) for r in batch], chunksize=64)
        while batch:
            following = window()
            ahead = (
                pool.map_async(_analyse_big, [_item(r) for r in following], chunksize=64)
                if following
                else None
            )
            for rec, done in zip(batch, pending.get(), strict=True):
                rec.pop("nlp", None)
                arts.append(_build(rec, done, len(arts), vocab))
                note()
            batch, pending = following, ahead  # type: ignore[assignment]
    return arts
