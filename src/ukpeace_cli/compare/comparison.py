"""The whole comparison: the story chosen, every measure computed over its articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ukpeace_cli.compare.base import Article, Measure, make_articles
from ukpeace_cli.compare.copies import copies
from ukpeace_cli.compare.credit import credit, origin_outlet, reuse
from ukpeace_cli.compare.facts import SharedPassage, facts
from ukpeace_cli.compare.framing import hedging, loaded, reporting_verbs
from ukpeace_cli.compare.naming import naming
from ukpeace_cli.compare.overview import overview
from ukpeace_cli.compare.quoted import voices
from ukpeace_cli.compare.renderings import renderings
from ukpeace_cli.compare.sources import Citation, SourceTyper, sources
from ukpeace_cli.compare.story import event_clusters, select_story, story_clusters
from ukpeace_cli.stories import StoryCluster

MEASURES = (
    "overview",
    "sources",
    "credit",
    "voices",
    "renderings",
    "reporting_verbs",
    "hedging",
    "loaded",
    "naming",
    "facts",
    "reuse",
    "copies",  # the events unit only: the copy groups inside the event
)


@dataclass
class Comparison:
    story_label: str
    articles: list[Article]
    measures: list[Measure]
    origin: str | None
    passages: list[SharedPassage]
    citations: dict[str, list[Citation]]
    unit: str = "copies"  # "events": the story layer's event, its copy groups inside


def compare_story(
    records: list[dict[str, Any]],
    *,
    story: str | None = None,
    article_ids: list[str] | None = None,
    outlets: list[str] | None = None,
    aliases_path: str | None = None,
    lexicons_path: str | None = None,
    store_path: str | None = None,
    store_key: list[Any] | None = None,
    unit: str = "copies",
) -> Comparison | None:
    """Everything `compare` shows, from stored records only (no model). `unit`: "copies"
    (the copy layer's stories) or "events" (the story layer's events, story.py)."""
    from ukpeace_cli import entities, quotes

    aliases = entities.load_aliases(aliases_path)
    # Stories come from clustering the whole store; passages only from the chosen articles.
    stories = None
    if not (article_ids or outlets):
        find = event_clusters if unit == "events" else story_clusters
        stories = find(records, store_path, store_key)
    picked = select_story(records, stories, story, article_ids or [], outlets or [])
    if picked is None:
        return None
    label, chosen = picked
    resolver = entities.Resolver.build(records, aliases)
    background = [s for rec in records for s in quotes.quote_stems(rec)]
    event = _event(stories, label, unit)
    return _compare(label, chosen, resolver, background, aliases, lexicons_path, event)


def compare_in_store(
    store: Any,
    *,
    story: str | None = None,
    article_ids: list[str] | None = None,
    outlets: list[str] | None = None,
    aliases_path: str | None = None,
    lexicons_path: str | None = None,
    on_problem: Any = None,
    unit: str = "copies",
) -> Comparison | None:
    """`compare_story` over a store without parsing every article: the story from the kept
    clusters (`stories.py`), canonical names and the article index from the entities sidecar,
    quote word rarity from the quotes sidecar, and only the chosen articles read (by offset).
    With no clusters kept yet for a story choice, the whole store is read and clustered
    (`compare_story`), and the clusters are kept for next time."""
    from ukpeace_cli import dedupe, entities, quotes, stories

    kind = "events" if unit == "events" else "stories"
    # The key is taken before reading: a store changed meanwhile is not kept (stories.py).
    store_key = stories.store_key(str(store.path), dedupe.DEFAULT_THRESHOLD, kind)
    by_article = bool(article_ids or outlets)
    kept = None if by_article else stories.load(str(store.path), store_key, kind)
    if not by_article and kept is None:
        return compare_story(
            list(store.iter_records(on_problem)),
            story=story,
            aliases_path=aliases_path,
            lexicons_path=lexicons_path,
            store_path=str(store.path),
            store_key=store_key,
            unit=unit,
        )
    aliases = entities.load_aliases(aliases_path)
    report = entities.store_report(store, aliases, on_problem=on_problem, merge=False)
    stubs = [{"id": rid, "outlet": outlet, "ref": ref} for ref, rid, outlet in report.index]
    picked = select_story(stubs, kept, story, article_ids or [], outlets or [])
    if picked is None:
        return None
    label, chosen_stubs = picked
    chosen = [rec for s in chosen_stubs if (rec := store.read_at(s["ref"])) is not None]
    background = quotes.store_quote_stems(store)
    event = _event(kept, label, unit)
    return _compare(label, chosen, report.resolver, background, aliases, lexicons_path, event)


def _event(stories: list[StoryCluster] | None, label: str, unit: str) -> StoryCluster | None:
    """The chosen event (its copy groups and links), when the unit is events and a story (not
    chosen articles) was picked."""
    if unit != "events":
        return None
    return next((s for s in stories or [] if s.id == label), None)


def _compare(
    label: str,
    chosen: list[dict[str, Any]],
    resolver: Any,
    background: list[Any],
    aliases: dict[str, Any],
    lexicons_path: str | None,
    event: StoryCluster | None = None,
) -> Comparison:
    """The measures over the chosen records. `resolver`: canonical names over the whole store;
    `background`: the content-word stems of every quote in the store (word rarity); `event`:
    the story layer's event chosen (its copy groups are shown, `copies`)."""
    from ukpeace_cli import dedupe, entities, quotes
    from ukpeace_cli.lexicons import load_lexicons

    lexicons = load_lexicons(lexicons_path)
    found = dedupe.find_duplicates(chosen, passages=True)

    def canonical(name: str, label_: str | None) -> str:
        return resolver.canonical(name, label_)

    arts = make_articles(chosen)
    typer = SourceTyper(lexicons, resolver.kind, resolver.label)
    src_measure, cites = sources(arts, typer, canonical)
    origin = origin_outlet(arts, cites)
    ids = {a.id for a in arts}
    rows = list(quotes.quote_rows(chosen, resolver))
    groups = quotes.group_quotes(rows, background_stems=background)
    report = entities.build_report(chosen, aliases)
    suggested = {
        s["variant"]: s["canonical"] for s in entities.suggestions(report, frozenset({"PERSON"}))
    }
    shared = [
        SharedPassage(
            earlier=p.earlier,
            later=p.later,
            earlier_text=p.earlier_text,
            later_text=p.later_text,
            earlier_start=p.earlier_span[0],
            earlier_end=p.earlier_span[1],
            later_start=p.later_span[0],
            later_end=p.later_span[1],
            similarity=p.similarity,
            credited=p.credited,
            direction_known=p.direction != "unknown",
        )
        for p in found.passages
        if p.earlier in ids and p.later in ids and not p.quote
    ]
    measures = [
        overview(arts),
        src_measure,
        credit(arts, cites, origin),
        voices(arts, canonical),
        renderings(arts, [g.rows for g in groups]),
        reporting_verbs(arts, lexicons),
        hedging(arts, lexicons),
        loaded(arts, lexicons),
        naming(arts, canonical, suggested),
        facts(arts, shared),
        reuse(arts, shared, cites, origin),
    ]
    if event is None:
        return Comparison(label, arts, measures, origin, shared, cites)
    measures.append(copies(arts, event.copy_groups, cites, shared, event.links))
    return Comparison(label, arts, measures, origin, shared, cites, unit="events")
