"""A single-file store cut into line ranges that workers read on their own: the same lines,
the same corrupt-line problems and the same unterminated-last-line rule as `Store.lines`."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.errors import StoreError
from ukpeace_cli.store.single import _is_record, _parse


@dataclass(frozen=True)
class LineRange:
    """Bytes start..end of the store (both at line starts); `first_line` is the 1-based
    number of its first line."""

    path: str
    start: int
    end: int
    first_line: int


def line_starts(path: str | os.PathLike[str], limit: int | None = None) -> list[int]:
    """Byte offset of every line start, and the end (a newline count: cheap next to parsing);
    `limit`: only the first bytes (a sharded store's part as its manifest lists it)."""
    starts = [0]
    offset = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 22 if limit is None else min(1 << 22, limit - offset)):
            at = block.find(b"\n")
            while at >= 0:
                starts.append(offset + at + 1)
                at = block.find(b"\n", at + 1)
            offset += len(block)
    if starts[-1] == offset:
        starts.pop()  # no unterminated last line
    starts.append(offset)  # the end
    return starts


def plan_store(store: str, size: int | None, cuts: list[int] | None = None) -> list[LineRange]:
    """The ranges of a store in canonical order: a file's, or each part's of a sharded store
    (a folder: manifest order, each part as long as the manifest says)."""
    from ukpeace_cli.store import is_sharded_path

    if not is_sharded_path(store):
        return plan(store, size, cuts)
    from ukpeace_cli.store.sharded import ShardedStore

    sharded = ShardedStore(store)
    return [
        rng
        for info in sharded.manifest().parts
        for rng in plan(sharded.part_path(info.name), size, None, info.bytes)
    ]


def plan(
    path: str | os.PathLike[str],
    size: int | None = None,
    cuts: list[int] | None = None,
    limit: int | None = None,
) -> list[LineRange]:
    """Ranges of `size` lines each, or cut before the given 0-based line numbers (`cuts`,
    for uneven partitions in tests)."""
    starts = line_starts(path, limit)
    lines = len(starts) - 1
    if cuts is None:
        step = max(1, size or lines or 1)
        cuts = list(range(step, lines, step))
    bounds = [0, *sorted(c for c in set(cuts) if 0 < c < lines), lines]
    return [
        LineRange(str(path), starts[a], starts[b], a + 1) for a, b in itertools.pairwise(bounds)
    ]


def read_range(part: LineRange) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record or None, problem or None) for each line of the range."""
    try:
        fh = open(part.path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise StoreError(f"cannot read store: {exc.strerror}", where=part.path) from exc
    with fh:
        fh.seek(part.start)
        offset = part.start
        for lineno, raw in enumerate(fh, part.first_line):
            if offset >= part.end:
                return
            if offset + len(raw) > part.end:  # past a part's committed bytes
                raw = raw[: part.end - offset]
            offset += len(raw)
            if not raw.endswith(b"\n"):
                if _is_record(raw):
                    yield lineno, _parse(raw)[0], None
                return  # a write in progress: Store.lines skips it too
            record, reason = _parse(raw)
            yield lineno, record, reason
