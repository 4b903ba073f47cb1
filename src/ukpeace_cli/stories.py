"""The store's story clusters, kept in `<store>.stories.json` so `compare` need not cluster again.

Clustering a big store is the slow part of `compare`: `dedupe` (at the default threshold, over
the whole store) and `compare` both write what they found here, and `compare` reads it back.
The file is valid while the store file (a sharded store's manifest) is unchanged (size,
modification time, inode) and for the same ukpeace version, fingerprint version (the hashes
dedupe compares sentences and shingles with: `shingles.FINGERPRINT_VERSION`) and threshold;
otherwise it is ignored and rewritten. A sharded store keeps it inside its folder
(`STORE/stories.json`). Writes are atomic (a temporary sibling renamed over it), and a folder
where it cannot be written (or a full disk) only means clustering again next time, with a
CacheWarning.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from typing import Any

from ukpeace_cli.errors import warn_cache


@dataclass
class StoryCluster:
    id: str
    articles: list[str]


def cache_path(store_path: str) -> str:
    if os.path.isdir(store_path):  # a sharded store keeps its caches inside
        return os.path.join(store_path, "stories.json")
    return f"{store_path}.stories.json"


def store_key(store_path: str, threshold: float) -> list[Any] | None:
    """What the cached clusters depend on; None when there is no store file."""
    from ukpeace_cli import __version__
    from ukpeace_cli.shingles import FINGERPRINT_VERSION

    if os.path.isdir(store_path):  # a sharded store changes only by a new manifest
        store_path = os.path.join(store_path, "manifest.json")
    try:
        st = os.stat(store_path)
    except OSError:
        return None
    fingerprints = f"fp{FINGERPRINT_VERSION}"  # clusters from other hashes are never reused
    return [st.st_size, st.st_mtime_ns, st.st_ino, __version__, fingerprints, threshold]


def load(store_path: str, key: list[Any] | None) -> list[StoryCluster] | None:
    if key is None:
        return None
    try:
        with open(cache_path(store_path), encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("key") != key:
            return None
        return [StoryCluster(str(c["id"]), list(c["articles"])) for c in data["stories"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or a stale or broken one


def save(store_path: str, key: list[Any] | None, stories: list[StoryCluster]) -> None:
    """Keep the clusters, if the store is still the one they were computed from."""
    if key is None or store_key(store_path, key[-1]) != key:
        return  # the store changed while it was being read: these may be out of date
    path = cache_path(store_path)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "stories": [c.__dict__ for c in stories]}, fh)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        warn_cache(path, exc)
