"""Which articles to compare: chosen articles or outlets, a story id, or the largest story.

Two units of story (`compare --stories`): "copies", the copy layer's clusters (`dedupe`'s
stories: articles that share copied or paraphrased passages), and "events", the story layer's
events (`dedupe --events`: independently written reports of one event, each with the copy
groups inside it). Both are read from the store's records only; no spaCy model runs.
"""

from __future__ import annotations

from typing import Any

from ukpeace_cli.entities import outlet_label
from ukpeace_cli.stories import StoryCluster

UNITS = ("copies", "events")


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


def event_clusters(
    records: list[dict[str, Any]], store_path: str | None, key: list[Any] | None = None
) -> list[StoryCluster]:
    """The store's events (the story layer over the copy layer, as `dedupe --events` finds
    them), from `<store>.events.json` when it is current, else clustered here and kept there
    (the copy layer's stories are kept on the way). `key` as for `story_clusters`."""
    from ukpeace_cli import dedupe, memory, stories
    from ukpeace_cli.events import cluster_events, copy_evidence

    if store_path and key is None:
        key = stories.store_key(store_path, dedupe.DEFAULT_THRESHOLD, "events")
    cached = stories.load(store_path, key, "events") if store_path else None
    if cached is not None:
        return cached
    found = dedupe.find_duplicates(records, passages=False)
    copies = [StoryCluster(c.id, list(c.articles)) for c in found.clusters]
    units, scored = copy_evidence(found)
    del found  # its pairs hold the copy layer's texts: not alive while the story layer reads
    memory.give_back()
    out = [stories.from_event(e) for e in cluster_events(records, units, copy_pairs=scored)]
    if store_path and key is not None:
        stories.save(store_path, key[:6], copies)
        stories.save(store_path, key, out, "events")
    return out
