"""A sharded store: a folder of immutable JSONL parts, put in order by an atomic manifest.

    STORE/manifest.json          the committed parts, in canonical order (`manifest.py`)
    STORE/parts/part-NNNNN.jsonl plain JSONL, one record per line (readable with `jq`)
    STORE/parts/tmp-<uuid>.jsonl a writer's temporary part, and its `.lease` (`parts.py`)
    STORE/ids.idx                id -> (part, offset), a rebuildable cache (`index.py`)
    STORE/store.lock             the writers' flock, as `<store>.lock` for a file store
    STORE/rejected.jsonl         lines set aside (never deleted), as `<store>.rejected`

Canonical order is manifest order, then line order. A position (`iter_positions`, `read_at`,
the sidecars' offsets) is a byte offset into the parts laid end to end in manifest order (each
taking the `bytes` the manifest gives it), so caches written for a file store work unchanged.

Writing, for a future distributed writer:
- `write_part(records) -> TempPart`: worker side, no lock. A temporary part with a lease.
- `commit_parts([TempPart, ...]) -> CommitResult`: client side, under the lock. Each part's ids
  are checked against the index and against each other; records already stored are dropped
  (an unchanged re-ingest adds nothing); the kept records become `part-NNNNN.jsonl` and one
  manifest swap (`os.replace` + fsync) commits them all. A killed commit leaves the previous
  manifest in force; its temporary parts are removed once their lease is dead.
- `commit(new, replace)`: what `ingest` calls; `new` becomes a part, replaced records rewrite
  only the parts that hold them (copy-on-write: a new part, the old one retired).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import StoreError
from ukpeace_cli.store import manifest as mf
from ukpeace_cli.store.index import INDEX, IdIndex, id_key
from ukpeace_cli.store.manifest import Manifest, PartInfo, missing_part
from ukpeace_cli.store.parts import (
    LEASE_SECONDS,
    TempPart,
    release,
    remove_stale,
    write_temp_part,
)
from ukpeace_cli.store.single import (
    BadLine,
    CommitResult,
    ProblemHandler,
    StoreProblem,
    _fast_id,
    _is_record,
    decode_line,
    dumps,
    hold_lock,
    set_aside,
)

PARTS = "parts"
LOCK = "store.lock"
REJECTED = "rejected.jsonl"
PART_RECORDS = 1000  # records per part written by an ingest (one commit)


class ShardedStore:
    layout = "sharded"
    commit_every = PART_RECORDS

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.parts_dir = self.path / PARTS
        self.lock_path = self.path / LOCK
        self.rejected_path = self.path / REJECTED
        self._cached: tuple[tuple[int, int, int], Manifest] | None = None

    # --- the manifest and where each part starts -----------------------------------------

    def exists(self) -> bool:
        return (self.path / mf.MANIFEST).is_file()

    def manifest(self) -> Manifest:
        """The committed manifest (re-read only when the file was replaced)."""
        try:
            st = (self.path / mf.MANIFEST).stat()
        except FileNotFoundError:
            return Manifest()
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        if self._cached is None or self._cached[0] != key:
            self._cached = (key, mf.load(self.path))
        return self._cached[1]

    def part_path(self, name: str) -> Path:
        return self.parts_dir / name

    def _layout(self, m: Manifest | None = None) -> list[tuple[PartInfo, int]]:
        """(part, position of its first byte) in canonical order."""
        out, start = [], 0
        for info in (m or self.manifest()).parts:
            out.append((info, start))
            start += info.bytes
        return out

    def _part_at(self, pos: int) -> tuple[PartInfo, int] | None:
        for info, start in self._layout():
            if start <= pos < start + info.bytes:
                return info, start
        return None

    # --- reading -------------------------------------------------------------------------

    def _part_lines(
        self, name: str, start: int = 0, limit: int | None = None
    ) -> Iterator[tuple[int, int, bytes]]:
        """(line number, end offset, raw line) of one part from byte `start`, up to `limit`
        bytes (the manifest's size: bytes past it were never committed). An unterminated last
        line counts only when it is a whole record, as in a file store."""
        path = self.part_path(name)
        try:
            fh = path.open("rb")
        except FileNotFoundError:
            raise missing_part(path) from None
        except OSError as exc:
            raise StoreError(f"cannot read store: {exc.strerror}", where=str(path)) from exc
        with fh:
            fh.seek(start)
            offset = start
            for lineno, raw in enumerate(fh, 1):
                if limit is not None and offset + len(raw) > limit:
                    raw = raw[: max(limit - offset, 0)]
                    if not raw:
                        return
                offset += len(raw)
                if not raw.endswith(b"\n"):
                    if _is_record(raw):
                        yield lineno, offset + 1, raw + b"\n"
                    return
                yield lineno, offset, raw

    def lines(self, start: int = 0) -> Iterator[tuple[int, int, bytes]]:
        """(line number counted from `start`, end position, raw line) across the parts."""
        n = 0
        for info, first in self._layout():
            if first + info.bytes <= start:
                continue
            for _, end, raw in self._part_lines(info.name, max(start - first, 0), info.bytes):
                n += 1
                yield n, first + end, raw

    def iter_positions(
        self, on_problem: ProblemHandler | None = None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(position, record) for every valid record in canonical order; a corrupt line goes
        to `on_problem` naming its part file and line."""
        for info, first in self._layout():
            start = 0
            for lineno, end, raw in self._part_lines(info.name, 0, info.bytes):
                record = decode_line(self.part_path(info.name), raw, lineno, on_problem)
                if record is not None:
                    yield first + start, record
                start = end

    def iter_records(self, on_problem: ProblemHandler | None = None) -> Iterator[dict[str, Any]]:
        for _, record in self.iter_positions(on_problem):
            yield record

    def decode(
        self, raw: bytes, lineno: int, on_problem: ProblemHandler | None
    ) -> dict[str, Any] | None:
        return decode_line(self.path, raw, lineno, on_problem)

    def read_at(self, pos: int) -> dict[str, Any] | None:
        """The record on the line starting at position `pos`."""
        found = self._part_at(pos)
        if found is None:
            return None
        info, first = found
        for lineno, _, raw in self._part_lines(info.name, pos - first, info.bytes):
            return self.decode(raw, lineno, None)
        return None

    def read_range(self, start: int, end: int) -> bytes:
        chunks = []
        for info, first in self._layout():
            lo, hi = max(start, first), min(end, first + info.bytes)
            if lo < hi:
                with self.part_path(info.name).open("rb") as fh:
                    fh.seek(lo - first)
                    chunks.append(fh.read(hi - lo))
        return b"".join(chunks)

    def identity(self) -> str | None:
        """Changes when a committed part is replaced or dropped (adding parts keeps it)."""
        return self.manifest().base if self.exists() else None

    def cache_path(self, name: str) -> Path:
        return self.path / name

    def problem_at(self, pos: int, lineno: int, reason: str) -> StoreProblem:
        """A problem at position `pos`, named by its part file and line there."""
        found = self._part_at(pos)
        if found is None:
            return StoreProblem(str(self.path), lineno, reason)
        info, first = found
        with self.part_path(info.name).open("rb") as fh:
            before = fh.read(pos - first).count(b"\n")
        return StoreProblem(str(self.part_path(info.name)), before + 1, reason)

    def count(self) -> int:
        return self.manifest().records()

    def index(self) -> IdIndex:
        """The id index, brought up to date with the manifest (and saved) if it is behind."""
        return self._current_index(self.manifest())

    def _positions_of(self, idx: IdIndex, m: Manifest, rid: str) -> list[tuple[PartInfo, int]]:
        """(part, offset in it) of each line holding `rid`, confirmed by reading the line."""
        by_number = {info.number: info for info in m.parts}
        out = []
        for number, offset in idx.lookup(rid):
            info = by_number.get(number)
            if info is None:
                continue
            for _, _, raw in self._part_lines(info.name, offset, info.bytes):
                if _fast_id(raw) == rid and _is_record(raw):
                    out.append((info, offset))
                break
        return out

    def find(self, rid: str) -> int | None:
        """The position of the first record with id `rid`, or None."""
        m = self.manifest()
        firsts = {info.name: first for info, first in self._layout(m)}
        hits = self._positions_of(self._current_index(m), m, rid)
        return min((firsts[info.name] + off for info, off in hits), default=None)

    def get(self, ids: Iterable[str], on_problem: ProblemHandler | None = None) -> list[dict]:
        """The records with these ids, in canonical order (looked up in the id index)."""
        m = self.manifest()
        idx = self._current_index(m)
        firsts = {info.name: first for info, first in self._layout(m)}
        found = sorted(
            firsts[info.name] + off
            for rid in set(ids)
            for info, off in self._positions_of(idx, m, rid)
        )
        return [r for pos in found if (r := self.read_at(pos)) is not None]

    def _current_index(self, m: Manifest) -> IdIndex:
        idx = IdIndex.load(self.path) or IdIndex.empty()
        want = {p.name: p.sha256 for p in m.parts}
        keep = {n for n, sha in idx.covered.items() if want.get(n) == sha}
        missing = [p for p in m.parts if p.name not in keep]
        if not missing and len(keep) == len(idx.covered):
            return idx
        added = IdIndex.of_rows(
            (row for p in missing for row in self._index_rows(p)),
            {p.name: p.sha256 for p in missing},
        )
        idx = idx.merged(added, {mf.part_number(n) for n in keep})
        idx.save(self.path)
        return idx

    def _index_rows(self, info: PartInfo) -> Iterator[tuple[int, int, int]]:
        start = 0
        for _, end, raw in self._part_lines(info.name, 0, info.bytes):
            rid = _fast_id(raw)
            if rid is not None:
                yield id_key(rid), info.number, start
            start = end

    # --- writing -------------------------------------------------------------------------

    def locked(self) -> contextlib.AbstractContextManager[None]:
        if not self.exists() and self.path.is_dir():
            self._check_empty()
        return hold_lock(self.lock_path)

    def write_part(self, records: Iterable[dict[str, Any]], ttl: float = LEASE_SECONDS) -> TempPart:
        """Worker side, without the lock: the records as a temporary part with a lease, for
        `commit_parts`. Renew the lease (`store.parts.renew`) if the commit may come later
        than `ttl` seconds."""
        return write_temp_part(self.parts_dir, (dumps(r).encode("utf-8") for r in records), ttl)

    def write_part_lines(self, lines: Iterable[bytes], ttl: float = LEASE_SECONDS) -> TempPart:
        """As `write_part`, from lines already serialised (copied byte for byte)."""
        return write_temp_part(self.parts_dir, lines, ttl)

    def repair(self, on_problem: ProblemHandler | None = None) -> None:
        """Under the lock: remove dead temporary parts, orphaned and retired parts, and mend
        any part whose size is not the manifest's (its bad lines set aside)."""
        if not self.exists():
            return
        with self.locked():
            m, changed = self._prepare(on_problem)
            if changed:
                mf.save(self.path, m)

    def commit(
        self,
        new: list[dict[str, Any]],
        replace: dict[str, dict[str, Any]] | None = None,
        on_problem: ProblemHandler | None = None,
    ) -> CommitResult:
        """Add `new` records as one part (skipping ids already stored) and replace records by
        id, rewriting only the parts that hold them; one manifest swap for all of it."""
        result = CommitResult()
        if not new and not replace:
            return result
        with self.locked():
            m, _ = self._prepare(on_problem)
            idx = self._current_index(m)
            fresh, seen = [], set()
            for rec in new:
                if rec["id"] in seen or self._positions_of(idx, m, rec["id"]):
                    result.already_present.append(rec["id"])
                else:
                    seen.add(rec["id"])
                    fresh.append(rec)
            if replace:
                self._replace(m, idx, replace, result, on_problem)
            temps = [self.write_part(fresh)] if fresh else []
            self._finish(m, temps, on_problem, check_ids=False)
            result.added.extend(r["id"] for r in fresh)
        return result

    def commit_parts(
        self,
        parts: Sequence[TempPart],
        on_problem: ProblemHandler | None = None,
        check_ids: bool = True,
    ) -> CommitResult:
        """Client side, under the lock: commit temporary parts in the order given. With
        `check_ids`, records whose id is stored already (or came earlier in `parts`) are
        dropped and listed in `already_present`; the rest are `added`."""
        with self.locked():
            m, _ = self._prepare(on_problem, keep=[p.path for p in parts])
            return self._finish(m, list(parts), on_problem, check_ids)

    def _finish(
        self,
        m: Manifest,
        temps: list[TempPart],
        on_problem: ProblemHandler | None,
        check_ids: bool,
    ) -> CommitResult:
        """Turn `temps` into numbered parts, swap the manifest in, update the index."""
        from ukpeace_cli.store.commit import adopt_parts

        idx = self._current_index(m) if check_ids else None
        result = CommitResult()
        try:
            added = adopt_parts(self, m, idx, temps, result, on_problem)
            mf.save(self.path, m)
        finally:
            for tp in temps:
                release(tp)
        self._cached = None
        if added or not (self.path / "ids.idx").exists():
            self._current_index(m)
        return result

    def _prepare(
        self, on_problem: ProblemHandler | None, keep: Iterable[str] = ()
    ) -> tuple[Manifest, bool]:
        """Under the lock: the manifest to change, after removing what dead writers left and
        mending damaged parts. Returns it and whether it changed."""
        from ukpeace_cli.store.commit import mend_parts

        m = mf.load(self.path)
        remove_stale(self.parts_dir, keep)
        changed = self._drop_unlisted(m)
        changed = mend_parts(self, m, on_problem) or changed
        return m, changed

    def _check_empty(self) -> None:
        """A folder becomes a store only if it holds nothing else: `--store .` by mistake must
        not scatter parts among someone's files."""
        ours = {LOCK, PARTS, INDEX, REJECTED}
        other = sorted(p.name for p in self.path.iterdir() if p.name not in ours)
        if other:
            raise StoreError(
                "this folder is not a sharded store (no manifest.json) and is not empty",
                where=str(self.path / other[0]),
                hint="give a new or empty folder, or a .jsonl file for a file store",
            )

    def _drop_unlisted(self, m: Manifest) -> bool:
        """Delete parts no manifest lists (a commit killed before its swap) and retired parts
        past their grace period. Caller holds the lock."""
        listed = {p.name for p in m.parts}
        retired = {r["name"] for r in m.retired}
        if self.parts_dir.is_dir():
            for path in self.parts_dir.glob(f"{mf.PART_PREFIX}*.jsonl"):
                if path.name not in listed and path.name not in retired:
                    path.unlink(missing_ok=True)
        now, kept = time.time(), []
        for tmp in self.path.glob(f".{mf.MANIFEST}.*.tmp"):  # only lock holders write these
            tmp.unlink(missing_ok=True)
        for tmp in self.path.glob(".ids.idx.*.tmp"):  # readers write these too: only old ones
            with contextlib.suppress(OSError):
                if now - tmp.stat().st_mtime > 60:
                    tmp.unlink()
        for r in m.retired:
            if now - float(r["at"]) > LEASE_SECONDS:
                self.part_path(r["name"]).unlink(missing_ok=True)
            else:
                kept.append(r)
        changed = len(kept) != len(m.retired)
        m.retired = kept
        return changed

    def _replace(
        self,
        m: Manifest,
        idx: IdIndex,
        replace: dict[str, dict[str, Any]],
        result: CommitResult,
        on_problem: ProblemHandler | None,
    ) -> None:
        """Rewrite, copy-on-write, each part that holds a replaced id."""
        from ukpeace_cli.store.commit import rewrite_part

        names = {info.name for rid in replace for info, _ in self._positions_of(idx, m, rid)}
        parts: list[PartInfo] = []
        for info in m.parts:
            new = (
                rewrite_part(self, m, info, replace, result, on_problem)
                if info.name in names
                else info
            )
            parts.extend([new] if new else [])
        m.parts = parts

    def set_aside(self, part: str, bad: list[BadLine], on_problem: ProblemHandler | None) -> None:
        set_aside(self.rejected_path, str(self.part_path(part)), bad, on_problem, part=part)


def new_base() -> str:
    return uuid.uuid4().hex
