"""Temporary parts of a sharded store and their leases: how a writer adds records without the lock.

A writer (an ingest, or later a worker on another machine) writes `parts/tmp-<uuid>.jsonl` and,
first, `parts/tmp-<uuid>.lease`: `{"pid", "host", "expires"}` (epoch seconds). Until a commit
names it in the manifest, a temporary part does not exist for readers. A writer whose work takes
longer than the lease renews it (`renew`). Holding the store lock, the next writer removes a
temporary part only when its lease has expired or names a process of this host that is gone:
a slow but live writer on another machine keeps its parts.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import StoreError

LEASE_SECONDS = 600.0
TMP_PREFIX = "tmp-"


@dataclass(frozen=True)
class TempPart:
    """A part written but not committed; plain paths and numbers, so it pickles to a client."""

    path: str
    lease: str
    records: int
    bytes: int
    sha256: str


def write_temp_part(
    parts_dir: Path, lines: Iterable[bytes], ttl: float = LEASE_SECONDS
) -> TempPart:
    """Write `lines` (each a whole JSONL line) to a new temporary part, fsynced, with a lease."""
    uid = uuid.uuid4().hex
    lease = parts_dir / f"{TMP_PREFIX}{uid}.lease"
    path = parts_dir / f"{TMP_PREFIX}{uid}.jsonl"
    digest, count, size = hashlib.sha256(), 0, 0
    try:
        parts_dir.mkdir(parents=True, exist_ok=True)
        write_lease(lease, ttl)  # before the part: no temporary part is ever without its lease
        with path.open("xb") as fh:
            for raw in lines:
                if not raw.endswith(b"\n"):
                    raw += b"\n"
                fh.write(raw)
                digest.update(raw)
                count += 1
                size += len(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        for p in (path, lease):
            with contextlib.suppress(OSError):
                p.unlink()
        raise StoreError(f"cannot write a store part: {exc.strerror}", where=str(path)) from exc
    return TempPart(str(path), str(lease), count, size, digest.hexdigest())


def _host_tag() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:8]


def write_lease(lease: Path, ttl: float = LEASE_SECONDS) -> None:
    """Create or renew a lease: this process on this host, valid for `ttl` seconds."""
    data = {"pid": os.getpid(), "host": socket.gethostname(), "expires": time.time() + ttl}
    # The name says who writes it, so a writer killed mid-write (content empty or cut) leaves a
    # file the next writer can judge without reading it.
    tmp = lease.with_name(f".{lease.name}.{_host_tag()}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, lease)


def renew(part: TempPart, ttl: float = LEASE_SECONDS) -> None:
    """Extend a temporary part's lease (a writer whose work outlasts it)."""
    try:
        write_lease(Path(part.lease), ttl)
    except OSError as exc:
        raise StoreError(f"cannot renew a lease: {exc.strerror}", where=part.lease) from exc


def release(part: TempPart) -> None:
    """Drop a temporary part (if still there) and its lease."""
    for p in (part.path, part.lease):
        with contextlib.suppress(OSError):
            os.unlink(p)


def lease_is_live(lease: Path, now: float | None = None, grace: float = LEASE_SECONDS) -> bool:
    """True while the lease has not expired and its owner, if on this host, still runs. One
    that cannot be read (its writer killed mid-write) counts as live for `grace` seconds."""
    now = time.time() if now is None else now
    try:
        data: Any = json.loads(lease.read_text("utf-8"))
        expires, host, pid = float(data["expires"]), str(data["host"]), int(data["pid"])
    except FileNotFoundError:
        return False
    except (OSError, ValueError, KeyError, TypeError):  # unreadable: trust its age alone
        try:
            return now - lease.stat().st_mtime < grace
        except OSError:
            return False
    if expires <= now:
        return False
    return host != socket.gethostname() or _pid_alive(pid)


def _lease_in_writing_is_live(tmp: Path, now: float | None) -> bool:
    """A lease file not yet in place: its writer, named in the file name, gone from this host
    means stale at once, readable or not; otherwise judged as a lease (unreadable: 60 s)."""
    tag, _, rest = tmp.name.rpartition(".lease.")[2].partition("-")
    pid = rest.partition("-")[0]
    if tag == _host_tag() and pid.isdigit() and not _pid_alive(int(pid)):
        return False
    return lease_is_live(tmp, now, grace=60.0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_stale(parts_dir: Path, keep: Iterable[str] = (), now: float | None = None) -> list[str]:
    """Under the store lock: remove temporary parts (and leases) whose lease is not live; keep
    the paths in `keep` (the parts being committed). Returns the names removed."""
    kept = {os.path.basename(k) for k in keep}
    removed: list[str] = []
    if not parts_dir.is_dir():
        return removed
    for lease in sorted(parts_dir.glob(f"{TMP_PREFIX}*.lease")):
        part = lease.with_suffix(".jsonl")
        if part.name in kept or lease_is_live(lease, now):
            continue
        for p in (part, lease):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
                removed.append(p.name)
    for tmp in sorted(parts_dir.glob(f".{TMP_PREFIX}*.lease.*")):  # a lease being written
        if not _lease_in_writing_is_live(tmp, now):
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed.append(tmp.name)
    for part in sorted(parts_dir.glob(f"{TMP_PREFIX}*.jsonl")):
        # Its lease is gone: released by a writer killed before removing the part itself.
        if part.name not in kept and not part.with_suffix(".lease").exists():
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
                removed.append(part.name)
    return removed
