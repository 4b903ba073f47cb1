"""Pass 2: verifying candidate pairs. The _Engine holds the corpus statistics (IDF, boilerplate,
whole-article vectors) and scores article i against a batch of partners: rapidfuzz ratio plus
IDF-weighted overlap per sentence pair, one-to-one alignment, then the pair score. Batches are
spread over forked workers on big stores."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.params import (
    BOILER_MIN_DF,
    BOILER_OUTLET_REPEATS,
    DATE_GRACE_DAYS,
    DATE_SCALE_DAYS,
    E_OFFSET,
    E_SCALE,
    LEX_WEIGHT,
    MIN_CONTENT,
    QUOTE_WEIGHT,
    S_FULL,
    S_MIN,
    SENT_DF_FREE,
)
from ukpeace_cli.dedupe.read import _Article, _Vocab

if TYPE_CHECKING:
    import numpy as np


class _Sents:
    """What verification needs of one article; cached for the articles being compared."""

    __slots__ = (
        "chars",
        "eligible",
        "inv_ids",
        "n",
        "norm",
        "quoted",
        "sent",
        "total",
        "weight",
        "wsum",
    )

    def __init__(self, art: _Article, idf: np.ndarray, boiler: np.ndarray, weight: np.ndarray):
        import numpy as np

        self.n = n = len(art.spans)
        self.norm = art.norm.split("\n") if self.n else []
        self.quoted = art.quoted
        self.sent = art.u_sent
        self.inv_ids = art.u_ids
        counts = np.bincount(self.sent, minlength=n)
        self.wsum = np.bincount(self.sent, weights=idf[self.inv_ids], minlength=n)
        self.chars = (art.spans[:, 1] - art.spans[:, 0]).astype(np.float64)
        self.eligible = (counts >= MIN_CONTENT) & ~boiler
        self.weight = weight
        self.total = float(self.chars[self.eligible].sum()) or 1.0


@dataclass(slots=True)
class _Match:
    i: int
    j: int
    sim: float
    ratio: float
    strength: float


@dataclass(slots=True)
class _Verified:
    score: float
    matches: list[_Match]
    covered_a: float
    covered_b: float
    lex: float
    # The alignment as an (n, 5) array (i, j, sim, ratio, strength) once kept for later:
    # a tenth of the memory of the objects, which matters with 100k+ pairs.
    packed: np.ndarray | None = None


def _pack(v: _Verified) -> _Verified:
    import numpy as np

    if v.packed is not None:
        return v
    rows = [(m.i, m.j, m.sim, m.ratio, m.strength) for m in v.matches]
    v.packed = np.asarray(rows, dtype=np.float64).reshape(-1, 5)
    v.matches = []
    return v


def _matches(v: _Verified) -> list[_Match]:
    if v.packed is None:
        return v.matches
    return [_Match(int(r[0]), int(r[1]), r[2], r[3], r[4]) for r in v.packed.tolist()]


class _Engine:
    def __init__(self, arts: list[_Article], vocab: _Vocab, threshold: float):
        import numpy as np

        self.arts = arts
        self.vocab = vocab
        self.threshold = threshold
        n = len(arts)
        self.n = n
        n_words = len(vocab.hashes)
        df = np.zeros(n_words, dtype=np.int64)
        for art in arts:
            if len(art.tok):
                df[sh.unique(art.tok)] += 1
        self.df = df
        self.idf = np.log((n + 1) / np.maximum(df, 1)).astype(np.float64)
        self.boiler, self.sent_weight = self._boilerplate()
        # Whole-article tf-idf vectors (unit norm), as sorted id / weight arrays.
        self.vec: list[tuple[np.ndarray, np.ndarray]] = []
        for art in arts:
            ids, tf = sh.unique_counts(art.tok)
            w = (1 + np.log(tf)) * self.idf[ids]
            norm = float(np.sqrt((w * w).sum())) or 1.0
            self.vec.append((ids.astype(np.int32), (w / norm).astype(np.float32)))
        self._cache: OrderedDict[int, _Sents] = OrderedDict()
        self.last_counts: dict[str, int] = {}  # candidates per join (LSH mode only)

    def _boilerplate(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per article: which sentences are boilerplate (repeated in one outlet's articles, or
        in very many articles), and a weight per sentence that is lower the more articles
        carry the exact sentence (generic background lines recur across stories). Counted
        over all articles at once: (article, fingerprint) made distinct, then counted per
        fingerprint and per (outlet, fingerprint). Fingerprints are 64-bit, so the (article,
        fingerprint) rows are sorted as pairs (`sh.distinct_counts`), not packed into one int."""
        import numpy as np

        lens = np.asarray([len(a.fp) for a in self.arts], dtype=np.int64)
        if not lens.sum():
            return [a.fp.astype(bool) for a in self.arts], [np.zeros(0) for _ in self.arts]
        fp = np.concatenate([a.fp for a in self.arts])
        art = np.repeat(np.arange(len(self.arts), dtype=np.int64), lens)
        outlet_no: dict[str, int] = {}
        outlet = np.asarray([outlet_no.setdefault(a.outlet, len(outlet_no)) for a in self.arts])
        overall = sh.distinct_counts((fp,), art)  # articles carrying each sentence's fingerprint
        per_outlet = sh.distinct_counts((outlet[art], fp), art)  # ...of the article's outlet
        cap = max(BOILER_MIN_DF, self.n // 100)
        boiler = (overall > cap) | (per_outlet >= BOILER_OUTLET_REPEATS)
        weight = np.minimum(1.0, SENT_DF_FREE / overall)
        cuts = np.cumsum(lens)[:-1]
        return np.split(boiler, cuts), np.split(weight, cuts)

    def sents(self, k: int) -> _Sents:
        got = self._cache.get(k)
        if got is not None:
            self._cache.move_to_end(k)
            return got
        got = _Sents(self.arts[k], self.idf, self.boiler[k], self.sent_weight[k])
        self._cache[k] = got
        if len(self._cache) > 4096:
            self._cache.popitem(last=False)
        return got

    def credits(self, k: int) -> list[str]:
        return self.arts[k].cred

    # Article i's vector scattered over the vocabulary (i, has word, weight), kept while i's
    # partners are scored. A class default: scale-out builds engines without __init__.
    _lex_row: tuple[int, np.ndarray, np.ndarray] | None = None

    def lex(self, i: int, j: int) -> float:
        """Cosine of the two article vectors: j's words looked up in i's scattered vector,
        the shared words' products summed in word-id order (as a sorted intersection would)."""
        import numpy as np

        row = self._lex_row
        if row is None or row[0] != i:
            row = self._lex_load(i, row)
        _, has, weight = row
        ib, wb = self.vec[j]
        hit = has[ib]
        return float((weight[ib[hit]].astype(np.float64) * wb[hit]).sum())

    def _lex_load(
        self, i: int, row: tuple[int, np.ndarray, np.ndarray] | None
    ) -> tuple[int, np.ndarray, np.ndarray]:
        import numpy as np

        if row is None:
            has, weight = np.zeros(len(self.idf), bool), np.zeros(len(self.idf), np.float32)
        else:
            _, has, weight = row
            has[self.vec[row[0]][0]] = False
        ia, wa = self.vec[i]
        has[ia] = True
        weight[ia] = wa
        self._lex_row = (i, has, weight)
        return self._lex_row

    def verify(self, i: int, j: int) -> _Verified:
        return self.verify_many(i, [j])[0]

    def verify_many(self, i: int, js: list[int]) -> list[_Verified]:
        """Score article i against each of js: one rapidfuzz cdist and one sparse overlap
        computation for all of them, then a one-to-one alignment per partner."""
        import numpy as np
        from rapidfuzz import fuzz, process

        A = self.sents(i)
        rows = np.flatnonzero(A.eligible)
        Bs = [self.sents(j) for j in js]
        cols = [np.flatnonzero(B.eligible) for B in Bs]
        widths = np.asarray([len(c) for c in cols], dtype=np.int64)
        edges = np.concatenate(([0], np.cumsum(widths)))
        out: list[_Verified] = []
        sim = ratio = None
        if len(rows) and edges[-1]:
            # Column c of the batch is sentence cols[k][c - edges[k]] of partner k.
            row_of = np.full(sum(B.n for B in Bs), -1, dtype=np.int64)
            base = 0
            b_rows, b_ids, wsum = [], [], []
            for k, B in enumerate(Bs):
                row_of[base + cols[k]] = edges[k] + np.arange(widths[k])
                b_rows.append(row_of[base + B.sent.astype(np.int64)])
                b_ids.append(B.inv_ids)
                wsum.append(B.wsum[cols[k]])
                base += B.n
            a_row = np.full(A.n, -1, dtype=np.int64)
            a_row[rows] = np.arange(len(rows))
            inter = _shared_weight(
                a_row[A.sent],
                A.inv_ids,
                np.concatenate(b_rows),
                np.concatenate(b_ids),
                self.idf,
                len(rows),
                int(edges[-1]),
            )
            denom = A.wsum[rows][:, None] + np.concatenate(wsum)[None, :]
            dice = np.divide(2 * inter, denom, out=np.zeros_like(inter), where=denom > 0)
            b_norm = [B.norm[c] for B, cs in zip(Bs, cols, strict=True) for c in cs.tolist()]
            big = len(rows) * len(b_norm) > 50_000
            ratio = process.cdist(
                [A.norm[r] for r in rows.tolist()],
                b_norm,
                scorer=fuzz.ratio,
                dtype=np.float32,
                workers=-1 if big else 1,
            )
            sim = 0.5 * dice + 0.5 * (ratio / 100.0)
        no_match = np.zeros((0, 5), dtype=np.float64)
        for k, j in enumerate(js):
            B = Bs[k]
            packed = no_match
            if sim is not None and ratio is not None and widths[k]:
                r, c, v = _one_to_one(sim[:, edges[k] : edges[k + 1]], S_MIN)
                packed = _aligned(A, B, rows[r], cols[k][c], v, ratio[r, edges[k] + c])
            out.append(self._score(i, j, A, B, packed))
        return out

    def _score(self, i: int, j: int, A: _Sents, B: _Sents, packed: np.ndarray) -> _Verified:
        """The pair score from the alignment (rows in sentence order, as `_aligned` gives
        them); sums are taken left to right over Python floats, in that order."""
        import numpy as np

        lex = self.lex(i, j)
        evidence = sum(packed[:, 4].tolist())
        s_pass = 1 - math.exp(-max(0.0, evidence - E_OFFSET) / E_SCALE)
        score = 1 - (1 - s_pass) * (1 - LEX_WEIGHT * lex)
        ta, tb = self.arts[i].ts, self.arts[j].ts
        if ta is not None and tb is not None:
            gap = abs(ta - tb) / 86400
            if gap > DATE_GRACE_DAYS:
                score *= math.exp(-(gap - DATE_GRACE_DAYS) / DATE_SCALE_DAYS)
        si, sj = packed[:, 0].astype(np.intp), packed[:, 1].astype(np.intp)
        cov_a = float(sum(A.chars[si].tolist())) / A.total
        cov_b = float(sum(B.chars[sj].tolist())) / B.total
        return _Verified(score, [], min(cov_a, 1.0), min(cov_b, 1.0), lex, packed)


def _aligned(
    A: _Sents, B: _Sents, si: np.ndarray, sj: np.ndarray, sim: np.ndarray, ratio: np.ndarray
) -> np.ndarray:
    """The matched sentence pairs as (n, 5) rows (i, j, sim, ratio, strength): strength rises
    from S_MIN to S_FULL, is lowered for two quotations and by the rarer sentence's weight."""
    import numpy as np

    strength = np.minimum(1.0, (sim - S_MIN) / (S_FULL - S_MIN))
    strength[A.quoted[si] & B.quoted[sj]] *= QUOTE_WEIGHT
    strength *= np.minimum(A.weight[si], B.weight[sj])
    return np.column_stack(
        (si.astype(np.float64), sj.astype(np.float64), sim, ratio.astype(np.float64), strength)
    )


def _one_to_one(block: np.ndarray, s_min: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Greedy one-to-one alignment, best pair first, done in rounds: every cell that is the
    best of both its row and its column is taken (greedy would take it too), its row and
    column are struck out, repeat. Returns (rows, columns, values), by row."""
    import numpy as np

    taken_r: list[np.ndarray] = []
    taken_c: list[np.ndarray] = []
    taken_v: list[np.ndarray] = []
    b = np.where(block >= s_min, block, -1.0)
    rows = np.arange(b.shape[0])
    while b.size:
        best_c = b.argmax(axis=1)
        vals = b[rows, best_c]
        if vals.max() < s_min:
            break
        best_r = b.argmax(axis=0)
        ok = (vals >= s_min) & (best_r[best_c] == rows)
        r, c = rows[ok], best_c[ok]
        taken_r.append(r)
        taken_c.append(c)
        taken_v.append(vals[ok])
        b[r, :] = -1.0
        b[:, c] = -1.0
    if not taken_r:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.float64)
    r, c, v = np.concatenate(taken_r), np.concatenate(taken_c), np.concatenate(taken_v)
    order = np.argsort(r, kind="stable")  # a row is taken once: by row is by (row, column)
    return r[order], c[order], v[order]


def _shared_weight(
    a_row: np.ndarray,
    a_ids: np.ndarray,
    b_row: np.ndarray,
    b_ids: np.ndarray,
    idf: np.ndarray,
    na: int,
    nb: int,
) -> np.ndarray:
    """inter[r, c] = sum of idf over the content words sentence row r of A and row c of B share.
    A sparse join on word id (rows of -1 are ignored); work is proportional to shared pairs."""
    import numpy as np

    ka, kb = a_row >= 0, b_row >= 0
    a_row, a_ids, b_row, b_ids = a_row[ka], a_ids[ka], b_row[kb], b_ids[kb]
    ob = np.argsort(b_ids, kind="stable")
    b_ids, b_row = b_ids[ob], b_row[ob]
    lo = np.searchsorted(b_ids, a_ids, "left")
    cnt = np.searchsorted(b_ids, a_ids, "right") - lo
    keep = cnt > 0
    a_row, a_ids, lo, cnt = a_row[keep], a_ids[keep], lo[keep], cnt[keep]
    if not len(cnt):
        return np.zeros((na, nb))
    rep = np.repeat(np.arange(len(cnt)), cnt)
    first = np.cumsum(cnt) - cnt  # where each a-row's block starts in the output
    bi = lo[rep] + (np.arange(int(cnt.sum())) - first[rep])
    flat = np.bincount(a_row[rep] * nb + b_row[bi], weights=idf[a_ids[rep]], minlength=na * nb)
    return flat.reshape(na, nb)


# --- spreading the work over forked processes ------------------------------------------------


_ENGINE: _Engine | None = None  # the engine forked workers verify with (set just before fork)
VERIFY_CHUNKS = 40  # chunks per worker: small enough to balance, few enough to cost nothing

_Compact = tuple[float, float, float, float, "np.ndarray | None"]


def _verify_groups(
    engine: _Engine, groups: list[tuple[int, list[int]]], threshold: float, floor: float
) -> tuple[list[tuple[int, int, float]], dict[tuple[int, int], _Verified]]:
    """Verify (i, [j...]) groups in batches: (edges at or above floor, pairs at or above
    threshold with their alignment)."""
    arts = engine.arts
    scored: dict[tuple[int, int], _Verified] = {}
    edges: list[tuple[int, int, float]] = []
    rows_budget = 3000  # partner sentences per batch: bounds the batch's matrices
    for i, js in groups:
        batch: list[int] = []
        size = 0
        for j in [*js, -1]:
            if j >= 0 and (not batch or size + len(arts[j].spans) <= rows_budget):
                batch.append(j)
                size += len(arts[j].spans)
                continue
            for jj, v in zip(batch, engine.verify_many(i, batch), strict=True):
                if v.score >= floor:
                    edges.append((i, jj, v.score))
                    if v.score >= threshold:
                        scored[(i, jj)] = _pack(v)
            batch, size = ([j], len(arts[j].spans)) if j >= 0 else ([], 0)
    return edges, scored


def _verify_share(
    args: tuple[list[tuple[int, list[int]]], float, float],
) -> tuple[list[tuple[int, int, float]], dict[tuple[int, int], _Compact]]:
    groups, threshold, floor = args
    assert _ENGINE is not None
    edges, scored = _verify_groups(_ENGINE, groups, threshold, floor)
    # Plain tuples pickle far faster than dataclasses on the way back.
    compact = {
        k: (
            v.score,
            v.covered_a,
            v.covered_b,
            v.lex,
            v.packed,
        )
        for k, v in scored.items()
    }
    return edges, compact


def _verify_parallel(
    engine: _Engine,
    groups: list[tuple[int, list[int]]],
    threshold: float,
    floor: float,
    jobs: int,
) -> tuple[list[tuple[int, int, float]], dict[tuple[int, int], _Verified]]:
    """Spread the groups over forked processes (they inherit the prepared articles) in small
    chunks handed out as workers come free, so that no worker idles while another still has
    a long share; each chunk's result is rebuilt as it arrives."""
    import multiprocessing as mp

    global _ENGINE
    _ENGINE = engine
    step = max(1, len(groups) // (jobs * VERIFY_CHUNKS))
    chunks = ((groups[a : a + step], threshold, floor) for a in range(0, len(groups), step))
    edges: list[tuple[int, int, float]] = []
    scored: dict[tuple[int, int], _Verified] = {}
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            for part_edges, part_scored in pool.imap_unordered(_verify_share, chunks):
                edges.extend(part_edges)
                while part_scored:
                    k, (score, ca, cb, lex, packed) = part_scored.popitem()
                    scored[k] = _Verified(score, [], ca, cb, lex, packed)
    finally:
        _ENGINE = None
    edges.sort()  # the same order whatever the split: deterministic clustering
    return edges, scored


def _by_first(pairs: np.ndarray) -> Iterable[tuple[int, list[int]]]:
    """(i, [j, ...]) groups of sorted (i, j) pairs."""
    import numpy as np

    if not len(pairs):
        return
    order = np.lexsort((pairs[:, 1], pairs[:, 0]))
    pairs = pairs[order]
    cuts = np.flatnonzero(np.diff(pairs[:, 0])) + 1
    for chunk in np.split(pairs, cuts):
        yield int(chunk[0, 0]), chunk[:, 1].tolist()
