"""Derived per-article digests kept next to the store, so a query need not parse whole articles.

A sidecar `<store>.<name>.jsonl` holds one line per store line: where the line sits in the store
(byte range, line number, CRC-32) and a small digest computed from the record (or, for a corrupt
line, the reason). Digests come from a codec, which may keep state across the file in store
order (e.g. a table of strings numbered once, so each digest is a few integers): it `encode`s a
new record and `absorb`s a stored digest when the file is read back. Reading it costs a
fraction of parsing the store (an article's text, sentences and annotations are most of its
bytes), and it is extended incrementally: the store only grows by appends, so new lines are
digested and appended here.

Validity: the header names the digest version and the store's inode (a rewrite replaces the
store file, so re-annotation gives a new inode); the last covered store line must still be in
place, byte for byte (its CRC). Anything else, including a damaged sidecar, rebuilds it. The
sidecar is a cache: if it cannot be written (read-only folder, full disk), what it holds is still
read and the rest computed in memory, with the same result and a CacheWarning.
"""

from __future__ import annotations

import gc
import json
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

from ukpeace_cli.errors import warn_cache
from ukpeace_cli.store import ProblemHandler, Store, StoreProblem

if TYPE_CHECKING:
    from ukpeace_cli.store.sharded import ShardedStore

try:  # POSIX only; elsewhere two readers may both extend the file (each line is still whole)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]


class Codec(Protocol):
    def encode(self, record: dict[str, Any]) -> Any: ...
    def absorb(self, digest: Any) -> None: ...


class Sidecar:
    def __init__(
        self, store: Store | ShardedStore, name: str, version: str, codec: Callable[[], Codec]
    ):
        self.store = store
        self.path = store.cache_path(f"{name}.jsonl")
        self.header = {"sidecar": name, "version": version}
        self.new_codec = codec
        self.codec = codec()

    def digests(self, on_problem: ProblemHandler | None = None) -> list[tuple[int, Any]]:
        """(store offset, digest) for every valid record, in store order; `self.codec` then
        holds the state the digests refer to."""
        with no_gc():
            entries = self._entries()
        out = []
        for entry in entries:
            start, lineno, digest, reason = entry[0], entry[2], entry[4], entry[5]
            if reason is not None:
                if on_problem:
                    on_problem(self.store.problem_at(start, lineno, reason))
            elif digest is not None:
                out.append((start, digest))
        return out

    # --- building ------------------------------------------------------------------------

    def _entries(self) -> list[list[Any]]:
        identity = self.store.identity()  # a file store's inode; a sharded store's base
        if identity is None:
            return []
        header = {**self.header, "store_inode": identity}
        try:
            with self.path.open("a+b") as fh:
                return self._extend(fh, header)
        except OSError as exc:  # read-only folder, full disk: same result, slower
            warn_cache(self.path, exc)
            return self._without_writing(header)

    def _extend(self, fh: Any, header: dict[str, Any]) -> list[list[Any]]:
        """Read the sidecar, rebuild or extend it, and return every entry."""
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # one reader extends it at a time
        try:
            fh.seek(0)
            entries = self._read(fh, header)
            if entries is None:  # missing, stale or damaged: start again
                entries = []
                self.codec = self.new_codec()
                fh.truncate(0)
                fh.write(_line(header))
            start, lineno = (entries[-1][1], entries[-1][2]) if entries else (0, 0)
            new = self._digest_lines(start, lineno)
            if new:
                fh.seek(0, os.SEEK_END)
                fh.write(b"".join(_line(e) for e in new))
            fh.flush()
            return entries + new
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _without_writing(self, header: dict[str, Any]) -> list[list[Any]]:
        """The entries of a sidecar that cannot be written: what it holds, if it can be read
        and is current, and the rest computed in memory."""
        self.codec = self.new_codec()
        try:
            with self.path.open("rb") as fh:
                entries = self._read(fh, header)
        except OSError:
            entries = None
        if entries is None:
            self.codec = self.new_codec()
            return self._digest_lines(0, 0)
        start, lineno = (entries[-1][1], entries[-1][2]) if entries else (0, 0)
        return entries + self._digest_lines(start, lineno)

    def _read(self, fh: Any, header: dict[str, Any]) -> list[list[Any]] | None:
        """The sidecar's entries if it still describes the store's first lines, else None."""
        first = fh.readline()
        pos = len(first)
        entries = []
        absorb = self.codec.absorb
        try:
            if json.loads(first) != header:
                return None
            for raw in fh:
                if not raw.endswith(b"\n"):  # a reader killed mid-write: drop the partial line
                    if fh.writable():
                        fh.truncate(pos)
                    break
                entry = json.loads(raw)
                if entry[4] is not None:
                    absorb(entry[4])
                entries.append(entry)
                pos += len(raw)
        except (ValueError, UnicodeDecodeError, TypeError, IndexError, KeyError):
            return None
        if entries and not self._still_there(entries[-1]):
            return None
        return entries

    def _still_there(self, entry: list[Any]) -> bool:
        start, end, crc = entry[0], entry[1], entry[3]
        try:
            raw = self.store.read_range(start, end)
        except OSError:
            return False
        return len(raw) == end - start and zlib.crc32(raw) == crc

    def _digest_lines(self, start: int, lineno: int) -> list[list[Any]]:
        """Entries for the store's complete lines from byte `start` (line number `lineno`)."""
        out: list[list[Any]] = []
        problems: list[StoreProblem] = []
        for n, end, raw in self.store.lines(start):
            record = self.store.decode(raw, lineno + n, problems.append)
            digest = None if record is None else self.codec.encode(record)
            reason = problems.pop().reason if problems else None  # None too for a blank line
            out.append([start, end, lineno + n, zlib.crc32(raw), digest, reason])
            start = end
        return out


@contextmanager
def no_gc() -> Iterator[None]:
    """The cyclic collector paused: building many small containers that all live on, it would
    run again and again for nothing (reading a sidecar, aggregating its digests)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
