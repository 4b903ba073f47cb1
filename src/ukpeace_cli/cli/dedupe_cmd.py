"""`ukpeace dedupe`: arguments, focus, output and exit code. The work is in ukpeace_cli.dedupe."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any

import typer

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import (
    ARTICLE_HELP,
    ConfigOpt,
    FormatOpt,
    PartitionOpt,
    QuietOpt,
    SchedulerOpt,
    ShuffleOpt,
    StoreOpt,
    handle_errors,
    make_context,
)
from ukpeace_cli.errors import ExitCode, NoMatchError

# What dedupe keeps beside the store (stories.py), keys taken before reading the store.
KINDS = ("stories", "events")

# Tables show one line per article or side; the machine formats carry the full records.
CLUSTER_COLUMNS = [
    Column("story", "Story", no_wrap=True),
    Column("size", "Articles", justify="right"),
    Column("t_outlets", "Outlets", max_width=30, min_width=12, abbreviate=True),
    Column("t_dates", "Published", max_width=25),
    Column("t_first", "First", max_width=24),
    Column("t_copies", "Verbatim copies", max_width=30, min_width=12, optional=True),
    Column("credited_sources", "All credit", max_width=20, optional=True),
]
PAIR_COLUMNS = [
    Column("story", "Story", no_wrap=True),
    Column("t_outlets", "Earlier / later", max_width=30, min_width=12, abbreviate=True),
    Column("score", "Score", justify="right"),
    Column("t_covered", "Covered", no_wrap=True),
    Column("passages", "Passages", justify="right", optional=True),
    Column("direction", "By", no_wrap=True, optional=True),
    Column("t_evidence", "Shared phrases / names", max_width=44, min_width=20),
]
PASSAGE_COLUMNS = [
    Column("story", "Story", no_wrap=True),
    Column("t_outlets", "Earlier / later", max_width=24, min_width=12, abbreviate=True),
    Column("kind", "Kind", no_wrap=True),
    Column("similarity", "Sim", justify="right", optional=True),
    Column("quote", "Quote", no_wrap=True, optional=True),
    Column("direction", "By", no_wrap=True, optional=True),
    Column("earlier_text", "Earlier text", max_width=48, min_width=24),
    Column("later_text", "Later text", max_width=48, min_width=24),
]
EVENT_COLUMNS = [
    Column("story", "Event", no_wrap=True),
    Column("size", "Articles", justify="right"),
    Column("t_outlets", "Outlets", max_width=30, min_width=12, abbreviate=True),
    Column("t_copies", "Copy groups", max_width=30, min_width=12, optional=True),
]
# jsonl/json/csv: one stream of records of all types.
ALL_COLUMNS = [
    Column("type", "Type"),
    Column("story", "Story"),
    Column("size", "Size"),
    Column("articles", "Articles"),
    Column("sources", "Sources"),
    Column("outlets", "Outlets"),
    Column("dates", "Dates"),
    Column("first_outlet", "First outlet"),
    Column("first_basis", "First by"),
    Column("credited_sources", "Credited sources"),
    Column("score", "Score"),
    Column("covered", "Covered"),
    Column("passages", "Passages"),
    Column("similarity", "Similarity"),
    Column("kind", "Kind"),
    Column("quote", "Quote"),
    Column("direction", "Direction"),
    Column("credited", "Credited"),
    Column("shared_phrases", "Shared phrases"),
    Column("shared_names", "Shared names"),
    Column("texts", "Texts"),
    Column("copy_groups", "Copy groups"),
    Column("evidence", "Evidence"),
]


@handle_errors
def dedupe_cli(
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            "-t",
            min=0.01,
            max=1.0,
            help="Lowest pair score (0-1) that counts as the same story.",
        ),
    ] = 0.4,
    passages: Annotated[
        bool, typer.Option("--passages", "-p", help="Also list aligned passages side by side.")
    ] = False,
    story: Annotated[
        str | None, typer.Option("--story", help="Show one story only (e.g. story-1).")
    ] = None,
    article: Annotated[
        str | None,
        typer.Option(
            "--article",
            help="Show one article's story, pairs and passages: " + ARTICLE_HELP,
        ),
    ] = None,
    singletons: Annotated[
        bool, typer.Option("--singletons", help="Also list articles no other article matches.")
    ] = False,
    fail_on_duplicates: Annotated[
        bool,
        typer.Option(
            "--fail-on-duplicates",
            help="Exit 6 when any pair shown scores at or above --threshold (for CI gates).",
        ),
    ] = False,
    events: Annotated[
        bool,
        typer.Option(
            "--events",
            help="Experimental: also group independently written reports of one event "
            "(the story layer, docs/events.md: on held-out sets it finds more of each story than "
            "the copy layer alone, recall still about 0.6).",
        ),
    ] = False,
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    scheduler: SchedulerOpt = None,
    partition_size: PartitionOpt = None,
    shuffle: ShuffleOpt = "tasks",
) -> None:
    """Find articles that report the same story and the passages one outlet took from another.

    Prints story clusters, then article pairs scoring at least --threshold, then (with
    --passages) the aligned passages, earlier outlet first where the dates or a credit tell.
    """
    from ukpeace_cli import dedupe, memory
    from ukpeace_cli import stories as story_cache
    from ukpeace_cli.selection import resolve, store_articles

    ctx = make_context(quiet, config, store=store, format=fmt, scheduler=scheduler)
    out_fmt = ctx.fmt
    store_path = str(ctx.open_store().path)
    key, events_key = (story_cache.store_key(store_path, threshold, k) for k in KINDS)
    # Before the slow part: a query that names no article, or several, fails at once.
    aid = resolve(article, store_articles(ctx.open_store())) if article is not None else None
    result = _find(ctx, store_path, threshold, passages, partition_size, shuffle)
    # The clusters are the slow part of `compare`: keep them for it (same threshold only).
    found = [story_cache.StoryCluster(c.id, list(c.articles)) for c in result.clusters]
    story_cache.save(store_path, key, found)
    clusters, pairs, psgs = result.clusters, result.pairs, result.passages
    if aid is not None:
        clusters = [c for c in clusters if aid in c.articles]
        pairs = [p for p in pairs if aid in (p.a, p.b)]
        psgs = [p for p in psgs if aid in (p.earlier, p.later)]
    if story is not None:
        clusters = [c for c in clusters if c.id == story]
        if not clusters:
            raise NoMatchError(
                f"no story {story!r}",
                hint=f"stories are story-1 ... story-{len(result.clusters)}",
            )
        pairs = [p for p in pairs if p.story == story]
        psgs = [p for p in psgs if p.story == story]
    if not singletons and story is None and article is None:
        clusters = [c for c in clusters if len(c.articles) > 1]
    multi = sum(1 for c in result.clusters if len(c.articles) > 1)
    stories = "story" if multi == 1 else "stories"
    ctx.note(
        f"{result.stats['articles']:,} articles: {multi} {stories} with more than one article, "
        f"{len(result.pairs)} pairs at or above {threshold:g}"
    )
    # Records are made one at a time as they are written (a list of every record cost about a
    # third of the client's memory at 20k); only a table, which lays out all its rows, holds them.
    sections: list[_Section] = [
        (clusters, dedupe.cluster_record, CLUSTER_COLUMNS, "Stories"),
        (pairs, dedupe.pair_record, PAIR_COLUMNS, "Pairs"),
    ]
    if passages:
        sections.append((psgs, dedupe.passage_record, PASSAGE_COLUMNS, "Passages"))
    shown = len(pairs)
    if events:
        from ukpeace_cli.events import copy_evidence

        units, scored = copy_evidence(result)

        def event_rows() -> list[dict[str, Any]]:
            # Run after the copy layer's records are written and its objects dropped: the
            # pairs' lazy evidence holds the copy layer's texts and arrays, and the two
            # layers' memory peaks would add up (issue 13: 100k < 2 GB).
            memory.give_back()
            return _events(ctx, units, scored, (store_path, events_key), singletons)

        sections.append((event_rows, dict, EVENT_COLUMNS, "Events"))
    del result, clusters, pairs, psgs  # the sections hold what is written, and drop it as they go
    try:
        # With --events the records are drained past a closed pipe, so that the story layer
        # still runs and is kept beside the store for `compare --stories events`.
        _write(sections, out_fmt, drain=events)
    except BrokenPipeError:
        if not (fail_on_duplicates and shown):
            raise  # handle_errors ends a closed pipe quietly with 0
        # The CI gate's verdict outlives the reader: `dedupe --fail-on-duplicates | head` is 6.
        from ukpeace_cli.cli.output import silence_stdout

        silence_stdout()
    if fail_on_duplicates and shown:
        ctx.note(f"{shown} duplicate pair(s) at or above {threshold:g}")
        raise typer.Exit(int(ExitCode.DUPLICATES))


def _find(
    ctx: Any,
    store_path: str,
    threshold: float,
    passages: bool,
    partition_size: int | None,
    shuffle: str,
) -> Any:
    """The copy layer's result, in this process or on the Dask cluster --scheduler names."""
    from ukpeace_cli import dedupe
    from ukpeace_cli.cli.common import choice
    from ukpeace_cli.scaleout.connect import parse

    sched = parse(ctx.settings["scheduler"])
    method = choice(shuffle, ["tasks", "p2p"], "--shuffle", "shuffle method")
    if sched.kind == "none":
        return dedupe.find_duplicates(
            ctx.articles(), threshold=threshold, passages=passages, progress=ctx.note
        )
    from ukpeace_cli.cli.progress import progress_display, task_rows
    from ukpeace_cli.scaleout import dedupe as on_dask
    from ukpeace_cli.scaleout.connect import client_for

    opts = on_dask.Options(threshold, passages, partition_size, shuffle=method)
    # On a terminal: each stage's tasks done, as they finish, and the dashboard address.
    with progress_display(ctx.show_progress()) as bar, client_for(sched, ctx.note) as client:
        return on_dask.find_duplicates(
            client,
            store_path,
            opts,
            ctx.note,
            ctx.store_problem,
            on_tasks=task_rows(bar, "dedupe"),
        )


# A section of the output: its items (or a function that makes them once the sections before
# are written), the function that makes each item's record, its table columns and title.
_Section = tuple[Any, Callable[[Any], dict[str, Any]], list[Column], str]


def _items(sections: list[_Section]) -> Iterator[tuple[list[Column], str, Iterator[Any]]]:
    """Each section's columns, title and records, made one at a time. A section is taken off
    the list before its items are read, and nothing here or in what is yielded holds a written
    section's items once the next section's are made (a list iterator lets go of its list
    when it is used up)."""
    while sections:
        items, to_record, columns, title = sections.pop(0)
        if callable(items):
            items = items()
        records = map(to_record, items)
        del items
        yield columns, title, records


def _write(sections: list[_Section], fmt: str, *, drain: bool) -> None:
    """Write the sections in `fmt`: a table per section (its rows laid out together), or one
    stream of records of all types (jsonl, json, csv) written as they are made."""
    from ukpeace_cli.cli.output import emit, resolve_format

    if resolve_format(fmt) == "table":
        for columns, title, records in _items(sections):
            table = [_table_row(r) for r in records]
            if table:
                # Verbatim copies are rare: their column only when a story has some.
                if not any(r.get("t_copies") for r in table):
                    columns = [c for c in columns if c.key != "t_copies"]
                emit(table, fmt, columns, title=title, drain=drain)
            del table
        return
    emit((r for _, _, records in _items(sections) for r in records), fmt, ALL_COLUMNS, drain=drain)


def _events(
    ctx: Any,
    units: list[list[str]],
    scored: list[tuple[str, str, float]],
    keep: tuple[str, list[Any] | None],
    singletons: bool,
) -> list[dict[str, Any]]:
    """The story layer over the copy layer's clusters and pairs (a second read of the store):
    the events' records. All events are kept beside the store for `compare --stories events`
    (`keep`: the store path and its key, taken before reading)."""
    from ukpeace_cli import stories
    from ukpeace_cli.entities import outlet_label
    from ukpeace_cli.events import cluster_events

    outlet_of: dict[str, str] = {}

    def records() -> Any:
        for rec in ctx.articles():
            outlet_of[str(rec["id"])] = outlet_label(rec)
            yield rec

    found = cluster_events(records(), units, copy_pairs=scored)
    ctx.note("Events are experimental: see docs/events.md for their measured accuracy.")
    stories.save(keep[0], keep[1], [stories.from_event(e) for e in found], "events")
    return [e.record(outlet_of) for e in found if singletons or len(e.articles) > 1]


def _table_row(rec: dict[str, Any]) -> dict[str, Any]:
    """Table-only cells (prefixed t_): one line per article or side."""
    row = dict(rec)
    row["t_outlets"] = "\n".join(rec["outlets"])
    if rec["type"] == "cluster":
        row["t_dates"] = "\n".join(d or "-" for d in rec["dates"])
        first = rec["first_outlet"]
        row["t_first"] = f"{first} ({rec['first_basis']})" if first else rec["first_basis"]
        row["t_copies"] = "\n".join(" = ".join(g["outlets"]) for g in rec["copies"])
    elif rec["type"] == "pair":
        row["t_covered"] = " / ".join(f"{c:.0%}" for c in rec["covered"])
        row["t_evidence"] = (
            "; ".join(rec["shared_phrases"][:4]) + "\n" + "; ".join(rec["shared_names"][:4])
        )
    elif rec["type"] == "event":
        label = dict(zip(rec["articles"], rec["outlets"], strict=True))
        row["t_copies"] = "\n".join(" = ".join(label[a] for a in g) for g in rec["copy_groups"])
    else:
        row["earlier_text"], row["later_text"] = rec["texts"]
    return row
