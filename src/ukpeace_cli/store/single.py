"""The JSONL article store: one article per line, streamed on read, atomic and locked on write.

Safety model:
- Appends happen under an exclusive `flock` on `<store>.lock`, are flushed and fsynced before a
  record is reported done. A writer killed mid-line leaves an unterminated last line: readers
  skip it and the next writer, holding the lock, moves it to `<store>.rejected`. An
  unterminated last line that is a whole record (a hand edit, `cat`, another tool) is read as
  one and gets its newline.
- Nothing is deleted: a line that is not a record is set aside in `<store>.rejected` (its byte
  offset, line number, reason and bytes) when the tail is repaired or the file is rewritten.
- Replacing records (re-annotation) rewrites the file to a temporary sibling and `os.replace`s
  it, so a reader sees the old file or the new one, never a mix.
- Before appending, the writer re-reads what other writers added since it last looked, so two
  ingests into one store neither duplicate nor lose an article.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import StoreError

try:  # POSIX only; elsewhere writes are still atomic but not coordinated between processes
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

SCHEMA_VERSION = 2  # 2: ids name a copy (text + where it was published), `text_hash` added


@dataclass(frozen=True)
class StoreProblem:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.reason} ({self.path}:{self.line})"


ProblemHandler = Callable[[StoreProblem], None]
BadLine = tuple[int, int, str, bytes]  # (byte offset, line number, reason, raw bytes)


def text_hash(text: str) -> str:
    """First 16 hex digits of SHA-256 of an article's clean body: equal for verbatim copies."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass
class CommitResult:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)


class Store:
    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self._known: set[str] = set()
        self._scanned: tuple[int, int] | None = None  # (inode, offset) scanned into _known

    # --- reading -------------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.is_file()

    def lines(self, start: int = 0) -> Iterator[tuple[int, int, bytes]]:
        """(line number, end offset, raw line) for complete lines; start must be a line start.

        An unterminated last line counts only when it is a whole record (a prefix of a JSON
        object never parses): it is yielded with the newline the next writer will add."""
        try:
            fh = self.path.open("rb")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot read store: {exc.strerror}", where=str(self.path)) from exc
        with fh:
            fh.seek(start)
            offset = start
            for lineno, raw in enumerate(fh, 1):
                offset += len(raw)
                if not raw.endswith(b"\n"):
                    if _is_record(raw):
                        yield lineno, offset + 1, raw + b"\n"
                    return  # else a write in progress or a killed writer's partial line
                yield lineno, offset, raw

    def iter_records(self, on_problem: ProblemHandler | None = None) -> Iterator[dict[str, Any]]:
        """Stream every valid record; corrupt lines go to `on_problem` and are skipped."""
        for lineno, _, raw in self.lines():
            record = self.decode(raw, lineno, on_problem)
            if record is not None:
                yield record

    def decode(
        self, raw: bytes, lineno: int, on_problem: ProblemHandler | None
    ) -> dict[str, Any] | None:
        return decode_line(self.path, raw, lineno, on_problem)

    def read_at(self, offset: int) -> dict[str, Any] | None:
        """The record on the line starting at byte `offset` (from a sidecar's entry)."""
        for lineno, _, raw in self.lines(offset):
            return self.decode(raw, lineno, None)
        return None

    def get(self, ids: Iterable[str], on_problem: ProblemHandler | None = None) -> list[dict]:
        wanted = set(ids)
        return [r for r in self.iter_records(on_problem) if r["id"] in wanted]

    # --- the reading interface both layouts share (see `ukpeace_cli.store`) ----------------

    layout = "file"
    commit_every = 64  # records per commit (and durable result batch) during an ingest

    def iter_positions(
        self, on_problem: ProblemHandler | None = None
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(offset, record) for every valid record in store order; `read_at(offset)` reads it."""
        start = 0
        for lineno, end, raw in self.lines():
            record = self.decode(raw, lineno, on_problem)
            if record is not None:
                yield start, record
            start = end

    def find(self, rid: str) -> int | None:
        """The offset of the first record with id `rid`, or None."""
        start = 0
        for _, end, raw in self.lines():
            if _fast_id(raw) == rid and _is_record(raw):
                return start
            start = end
        return None

    def count(self) -> int:
        return sum(1 for _ in self.iter_records())

    def read_range(self, start: int, end: int) -> bytes:
        """The stored bytes from `start` to `end` (fewer if the store is shorter)."""
        with self.path.open("rb") as fh:
            fh.seek(start)
            return fh.read(end - start)

    def identity(self) -> int | None:
        """Changes whenever lines already read may have changed (a rewrite: a new inode); None
        when there is no store."""
        try:
            return self.path.stat().st_ino
        except FileNotFoundError:
            return None

    def cache_path(self, name: str) -> Path:
        """Where a cache derived from the store lives: `<store>.NAME`."""
        return self.path.with_name(f"{self.path.name}.{name}")

    def problem_at(self, offset: int, lineno: int, reason: str) -> StoreProblem:
        return StoreProblem(str(self.path), lineno, reason)

    # --- writing -------------------------------------------------------------------------

    def locked(self) -> contextlib.AbstractContextManager[None]:
        return hold_lock(self.lock_path)

    def _refresh_known(self) -> None:
        """Bring the id set up to date with the file. Caller holds the lock."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            self._known, self._scanned = set(), None
            return
        start = 0
        if self._scanned and self._scanned[0] == st.st_ino and self._scanned[1] <= st.st_size:
            start = self._scanned[1]
        else:
            self._known = set()
        scanned_to = start
        for _, line_end, raw in self.lines(start):
            scanned_to = line_end
            rid = _fast_id(raw)
            if rid:
                self._known.add(rid)
        self._scanned = (st.st_ino, scanned_to)

    def _repair_tail(self, on_problem: ProblemHandler | None) -> None:
        """Give a whole last record its missing newline, or set aside a partial last line (a
        killed writer's, or a damaged one). Caller holds the lock."""
        try:
            size = self.path.stat().st_size
            with self.path.open("rb") as fh:  # read-only first: a clean tail needs no write access
                fh.seek(max(size - 1, 0))
                if size == 0 or fh.read(1) == b"\n":
                    return
                start = _last_line_start(fh, size)
                fh.seek(start)
                tail = fh.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StoreError(f"cannot read store: {exc.strerror}", where=str(self.path)) from exc
        if _is_record(tail):
            with self._writing("ab") as fh:
                fh.write(b"\n")
            return
        reason = "partial last line (a killed writer's or a damaged record)"
        self._set_aside([(start, self._count_lines(start) + 1, reason, tail)], on_problem)
        with self._writing("rb+") as fh:
            fh.truncate(start)

    def _count_lines(self, end: int) -> int:
        """Newlines before byte `end` (only when a bad line is set aside, so rarely)."""
        count, pos = 0, 0
        with self.path.open("rb") as fh:
            while pos < end:
                chunk = fh.read(min(1 << 20, end - pos))
                if not chunk:
                    break
                count += chunk.count(b"\n")
                pos += len(chunk)
        return count

    @contextlib.contextmanager
    def _writing(self, mode: str) -> Iterator[Any]:
        """The store opened for writing, flushed and fsynced; OSError becomes a StoreError."""
        try:
            with self.path.open(mode) as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
        except OSError as exc:
            raise StoreError(f"cannot write store: {exc.strerror}", where=str(self.path)) from exc

    @property
    def rejected_path(self) -> Path:
        return self.path.with_name(self.path.name + ".rejected")

    def _set_aside(
        self, bad: list[tuple[int, int, str, bytes]], on_problem: ProblemHandler | None
    ) -> None:
        set_aside(self.rejected_path, str(self.path), bad, on_problem)

    def repair(self, on_problem: ProblemHandler | None = None) -> None:
        """Under the lock: mend the last line (see `_repair_tail`) and drop dead temporary files."""
        if not self.path.exists():
            return
        with self.locked():
            self._repair_tail(on_problem)
            self._remove_stale_temps()

    def _remove_stale_temps(self) -> None:
        # Holding the lock, no other writer is mid-rewrite: any temp file is a dead writer's.
        for tmp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()

    def commit(
        self,
        new: list[dict[str, Any]],
        replace: dict[str, dict[str, Any]] | None = None,
        on_problem: ProblemHandler | None = None,
    ) -> CommitResult:
        """Append `new` records (skipping ids already stored) and replace records by id.
        `on_problem` hears of every line set aside in `<store>.rejected`."""
        result = CommitResult()
        if not new and not replace:
            return result
        with self.locked():
            self._repair_tail(on_problem)
            self._remove_stale_temps()
            self._refresh_known()
            fresh = []
            seen: set[str] = set()
            for rec in new:
                if rec["id"] in self._known or rec["id"] in seen:
                    result.already_present.append(rec["id"])
                else:
                    seen.add(rec["id"])
                    fresh.append(rec)
            if replace:
                self._rewrite(replace, fresh, result, on_problem)
            elif fresh:
                self._append(fresh)
            result.added.extend(r["id"] for r in fresh)
            self._known.update(seen)
        return result

    def _append(self, records: list[dict[str, Any]]) -> None:
        try:
            with self.path.open("ab") as fh:
                fh.write("".join(dumps(r) for r in records).encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
                end = fh.tell()
        except OSError as exc:
            raise StoreError(f"cannot write store: {exc.strerror}", where=str(self.path)) from exc
        self._scanned = (self.path.stat().st_ino, end)

    def _rewrite(
        self,
        replace: dict[str, dict[str, Any]],
        append: list[dict[str, Any]],
        result: CommitResult,
        on_problem: ProblemHandler | None,
    ) -> None:
        """Write the store anew with `replace`d records and `append` at the end. Lines that are
        not records are set aside in `<store>.rejected` (blank lines are dropped)."""
        folder = self.path.parent
        tmp = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
            bad: list[tuple[int, int, str, bytes]] = []
            with os.fdopen(fd, "wb") as out:
                start = 0
                for lineno, end, raw in self.lines():
                    rid = _fast_id(raw)
                    if rid in replace:
                        out.write(dumps(replace[rid]).encode("utf-8"))
                        result.replaced.append(rid)
                    else:
                        record, reason = _parse(raw)
                        if reason:
                            bad.append((start, lineno, reason, raw))
                        elif record is not None:
                            out.write(raw)
                    start = end
                for rec in append:
                    out.write(dumps(rec).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            if bad:  # durably set aside before the old file (which still holds them) goes
                self._set_aside(bad, on_problem)
            if self.path.exists():
                os.chmod(tmp, self.path.stat().st_mode & 0o777)
            os.replace(tmp, self.path)
            dirfd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dirfd)
            finally:
                os.close(dirfd)
        except OSError as exc:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            raise StoreError(f"cannot rewrite store: {exc.strerror}", where=str(self.path)) from exc
        self._scanned = None  # new inode: rescan next time


@contextlib.contextmanager
def hold_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive `flock` on `lock_path` (created, with its folder, if need be)."""
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(
            f"cannot create the store lock: {exc.strerror}",
            where=str(lock_path),
            hint="check that the store's folder is writable",
        ) from exc
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def set_aside(
    where: Path,
    source: str,
    bad: list[BadLine],
    on_problem: ProblemHandler | None,
    part: str | None = None,
) -> None:
    """Append (offset, line, reason, raw) entries to the rejected file `where`, durably, before
    the lines leave the store (`source`, and `part` of a sharded one); then report each one."""
    rows = []
    for offset, lineno, reason, raw in bad:
        row: dict[str, Any] = {"offset": offset, "line": lineno, "reason": reason}
        if part is not None:
            row["part"] = part
        try:
            row["raw"] = raw.decode("utf-8")
        except UnicodeDecodeError:  # kept byte for byte
            row["raw_base64"] = base64.b64encode(raw).decode("ascii")
        rows.append(dumps(row))
    try:
        with where.open("ab") as fh:
            fh.write("".join(rows).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise StoreError(
            f"cannot set aside a corrupt store line: {exc.strerror}",
            where=str(where),
            hint="check that the store's folder is writable",
        ) from exc
    for offset, lineno, reason, _ in bad:
        if on_problem:
            note = f"{reason}: moved to {where} (byte {offset})"
            on_problem(StoreProblem(source, lineno, note))


def decode_line(
    path: Path | str, raw: bytes, lineno: int, on_problem: ProblemHandler | None
) -> dict[str, Any] | None:
    """The record on one line of `path`, or None; a corrupt line goes to `on_problem`."""
    record, reason = _parse(raw)
    if reason and on_problem:
        on_problem(StoreProblem(str(path), lineno, reason))
    return record


def _parse(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None) for an article line, (None, reason) for a corrupt one, (None, None) blank."""
    if not raw.strip():
        return None, None
    try:
        record = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return None, f"corrupt store line: {exc}"
    if not isinstance(record, dict) or not isinstance(record.get("id"), str):
        return None, "store line is not an article"
    return record, None


def _is_record(raw: bytes) -> bool:
    return _parse(raw)[0] is not None


def _last_line_start(fh: Any, size: int) -> int:
    """Byte offset where the file's last line starts (after the last newline)."""
    pos = size
    while pos > 0:
        step = min(65536, pos)
        pos -= step
        fh.seek(pos)
        nl = fh.read(step).rfind(b"\n")
        if nl >= 0:
            return pos + nl + 1
    return 0


def _fast_id(raw: bytes) -> str | None:
    """The record id without parsing the whole line: records are written with `id` first."""
    head = raw[:64]
    if head.startswith(b'{"id":"'):
        end = head.find(b'"', 7)
        if end > 7:
            return head[7:end].decode("ascii", "replace")
    try:
        rec = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    rid = rec.get("id") if isinstance(rec, dict) else None
    return rid if isinstance(rid, str) else None
