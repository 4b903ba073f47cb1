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

The story layer's events (`compare --stories events`, `dedupe --events`) are kept the same way
in `<store>.events.json` (kind "events"), each with its copy groups and each member's strongest
link; their key also holds a digest of the event model file, so a refitted model is never
answered from clusters of the old one.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from dataclasses import dataclass, field
from typing import Any

from ukpeace_cli.errors import warn_cache


@dataclass
class StoryCluster:
    """A story: its article ids; for an event, the copy layer's groups inside it and, per
    member, its strongest scored pair inside the event (`{"article", "with", "probability",
    feature: value, ...}`: the evidence that put it there)."""

    id: str
    articles: list[str]
    copy_groups: list[list[str]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)


def from_event(event: Any) -> StoryCluster:
    """An `events.Event` as a story: its members, its copy groups and, per member, the
    strongest scored pair inside the event that holds it (ties: the other id)."""
    best: dict[str, Any] = {}
    for ev in event.evidence:
        for a in (ev.a, ev.b):
            other = ev.b if a == ev.a else ev.a
            have = best.get(a)
            if have is None or (-ev.probability, other) < (-have[0].probability, have[1]):
                best[a] = (ev, other)
    links = [
        {
            "article": a,
            "with": best[a][1],
            "probability": round(best[a][0].probability, 3),
            **{k: round(v, 3) for k, v in best[a][0].evidence.items()},
        }
        for a in event.articles
        if a in best
    ]
    return StoryCluster(event.id, list(event.articles), list(event.copy_groups), links)


def cache_path(store_path: str, kind: str = "stories") -> str:
    if os.path.isdir(store_path):  # a sharded store keeps its caches inside
        return os.path.join(store_path, f"{kind}.json")
    return f"{store_path}.{kind}.json"


def _model_digest() -> str:
    """CRC-32 of the packaged event model (coefficients, threshold, copy floor)."""
    from importlib import resources

    raw = resources.files("ukpeace_cli").joinpath("data/events_model.json").read_bytes()
    return f"model{zlib.crc32(raw):08x}"


def store_key(store_path: str, threshold: float, kind: str = "stories") -> list[Any] | None:
    """What the cached clusters depend on; None when there is no store file. The copy
    layer's threshold stays at index 5 (`save` takes it from there)."""
    from ukpeace_cli import __version__
    from ukpeace_cli.shingles import FINGERPRINT_VERSION

    if os.path.isdir(store_path):  # a sharded store changes only by a new manifest
        store_path = os.path.join(store_path, "manifest.json")
    try:
        st = os.stat(store_path)
    except OSError:
        return None
    fingerprints = f"fp{FINGERPRINT_VERSION}"  # clusters from other hashes are never reused
    key = [st.st_size, st.st_mtime_ns, st.st_ino, __version__, fingerprints, threshold]
    return [*key, _model_digest()] if kind == "events" else key


def load(
    store_path: str, key: list[Any] | None, kind: str = "stories"
) -> list[StoryCluster] | None:
    if key is None:
        return None
    try:
        with open(cache_path(store_path, kind), encoding="utf-8") as fh:
            data = json.load(fh)
        if data.get("key") != key:
            return None
        return [
            StoryCluster(
                str(c["id"]),
                list(c["articles"]),
                [list(g) for g in c.get("copy_groups", [])],
                [dict(link) for link in c.get("links", [])],
            )
            for c in data["stories"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or a stale or broken one


def save(
    store_path: str, key: list[Any] | None, stories: list[StoryCluster], kind: str = "stories"
) -> None:
    """Keep the clusters, if the store is still the one they were computed from."""
    if key is None or store_key(store_path, key[5], kind) != key:
        return  # the store changed while it was being read: these may be out of date
    path = cache_path(store_path, kind)
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump({"key": key, "stories": [_plain(c, kind) for c in stories]}, fh)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        warn_cache(path, exc)


def _plain(story: StoryCluster, kind: str) -> dict[str, Any]:
    """The cached form: a copy-layer story keeps its id and articles only."""
    if kind == "stories":
        return {"id": story.id, "articles": story.articles}
    return dict(story.__dict__)
