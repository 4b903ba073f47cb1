"""Text units and signatures for dedupe: sentences, quotation shares, content words, word-shingle
hashes, MinHash and the numpy joins that turn signatures into candidate article pairs.

No NLP and no I/O: a regex sentence splitter for `--no-nlp` records, a light suffix stemmer, and
vectorised numpy for everything that runs once per article or per shingle, so 100k articles stay
within minutes. numpy is imported lazily by the functions that need it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import xxhash

if TYPE_CHECKING:
    import numpy as np

# Version of the hashes below (sentence fingerprints, word hashes, shingle hashes). Anything kept
# across runs that was computed from them names it (stories.py), so a cache made with other hashes
# is rebuilt, never mixed with these. 1: 32-bit CRC-32 fingerprints and shingles truncated to 32
# bits (they collide at 10M+ articles); 2: 64-bit XXH3 fingerprints and 64-bit shingles.
FINGERPRINT_VERSION = 2

# Function words and reporting verbs: they carry no story. Content words are everything else.
STOPWORDS = frozenset(
    """a about above across after again against ago all almost along already also although always
    am among an and another any anyone anything are around as at away back be became because
    become been before being below between both but by came can cannot could did do does doing
    done down during each either else even ever every few for from further get gets got had has
    have having he her here hers herself him himself his how however i if in including into is it
    its itself just last least less like made make many may me might more most much must my
    myself near neither never new next no nor not now of off often on once one only or other
    others our ours out over own per perhaps put rather really said same say says see seen she
    should since so some still such than that the their theirs them themselves then there these
    they this those though three through thus to too two under until up upon us very via was we
    were what whatever when where whether which while who whom whose why will with within
    without would yet you your yours told according added stated noted reported reports
    week year years day days time mr mrs ms""".split()
)

_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_SUFFIXES = ("ingly", "ings", "ing", "edly", "ed", "ies", "es", "s", "ly")


def stem(word: str) -> str:
    """A light suffix stripper: enough to meet "deploy/deploying/deployed" without a model."""
    if word.endswith("’s") or word.endswith("'s"):
        word = word[:-2]
    for suf in _SUFFIXES:
        if len(word) > len(suf) + 3 and word.endswith(suf):
            return word[: -len(suf)] + ("y" if suf == "ies" else "")
    return word


def words(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _TOKEN.findall(text.lower())


def normalise_sentence(text: str) -> str:
    """What rapidfuzz compares: lower-case words joined by one space (no punctuation, quotes)."""
    return " ".join(_TOKEN.findall(text.lower()))


# --- sentences ----------------------------------------------------------------------------

# A boundary: sentence-final mark, optional closing quote/bracket, space, then something that can
# start a sentence (capital, digit, opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?…]+[’”\"'»)\]]*\s+(?=[‘“\"'«(\[]?[A-Z0-9À-Ý])")
_ABBREV = frozenset(
    """mr mrs ms dr prof gen lt col sgt capt maj adm gov sen rep st jr sr no vs etc inc co corp ltd
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m approx est""".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of sentences: never across a line break, not after common abbreviations
    ("U.S.", "Lt. Gen.", "Nov. 27") or initials."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        line, base, start = para.group(), para.start(), 0
        for m in _BOUNDARY.finditer(line):
            before = line[start : m.start()].rsplit(None, 1)
            last = before[-1].lower().strip("(‘“\"'") if before else ""
            if last in _ABBREV or (len(last) == 1 and last.isalpha()):
                continue
            end = m.start() + len(m.group().rstrip())
            spans.append((base + start, base + end))
            start = m.end()
        spans.append((base + start, base + len(line.rstrip())))
    return [(a, b) for a, b in spans if b > a and _TOKEN.search(text, a, b)]


def record_sentences(record: dict[str, Any]) -> list[tuple[int, int]]:
    """The stored sentences when the record has an `nlp` block (cut at line breaks, which the
    model sometimes runs across), else the regex splitter's."""
    text = record.get("text") or ""
    nlp = record.get("nlp")
    stored = nlp.get("sentences") if isinstance(nlp, dict) else None
    if not stored:
        return split_sentences(text)
    spans: list[tuple[int, int]] = []
    for a, b in stored:
        pos = a
        for piece in text[a:b].split("\n"):
            s, e = pos, pos + len(piece)
            pos = e + 1
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e > s and _TOKEN.search(text, s, e):
                spans.append((s, e))
    return spans


# --- quotations ---------------------------------------------------------------------------

_OPEN = '“‘"«'
_CLOSE = '”’"»'


_QMARK = re.compile(r"[“”‘’\"«»]")


def quote_shares(text: str, spans: list[tuple[int, int]]) -> list[float]:
    """For each sentence, the share of its characters inside quotation marks.

    Quote state is tracked through each paragraph, so a quotation running over several sentences
    counts for all of them. An apostrophe inside a word (don’t, MailOnline’s) is not a mark.
    """
    inside: list[tuple[int, int]] = []  # quoted character ranges, in order
    for para in re.finditer(r"[^\n]+", text):
        start, end = para.start(), para.end()
        open_at: int | None = None
        for m in _QMARK.finditer(text, start, end):
            k, ch = m.start(), m.group()
            prev = text[k - 1] if k > start else " "
            nxt = text[k + 1] if k + 1 < end else " "
            opening = ch in _OPEN and (prev.isspace() or prev in "([—–-:") and not nxt.isspace()
            closing = ch in _CLOSE and not prev.isspace() and not nxt.isalnum()
            if open_at is None and opening:
                open_at = k + 1
            elif open_at is not None and closing:
                inside.append((open_at, k))
                open_at = None
        if open_at is not None:
            inside.append((open_at, end))
    out = []
    for a, b in spans:
        covered = sum(max(0, min(b, e) - max(a, s)) for s, e in inside if s < b and e > a)
        out.append(covered / (b - a) if b > a else 0.0)
    return out


# --- labels ----------------------------------------------------------------------------

# Capitalised words that are never a name on their own (see `names`).
_CREDIT_STOP = frozenset(
    """The A An He She They It This That Him Her His Its Their We Our Media Various Several Some
    Other Others Local Western Earlier Previous Recent Many Most Both Two Three News Press
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)


def label_key(label: str) -> str:
    """Outlet or credit name reduced for matching: "dailymail.co.uk" and "Daily Mail" meet."""
    label = label.lower().removeprefix("www.")
    label = re.sub(r"\.(?:co\.uk|com|org|net|co|info|news|eu|ua|uk|ru|de|fr)$", "", label)
    return re.sub(r"[^0-9a-z]+", "", label.removeprefix("the "))


def same_label(a: str, b: str) -> bool:
    ka, kb = label_key(a), label_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 5 and short in long_


# --- names --------------------------------------------------------------------------------

_NAME_SEQ = re.compile(
    r"(?<![\w’'])[A-Z][\w’'-]*(?:\s+(?:[A-Z][\w’'-]*|de|von|van|al|bin)(?![\w’'-]))*"
)
_NOT_NAMES = frozenset(
    """January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)


def names(text: str, spans: list[tuple[int, int]]) -> set[str]:
    """Capitalised word runs that are not just a sentence's first word."""
    out: set[str] = set()
    for a, b in spans:
        for m in _NAME_SEQ.finditer(text, a, b):
            name = m.group().strip("’'-")
            if m.start() == a and " " not in name:
                continue
            if len(name) > 2 and name not in _CREDIT_STOP and name not in _NOT_NAMES:
                out.add(name.removesuffix("’s").removesuffix("'s"))
    return out


# --- hashing ------------------------------------------------------------------------------


def unique(a: np.ndarray) -> np.ndarray:
    """Sorted distinct values. numpy >= 2.3's `np.unique` hashes integer arrays, which measured
    10-100x slower here than sorting (numpy/numpy#30496); this sorts."""
    s, first = _sorted_runs(a)
    return s[first]


def unique_counts(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and how often each occurs (see `unique`)."""
    import numpy as np

    s, first = _sorted_runs(a)
    starts = np.flatnonzero(first)
    return s[starts], np.diff(np.append(starts, len(s)))


def _sorted_runs(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`a` sorted, and a mask of where each run of equal values starts."""
    import numpy as np

    s = np.sort(a)
    first = np.ones(len(s), dtype=bool)
    np.not_equal(s[1:], s[:-1], out=first[1:])
    return s, first


def token_hash(token: str) -> int:
    """A stable 64-bit hash (XXH3-64 of the UTF-8 bytes) of a word stem or a normalised sentence:
    the same value in every run, process and machine (never Python's `hash()`). 64 bits, as 32
    collide by the birthday bound: already among 77k distinct sentences (0.7 colliding pairs
    expected), ~1e7 colliding pairs among 300M (10M articles), against 0.002 with 64 bits."""
    return xxhash.xxh3_64_intdigest(token.encode("utf-8"))


def hash_array(values: list[int]) -> np.ndarray:
    """`token_hash` values as a uint64 array."""
    import numpy as np

    return np.asarray(values, dtype=np.uint64).reshape(-1)


def mix64(x: np.ndarray, copy: bool = True) -> np.ndarray:
    """splitmix64 finaliser on uint64 (wrapping arithmetic): spreads combined hashes. With
    `copy=False` a uint64 array is mixed in place (and returned)."""
    import numpy as np

    x = x.astype(np.uint64, copy=copy)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def shingles(token_hashes: np.ndarray, breaks: np.ndarray, n: int = 3) -> np.ndarray:
    """Hashes (uint64) of word n-grams that do not cross a sentence break.

    `token_hashes` holds one article's content-word hashes in order; `breaks[k]` is True where
    token k starts a new sentence.
    """
    import numpy as np

    m = len(token_hashes)
    if m < n:
        return np.zeros(0, dtype=np.uint64)
    h = token_hashes.astype(np.uint64)
    acc = np.zeros(m - n + 1, dtype=np.uint64)
    for k in range(n):
        acc = mix64(acc ^ h[k : m - n + 1 + k])
    ok = np.ones(m - n + 1, dtype=bool)
    for k in range(1, n):  # no n-gram whose later token starts a sentence
        ok &= ~breaks[k : m - n + 1 + k]
    return unique(acc[ok])


def shingles_many(
    token_hashes: np.ndarray, sent_ids: np.ndarray, doc_ids: np.ndarray, n: int = 3
) -> tuple[np.ndarray, np.ndarray]:
    """Word n-gram hashes (uint64) for many articles at once: parallel arrays of token hash,
    sentence index and article index (tokens in order). Returns unique (hash, article) rows,
    sorted by article, as two arrays. An n-gram never crosses a sentence or article boundary."""
    import numpy as np

    m = len(token_hashes)
    if m < n:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    h = np.asarray(token_hashes, dtype=np.uint64)
    acc = np.zeros(m - n + 1, dtype=np.uint64)
    for k in range(n):  # in place: these arrays are the chunk's largest
        acc ^= h[k : m - n + 1 + k]
        acc = mix64(acc, copy=False)
    ok = np.ones(m - n + 1, dtype=bool)
    for k in range(1, n):
        ok &= (sent_ids[k : m - n + 1 + k] == sent_ids[: m - n + 1]) & (
            doc_ids[k : m - n + 1 + k] == doc_ids[: m - n + 1]
        )
    acc = acc[ok]
    docs = np.asarray(doc_ids[: m - n + 1][ok], dtype=np.int64)
    del ok
    return distinct_rows(docs, acc)[::-1]


def distinct_rows(major: np.ndarray, minor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (major, minor) rows of two parallel arrays, sorted by major then minor, as
    two arrays. Sorts the pair (a lexsort) rather than packing it into one integer: 64-bit
    values leave no room for a second field."""
    import numpy as np

    if len(major) == 0:
        return major[:0], minor[:0]
    # = np.lexsort((minor, major)), twice as fast when the major values fit 16 bits (article
    # numbers within a chunk): a stable sort of uint16 is a radix sort.
    order = np.argsort(minor)
    small = major.min() >= 0 and major.max() < 2**16
    key = (major.astype(np.uint16) if small else major)[order]
    order = order[np.argsort(key, kind="stable")]
    del key
    a = major[order]
    b = minor[order]
    del order
    first = np.ones(len(a), dtype=bool)
    first[1:] = a[1:] != a[:-1]
    first[1:] |= b[1:] != b[:-1]
    return a[first], b[first]


def distinct_counts(keys: tuple[np.ndarray, ...], member: np.ndarray) -> np.ndarray:
    """For each row k, how many distinct `member` values occur among the rows whose key (the
    tuple of `keys[c][k]`, most significant first) equals row k's: e.g. in how many articles
    each sentence's fingerprint occurs. Exact (a lexsort, no packed or hashed key)."""
    import numpy as np

    n = len(member)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((member, *reversed(keys)))
    new_key = np.zeros(n, dtype=bool)
    new_key[0] = True
    for col in keys:
        s = col[order]
        new_key[1:] |= s[1:] != s[:-1]
    m = member[order]
    new_member = new_key.copy()
    new_member[1:] |= m[1:] != m[:-1]
    run = np.cumsum(new_key) - 1
    per_run = np.bincount(run, weights=new_member).astype(np.int64)
    out = np.empty(n, dtype=np.int64)
    out[order] = per_run[run]
    return out


def minhash(flat: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int = 1) -> np.ndarray:
    """MinHash signatures (n_docs x num_perm, uint32) of shingle sets given as one flat uint64
    array with `offsets` (n_docs + 1). Multiply-add-shift hashing (64-bit keys to the high 32
    bits of a*x+b mod 2**64, a odd: a universal family); an empty set gets all-max.

    The values stay 32-bit: two unrelated articles share a band only if both of its minima are
    equal by chance: (s/2**33)**2 for two articles of s shingles, 3e-16 at s = 150; over 5e13
    pairs at 10M articles and 32 bands, about one false candidate, which verification removes,
    where 64-bit values would double the signatures (256 MB more per 1M articles).
    Band keys are 64-bit (mix64 of the rows).

    Runs one permutation at a time over the whole batch: memory is O(len(flat)).
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    n_docs = len(offsets) - 1
    sig = np.full((n_docs, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    if len(flat) == 0:
        return sig
    sizes = np.diff(offsets)
    nonempty = sizes > 0
    starts = offsets[:-1][nonempty]
    x = np.asarray(flat, dtype=np.uint64)
    for k in range(num_perm):
        h = ((a[k] * x + b[k]) >> np.uint64(32)).astype(np.uint32)
        sig[nonempty, k] = np.minimum.reduceat(h, starts)
    return sig


# --- joins: candidate pairs by sorting and grouping -----------------------------------------


def _pairs_in_runs(order: np.ndarray, run_id: np.ndarray, max_run: int) -> np.ndarray:
    """All (i, j), i < j, of items that share a run id. `order` lists items sorted by run;
    `run_id` is the run of each position. Runs longer than `max_run` are dropped (a key that
    many items share is boilerplate, not evidence)."""
    import numpy as np

    if len(order) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    change = np.flatnonzero(np.diff(run_id)) + 1
    starts = np.concatenate(([0], change))
    lengths = np.diff(np.concatenate((starts, [len(order)])))
    run_len = np.repeat(lengths, lengths)
    after = run_len - (np.arange(len(order)) - np.repeat(starts, lengths)) - 1
    idx = np.flatnonzero((after >= 1) & (run_len <= max_run))
    out = []
    k = 1
    while len(idx):  # the k-th neighbour within the run; total work = pairs emitted
        out.append(np.stack((order[idx], order[idx + k]), axis=1))
        k += 1
        idx = idx[after[idx] >= k]
    if not out:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(out).astype(np.int64)
    pairs.sort(axis=1)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def band_join(sig: np.ndarray, bands: int, rows: int, max_bucket: int = 50) -> np.ndarray:
    """LSH banding: pairs of documents equal on all `rows` values of at least one band.
    Returns unique (i, j) pairs, i < j, as int64 (m x 2)."""
    import numpy as np

    n = sig.shape[0]
    found = []
    for band in range(bands):
        block = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        key = np.full(n, band, dtype=np.uint64)
        for c in range(rows):
            key = mix64(key ^ block[:, c])
        empty = sig[:, band * rows] == np.iinfo(np.uint32).max
        docs = np.flatnonzero(~empty)
        k = key[docs]
        o = np.argsort(k, kind="stable")
        found.append(_pairs_in_runs(docs[o], k[o], max_bucket))
    return unique_pairs(np.concatenate(found) if found else np.zeros((0, 2), dtype=np.int64), n)[0]


def unique_pairs(pairs: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Unique rows of an (m x 2) pair array (i < j) and how often each occurred."""
    import numpy as np

    if len(pairs) == 0:
        return np.zeros((0, 2), dtype=np.int64), np.zeros(0, dtype=np.int64)
    code = pairs[:, 0].astype(np.int64) * n + pairs[:, 1]
    uniq, counts = unique_counts(code)
    return np.stack((uniq // n, uniq % n), axis=1), counts


def shared_key_join(
    keys: np.ndarray, docs: np.ndarray, n_docs: int, max_df: int, min_shared: int
) -> np.ndarray:
    """Pairs of documents sharing at least `min_shared` keys that occur in 2..max_df documents
    (rare phrases). `keys`/`docs` are parallel arrays, one row per (key, document); keys are
    64-bit hashes.

    Keys are split into partitions by value so that the pairs emitted at once stay bounded;
    each partition is reduced to unique pairs with counts before the next one."""
    import numpy as np

    if len(keys) == 0:
        return np.zeros((0, 2), dtype=np.int64)
    parts = max(1, len(keys) // 200_000)
    found, counted = [], []
    for p in range(parts):
        sel = (keys % np.uint64(parts)) == p if parts > 1 else slice(None)
        pairs, counts = key_pairs(keys[sel], docs[sel], n_docs, max_df)
        found.append(pairs[:, 0] * n_docs + pairs[:, 1])
        counted.append(counts)
    codes = np.concatenate(found)
    uniq, inv = np.unique(codes, return_inverse=True)
    total = np.bincount(inv, weights=np.concatenate(counted))
    keep = uniq[total >= min_shared]
    return np.stack((keep // n_docs, keep % n_docs), axis=1)


def key_pairs(
    keys: np.ndarray, docs: np.ndarray, n_docs: int, max_df: int
) -> tuple[np.ndarray, np.ndarray]:
    """Unique (i, j) pairs of documents that share a key held by 2..max_df documents, and how
    many such keys each pair shares (`unique_pairs`). Rows may repeat."""
    import numpy as np

    k, d = distinct_rows(keys, docs.astype(np.int64))  # sorted by key
    run = np.zeros(len(k), dtype=np.int64)
    if len(k):
        np.cumsum(k[1:] != k[:-1], out=run[1:])
    return unique_pairs(_pairs_in_runs(d, run, max_df), n_docs)
