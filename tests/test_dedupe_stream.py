"""`dedupe` writes its records as it makes them (cli/dedupe_cmd.py `_write`), and lets go of a
section's items before the next section's are made (the story layer runs after the copy layer's
objects are gone)."""

from __future__ import annotations

import gc
import io
import itertools
import json
import weakref
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.cli import dedupe_cmd
from ukpeace_cli.cli.dedupe_cmd import ALL_COLUMNS


class _Items(list):  # a list that can be watched with a weak reference
    pass


class _Log(io.StringIO):
    def __init__(self, log: list[str]):
        super().__init__()
        self.log = log

    def write(self, s: str) -> int:
        self.log.append("written")
        return super().write(s)

    def isatty(self) -> bool:
        return False


def _record(log: list[str], kind: str) -> Any:
    def make(x: int) -> dict[str, Any]:
        log.append("made")
        return {"type": kind, "story": f"story-{x}"}

    return make


@given(st.lists(st.lists(st.integers(0, 99), max_size=5), min_size=1, max_size=4))
def test_each_record_is_written_before_the_next_is_made(sizes: list[list[int]]) -> None:
    log: list[str] = []
    out = _Log(log)
    sections = [(items, _record(log, f"k{n}"), ALL_COLUMNS, "T") for n, items in enumerate(sizes)]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", out)
        dedupe_cmd._write(sections, "jsonl", drain=False)
    made = [k for k, e in enumerate(log) if e == "made"]
    assert len(made) == sum(len(s) for s in sizes)
    # the line of each record is written before the next record is made
    assert all("written" in log[a:b] for a, b in itertools.pairwise(made))
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    expected = [{"type": f"k{n}", "story": f"story-{x}"} for n, s in enumerate(sizes) for x in s]
    assert lines == expected
    assert sections == []  # every section was taken


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "table"])
def test_later_section_runs_after_earlier_items_are_gone(fmt: str) -> None:
    first, second = _Items([1, 2, 3]), _Items([4])
    watch = [weakref.ref(first), weakref.ref(second)]
    seen: list[list[bool]] = []

    def later() -> list[dict[str, Any]]:
        gc.collect()
        seen.append([w() is None for w in watch])
        return [{"type": "event", "story": "event-1"}]

    def rec(x: int) -> dict[str, Any]:
        return {
            "type": "pair",
            "story": f"story-{x}",
            "outlets": [],
            "covered": [0.5, 0.5],
            "shared_phrases": [],
            "shared_names": [],
        }

    sections = [
        (first, rec, ALL_COLUMNS, "A"),
        (second, rec, ALL_COLUMNS, "B"),
        (later, dict, ALL_COLUMNS, "C"),
    ]
    del first, second
    out = _Log([])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdout", out)
        if fmt == "table":
            mp.setattr(dedupe_cmd, "_table_row", lambda r: dict(r))
        dedupe_cmd._write(sections, fmt, drain=False)
    assert seen == [[True, True]]  # both earlier lists were freed before the story layer ran
    text = out.getvalue()
    assert "story-4" in text and "event-1" in text
