"""Which articles to compare: chosen articles or outlets, a story id, or the largest story."""

from __future__ import annotations

from typing import Any

from ukpeace_cli.entities import outlet_label
from ukpeace_cli.stories import StoryCluster


def select_story(
    records: list[dict[str, Any]],
    stories: list[StoryCluster] | None,
    story: str | None,
    article_ids: list[str],
    outlets: list[str],
) -> tuple[str, list[dict[str, Any]]] | None:
    """The records to compare and a label: chosen articles/outlets, a story id, or else the
    largest story with two or more articles (ties: the earliest story id)."""
    if article_ids or outlets:
        wanted = set(article_ids)  # full ids (selection.resolve)
        chosen = [
            r
            for r in records
            if r["id"] in wanted or outlet_label(r).lower() in {o.lower() for o in outlets}
        ]
        return ("the chosen articles", chosen) if chosen else None
    clusters = list(stories or [])
    if story:
        match = [c for c in clusters if c.id == story]
        if not match:
            return None
        cluster = match[0]
    else:
        multi = [(len(c.articles), -i, c) for i, c in enumerate(clusters) if len(c.articles) >= 2]
        if not multi:
            return None
        cluster = max(multi, key=lambda t: t[:2])[2]
    ids = set(cluster.articles)
    return cluster.id, [r for r in records if r["id"] in ids]


def story_clusters(
    records: list[dict[str, Any]], store_path: str | None, key: list[Any] | None = None
) -> list[StoryCluster]:
    """The store's stories, from `<store>.stories.json` when it is current (see stories.py),
    else clustered here and kept there. `key`: the store's key taken before `records` were
    read (taken now if not given)."""
    from ukpeace_cli import dedupe, stories

    if store_path and key is None:
        key = stories.store_key(store_path, dedupe.DEFAULT_THRESHOLD)
    cached = stories.load(store_path, key) if store_path else None
    if cached is not None:
        return cached
    found = dedupe.find_duplicates(records, passages=False)
    out = [StoryCluster(c.id, list(c.articles)) for c in found.clusters]
    if store_path:
        stories.save(store_path, key, out)
    return out
