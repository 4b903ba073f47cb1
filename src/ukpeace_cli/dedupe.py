"""Same-story clusters, scored article pairs and copied or paraphrased passages across outlets.

How it works:
1. One streaming pass over the records: sentences (stored ones, or a regex split for `--no-nlp`
   records), which of them are quotations, light-stemmed content words, word 3-gram shingles.
   Sentences that recur in one outlet's articles, or in very many articles, are boilerplate.
2. Candidate article pairs: all pairs while the corpus is small; beyond that MinHash-LSH over the
   shingle sets (a band join done by sorting in numpy) plus a join on rare shingles shared by a
   few articles only (partial reuse that whole-article MinHash misses).
3. Each candidate is verified: every sentence of A against every sentence of B with rapidfuzz
   (character `ratio`) and an IDF-weighted content-word overlap, one-to-one greedy alignment,
   consecutive aligned sentences merged into passages. The pair score combines the aligned
   sentences (how many, how close, how informative) with an IDF cosine over the whole articles,
   and is damped when both publication dates are known and far apart.
4. Stories: average-linkage clustering over the scored pairs (a pair of articles that is not
   scored counts as 0), so one bridging pair through boilerplate or a generic sentence cannot
   chain two stories together.
5. Direction of each passage: publication time when both are known, else a credit in one article
   naming the other's outlet ("Radio Liberty reported", "according to X", "(AP)"), else unknown.
"""

from __future__ import annotations

import itertools
import math
import os
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.dates import timestamp
from ukpeace_cli.entities import outlet_label
from ukpeace_cli.store import text_hash

if TYPE_CHECKING:
    import numpy as np

DEFAULT_THRESHOLD = 0.4

# Sentence alignment: similarity = mean of rapidfuzz ratio (0..1) and IDF-weighted Dice overlap.
S_MIN = 0.30  # below this two sentences are not aligned
S_FULL = 0.60  # at or above this an aligned pair counts in full
PASSAGE_MIN = 0.33  # aligned sentences listed as passages (weaker ones only add to the score)
COPY_RATIO = 90  # rapidfuzz ratio on normalised sentences at or above which it is a copy
MIN_CONTENT = 3  # sentences with fewer content words are not aligned ("Background:")
# Pair score.
E_OFFSET = 0.5  # evidence a pair needs before it scores: one aligned sentence is never enough
E_SCALE = 1.2
LEX_WEIGHT = 0.5  # weight of the whole-article IDF cosine
QUOTE_WEIGHT = 0.5  # two outlets quoting the same words: same-story evidence, not copying
DATE_GRACE_DAYS = 3.0
DATE_SCALE_DAYS = 20.0
# Candidate generation.
EXHAUSTIVE_SENTENCE_PAIRS = 4_000_000
PARALLEL_MIN_CANDIDATES = 2_000  # below this, forking costs more than it saves
READ_ALONE = 3000  # articles read in-process before text analysis goes to workers
READ_WINDOW = 4000  # articles per window handed to the workers
NUM_PERM = 64
BANDS, ROWS = 32, 2
RARE_MAX_DF = 12
RARE_MIN_SHARED = 3
RARE_SAMPLE = 2  # keep shingles whose hash % RARE_SAMPLE == 0 for the rare join
BOILER_OUTLET_REPEATS = 3  # a sentence in this many articles of one outlet is its boilerplate
BOILER_MIN_DF = 50  # ...or in more than max(this, N/100) articles overall
EVIDENCE_MATCHES = 8  # shared names and phrases are read from the best aligned sentences
SENT_DF_FREE = 3  # an exact sentence in more articles than this counts less (generic sentences)


# --- results ------------------------------------------------------------------------------


@dataclass
class Cluster:
    id: str
    articles: list[str]
    sources: list[str]
    outlets: list[str]
    dates: list[str | None]
    first_article: str | None
    first_outlet: str | None
    first_basis: str  # "published", "credit" or "unknown"
    credited_sources: list[str]  # credited by at least half of the articles (a common origin)
    copies: list[list[int]] = field(default_factory=list)  # verbatim copies: member positions


@dataclass(slots=True)  # 100k-article runs hold a few hundred thousand of these
class Pair:
    a: str  # the earlier article when the direction is known, else the first in store order
    b: str
    source_a: str
    source_b: str
    outlet_a: str
    outlet_b: str
    score: float
    covered_a: float  # share of a's sentence text aligned with b
    covered_b: float
    passages: int
    sentences: int
    date_gap_days: float | None
    direction: str  # "published", "credit" or "unknown"
    credited: bool  # b credits a's outlet
    story: str | None = None
    # Evidence is read from the texts on first use: listing 100k pairs' names costs time.
    _evidence: Callable[[], dict[str, list[str]]] | None = field(default=None, repr=False)
    _cache: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def _get(self, key: str) -> list[str]:
        if self._cache is None:
            self._cache = self._evidence() if self._evidence else {}
            self._evidence = None
        return self._cache.get(key, [])

    @property
    def shared_names(self) -> list[str]:
        """Names both aligned texts use, rarest first."""
        return self._get("shared_names")

    @property
    def shared_phrases(self) -> list[str]:
        """Content-word pairs both aligned sentences use, rarest first."""
        return self._get("shared_phrases")

    @property
    def common_credits(self) -> list[str]:
        """Sources both articles credit ("Radio Liberty"): a common origin."""
        return self._get("common_credits")


@dataclass(slots=True)
class Passage:
    earlier: str  # the earlier article (store order when direction is "unknown")
    later: str
    earlier_source: str
    later_source: str
    earlier_outlet: str
    later_outlet: str
    earlier_text: str
    later_text: str
    earlier_span: tuple[int, int]  # character offsets in the article's `text`
    later_span: tuple[int, int]
    sentences: int
    similarity: float
    kind: str  # "copy" or "paraphrase"
    quote: bool  # both sides are quotations: shared quoting, not copying
    earlier_quoted: bool
    later_quoted: bool
    direction: str
    credited: bool
    score: float  # the article pair's score
    covered_earlier: float
    covered_later: float
    story: str | None = None


@dataclass
class DedupeResult:
    clusters: list[Cluster]
    pairs: list[Pair]  # at or above the threshold, both articles in the same story
    passages: list[Passage]
    stats: dict[str, Any] = field(default_factory=dict)
    # At or above the threshold but put in different stories by the clustering (the pair alone
    # looked alike, the rest of either story did not): shared background, not the same story.
    related: list[Pair] = field(default_factory=list)

    def story_of(self, article_id: str) -> str | None:
        for c in self.clusters:
            if article_id in c.articles:
                return c.id
        return None


# --- pass 1: articles -----------------------------------------------------------------------


class _Vocab:
    """Content-word stems to ids, with a stable 32-bit hash and a readable surface per id."""

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
        "znorm",
        "ztext",
    )

    cred: list[str]
    fp: np.ndarray  # per sentence: hash of its normalised text
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
    return spans, shares, fps, znorm, " ".join(content), counts, ztext, sh.credits(text)


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
    art.fp = np.asarray(fps, dtype=np.uint32)
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


# --- pass 2: per-article sentence data, built on demand ----------------------------------------


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

    def _boilerplate(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per article: which sentences are boilerplate (repeated in one outlet's articles, or
        in very many articles), and a weight per sentence that is lower the more articles
        carry the exact sentence (generic background lines recur across stories). Counted
        over all articles at once: (article, fingerprint) made distinct, then counted per
        fingerprint and per (outlet, fingerprint)."""
        import numpy as np

        lens = np.asarray([len(a.fp) for a in self.arts], dtype=np.int64)
        if not lens.sum():
            return [a.fp.astype(bool) for a in self.arts], [np.zeros(0) for _ in self.arts]
        fp = np.concatenate([a.fp for a in self.arts]).astype(np.int64)
        art = np.repeat(np.arange(len(self.arts), dtype=np.int64), lens)
        outlet_no: dict[str, int] = {}
        outlet = np.asarray([outlet_no.setdefault(a.outlet, len(outlet_no)) for a in self.arts])
        in_art = sh.unique(art << 32 | fp)  # each sentence once per article
        f_once, a_once = in_art & 0xFFFFFFFF, in_art >> 32
        overall = _count_lookup(f_once, fp)
        per_outlet = _count_lookup(outlet[a_once] << 32 | f_once, outlet[art] << 32 | fp)
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

    def lex(self, i: int, j: int) -> float:
        import numpy as np

        ia, wa = self.vec[i]
        ib, wb = self.vec[j]
        _, xa, xb = np.intersect1d(ia, ib, assume_unique=True, return_indices=True)
        return float((wa[xa].astype(np.float64) * wb[xb]).sum())

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
        for k, j in enumerate(js):
            B = Bs[k]
            matches: list[_Match] = []
            if sim is not None and ratio is not None and widths[k]:
                block = sim[:, edges[k] : edges[k + 1]]
                for r, c, v in _one_to_one(block, S_MIN):
                    si, sj = int(rows[r]), int(cols[k][c])
                    strength = min(1.0, (v - S_MIN) / (S_FULL - S_MIN))
                    if A.quoted[si] and B.quoted[sj]:
                        strength *= QUOTE_WEIGHT
                    strength *= min(A.weight[si], B.weight[sj])
                    rv = float(ratio[r, edges[k] + c])
                    matches.append(_Match(si, sj, v, rv, strength))
            out.append(self._score(i, j, A, B, matches))
        return out

    def _score(self, i: int, j: int, A: _Sents, B: _Sents, matches: list[_Match]) -> _Verified:
        lex = self.lex(i, j)
        matches.sort(key=lambda m: (m.i, m.j))
        evidence = sum(m.strength for m in matches)
        s_pass = 1 - math.exp(-max(0.0, evidence - E_OFFSET) / E_SCALE)
        score = 1 - (1 - s_pass) * (1 - LEX_WEIGHT * lex)
        ta, tb = self.arts[i].ts, self.arts[j].ts
        if ta is not None and tb is not None:
            gap = abs(ta - tb) / 86400
            if gap > DATE_GRACE_DAYS:
                score *= math.exp(-(gap - DATE_GRACE_DAYS) / DATE_SCALE_DAYS)
        cov_a = float(sum(A.chars[m.i] for m in matches)) / A.total
        cov_b = float(sum(B.chars[m.j] for m in matches)) / B.total
        return _Verified(score, matches, min(cov_a, 1.0), min(cov_b, 1.0), lex)

    # --- candidates ---------------------------------------------------------------------

    def candidates(self) -> tuple[np.ndarray, str]:
        import numpy as np

        n = self.n
        sizes = np.asarray([len(a.spans) for a in self.arts], dtype=np.float64)
        sent_pairs = (sizes.sum() ** 2 - (sizes**2).sum()) / 2
        if sent_pairs <= EXHAUSTIVE_SENTENCE_PAIRS:
            iu = np.triu_indices(n, k=1)
            return np.stack(iu, axis=1).astype(np.int64), "exhaustive"
        hashes = np.asarray(self.vocab.hashes, dtype=np.uint32)
        sig = np.empty((n, NUM_PERM), dtype=np.uint32)
        keys, owners = [], []
        step = 4096  # articles per chunk: bounds the shingle arrays in memory
        for s in range(0, n, step):
            part = self.arts[s : s + step]
            lens = np.asarray([len(a.tok) for a in part], dtype=np.int64)
            tok = np.concatenate([a.tok for a in part])
            sent = np.concatenate([a.tok_sent for a in part])
            doc = np.repeat(np.arange(len(part), dtype=np.int64), lens)
            flat, flat_doc = sh.shingles_many(hashes[tok], sent, doc)
            offsets = np.searchsorted(flat_doc, np.arange(len(part) + 1))
            sig[s : s + len(part)] = sh.minhash(flat, offsets, NUM_PERM)
            keep = (flat % RARE_SAMPLE) == 0
            keys.append(flat[keep])
            owners.append((flat_doc[keep] + s).astype(np.int32))
        lsh = sh.band_join(sig, BANDS, ROWS)
        del sig
        rare = sh.shared_key_join(
            np.concatenate(keys), np.concatenate(owners), n, RARE_MAX_DF, RARE_MIN_SHARED
        )
        del keys, owners
        both = np.concatenate((lsh, rare))
        pairs, _ = sh.unique_pairs(both, n)
        self.last_counts = {"lsh": len(lsh), "rare": len(rare)}
        return pairs, "lsh"


def _count_lookup(population: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """How often each query value occurs in `population` (every query occurs there)."""
    import numpy as np

    values, counts = sh.unique_counts(population)
    return counts[np.searchsorted(values, queries)]


def _one_to_one(block: np.ndarray, s_min: float) -> list[tuple[int, int, float]]:
    """Greedy one-to-one alignment, best pair first, done in rounds: every cell that is the
    best of both its row and its column is taken (greedy would take it too), its row and
    column are struck out, repeat."""
    import numpy as np

    out: list[tuple[int, int, float]] = []
    if block.size == 0:
        return out
    b = np.where(block >= s_min, block, -1.0)
    rows = np.arange(b.shape[0])
    while True:
        best_c = b.argmax(axis=1)
        vals = b[rows, best_c]
        if vals.max() < s_min:
            return sorted(out)
        best_r = b.argmax(axis=0)
        ok = (vals >= s_min) & (best_r[best_c] == rows)
        r, c = rows[ok], best_c[ok]
        out.extend(zip(r.tolist(), c.tolist(), vals[ok].tolist(), strict=True))
        b[r, :] = -1.0
        b[:, c] = -1.0


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


# --- the public entry point -------------------------------------------------------------------


def find_duplicates(
    records: Iterable[dict[str, Any]],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    passages: bool = True,
    progress: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> DedupeResult:
    """Cluster articles into stories, score pairs and (with `passages`) align shared passages.

    `records` are store records (an `nlp` block is optional) and are read once. `jobs`:
    processes for verification (default: up to 2 once there are many candidates; forked, so
    they share the prepared articles). Pairs and
    passages are returned for pairs scoring at least `threshold` whose articles the clustering
    put in one story (the others are in `related`); clusters cover every article
    (single-article clusters last).
    """
    import time

    import numpy as np

    t0 = time.perf_counter()
    vocab = _Vocab()
    workers = min(2, os.cpu_count() or 1) if jobs is None else jobs
    arts = _read(records, vocab, workers, progress)
    t_read = time.perf_counter()
    engine = _Engine(arts, vocab, threshold)
    cand, mode = engine.candidates() if len(arts) > 1 else (np.zeros((0, 2), np.int64), "none")
    t_cand = time.perf_counter()
    # Articles in no candidate pair need no text any more (memory on large stores).
    involved = np.zeros(len(arts), dtype=bool)
    involved[cand.ravel()] = True
    for k in np.flatnonzero(~involved).tolist():
        arts[k].ztext = arts[k].znorm = ""
    empty = np.zeros(0, dtype=np.int32)
    for art in arts:  # word order was for shingles; verification uses the per-sentence sets
        art.tok = art.tok_sent = art.fp = empty
    if progress:
        progress(f"{len(arts):,} articles, {len(cand):,} candidate pairs ({mode})")
    floor = threshold / 4  # weaker pairs cannot move an average-linkage merge; skip them
    groups_ij = list(_by_first(cand))
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1) if len(cand) >= PARALLEL_MIN_CANDIDATES else 1
    if jobs > 1 and hasattr(os, "fork"):
        edges, scored = _verify_parallel(engine, groups_ij, threshold, floor, jobs)
    else:
        edges, scored = _verify_groups(engine, groups_ij, threshold, floor)
    t_verify = time.perf_counter()
    groups = _average_linkage(len(arts), edges, threshold)
    clusters, story_of = _clusters(arts, groups)
    pairs_out: list[Pair] = []
    related: list[Pair] = []
    passages_out: list[Passage] = []
    order = sorted(scored, key=lambda k: (-scored[k].score, k))
    for i, j in order:
        v = scored.pop((i, j))  # described pairs keep what they need; free the rest
        same = story_of[i] == story_of[j]
        pair, psgs = _describe(engine, i, j, v, passages and same)
        if not same:
            related.append(pair)
            continue
        pair.story = story_of[i]
        for p in psgs:
            p.story = pair.story
        pairs_out.append(pair)
        passages_out.extend(psgs)
    stats = {
        "articles": len(arts),
        "candidates": len(cand),
        "mode": mode,
        "pairs": len(pairs_out),
        "related": len(related),
        "seconds": {
            "read": round(t_read - t0, 3),
            "candidates": round(t_cand - t_read, 3),
            "verify": round(t_verify - t_cand, 3),
            "total": round(time.perf_counter() - t0, 3),
        },
    }
    stats.update(getattr(engine, "last_counts", {}))
    return DedupeResult(clusters, pairs_out, passages_out, stats, related)


_ENGINE: _Engine | None = None  # the engine forked workers verify with (set just before fork)

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
    """Split the groups over forked processes (they inherit the prepared articles)."""
    import multiprocessing as mp

    global _ENGINE
    _ENGINE = engine
    shares = [(groups[k::jobs], threshold, floor) for k in range(jobs)]
    try:
        with mp.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_verify_share, shares)
    finally:
        _ENGINE = None
    edges: list[tuple[int, int, float]] = []
    scored: dict[tuple[int, int], _Verified] = {}
    while parts:  # consume each part as it is rebuilt: never hold both forms of everything
        part_edges, part_scored = parts.pop()
        edges.extend(part_edges)
        while part_scored:
            k, (score, ca, cb, lex, packed) = part_scored.popitem()
            scored[k] = _Verified(score, [], ca, cb, lex, packed)
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


def score_pairs(
    records: Iterable[dict[str, Any]], pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], float]:
    """The article-pair score of each (id, id) pair, with word statistics taken from all of
    `records` (for `compare`, and for checking the score against human judgements)."""
    vocab = _Vocab()
    arts: list[_Article] = []
    index: dict[str, int] = {}
    for rec in records:
        rid = rec.get("id")
        if isinstance(rid, str) and rid not in index:
            index[rid] = len(arts)
            arts.append(_prepare(rec, len(arts), vocab))
    engine = _Engine(arts, vocab, DEFAULT_THRESHOLD)
    return {(a, b): engine.verify(index[a], index[b]).score for a, b in pairs}


# --- clustering -------------------------------------------------------------------------------


def _average_linkage(n: int, edges: list[tuple[int, int, float]], tau: float) -> list[list[int]]:
    """Average-linkage agglomeration on a sparse graph: two groups merge while the mean score
    over all their cross pairs (unscored pairs count 0) is at least `tau`."""
    import heapq

    members: dict[int, list[int]] = {k: [k] for k in range(n)}
    links: dict[int, dict[int, float]] = {}
    for i, j, s in edges:
        links.setdefault(i, {})[j] = links.get(i, {}).get(j, 0.0) + s
        links.setdefault(j, {})[i] = links.get(j, {}).get(i, 0.0) + s
    version = dict.fromkeys(range(n), 0)
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        avg = links[a][b] / (len(members[a]) * len(members[b]))
        if avg >= tau:
            x, y = min(a, b), max(a, b)
            heapq.heappush(heap, (-avg, x, y, version[x], version[y]))

    for a, nb in links.items():
        for b in nb:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if a not in members or b not in members or version[a] != va or version[b] != vb:
            continue
        # Merge b into a (a is the smaller id: deterministic).
        members[a].extend(members.pop(b))
        version[a] += 1
        la, lb = links.setdefault(a, {}), links.pop(b, {})
        la.pop(b, None)
        lb.pop(a, None)
        for k, s in lb.items():
            la[k] = la.get(k, 0.0) + s
            links[k].pop(b, None)
            links[k][a] = la[k]
        for k in la:
            links[k][a] = la[k]
            push(a, k)
    return [sorted(m) for m in members.values()]


def _clusters(arts: list[_Article], groups: list[list[int]]) -> tuple[list[Cluster], list[str]]:
    inf = float("inf")

    def key(g: list[int]) -> tuple[int, float, int]:
        dated = [t for k in g if (t := arts[k].ts) is not None]
        return (0 if len(g) > 1 else 1, min(dated) if dated else inf, g[0])

    story_of = [""] * len(arts)
    out = []
    for n, g in enumerate(sorted(groups, key=key), start=1):
        cid = f"story-{n}"
        members = sorted(g, key=lambda k: (arts[k].ts if arts[k].ts is not None else inf, k))
        for k in members:
            story_of[k] = cid
        first, basis = _first(arts, members)
        credited: dict[str, int] = {}
        if len(members) > 1:
            for k in members:
                for c in set(arts[k].cred):
                    credited[c] = credited.get(c, 0) + 1
        common = sorted(
            (c for c, m in credited.items() if m >= max(2, math.ceil(len(members) / 2))),
            key=lambda c: (-credited[c], c),
        )
        out.append(
            Cluster(
                id=cid,
                articles=[arts[k].id for k in members],
                sources=[arts[k].source for k in members],
                outlets=[arts[k].outlet for k in members],
                dates=[arts[k].published for k in members],
                first_article=arts[first].id if first is not None else None,
                first_outlet=arts[first].outlet if first is not None else None,
                first_basis=basis,
                credited_sources=common,
                copies=_copies([arts[k].text_hash for k in members]),
            )
        )
    return out, story_of


def _copies(hashes: list[str]) -> list[list[int]]:
    """Positions of the members that share one text, per text held by more than one."""
    at: dict[str, list[int]] = {}
    for n, h in enumerate(hashes):
        at.setdefault(h, []).append(n)
    return [g for g in at.values() if len(g) > 1]


def _first(arts: list[_Article], members: list[int]) -> tuple[int | None, str]:
    """Which article had the story first: the earliest when every article is dated; else one
    that the others credit; else unknown."""
    if len(members) == 1:
        return members[0], "only"
    if all(arts[k].ts is not None for k in members):
        return members[0], "published"
    for k in members:
        if all(_credits(arts[m], arts[k]) for m in members if m != k):
            return k, "credit"
    return None, "unknown"


def _credits(later: _Article, earlier: _Article) -> bool:
    return any(sh.same_label(c, earlier.outlet) for c in later.cred)


# --- describing a pair ------------------------------------------------------------------------


def _direction(a: _Article, b: _Article) -> tuple[_Article, _Article, str, bool]:
    """(earlier, later, basis, later credits earlier)."""
    if a.ts is not None and b.ts is not None and a.ts != b.ts:
        e, lt = (a, b) if a.ts < b.ts else (b, a)
        return e, lt, "published", _credits(lt, e)
    ab, ba = _credits(b, a), _credits(a, b)
    if ab and not ba:
        return a, b, "credit", True
    if ba and not ab:
        return b, a, "credit", True
    return a, b, "unknown", False


def _describe(
    engine: _Engine, i: int, j: int, v: _Verified, want_passages: bool
) -> tuple[Pair, list[Passage]]:
    arts = engine.arts
    earlier, later, basis, credited = _direction(arts[i], arts[j])
    flip = earlier.idx != i
    A, B = arts[i], arts[j]

    all_matches = _matches(v)
    # The closure keeps only the best few aligned sentences, not the whole alignment.
    top = sorted(all_matches, key=lambda m: -m.sim)[:EVIDENCE_MATCHES]

    def evidence() -> dict[str, list[str]]:
        spans_a = [(int(a), int(b)) for a, b in arts[i].spans[[m.i for m in top]]]
        spans_b = [(int(a), int(b)) for a, b in arts[j].spans[[m.j for m in top]]]
        names = sh.names(arts[i].text, spans_a) & sh.names(arts[j].text, spans_b)
        return {
            "shared_names": _rare_names(engine, names),
            "shared_phrases": _rare_phrases(engine, i, j, top),
            "common_credits": sorted(set(engine.credits(i)) & set(engine.credits(j))),
        }

    gap = None
    ta, tb = arts[i].ts, arts[j].ts
    if ta is not None and tb is not None:
        gap = round(abs(ta - tb) / 86400, 2)
    groups = _runs([m for m in all_matches if m.sim >= PASSAGE_MIN], A, B)
    cov_e, cov_l = (v.covered_b, v.covered_a) if flip else (v.covered_a, v.covered_b)
    pair = Pair(
        a=earlier.id,
        b=later.id,
        source_a=earlier.source,
        source_b=later.source,
        outlet_a=earlier.outlet,
        outlet_b=later.outlet,
        score=round(v.score, 3),
        covered_a=round(cov_e, 3),
        covered_b=round(cov_l, 3),
        passages=len(groups),
        sentences=len(all_matches),
        date_gap_days=gap,
        direction=basis,
        credited=credited,
        _evidence=evidence,
    )
    out: list[Passage] = []
    if want_passages and groups:
        text_a, text_b = A.text, B.text
        for run in groups:
            ai0, ai1 = arts[i].spans[run[0].i][0], arts[i].spans[run[-1].i][1]
            bj0, bj1 = arts[j].spans[run[0].j][0], arts[j].spans[run[-1].j][1]
            weights = [
                int(A.spans[m.i, 1] - A.spans[m.i, 0] + B.spans[m.j, 1] - B.spans[m.j, 0])
                for m in run
            ]
            sim = float(sum(m.sim * w for m, w in zip(run, weights, strict=True)) / sum(weights))
            qa = all(bool(A.quoted[m.i]) for m in run)
            qb = all(bool(B.quoted[m.j]) for m in run)
            side_a = (text_a[ai0:ai1], (int(ai0), int(ai1)), qa)
            side_b = (text_b[bj0:bj1], (int(bj0), int(bj1)), qb)
            e_side, l_side = (side_b, side_a) if flip else (side_a, side_b)
            out.append(
                Passage(
                    earlier=earlier.id,
                    later=later.id,
                    earlier_source=earlier.source,
                    later_source=later.source,
                    earlier_outlet=earlier.outlet,
                    later_outlet=later.outlet,
                    earlier_text=e_side[0],
                    later_text=l_side[0],
                    earlier_span=e_side[1],
                    later_span=l_side[1],
                    sentences=len(run),
                    similarity=round(sim, 3),
                    kind="copy" if all(m.ratio >= COPY_RATIO for m in run) else "paraphrase",
                    quote=qa and qb,
                    earlier_quoted=e_side[2],
                    later_quoted=l_side[2],
                    direction=basis,
                    credited=credited,
                    score=pair.score,
                    covered_earlier=pair.covered_a,
                    covered_later=pair.covered_b,
                )
            )
        out.sort(key=lambda p: (p.earlier_span[0], p.later_span[0]))
    return pair, out


def _runs(matches: list[_Match], A: _Article, B: _Article) -> list[list[_Match]]:
    """Aligned sentences that follow each other on both sides form one passage; quotation and
    narration never share a passage (quotations are matched apart from narration)."""
    runs: list[list[_Match]] = []

    def quote(m: _Match) -> tuple[bool, bool]:
        return bool(A.quoted[m.i]), bool(B.quoted[m.j])

    for m in sorted(matches, key=lambda m: (m.i, m.j)):
        last = runs[-1][-1] if runs else None
        if last and m.i == last.i + 1 and m.j == last.j + 1 and quote(m) == quote(last):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _rare_names(engine: _Engine, names: set[str], k: int = 6) -> list[str]:
    def rarity(name: str) -> float:
        ids = [engine.vocab.by_surface.get(w, -1) for w in sh.words(name)]
        vals = [float(engine.idf[x]) for x in ids if x >= 0]
        return max(vals) if vals else 0.0

    ranked = sorted(names, key=lambda s: (-rarity(s), s))
    # Drop a name contained in a longer one that is kept ("Liberty" under "Radio Liberty").
    kept: list[str] = []
    for name in ranked:
        if not any(name in other for other in names if other != name):
            kept.append(name)
    return [n for n in kept if rarity(n) > 0][:k]


def _rare_phrases(engine: _Engine, i: int, j: int, matches: list[_Match], k: int = 6) -> list[str]:
    """Content-word pairs both aligned sentences use, rarest first ("demarcation line")."""
    arts = engine.arts
    get = engine.vocab.by_surface.get
    lines = {a: arts[a].norm.split("\n") for a in (i, j)}
    found: dict[tuple[int, int], float] = {}
    for m in matches:
        grams = []
        for a, s in ((i, m.i), (j, m.j)):
            ids = [x for w in lines[a][s].split(" ") if (x := get(w, -1)) >= 0]
            grams.append(set(itertools.pairwise(ids)))
        for g in grams[0] & grams[1]:
            found[g] = float(engine.idf[g[0]] + engine.idf[g[1]])
    ranked = sorted(found, key=lambda g: (-found[g], g))[:k]
    surf = engine.vocab.surface
    return [f"{surf[a]} {surf[b]}" for a, b in ranked]


# --- records: the command's output schema (stable key order) ----------------------------------


def cluster_record(c: Cluster) -> dict[str, Any]:
    return {
        "type": "cluster",
        "story": c.id,
        "size": len(c.articles),
        "articles": c.articles,
        "sources": c.sources,
        "outlets": c.outlets,
        "dates": c.dates,
        "first_article": c.first_article,
        "first_outlet": c.first_outlet,
        "first_basis": c.first_basis,
        "credited_sources": c.credited_sources,
        "copies": [
            {"articles": [c.articles[n] for n in g], "outlets": [c.outlets[n] for n in g]}
            for g in c.copies
        ],
    }


def pair_record(p: Pair) -> dict[str, Any]:
    return {
        "type": "pair",
        "story": p.story,
        "articles": [p.a, p.b],
        "sources": [p.source_a, p.source_b],
        "outlets": [p.outlet_a, p.outlet_b],
        "score": p.score,
        "covered": [p.covered_a, p.covered_b],
        "passages": p.passages,
        "sentences": p.sentences,
        "direction": p.direction,
        "credited": p.credited,
        "date_gap_days": p.date_gap_days,
        "shared_names": p.shared_names,
        "shared_phrases": p.shared_phrases,
        "common_credits": p.common_credits,
    }


def passage_record(p: Passage) -> dict[str, Any]:
    return {
        "type": "passage",
        "story": p.story,
        "articles": [p.earlier, p.later],
        "sources": [p.earlier_source, p.later_source],
        "outlets": [p.earlier_outlet, p.later_outlet],
        "score": p.score,
        "covered": [p.covered_earlier, p.covered_later],
        "similarity": p.similarity,
        "kind": p.kind,
        "quote": p.quote,
        "quoted": [p.earlier_quoted, p.later_quoted],
        "direction": p.direction,
        "credited": p.credited,
        "sentences": p.sentences,
        "spans": [list(p.earlier_span), list(p.later_span)],
        "texts": [p.earlier_text, p.later_text],
    }
