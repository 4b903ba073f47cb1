"""A sharded store's id index, `ids.idx`: every record id -> (part number, byte offset in the part).

A cache, rebuilt from the parts whenever it is missing, damaged or stale: it names the parts it
covers (name and SHA-256), and parts it does not cover are read and added, parts no longer in
the manifest dropped. Format (small and dependency-free; numpy is already a dependency):

    line 1: JSON header {"index": 1, "count": N, "parts": {NAME: SHA256, ...}}
    then N little-endian uint64 keys (sorted), N uint32 part numbers, N uint64 offsets

A key is the id read as a 64-bit number when it is 16 lower-case hex digits (every id ukpeace
gives), else the first 64 bits of SHA-256 of the id. A key match is confirmed by reading the line
it points to, so a hand-written id that shares a key with another is never mistaken for it.
20 bytes per record: 20 MB per million, read at once (pyarrow/Parquet would add a large
dependency for a sorted array lookup that numpy's `searchsorted` already does).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from ukpeace_cli.errors import warn_cache

INDEX = "ids.idx"
VERSION = 1
_HEX16 = re.compile(r"[0-9a-f]{16}")


def id_key(rid: str) -> int:
    if _HEX16.fullmatch(rid):
        return int(rid, 16)
    return int(hashlib.sha256(rid.encode("utf-8")).hexdigest()[:16], 16)


class IdIndex:
    def __init__(
        self,
        keys: np.ndarray,
        parts: np.ndarray,
        offsets: np.ndarray,
        covered: dict[str, str],
    ):
        self.keys, self.parts, self.offsets, self.covered = keys, parts, offsets, covered

    @classmethod
    def empty(cls) -> IdIndex:
        return cls(np.zeros(0, "<u8"), np.zeros(0, "<u4"), np.zeros(0, "<u8"), {})

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[int, int, int]], covered: dict[str, str]) -> IdIndex:
        """From (key, part number, offset) rows, in any order."""
        arr = np.array(list(rows), dtype=np.uint64).reshape(-1, 3)
        order = np.argsort(arr[:, 0], kind="stable")
        arr = arr[order]
        return cls(
            arr[:, 0].astype("<u8"), arr[:, 1].astype("<u4"), arr[:, 2].astype("<u8"), covered
        )

    def __len__(self) -> int:
        return int(self.keys.size)

    def lookup(self, rid: str) -> list[tuple[int, int]]:
        """(part number, offset) of every entry whose key is the id's (usually 0 or 1)."""
        key = np.uint64(id_key(rid))
        lo = int(np.searchsorted(self.keys, key, "left"))
        hi = int(np.searchsorted(self.keys, key, "right"))
        return [(int(self.parts[i]), int(self.offsets[i])) for i in range(lo, hi)]

    def merged(self, other: IdIndex, keep_parts: set[int]) -> IdIndex:
        """This index's entries for `keep_parts`, plus every entry of `other`."""
        mask = np.isin(self.parts, np.fromiter(keep_parts, np.uint32, len(keep_parts)))
        keys = np.concatenate([self.keys[mask], other.keys])
        parts = np.concatenate([self.parts[mask], other.parts])
        offsets = np.concatenate([self.offsets[mask], other.offsets])
        order = np.argsort(keys, kind="stable")
        covered = {n: s for n, s in self.covered.items() if _num(n) in keep_parts}
        covered.update(other.covered)
        return IdIndex(keys[order], parts[order], offsets[order], covered)

    # --- the file ------------------------------------------------------------------------

    @classmethod
    def load(cls, folder: Path) -> IdIndex | None:
        """The index file, or None when it is missing or damaged."""
        try:
            data = (folder / INDEX).read_bytes()
            nl = data.index(b"\n")
            header: Any = json.loads(data[:nl])
            if header.get("index") != VERSION:
                return None
            n = int(header["count"])
            body = data[nl + 1 :]
            if len(body) != 20 * n:
                return None
            keys = np.frombuffer(body, "<u8", n, 0)
            parts = np.frombuffer(body, "<u4", n, 8 * n)
            offsets = np.frombuffer(body, "<u8", n, 12 * n)
            return cls(keys, parts, offsets, dict(header["parts"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, folder: Path) -> None:
        """Atomically replace the index file; one that cannot be written is only a cache."""
        path = folder / INDEX
        header = {"index": VERSION, "count": len(self), "parts": self.covered}
        tmp = folder / f".{INDEX}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with tmp.open("wb") as fh:
                fh.write(json.dumps(header).encode("utf-8") + b"\n")
                for arr, dtype in ((self.keys, "<u8"), (self.parts, "<u4"), (self.offsets, "<u8")):
                    fh.write(np.ascontiguousarray(arr, dtype).tobytes())
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            warn_cache(path, exc)


def _num(name: str) -> int:
    from ukpeace_cli.store.manifest import part_number

    return part_number(name)
