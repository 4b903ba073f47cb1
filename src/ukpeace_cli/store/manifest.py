"""A sharded store's `manifest.json`: the ordered list of committed parts, swapped atomically.

A part not listed here does not exist for readers. Fields:
- `format`: 1.
- `parts`: in canonical order, each `{"name", "records", "bytes", "sha256"}` (the part file's
  name under `parts/`, its record count, its size in bytes and the SHA-256 of its bytes).
- `next_part`: the number the next new part gets (`part-NNNNN.jsonl`); never reused.
- `base`: a token that changes whenever a committed part is replaced or dropped (not when parts
  are only added), so a cache of the store's lines knows whether it can be extended.
- `retired`: parts replaced by a commit, `{"name", "at"}` (epoch seconds): kept for a grace
  period so that a reader holding the previous manifest can still read them, then deleted.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import StoreError

FORMAT = 1
MANIFEST = "manifest.json"
PART_PREFIX = "part-"


@dataclass
class PartInfo:
    name: str
    records: int
    bytes: int
    sha256: str

    @property
    def number(self) -> int:
        return part_number(self.name)


@dataclass
class Manifest:
    parts: list[PartInfo] = field(default_factory=list)
    next_part: int = 0
    base: str = field(default_factory=lambda: uuid.uuid4().hex)
    retired: list[dict[str, Any]] = field(default_factory=list)
    format: int = FORMAT

    def new_part_name(self) -> str:
        name = f"{PART_PREFIX}{self.next_part:05d}.jsonl"
        self.next_part += 1
        return name

    def records(self) -> int:
        return sum(p.records for p in self.parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "parts": [asdict(p) for p in self.parts],
            "next_part": self.next_part,
            "base": self.base,
            "retired": self.retired,
        }


def part_number(name: str) -> int:
    """`part-00012.jsonl` -> 12."""
    return int(name[len(PART_PREFIX) :].split(".", 1)[0])


def load(folder: Path) -> Manifest:
    """The folder's manifest; an empty one when there is none yet. A damaged manifest is a
    StoreError: the parts cannot be put in order without it."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return Manifest()
    except OSError as exc:
        raise StoreError(f"cannot read the manifest: {exc.strerror}", where=str(path)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise StoreError(f"damaged manifest: {exc}", where=str(path)) from exc
    try:
        if data["format"] != FORMAT:
            raise StoreError(
                f"manifest format {data['format']} is not known to this ukpeace",
                where=str(path),
                hint="upgrade ukpeace",
            )
        parts = [
            PartInfo(str(p["name"]), int(p["records"]), int(p["bytes"]), str(p["sha256"]))
            for p in data["parts"]
        ]
        return Manifest(parts, int(data["next_part"]), str(data["base"]), list(data["retired"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"damaged manifest: missing or bad {exc}", where=str(path)) from exc


def save(folder: Path, manifest: Manifest) -> None:
    """Write the manifest to a temporary sibling, fsync it, `os.replace` it over the old one and
    fsync the folder: a reader sees the old manifest or the new one, never a mix."""
    path = folder / MANIFEST
    tmp = folder / f".{MANIFEST}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    data = json.dumps(manifest.as_json(), indent=1).encode("utf-8") + b"\n"
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        fsync_dir(folder)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write the manifest: {exc.strerror}", where=str(path)) from exc


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def missing_part(path: Path | str) -> StoreError:
    """The error for a part the manifest lists but the folder lacks (one wording everywhere)."""
    return StoreError(
        "a part listed in the manifest is missing",
        where=str(path),
        hint="restore it, or the manifest, from a backup",
    )
