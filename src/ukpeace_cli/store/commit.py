"""The steps of a sharded commit that change parts, all run by `ShardedStore` under the lock and
before the one manifest swap that makes them visible: adopting temporary parts (ids checked),
and rewriting a part copy-on-write (replaced records, or a damaged part mended)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ukpeace_cli.errors import StoreError
from ukpeace_cli.store.index import IdIndex
from ukpeace_cli.store.manifest import Manifest, PartInfo, missing_part
from ukpeace_cli.store.parts import TempPart, release, write_temp_part
from ukpeace_cli.store.single import (
    BadLine,
    CommitResult,
    ProblemHandler,
    _fast_id,
    _parse,
    dumps,
)

if TYPE_CHECKING:
    from ukpeace_cli.store.sharded import ShardedStore

PARTIAL = "partial last line (a killed writer's or a damaged record)"


def adopt_parts(
    store: ShardedStore,
    m: Manifest,
    idx: IdIndex | None,
    temps: list[TempPart],
    result: CommitResult,
    on_problem: ProblemHandler | None,
) -> bool:
    """Append each temporary part to `m` as a numbered part. With an index, records already
    stored or earlier in `temps` are dropped (the part is then written anew without them).
    Returns whether any part was added."""
    seen: set[str] = set()
    added = False
    for tp in temps:
        path = Path(tp.path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise StoreError(
                "a temporary part to commit is gone (removed after its lease expired?)",
                where=tp.path,
                hint="write it again, renewing its lease if the commit comes late",
            ) from None
        if size != tp.bytes:
            raise StoreError("a temporary part is not the size its writer gave", where=tp.path)
        keep = _keep_mask(store, m, idx, path.name, seen, result) if idx is not None else None
        if keep is not None and not any(keep):
            continue
        src = tp
        if keep is not None and not all(keep):
            lines = (
                raw for k, (_, _, raw) in zip(keep, store._part_lines(path.name), strict=True) if k
            )
            src = write_temp_part(store.parts_dir, lines)
        m.parts.append(_install(store, m, src))
        if src is not tp:
            release(src)
        added = True
    return added


def _keep_mask(
    store: ShardedStore,
    m: Manifest,
    idx: IdIndex,
    name: str,
    seen: set[str],
    result: CommitResult,
) -> list[bool]:
    """Per line of a temporary part: keep it (a record whose id is new)?"""
    keep = []
    for _, _, raw in store._part_lines(name):
        rid = _fast_id(raw)
        if rid is None or _parse(raw)[0] is None:
            keep.append(False)
        elif rid in seen or store._positions_of(idx, m, rid):
            result.already_present.append(rid)
            keep.append(False)
        else:
            seen.add(rid)
            result.added.append(rid)
            keep.append(True)
    return keep


def _install(store: ShardedStore, m: Manifest, tp: TempPart) -> PartInfo:
    """Rename a written part to its number; it is visible once the manifest names it."""
    name = m.new_part_name()
    try:
        os.replace(tp.path, store.part_path(name))
    except OSError as exc:
        raise StoreError(f"cannot commit a part: {exc.strerror}", where=tp.path) from exc
    return PartInfo(name, tp.records, tp.bytes, tp.sha256)


def rewrite_part(
    store: ShardedStore,
    m: Manifest,
    info: PartInfo,
    replace: dict[str, dict[str, Any]],
    result: CommitResult,
    on_problem: ProblemHandler | None,
    whole_file: bool = False,
) -> PartInfo | None:
    """The part written anew with `replace`d records; lines that are not records are set aside
    in the store's rejected file first. The old part is retired (readers of the previous
    manifest can still read it for a while). None when nothing is left in it."""
    bad: list[BadLine] = []
    limit = None if whole_file else info.bytes

    def lines() -> Iterator[bytes]:
        for start, lineno, raw, reason in _raw_lines(store.part_path(info.name), limit):
            rid = _fast_id(raw) if reason is None else None
            if rid is not None and rid in replace:
                result.replaced.append(rid)
                yield dumps(replace[rid]).encode("utf-8")
            elif reason is None:
                record, reason = _parse(raw)
                if reason:
                    bad.append((start, lineno, reason, raw))
                elif record is not None:
                    yield raw if raw.endswith(b"\n") else raw + b"\n"
            else:
                bad.append((start, lineno, reason, raw))

    tp = write_temp_part(store.parts_dir, lines())
    if bad:  # durably set aside before the part that still holds them is retired
        store.set_aside(info.name, bad, on_problem)
    m.retired.append({"name": info.name, "at": time.time()})
    m.base = uuid.uuid4().hex
    if tp.records == 0:
        release(tp)
        return None
    new = _install(store, m, tp)
    release(tp)
    return new


def mend_parts(store: ShardedStore, m: Manifest, on_problem: ProblemHandler | None) -> bool:
    """Rewrite every part whose size is not the one the manifest gives (damaged, truncated or
    appended to by hand): its records kept, its other lines set aside. Returns whether any was."""
    changed = False
    parts: list[PartInfo] = []
    for info in m.parts:
        path = store.part_path(info.name)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise missing_part(path) from None
        if size == info.bytes:
            parts.append(info)
            continue
        new = rewrite_part(store, m, info, {}, CommitResult(), on_problem, whole_file=True)
        parts.extend([new] if new else [])
        changed = True
    m.parts = parts
    return changed


def _raw_lines(path: Path, limit: int | None) -> Iterator[tuple[int, int, bytes, str | None]]:
    """(offset, line number, raw, reason) for every line of a part, the unterminated last one
    too: reason PARTIAL when it is not a whole record, else None."""
    with path.open("rb") as fh:
        offset = 0
        for lineno, raw in enumerate(fh, 1):
            if limit is not None and offset + len(raw) > limit:
                raw = raw[: max(limit - offset, 0)]
                if not raw:
                    return
            reason = None
            if not raw.endswith(b"\n") and _parse(raw)[0] is None:
                reason = PARTIAL
            yield offset, lineno, raw, reason
            offset += len(raw)
