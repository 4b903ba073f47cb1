"""`ukpeace store convert` and `store info`: a file store to a sharded one and back, losslessly.

Records are copied byte for byte in canonical order, so a round trip gives the same file; a
line that is not a record is not copied but set aside in the new store's rejected file. The
destination must not exist: a conversion never overwrites, and a failed one removes what it
wrote (a file is written to a temporary sibling and linked into place; a folder is only a store
once its manifest is written).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import StoreError, UsageError
from ukpeace_cli.store import open_store
from ukpeace_cli.store.sharded import PART_RECORDS, ShardedStore
from ukpeace_cli.store.single import BadLine, ProblemHandler, Store, _parse, set_aside


@dataclass
class Converted:
    source: str
    dest: str
    layout: str
    parts: int
    records: int
    bytes: int
    rejected: int


def convert(
    src: str,
    dst: str,
    part_size: int = PART_RECORDS,
    on_problem: ProblemHandler | None = None,
) -> Converted:
    """Copy the store at `src` to a new store at `dst` in the other layout."""
    if part_size < 1:
        raise UsageError("the part size must be at least 1 record", where=str(part_size))
    source = open_store(src)
    if not source.exists():
        raise StoreError("no article store here", where=src)
    if os.path.lexists(dst.rstrip("/") or dst):
        raise UsageError(
            "the destination exists: convert never overwrites",
            where=dst,
            hint="give a path that does not exist yet",
        )
    if isinstance(source, ShardedStore):
        return _to_file(source, Path(dst), on_problem)
    return _to_folder(source, Path(dst), part_size, on_problem)


def _records(source: Any, bad: list[BadLine]) -> Iterator[bytes]:
    """The source's record lines in canonical order; other lines go to `bad`."""
    start = 0
    for lineno, end, raw in source.lines():
        record, reason = _parse(raw)
        if reason:
            bad.append((start, lineno, reason, raw))
        elif record is not None:
            yield raw
        start = end


def _to_folder(
    source: Store, dest: Path, part_size: int, on_problem: ProblemHandler | None
) -> Converted:
    store = ShardedStore(dest)
    try:
        dest.mkdir(parents=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store: {exc.strerror}", where=str(dest)) from exc
    try:
        bad: list[BadLine] = []
        lines = _records(source, bad)
        temps = []
        while True:
            batch = list(itertools.islice(lines, part_size))
            if not batch:
                break
            temps.append(store.write_part_lines(batch))
        if bad:
            set_aside(store.rejected_path, str(source.path), bad, on_problem)
        store.commit_parts(temps, on_problem, check_ids=False)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise
    m = store.manifest()
    size = sum(p.bytes for p in m.parts)
    return Converted(
        str(source.path), str(dest), "sharded", len(m.parts), m.records(), size, len(bad)
    )


def _to_file(source: ShardedStore, dest: Path, on_problem: ProblemHandler | None) -> Converted:
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.tmp")
    bad: list[BadLine] = []
    records = size = 0
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("xb") as fh:
            for raw in _records(source, bad):
                fh.write(raw)
                records += 1
                size += len(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, dest)  # fails, rather than overwrite, if dest appeared meanwhile
    except OSError as exc:
        raise StoreError(f"cannot write the store: {exc.strerror}", where=str(dest)) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    if bad:
        set_aside(Store(dest).rejected_path, str(source.path), bad, on_problem)
    return Converted(str(source.path), str(dest), "file", 1, records, size, len(bad))


def info(path: str) -> dict[str, Any]:
    """What `store info` shows: layout, parts, records, bytes (and, for a folder, the index
    and temporary parts)."""
    store = open_store(path)
    if not store.exists():
        raise StoreError("no article store here", where=path)
    if isinstance(store, ShardedStore):
        m = store.manifest()
        temps = list(store.parts_dir.glob("tmp-*.jsonl")) if store.parts_dir.is_dir() else []
        return {
            "path": str(store.path),
            "layout": "sharded",
            "parts": len(m.parts),
            "records": m.records(),
            "bytes": sum(p.bytes for p in m.parts),
            "temporary_parts": len(temps),
        }
    return {
        "path": str(store.path),
        "layout": "file",
        "parts": 1,
        "records": store.count(),
        "bytes": store.path.stat().st_size,
        "temporary_parts": 0,
    }
