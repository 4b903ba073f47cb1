"""The dedupe tasks' partitions report their size to Dask, and described pairs travel as
tuples that become the same objects again (no Dask needed here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.dedupe.results import Pair, Passage
from ukpeace_cli.scaleout import dedupe_tasks as t
from ukpeace_cli.scaleout.parts import plan_store


def _pair() -> tuple[Pair, list[Passage]]:
    pair = Pair("a", "b", "sa", "sb", "oa", "ob", 0.8, 0.5, 0.4, 1, 2, 1.5, "credit", True)
    pair._cache = {"shared_names": ["Name"], "shared_phrases": [], "common_credits": []}
    psg = Passage(
        "a", "b", "sa", "sb", "oa", "ob", "one", "two", (0, 3), (4, 7), 1, 0.7, "copy",
        False, False, True, "credit", True, 0.8, 0.5, 0.4,
    )  # fmt: skip
    return pair, [psg]


def test_packed_rows_round_trip() -> None:
    pair, psgs = _pair()
    got, cache, packed = t.packed_row(pair, psgs)
    assert all(isinstance(x, tuple) for x in (got, *packed))
    back, back_psgs = t.unpacked_row(got, cache, packed)
    assert back == pair and back_psgs == psgs
    assert back.shared_names == ["Name"] and back.story is None


def test_partitions_report_their_size(tmp_path: Path) -> None:
    store = tmp_path / "s.jsonl"
    text = "The minister met the envoy in the capital on Monday. " * 40
    recs = [{"id": f"r{k}", "text": f"{text} Story {k}.", "outlet": "o"} for k in range(20)]
    store.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    (rng,) = plan_store(str(store), 1000)
    scanned = t.scan(rng)
    built = t.build(scanned, [True] * 20, 0)
    texts = sum(len(r["text"]) for r in recs)
    assert sys.getsizeof(scanned) > texts  # the raw texts are in it
    assert sys.getsizeof(built) > 20 * 200  # far more than an empty dataclass


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_release_order_groups_every_article_s_pairs(raw: list[tuple[int, int]]) -> None:
    """A permutation of the pairs in which each connected group of pairs is contiguous and in
    (i, j) order: an article's last pair comes before another group starts."""
    keys = sorted({(min(a, b), max(a, b)) for a, b in raw if a != b})
    root = {k: k for pair in keys for k in pair}

    def find(k: int) -> int:
        while root[k] != k:
            k = root[k]
        return k

    for i, j in keys:
        root[find(i)] = find(j)
    got = t._release_order(keys)
    assert sorted(got) == keys
    groups = [find(i) for i, _ in got]
    runs = [g for k, g in enumerate(groups) if not k or g != groups[k - 1]]
    assert len(runs) == len(set(runs))  # each group in one run
    for g in runs:
        mine = [p for p in got if find(p[0]) == g]
        assert mine == sorted(mine)
        assert min(mine) == min(p for p in keys if find(p[0]) == g)
