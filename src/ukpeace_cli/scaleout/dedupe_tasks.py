"""What dedupe workers run: one call per partition (a line range of the store), built from the
single-process functions (`_analyse`, `_build`, `_verify_groups`, `_describe`) so that both
paths compute the same numbers. The client merges the small tables between the steps:

1. `scan`: parse the range, analyse every record's text (no shared state).
2. `build`: articles with a partition-local vocabulary, in store order, repeated ids dropped
   (the client says which); `vocab_of` returns the local stems in first-seen order.
3. `remap`: local word ids to global ones (the client's merge keeps first-seen order across
   partitions, so ids and surfaces equal `_Vocab`'s); MinHash signatures, band keys and rare
   shingles (they hash stems, not ids); the partial document and sentence counts.
4. `finish`: IDF-weighted article vectors, boilerplate flags and sentence weights from the
   global counts.
5. `payload` / `verify`: partners from other partitions travel to the partition of the first
   article of each pair; verification and the pair description run there.
"""

from __future__ import annotations

import copy
import pickle
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.params import (
    BANDS,
    NUM_PERM,
    RARE_MAX_DF,
    RARE_SAMPLE,
    ROWS,
    SENT_DF_FREE,
)
from ukpeace_cli.dedupe.read import _analyse, _Article, _build, _item, _unsqueeze, _Vocab
from ukpeace_cli.dedupe.results import Pair, Passage
from ukpeace_cli.scaleout.parts import LineRange, read_range

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from ukpeace_cli.dedupe.verify import _Engine

_KEEP = ("id", "text_hash", "source", "outlet", "published", "text", "wire")
_META = ("id", "idx", "source", "outlet", "published", "ts", "text_hash", "cred", "wire")


def _nbytes(value: Any) -> int:
    """Bytes of an array, a text or a container of them (an estimate, for `__sizeof__`)."""
    got = getattr(value, "nbytes", None)
    if got is not None:
        return int(got) + 100
    if isinstance(value, str | bytes):
        return len(value) + 50
    if isinstance(value, list | tuple):
        return 60 + sum(_nbytes(v) for v in value)
    if isinstance(value, dict):
        return 100 + sum(_nbytes(k) + _nbytes(v) for k, v in value.items())
    return 32


def _arts_size(arts: list[_Article]) -> int:
    return sum(sum(_nbytes(getattr(a, k, None)) for k in _Article.__slots__) for a in arts)


# Each partition object tells its size (`sys.getsizeof`, which Dask's `sizeof` falls back to):
# without it the scheduler takes a partition of tens of MB for a few bytes, runs a task on
# another worker than the one holding its partition and moves the partition there.


@dataclass
class Scanned:
    records: list[dict[str, Any]]
    analysed: list[Any]
    problems: list[tuple[int, str]]

    def __sizeof__(self) -> int:
        return _nbytes(self.records) + _nbytes(self.analysed)


@dataclass
class Built:
    arts: list[_Article]
    vocab: _Vocab

    def __sizeof__(self) -> int:
        return _arts_size(self.arts) + _nbytes(self.vocab.by_surface) + _nbytes(self.vocab.surface)


@dataclass
class Ready:
    """A partition ready for verification: articles with global word ids and, per article,
    boilerplate flags, sentence weights and the unit tf-idf vector."""

    arts: list[_Article]
    first: int
    bands: Any = None  # pandas DataFrame (band, key, idx), LSH mode only
    rare: Any = None  # pandas DataFrame (key, idx), LSH mode only
    boiler: list[Any] = field(default_factory=list)
    weight: list[Any] = field(default_factory=list)
    vec: list[Any] = field(default_factory=list)

    def __sizeof__(self) -> int:
        return _arts_size(self.arts) + sum(
            _nbytes(x) for x in (self.bands, self.rare, self.boiler, self.weight, self.vec)
        )


def scan(rng: LineRange) -> Scanned:
    out = Scanned([], [], [])
    for lineno, rec, reason in read_range(rng):
        if reason:
            out.problems.append((lineno, reason))
        if rec is None:
            continue
        slim = {k: rec.get(k) for k in _KEEP}
        nlp = rec.get("nlp")
        if isinstance(nlp, dict) and nlp.get("sentences"):
            slim["nlp"] = {"sentences": nlp["sentences"]}
        out.records.append(slim)
        out.analysed.append(_analyse(_item(slim), compress=True))
    return out


def summary(part: Scanned) -> tuple[list[str], list[tuple[int, str]]]:
    """(ids in line order, corrupt lines): what the client needs to drop repeated ids."""
    return [str(r["id"]) for r in part.records], part.problems


def build(part: Scanned, keep: list[bool], first: int) -> Built:
    vocab = _Vocab()
    arts: list[_Article] = []
    for rec, done, ok in zip(part.records, part.analysed, keep, strict=True):
        if ok:
            arts.append(_build(rec, done, first + len(arts), vocab))
    return Built(arts, vocab)


def vocab_of(part: Built) -> tuple[list[str], list[str], dict[str, int], list[int]]:
    """(stems in local id order, their surfaces, surface -> local id, sentences per article)."""
    v = part.vocab
    return list(v.by_stem), v.surface, v.by_surface, [len(a.spans) for a in part.arts]


def remap(part: Built, mapping: np.ndarray, first: int, lsh: bool) -> Ready:
    import numpy as np

    ready = Ready(part.arts, first)
    if lsh:
        ready.bands, ready.rare = _candidate_rows(part, first)
    for art in part.arts:
        art.tok = mapping[art.tok].astype(np.int32) if len(art.tok) else art.tok
        code = sh.unique(art.tok_sent.astype(np.int64) << 32 | art.tok.astype(np.int64))
        art.u_sent = (code >> 32).astype(art.tok_sent.dtype)
        art.u_ids = (code & 0xFFFFFFFF).astype(np.int32)
    return ready


def counts(part: Ready) -> tuple[Any, Any, Any, Any, dict[str, Any]]:
    """Partial statistics: (word ids, articles using them), (sentence fingerprints, articles
    carrying them) and per outlet the same fingerprint counts."""
    import numpy as np

    empty = np.zeros(0, dtype=np.int64)
    words = [sh.unique(a.tok).astype(np.int64) for a in part.arts if len(a.tok)]
    w_ids, w_n = sh.unique_counts(np.concatenate(words)) if words else (empty, empty)
    once = [sh.unique(a.fp) for a in part.arts]  # uint64 fingerprints, each once per article
    no_fp = np.zeros(0, dtype=np.uint64)  # (never mixed with int64: that would make floats)
    f_ids, f_n = sh.unique_counts(np.concatenate(once)) if once else (no_fp, empty)
    by_outlet: dict[str, list[Any]] = {}
    for art, fps in zip(part.arts, once, strict=True):
        by_outlet.setdefault(art.outlet, []).append(fps)
    outlets = {o: sh.unique_counts(np.concatenate(f)) for o, f in by_outlet.items()}
    return w_ids, w_n, f_ids, f_n, outlets


def finish(
    part: Ready,
    idf: np.ndarray,
    common: tuple[np.ndarray, np.ndarray],
    outlet_fps: dict[str, np.ndarray],
    cap: int,
) -> Ready:
    """Boilerplate flags and sentence weights as `_Engine._boilerplate` gives them: `common`
    holds the fingerprints in more than SENT_DF_FREE articles with their counts (every other
    sentence has weight 1 and is below the cap), `outlet_fps` per outlet the fingerprints in at
    least BOILER_OUTLET_REPEATS of its articles."""
    import numpy as np

    values, n_arts = common
    for art in part.arts:
        fp = art.fp  # uint64, as `values`
        at = np.minimum(np.searchsorted(values, fp), max(len(values) - 1, 0))
        hit = values[at] == fp if len(values) else np.zeros(len(fp), dtype=bool)
        overall = np.where(hit, n_arts[at] if len(values) else 1, 1)
        mine = outlet_fps.get(art.outlet)
        repeated = np.isin(fp, mine) if mine is not None else np.zeros(len(fp), dtype=bool)
        part.boiler.append((overall > cap) | repeated)
        part.weight.append(np.minimum(1.0, SENT_DF_FREE / overall))
        ids, tf = sh.unique_counts(art.tok)
        w = (1 + np.log(tf)) * idf[ids]
        norm = float(np.sqrt((w * w).sum())) or 1.0
        part.vec.append((ids.astype(np.int32), (w / norm).astype(np.float32)))
        empty = np.zeros(0, dtype=np.int32)
        art.tok = art.tok_sent = art.fp = empty  # verification uses the per-sentence sets
    return part


def bands_of(part: Ready) -> pd.DataFrame:
    return part.bands


def rare_of(part: Ready) -> pd.DataFrame:
    return part.rare


def without_rows(part: Ready) -> Ready:
    """The partition without its candidate rows (bands and rare keys), once the candidates are
    made: the same articles and features (shared, not copied)."""
    return replace(part, bands=None, rare=None)


# What goes from a worker to another worker or to the client while the sender may be busy
# computing travels as one pickled bytes object, pickled in the task: Dask would pickle the
# objects in the worker's event loop, which gets the GIL only between slices of the running
# task (at 20k, partner payloads of 3.5-8 MB took 4-10 s to arrive, at under 1 MB/s).


def pickled(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


def unpickled(data: bytes) -> Any:
    return pickle.loads(data)  # our own workers' results, as Dask unpickles its own


def light(part: Ready) -> bytes:
    """The articles without their texts and features (pickled): what story numbering and
    the cluster records read."""
    out = []
    for art in part.arts:
        copy = _Article.__new__(_Article)
        for name in _META:
            setattr(copy, name, getattr(art, name))
        out.append(copy)
    return pickled(out)


def payload(part: Ready, wanted: np.ndarray) -> bytes:
    """The articles `wanted` (global indices) with what verification needs of them, as a
    pickled {index: (article, boiler, weight, vec)}."""
    at = [k - part.first for k in wanted.tolist()]
    return pickled(
        {part.arts[a].idx: (part.arts[a], part.boiler[a], part.weight[a], part.vec[a]) for a in at}
    )


def verify(
    part: Ready,
    pairs: np.ndarray,
    shared: bytes,
    threshold: float,
    passages: bool,
    *partners: bytes,
) -> tuple[bytes, list[bytes]]:
    """(edges, row chunks), pickled: edges at or above threshold/4 and, for pairs at or above
    the threshold, (i, j, score, Pair, passages) described here, where both texts are
    (evidence read at once), packed as tuples (`unpacked_row` makes them objects again) and
    pickled ROWS_PER_CHUNK at a time as they are made (`unpacked_rows` reads them)."""
    from ukpeace_cli.dedupe.verify import _by_first, _verify_groups

    got = tuple(unpickled(p) for p in partners)
    engine = _engine(part, unpickled(shared), threshold, got)
    del got
    edges, scored = _verify_groups(engine, list(_by_first(pairs)), threshold, threshold / 4)
    engine._cache.clear()  # the sentences verification cached: describing reads the texts
    return pickled(edges), _described(engine, scored, passages)


ROWS_PER_CHUNK = 2000  # described pairs pickled together: the objects live no longer


def _described(engine: _Engine, scored: dict[tuple[int, int], Any], passages: bool) -> list[bytes]:
    """The described pairs, pickled in chunks. Each text is unpacked (in a copy of the article:
    the partition keeps its own) when a pair first needs it and dropped after its last pair;
    the pairs go one connected group at a time (`_release_order`), so only the texts of the
    group at hand and of articles with pairs still to come are held. The order does not
    change the rows (the client sorts them)."""
    from ukpeace_cli.dedupe.passages import _describe

    order = _release_order(list(scored))
    uses: dict[int, int] = {}
    for i, j in order:
        uses[i] = uses.get(i, 0) + 1
        uses[j] = uses.get(j, 0) + 1
    own: dict[int, _Article] = {}  # the articles whose texts are unpacked now, as they were
    chunks: list[bytes] = []
    rows: list[Any] = []
    for i, j in order:
        for k in (i, j):
            if k not in own:
                own[k] = art = engine.arts[k]
                art = copy.copy(art)
                art.ztext, art.znorm = _unsqueeze(art.ztext), _unsqueeze(art.znorm)
                engine.arts[k] = art
        v = scored.pop((i, j))
        pair, psgs = _describe(engine, i, j, v, passages)
        pair._get("shared_names")  # fills the evidence cache; the closure is dropped
        rows.append((i, j, v.score, *packed_row(pair, psgs)))
        for k in (i, j):
            uses[k] -= 1
            if not uses[k]:
                engine.arts[k] = own.pop(k)
        if len(rows) == ROWS_PER_CHUNK:
            chunks.append(pickled(rows))
            rows = []
    if rows:
        chunks.append(pickled(rows))
    return chunks


def _release_order(keys: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pairs grouped by connected component of the pairs themselves (components in order
    of their first article, (i, j) order within one): every article's pairs come together."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not keys:
        return []
    ij = np.asarray(sorted(keys), dtype=np.int64)
    nodes, local = np.unique(ij, return_inverse=True)
    local = local.reshape(-1, 2)
    n = len(nodes)
    graph = coo_matrix((np.ones(len(local)), (local[:, 0], local[:, 1])), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    order = np.argsort(label[local[:, 0]], kind="stable")  # (i, j) order kept within
    return [(int(a), int(b)) for a, b in ij[order].tolist()]


def unpacked_rows(chunks: list[bytes]) -> list[Any]:
    """The rows of `verify`'s chunks, in order."""
    return [row for chunk in chunks for row in unpickled(chunk)]


# The rows travel as plain tuples: a slots dataclass pickles and unpickles through Python-level
# state methods, field by field (one 20k-article partition's rows: 54 MB, 1.6 s to pickle and
# 1.9 s to unpickle as objects; 42 MB, 0.4 s and 0.3 s as tuples; a loaded machine).
_PAIR = tuple(f.name for f in fields(Pair) if f.name not in ("story", "_evidence", "_cache"))
_PASSAGE = tuple(f.name for f in fields(Passage) if f.name != "story")
assert [f.name for f in fields(Pair)][: len(_PAIR)] == list(_PAIR)
assert [f.name for f in fields(Passage)][: len(_PASSAGE)] == list(_PASSAGE)


def packed_row(pair: Pair, psgs: list[Passage]) -> tuple[Any, Any, Any]:
    """(the pair's fields, its evidence, each passage's fields) as tuples."""
    got = tuple(getattr(pair, k) for k in _PAIR)
    return got, pair._cache, [tuple(getattr(p, k) for k in _PASSAGE) for p in psgs]


def unpacked_row(got: tuple[Any, ...], cache: Any, psgs: list[Any]) -> tuple[Pair, list[Passage]]:
    pair = Pair(*got)
    pair._cache = cache
    return pair, [Passage(*p) for p in psgs]


def _engine(
    part: Ready,
    shared: tuple[np.ndarray, _Vocab],
    threshold: float,
    partners: tuple[dict[int, tuple[Any, ...]], ...],
) -> _Engine:
    """An `_Engine` over this partition's articles and the partners sent here: the same
    global IDF, vocabulary and per-article features, keyed by global index."""
    from collections import OrderedDict

    from ukpeace_cli.dedupe.verify import _Engine

    idf, vocab = shared
    arts: dict[int, Any] = {a.idx: a for a in part.arts}
    boiler = {a.idx: b for a, b in zip(part.arts, part.boiler, strict=True)}
    weight = {a.idx: w for a, w in zip(part.arts, part.weight, strict=True)}
    vec = {a.idx: v for a, v in zip(part.arts, part.vec, strict=True)}
    for got in partners:
        for k, (art, b, w, v) in got.items():
            arts[k], boiler[k], weight[k], vec[k] = art, b, w, v
    engine = _Engine.__new__(_Engine)
    engine.arts = arts  # type: ignore[assignment]  # indexed like the list, by global index
    engine.vocab = vocab
    engine.threshold = threshold
    engine.n = len(arts)
    engine.idf = idf
    engine.boiler, engine.sent_weight = boiler, weight  # type: ignore[assignment]
    engine.vec = vec  # type: ignore[assignment]
    engine._cache = OrderedDict()
    engine.last_counts = {}
    return engine


def _candidate_rows(part: Built, first: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Band keys (band, key, idx) of the MinHash signatures and the sampled shingles (key, idx)
    of this partition's articles, as `candidate_pairs` computes them; a shingle already in
    more than RARE_MAX_DF articles here becomes one marker row with idx -1 (its global count
    can only be higher: the join drops it everywhere)."""
    import numpy as np
    import pandas as pd

    arts = part.arts
    hashes = sh.hash_array(part.vocab.hashes)
    lens = np.asarray([len(a.tok) for a in arts], dtype=np.int64)
    if not len(arts):
        tok = sent = np.zeros(0, dtype=np.int64)
    else:
        tok = np.concatenate([a.tok for a in arts])
        sent = np.concatenate([a.tok_sent for a in arts])
    doc = np.repeat(np.arange(len(arts), dtype=np.int64), lens)
    flat, flat_doc = sh.shingles_many(hashes[tok], sent, doc)
    offsets = np.searchsorted(flat_doc, np.arange(len(arts) + 1))
    sig = sh.minhash(flat, offsets, NUM_PERM)
    rows = []
    for band in range(BANDS):
        block = sig[:, band * ROWS : (band + 1) * ROWS].astype(np.uint64)
        key = np.full(len(arts), band, dtype=np.uint64)
        for c in range(ROWS):
            key = sh.mix64(key ^ block[:, c])
        docs = np.flatnonzero(sig[:, band * ROWS] != np.iinfo(np.uint32).max)
        rows.append((np.full(len(docs), band), key[docs].view(np.int64), docs + first))
    bands = pd.DataFrame(
        {
            "band": np.concatenate([r[0] for r in rows]).astype(np.int64),
            "key": np.concatenate([r[1] for r in rows]).astype(np.int64),
            "idx": np.concatenate([r[2] for r in rows]).astype(np.int64),
        }
    )
    keep = (flat % np.uint64(RARE_SAMPLE)) == 0
    # 64-bit shingle hashes as int64 (the same bits) for the DataFrame: only compared for equality
    keys, owners = flat[keep].view(np.int64), flat_doc[keep] + first
    values, df = sh.unique_counts(keys)  # (key, article) rows are already distinct
    common = values[df > RARE_MAX_DF]  # in too many articles already: one marker row each
    local_ok = ~np.isin(keys, common)
    rare = pd.DataFrame(
        {
            "key": np.concatenate((keys[local_ok], common)),
            "idx": np.concatenate((owners[local_ok], np.full(len(common), -1))).astype(np.int64),
        }
    )
    return bands, rare
