"""64-bit fingerprints (issue 14): sentences whose CRC-32 collides stay apart, 64-bit keys are
never packed into another field, and cached clusters name the fingerprint version."""

from __future__ import annotations

import zlib
from collections import Counter
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.collide import crc32_twins
from ukpeace_cli import dedupe, shingles, stories
from ukpeace_cli.dedupe.read import _prepare, _Vocab

FILLER = [
    "The ferry timetable for the winter months was published on the harbour website.",
    "Volunteers repainted the benches along the river path over two weekends.",
    "A new bakery opened beside the library and sold out of rye loaves by noon.",
]


def _rec(rid: str, text: str, outlet: str) -> dict[str, Any]:
    return {"id": rid, "source": f"made/{rid}.txt", "outlet": outlet, "text": text, "nlp": None}


def _boiler_of(sentences: list[str]) -> list[bool]:
    """For three articles of one outlet, each a filler line then `sentences[k]`: whether the
    engine flags that last sentence as the outlet's boilerplate."""
    vocab = _Vocab()
    recs = [
        _rec(f"a{k}", f"{FILLER[k]} {s.capitalize()}.", "town.example")
        for k, s in enumerate(sentences)
    ]
    arts = [_prepare(r, k, vocab) for k, r in enumerate(recs)]
    assert [len(a.spans) for a in arts] == [2, 2, 2]
    engine = dedupe._Engine(arts, vocab, dedupe.DEFAULT_THRESHOLD)
    return [bool(b[1]) for b in engine.boiler]


def test_crc32_twins_are_not_one_outlet_boilerplate() -> None:
    """x in two articles and its CRC-32 twin y in a third: with 32-bit fingerprints the outlet
    "repeats" the sentence three times (BOILER_OUTLET_REPEATS) and it stops counting as
    evidence; with 64-bit ones neither is boilerplate. The same sentence three times is."""
    x, y = crc32_twins()
    assert x != y and zlib.crc32(x.encode()) == zlib.crc32(y.encode())
    assert shingles.normalise_sentence(x.capitalize() + ".") == x
    assert shingles.token_hash(x) != shingles.token_hash(y)
    assert dedupe.BOILER_OUTLET_REPEATS == 3
    assert _boiler_of([x, y, x]) == [False, False, False]
    assert _boiler_of([x, x, x]) == [True, True, True]


def test_crc32_twins_do_not_lower_each_others_weight() -> None:
    """A sentence's weight falls with the number of articles carrying its fingerprint; a twin
    elsewhere must not count."""
    x, y = crc32_twins()
    vocab = _Vocab()
    texts = [x, y, y, y]  # y in three articles (weight 1), x in one
    recs = [_rec(f"w{k}", f"{s.capitalize()}.", f"o{k}.example") for k, s in enumerate(texts)]
    arts = [_prepare(r, k, vocab) for k, r in enumerate(recs)]
    engine = dedupe._Engine(arts, vocab, dedupe.DEFAULT_THRESHOLD)
    assert [float(w[0]) for w in engine.sent_weight] == [1.0, 1.0, 1.0, 1.0]
    arts.append(_prepare(_rec("w4", f"{y.capitalize()}.", "o4.example"), 4, vocab))
    engine = dedupe._Engine(arts, vocab, dedupe.DEFAULT_THRESHOLD)
    want = [1.0, *[dedupe.SENT_DF_FREE / 4] * 4]  # y now in four articles; x still alone
    assert [float(w[0]) for w in engine.sent_weight] == want


def test_fingerprints_are_64_bit_and_stable() -> None:
    """XXH3-64 of the UTF-8 bytes: fixed values (the same in every process and on every
    machine), stored as uint64."""
    assert shingles.FINGERPRINT_VERSION == 2
    assert shingles.token_hash("") == 0x2D06800538D394C2  # XXH3-64 of the empty input
    assert shingles.token_hash("abc") == 0x78AF5F94892F3950
    vocab = _Vocab()
    art = _prepare(_rec("f", "Alpha beta gamma delta. Epsilon zeta eta theta.", "x"), 0, vocab)
    assert art.fp.dtype == np.uint64 and len(art.fp) == 2
    assert int(art.fp[0]) == shingles.token_hash("alpha beta gamma delta")
    assert max(int(v) for v in vocab.hashes) < 2**64


def test_story_cache_key_names_the_fingerprint_version(tmp_path: Any) -> None:
    store = tmp_path / "s.jsonl"
    store.write_text("{}\n")
    key = stories.store_key(str(store), 0.4)
    assert key is not None and key[-1] == 0.4
    assert f"fp{shingles.FINGERPRINT_VERSION}" in key
    stories.save(str(store), key, [stories.StoryCluster("story-1", ["a"])])
    assert stories.load(str(store), key) is not None
    old = [v for v in key if v != f"fp{shingles.FINGERPRINT_VERSION}"]  # a version-1 key
    assert stories.load(str(store), old) is None


# --- 64-bit keys through the joins ---------------------------------------------------------------

_u64 = st.integers(0, 2**64 - 1)
# Values that share their low 32 bits: what a truncation or a packed key would merge.
_twins = st.integers(0, 7).map(lambda h: (h << 32) | 0x9E3779B9)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_u64 | _twins, st.integers(0, 5) | st.just(2**40)), max_size=80))
def test_distinct_rows_and_counts_match_python(rows: list[tuple[int, int]]) -> None:
    keys = np.asarray([k for k, _ in rows], dtype=np.uint64)
    docs = np.asarray([d for _, d in rows], dtype=np.int64)
    d, k = shingles.distinct_rows(docs, keys)
    assert list(zip(d.tolist(), k.tolist(), strict=True)) == sorted({(d, k) for k, d in rows})
    counts = shingles.distinct_counts((keys,), docs)
    per_key = Counter(k for k, _ in {(k, d) for k, d in rows})
    assert counts.tolist() == [per_key[k] for k, _ in rows]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(_u64 | _twins, st.integers(0, 9)), max_size=120),
    st.integers(2, 4),
    st.integers(1, 3),
)
def test_shared_key_join_matches_python_on_64_bit_keys(
    rows: list[tuple[int, int]], max_df: int, min_shared: int
) -> None:
    keys = np.asarray([k for k, _ in rows], dtype=np.uint64)
    docs = np.asarray([d for _, d in rows], dtype=np.int32)
    got = shingles.shared_key_join(keys, docs, 10, max_df, min_shared)
    holders: dict[int, set[int]] = {}
    for k, d in rows:
        holders.setdefault(k, set()).add(d)
    shared: Counter[tuple[int, int]] = Counter()
    for ds in holders.values():
        if 2 <= len(ds) <= max_df:
            shared.update((a, b) for a in ds for b in ds if a < b)
    want = sorted(p for p, c in shared.items() if c >= min_shared)
    assert [tuple(p) for p in got.tolist()] == want


def test_shingles_keep_all_64_bits() -> None:
    """The same word 3-gram gives the same hash in two articles, and hashes use the high bits
    (the version-1 values were truncated to 32)."""
    words = "aa bb cc dd aa bb cc aa bb cc".split()
    tok = np.asarray([shingles.token_hash(w) for w in words], dtype=np.uint64)
    doc = np.asarray([0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
    flat, owner = shingles.shingles_many(tok, np.zeros(len(tok), dtype=np.int64), doc)
    assert flat.dtype == np.uint64 and int(flat.max()) >= 2**32
    by_doc = {d: flat[owner == d].tolist() for d in (0, 1, 2)}
    assert len(by_doc[0]) == 2 and by_doc[1] == by_doc[2] and set(by_doc[1]) < set(by_doc[0])
