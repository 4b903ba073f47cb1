"""What the story layer knows of each article: TF-IDF term vectors, entities, quotes and a date.

Terms are content-word stems (the copy layer's stop list and stemmer) and bigrams of adjacent
content words; the title and lead count twice, since that is where a report states its event.
Entities are the annotated names (canonical when the caller maps them), weighted by rarity in
the store: a name every article carries says nothing about which event it reports.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import sparse

from ukpeace_cli import shingles as sh

LEAD_WORDS = 60  # words of the body read as its lead (besides the title)
# Labels that name who and where; dates, numbers and quantities say nothing about the event.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})


BUCKETS = 1 << 22  # hashed term ids: no vocabulary to hold (100k articles, millions of bigrams)
MAX_TERMS = 400  # an article's most frequent terms kept: bounds memory on long texts


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


def content_stems(text: str) -> list[str]:
    """Stems of the content words, in order."""
    return [
        sh.stem(w) for w in sh.words(text) if w not in sh.STOPWORDS and (len(w) > 1 or w.isdigit())
    ]


def _hash(term: str) -> int:
    return zlib.crc32(term.encode("utf-8")) % BUCKETS


def _bag(stems: list[str], limit: int = MAX_TERMS) -> tuple[np.ndarray, np.ndarray]:
    """Hashed unigrams and bigrams with counts, the `limit` most frequent."""
    ids = [_hash(s) for s in stems] + [_hash(f"{a} {b}") for a, b in pairwise(stems)]
    if not ids:
        return np.zeros(0, np.int32), np.zeros(0, np.float32)
    u, c = np.unique(np.asarray(ids, np.int64), return_counts=True)
    if len(u) > limit:
        keep = np.sort(np.argsort(-c, kind="stable")[:limit])
        u, c = u[keep], c[keep]
    return u.astype(np.int32), c.astype(np.float32)


def _day(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp() / 86400.0


def fold(name: str) -> str:
    return " ".join(sh.words(name))


def article(record: Mapping[str, Any], canonical: Mapping[str, str] | None = None) -> Article:
    """The story layer's view of one store record (an `nlp` block is optional)."""
    text = str(record.get("text") or "")
    lead_stems = content_stems(
        " ".join([str(record.get("title") or ""), " ".join(text.split()[:LEAD_WORDS])])
    )
    lead, lead_counts = _bag(lead_stems)
    terms, counts = _bag(content_stems(text) + lead_stems)  # title and lead twice
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
    )


@dataclass
class Matrices:
    """Row-normalised TF-IDF (whole text, lead alone) and rarity-weighted entity vectors."""

    body: sparse.csr_matrix
    lead: sparse.csr_matrix
    ents: sparse.csr_matrix
    term_df: np.ndarray  # document frequency per body column
    rare: sparse.csr_matrix  # term presence x sqrt(idf): a row product is the shared idf mass
    rare_mass: np.ndarray  # per article, the idf mass of its terms


def _rows(cols: list[np.ndarray], vals: list[np.ndarray]) -> sparse.csr_matrix:
    indptr = np.zeros(len(cols) + 1, np.int64)
    indptr[1:] = np.cumsum([len(c) for c in cols])
    if not cols or indptr[-1] == 0:
        return sparse.csr_matrix((len(cols), BUCKETS), dtype=np.float32)
    return sparse.csr_matrix(
        (np.concatenate(vals), np.concatenate(cols), indptr), shape=(len(cols), BUCKETS)
    )


def _normalise(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m, dtype=np.float32)


def _idf(m: sparse.csr_matrix, n: int) -> tuple[np.ndarray, np.ndarray]:
    df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float32)
    return np.log((n + 1) / (df + 1)).astype(np.float32) + 1.0, df


def _scaled(m: sparse.csr_matrix, weight: np.ndarray) -> sparse.csr_matrix:
    out = m.copy()
    out.data = (out.data * weight[out.indices]).astype(np.float32)
    return out


def matrices(arts: list[Article]) -> Matrices:
    n = len(arts)
    body = _rows([a.terms for a in arts], [1.0 + np.log(a.counts) for a in arts])  # sublinear
    idf, df = _idf(body, n)  # one idf, from the whole texts
    lead = _rows([a.lead for a in arts], [1.0 + np.log(a.lead_counts) for a in arts])
    ents = _rows([a.entities for a in arts], [np.ones(len(a.entities), np.float32) for a in arts])
    eidf, _ = _idf(ents, n)
    present = body.copy()
    present.data = np.sqrt(idf[present.indices])
    mass = np.asarray(present.multiply(present).sum(axis=1)).ravel().astype(np.float64)
    return Matrices(
        _normalise(_scaled(body, idf)),
        _normalise(_scaled(lead, idf)),
        _normalise(_scaled(ents, eidf)),
        df,
        present,
        mass,
    )
