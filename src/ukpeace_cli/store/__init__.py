"""The article store, in one of two layouts that read and write through the same interface.

- a **file** (`Store`, `single.py`): one JSONL file, one article per line; the default.
- a **folder** (`ShardedStore`, `sharded.py`): `manifest.json` listing immutable JSONL parts
  under `parts/`, a rebuildable id index (`index.py`) and temporary parts with leases
  (`parts.py`) for writers that work outside the lock.

`open_store(path)` picks the layout: an existing folder, or a path ending in `/`, is sharded.

Reading (both layouts): `exists()`, `iter_records(on_problem)` and `iter_positions(on_problem)`
in canonical order (file order; for a folder, manifest order then line order), `read_at(pos)`,
`find(id)`, `get(ids)`, `count()`, `lines(start)` (raw lines with their end positions, which
the sidecars digest), `identity()` and `cache_path(name)` for caches.

Writing (both): `repair(on_problem)` and `commit(new, replace, on_problem)` under the store
lock. A sharded store also offers the two halves of a distributed write: `write_part(records)`
(worker side, no lock: a temporary part with a lease) and `commit_parts(parts)` (client side,
under the lock: ids checked against the index, then one atomic manifest swap).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ukpeace_cli.store.single import (
    SCHEMA_VERSION,
    CommitResult,
    ProblemHandler,
    Store,
    StoreProblem,
    dumps,
    text_hash,
)

__all__ = [
    "SCHEMA_VERSION",
    "CommitResult",
    "ProblemHandler",
    "Store",
    "StoreProblem",
    "dumps",
    "is_sharded_path",
    "open_store",
    "text_hash",
]


def is_sharded_path(path: str | os.PathLike[str]) -> bool:
    """A folder, or a path written with a trailing `/` (a sharded store yet to be made)."""
    text = os.fspath(path)
    return Path(text).is_dir() or text.endswith(("/", os.sep))


def open_store(path: str | os.PathLike[str]) -> Any:
    """The store at `path`: a `ShardedStore` for a folder, else the single-file `Store`."""
    if is_sharded_path(path):
        from ukpeace_cli.store.sharded import ShardedStore

        return ShardedStore(path)
    return Store(path)
