"""What the story layer knows of each article: TF-IDF term vectors, entities, quotes and a date.

Terms are content-word stems (the copy layer's stop list and stemmer) and bigrams of adjacent
content words; the title and lead count twice, since that is where a report states its event.
Entities are the annotated names (canonical when the caller maps them), weighted by rarity in
the store: a name every article carries says nothing about which event it reports.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from ukpeace_cli import dates
from ukpeace_cli import shingles as sh
from ukpeace_cli.quotes.spans import NOT_SAID

LEAD_WORDS = 60  # words of the body read as its lead (besides the title)
TITLE_WORDS = 15  # without a title, the first words stand for it
# Labels that name who and where; dates, numbers and quantities say nothing about the event.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})


BUCKETS = 1 << 22  # hashed term ids: no vocabulary to hold (100k articles, millions of bigrams)
MAX_TERMS = 300  # an article's most frequent terms kept: bounds memory on long texts
KEY_TERMS = 8  # an article's key: its heaviest title + lead terms that some other article has


@dataclass
class Quote:
    speaker: str  # folded name, "" when unknown
    stems: frozenset[str]


@dataclass
class Article:
    id: str
    terms: np.ndarray  # hashed term ids (sorted, unique), title and lead counted twice
    counts: np.ndarray  # their counts
    lead: np.ndarray  # hashed ids of the title + lead terms
    lead_counts: np.ndarray
    entities: np.ndarray  # hashed ids of the entity names
    quotes: list[Quote] = field(default_factory=list)
    day: float | None = None  # days since the epoch, None when undated
    title: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # title terms
    figures: frozenset[str] = frozenset()  # numbers of 2+ digits in the title and lead


def content_stems(text: str) -> list[str]:
    """Stems of the content words, in order."""
    return [
        sh.stem(w) for w in sh.words(text) if w not in sh.STOPWORDS and (len(w) > 1 or w.isdigit())
    ]


_WORD_IDS: dict[str, int] = {}  # word -> hashed stem id, -1 for a stop word (words repeat)


def _word_id(word: str) -> int:
    wid = _WORD_IDS.get(word)
    if wid is None:
        keep = word not in sh.STOPWORDS and (len(word) > 1 or word.isdigit())
        wid = zlib.crc32(sh.stem(word).encode("utf-8")) % BUCKETS if keep else -1
        if len(_WORD_IDS) < 2_000_000:  # bounded: a pathological store cannot grow it forever
            _WORD_IDS[word] = wid
    return wid


def _term_ids(text: str) -> np.ndarray:
    """Hashed content-word stems of the text, in order. One dict lookup per word in a list
    comprehension; only the words not yet seen go through `_word_id`."""
    get = _WORD_IDS.get
    ids = np.asarray(
        [wid if (wid := get(w)) is not None else _word_id(w) for w in sh.words(text)], np.int64
    )
    return ids[ids >= 0]


def _hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % BUCKETS


def _bag(ids: np.ndarray, limit: int = MAX_TERMS) -> tuple[np.ndarray, np.ndarray]:
    """Unigrams and bigrams (ids of adjacent content words combined) with counts, the `limit`
    most frequent."""
    if not len(ids):
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    bigrams = (ids[:-1] * 1_000_003 + ids[1:]) % BUCKETS
    u, c = np.unique(np.concatenate([ids, bigrams]), return_counts=True)
    if len(u) > limit:
        keep = np.sort(np.argsort(-c, kind="stable")[:limit])
        u, c = u[keep], c[keep]
    return u.astype(np.int32), c.astype(np.float32)


def _day(value: Any) -> float | None:
    seconds = dates.timestamp(value)
    return None if seconds is None else seconds / 86400.0


def fold(name: str) -> str:
    return " ".join(sh.words(name))


# Ordinals and fractions in words state a round as well as digits do ("its second rate cut",
# "by a quarter point", "the third Christmas message"): each maps to one token, so "2nd" and
# "second" agree.
_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
ROUND_WORDS = {w: f"#{n}" for n, w in enumerate(_WORDS, 1)}
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}
ROUND_WORDS.update({f"{n}{_SUFFIX.get(n, 'th')}": f"#{n}" for n in range(1, 11)})
ROUND_WORDS.update({"half": "1/2", "quarter": "1/4"})


def figures(text: str) -> frozenset[str]:
    """The numbers of two or more digits in a text (years, counts, ages, scores) and its
    ordinals and fractions in words: what states which round of a recurring event a report
    is about."""
    words = sh.words(text)
    out = {w for w in words if len(w) > 1 and w.isdigit()}
    out.update(ROUND_WORDS[w] for w in words if w in ROUND_WORDS)
    return frozenset(out)


def article(record: Mapping[str, Any], canonical: Mapping[str, str] | None = None) -> Article:
    """The story layer's view of one store record (an `nlp` block is optional)."""
    text = str(record.get("text") or "")
    title_text = str(record.get("title") or "") or " ".join(text.split()[:TITLE_WORDS])
    lead_text = " ".join([str(record.get("title") or ""), " ".join(text.split()[:LEAD_WORDS])])
    lead_ids = _term_ids(lead_text)
    lead, lead_counts = _bag(lead_ids)
    title, _ = _bag(_term_ids(title_text))
    terms, counts = _bag(np.concatenate([_term_ids(text), lead_ids]))  # title and lead twice
    nlp = record.get("nlp") or {}
    ents = set()
    for e in nlp.get("entities") or []:
        if e.get("label") not in ENTITY_LABELS:
            continue
        name = fold(str(e.get("name") or e.get("text") or ""))
        if canonical:
            name = canonical.get(name, name)
        if name:
            ents.add(_hash(name))
    quotes = []
    for q in nlp.get("quotes") or []:
        if q.get("kind") in NOT_SAID:  # beliefs, topics, findings: no words two reports share
            continue
        stems = frozenset(content_stems(str(q.get("text") or "")))
        if len(stems) >= 3:
            quotes.append(Quote(fold(str(q.get("speaker") or "")), stems))
    return Article(
        str(record.get("id")),
        terms,
        counts,
        lead,
        lead_counts,
        np.asarray(sorted(ents), np.int32),
        quotes,
        _day(record.get("published")),
        title,
        figures(lead_text),
    )


@dataclass
class Matrices:
    """Row-normalised TF-IDF (whole text, lead alone, title alone) and rarity-weighted entity
    vectors, and each article's key terms."""

    body: sparse.csr_matrix
    lead: sparse.csr_matrix
    ents: sparse.csr_matrix
    term_df: np.ndarray  # document frequency per body column
    rare: sparse.csr_matrix  # term presence x sqrt(idf): a row product is the shared idf mass
    rare_mass: np.ndarray  # per article, the idf mass of its terms
    title: sparse.csr_matrix
    key: sparse.csr_matrix  # key terms' sqrt(idf) over their sum: key[a] . rare[b] = coverage


class _Rows:
    """Sparse rows gathered a chunk at a time: the per-article arrays are released as they
    come, so a big store holds its terms about once (plus one chunk)."""

    CHUNK = 5000

    def __init__(self, sublinear: bool) -> None:
        self.sublinear = sublinear
        self.lengths: list[int] = []
        self.cols: list[np.ndarray] = []
        self.vals: list[np.ndarray] = []
        self.pending: tuple[list[np.ndarray], list[np.ndarray]] = ([], [])

    def add(self, cols: np.ndarray, vals: np.ndarray) -> None:
        self.lengths.append(len(cols))
        self.pending[0].append(cols)
        self.pending[1].append(vals)
        if len(self.pending[0]) >= self.CHUNK:
            self._flush()

    def _flush(self) -> None:
        if self.pending[0]:
            vals = np.concatenate(self.pending[1]).astype(np.float32)
            if self.sublinear:
                np.log(vals, out=vals)
                vals += 1.0
            self.cols.append(np.concatenate(self.pending[0]).astype(np.int32))
            self.vals.append(vals)
        self.pending = ([], [])

    def matrix(self) -> sparse.csr_matrix:
        self._flush()
        n = len(self.lengths)
        indptr = np.zeros(n + 1, np.int64)
        indptr[1:] = np.cumsum(self.lengths)
        if indptr[-1] == 0:
            return sparse.csr_matrix((n, BUCKETS), dtype=np.float32)
        cols, vals = _drain(self.cols, np.int32), _drain(self.vals, np.float32)
        return sparse.csr_matrix((vals, cols, indptr), shape=(n, BUCKETS), copy=False)


def _drain(chunks: list[np.ndarray], dtype: Any) -> np.ndarray:
    """The chunks end to end, each freed once copied (no second full copy at any time)."""
    out: np.ndarray = np.empty(sum(len(c) for c in chunks), dtype)
    at = 0
    chunks.reverse()
    while chunks:
        c = chunks.pop()
        out[at : at + len(c)] = c
        at += len(c)
    return out


SLICE = 10000  # rows per slice: no store-sized temporaries on big stores


def _square_sums(m: sparse.csr_matrix) -> np.ndarray:
    """Per-row sums of the squared entries (0 for an empty row)."""
    n = m.shape[0]
    sums = np.zeros(n, np.float64)
    for lo in range(0, n, SLICE):
        hi = min(n, lo + SLICE)
        a, b = m.indptr[lo], m.indptr[hi]
        starts = m.indptr[lo:hi] - a
        nonempty = np.diff(m.indptr[lo : hi + 1]) > 0
        if b > a:
            sq = np.square(m.data[a:b], dtype=np.float64)
            sums[lo:hi][nonempty] = np.add.reduceat(sq, starts[nonempty])
    return sums


def _weigh(m: sparse.csr_matrix, weight: np.ndarray) -> sparse.csr_matrix:
    """Scale each entry by its column's weight and each row to unit length, in place and in
    slices (the matrices are the story layer's largest objects)."""
    n = m.shape[0]
    for lo in range(0, n, SLICE):
        a, b = m.indptr[lo], m.indptr[min(n, lo + SLICE)]
        m.data[a:b] *= weight[m.indices[a:b]]
    norms = np.sqrt(_square_sums(m))
    norms[norms == 0] = 1.0
    lengths = np.diff(m.indptr)
    for lo in range(0, n, SLICE):
        a, b = m.indptr[lo], m.indptr[min(n, lo + SLICE)]
        m.data[a:b] /= np.repeat(norms[lo : lo + SLICE], lengths[lo : lo + SLICE]).astype(
            np.float32
        )
    return m


def _idf(m: sparse.csr_matrix, n: int) -> tuple[np.ndarray, np.ndarray]:
    df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float32)
    return np.log((n + 1) / (df + 1)).astype(np.float32) + 1.0, df


def _key(lead: sparse.csr_matrix, df: np.ndarray, idf: np.ndarray) -> sparse.csr_matrix:
    """Each article's key: the `KEY_TERMS` heaviest terms of its title and lead (TF-IDF) that
    at least one other article has, weighted sqrt(idf) over their sum, so that the product of
    a key row and a `rare` row is the share of that key the other article covers."""
    rows = np.repeat(np.arange(lead.shape[0]), np.diff(lead.indptr))
    keep = df[lead.indices] >= 2
    rows, cols, vals = rows[keep], lead.indices[keep], lead.data[keep]
    order = np.lexsort((cols, -vals, rows))  # by row, heaviest first
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(lead.shape[0]))
    sel = (np.arange(len(rows)) - starts[rows]) < KEY_TERMS
    rows, cols = rows[sel], cols[sel]
    total = np.bincount(rows, weights=np.sqrt(idf[cols]), minlength=lead.shape[0])
    total[total == 0] = 1.0
    vals = (1.0 / total[rows]).astype(np.float32)  # `rare` holds the sqrt(idf) of each term
    return sparse.csr_matrix((vals, (rows, cols)), shape=lead.shape)


def matrices(arts: Iterable[Article]) -> Matrices:
    """The store's matrices. Each article's own term arrays are released as it is read (they
    are held once, here), so `arts` may be a stream."""
    body, lead, ents, title = _Rows(True), _Rows(True), _Rows(False), _Rows(False)
    empty_i, empty_f = np.zeros(0, np.int32), np.zeros(0, np.float32)
    for a in arts:
        body.add(a.terms, a.counts)
        lead.add(a.lead, a.lead_counts)
        ents.add(a.entities, np.ones(len(a.entities), np.float32))
        title.add(a.title, np.ones(len(a.title), np.float32))
        a.terms, a.counts, a.lead, a.lead_counts = empty_i, empty_f, empty_i, empty_f
        a.title = empty_i
    bm, lm, em, tm = body.matrix(), lead.matrix(), ents.matrix(), title.matrix()
    n = bm.shape[0]
    idf, df = _idf(bm, n)  # one idf, from the whole texts
    # Presence x sqrt(idf), sharing the body's index arrays: a row product is the shared mass.
    root = np.sqrt(idf[bm.indices])
    rare = sparse.csr_matrix((root, bm.indices, bm.indptr), shape=bm.shape, copy=False)
    mass = _square_sums(rare)
    eidf, _ = _idf(em, n)
    lm = _weigh(lm, idf)
    key = _key(lm, df, idf)
    return Matrices(_weigh(bm, idf), lm, _weigh(em, eidf), df, rare, mass, _weigh(tm, idf), key)
