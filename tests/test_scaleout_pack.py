"""The dedupe tasks' partitions report their size to Dask, and described pairs travel as
tuples that become the same objects again (no Dask needed here)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
