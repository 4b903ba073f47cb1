"""`ukpeace compare`: choose the story, render measures (tables / JSONL), explain, spread view."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import (
    ARTICLE_HELP,
    AliasesOpt,
    ConfigOpt,
    FormatOpt,
    LexiconsOpt,
    QuietOpt,
    StoreOpt,
    choice,
    handle_errors,
    make_context,
)
from ukpeace_cli.errors import NoMatchError, UsageError

if TYPE_CHECKING:
    from ukpeace_cli.compare import Article, Measure


@handle_errors
def compare_cli(
    story: Annotated[
        str | None,
        typer.Option(
            "--story", help="A story id from `ukpeace dedupe` (story-2; with --stories events: E2)."
        ),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", help="Compare these articles: " + ARTICLE_HELP),
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option("--outlet", "-o", help="Compare these outlets' articles.")
    ] = None,
    measure: Annotated[
        list[str] | None,
        typer.Option("--measure", "-m", help="Only these measures (see the list in --help)."),
    ] = None,
    explain: Annotated[
        str | None,
        typer.Option("--explain", help="Print the evidence behind one measure, row by row."),
    ] = None,
    transpose: Annotated[
        bool, typer.Option("--transpose", help="Outlets as rows, measure rows as columns.")
    ] = False,
    spread: Annotated[
        bool,
        typer.Option("--spread", help="Timeline, propagation tree and shared-text matrix."),
    ] = False,
    html: Annotated[
        str | None, typer.Option("--html", help="Also save the spread view as HTML.")
    ] = None,
    svg: Annotated[
        str | None, typer.Option("--svg", help="Also save the spread view as SVG.")
    ] = None,
    graph: Annotated[
        str | None,
        typer.Option(
            "--graph",
            help="Also save the spread as a graph (FILE.graphml or FILE.dot): articles and "
            "credited outlets as nodes, copy and credit edges with their evidence.",
        ),
    ] = None,
    stories: Annotated[
        str | None,
        typer.Option(
            "--stories",
            envvar="UKPEACE_STORIES",
            help="The unit of story: copies (articles sharing copied or paraphrased passages, "
            "dedupe's stories) or events (also reports of one event written independently, "
            "with their copy groups inside; experimental, docs/events.md). Default: copies.",
            show_default=False,
        ),
    ] = None,
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    aliases: AliasesOpt = None,
    lexicons: LexiconsOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Compare how each outlet framed one story, with the evidence behind every figure.

    By default the largest story cluster `dedupe` finds (--stories events: the largest event
    `dedupe --events` finds). Measures: overview, sources, credit, voices, renderings,
    reporting_verbs, hedging, loaded, naming, facts, reuse; with --stories events also copies.
    Exit codes: 0 ok, 2 usage, 3 no such story or article, 5 store error.
    """
    from ukpeace_cli.cli.output import emit, resolve_format
    from ukpeace_cli.compare import compare_in_store
    from ukpeace_cli.selection import resolve_all, store_articles

    ctx = make_context(
        quiet, config, store=store, format=fmt, aliases=aliases, lexicons=lexicons, stories=stories
    )
    fmt_ = resolve_format(ctx.fmt)  # auto on a terminal: the per-measure tables
    unit, wanted, explain = _choices(ctx, measure or [], explain)
    _check_export(html, "--html")
    _check_export(svg, "--svg")
    _check_export(graph, "--graph")
    if graph and not graph.lower().endswith((".graphml", ".dot")):
        raise UsageError("--graph: the file must end in .graphml or .dot", where=graph)
    article_ids = resolve_all(article, store_articles(ctx.open_store())) if article else []
    result = compare_in_store(
        ctx.open_store(),
        story=story,
        article_ids=article_ids,
        outlets=outlet or [],
        aliases_path=ctx.settings["aliases"],
        lexicons_path=ctx.settings["lexicons"],
        on_problem=ctx.store_problem,
        unit=unit,
    )
    if result is None or len(result.articles) == 0:
        raise NoMatchError(
            "no story or articles matched", hint="`ukpeace dedupe` lists the stories"
        )
    of = f"event {result.story_label}" if result.unit == "events" else result.story_label
    ctx.note(
        f"Comparing {len(result.articles)} article(s) of {of}: "
        + ", ".join(a.column for a in result.articles)
    )
    if result.unit == "events":
        ctx.note("Events are experimental: see docs/events.md for their measured accuracy.")
    if graph:
        from ukpeace_cli.cli.spread import write_graph

        try:
            write_graph(result, graph)
        except OSError as exc:
            raise UsageError(f"cannot write {graph}: {exc.strerror}") from exc
    if spread or html or svg:
        from ukpeace_cli.cli.spread import render_spread

        try:
            render_spread(result, html=html, svg=svg, show=spread)
        except OSError as exc:
            if exc.filename is None or exc.filename not in (html, svg):
                raise  # not the export (a closed stdout, say)
            raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from exc
        if spread:
            return
    measures = [m for m in result.measures if not wanted or m.key in wanted]
    if explain:
        chosen = next((m for m in result.measures if m.key == explain), None)
        if chosen is None:  # copies, with --article / --outlet: no event was chosen
            raise UsageError(
                f"no {explain} measure for chosen articles", hint="choose an event with --story"
            )
        emit(_evidence(chosen, result.articles), fmt_, EVIDENCE_COLUMNS, title=chosen.title)
        return
    if fmt_ == "table":
        for m in measures:
            _table(m, result.articles, transpose)
        return
    emit(_records(measures, result.articles), fmt_, RECORD_COLUMNS)


def _choices(
    ctx: Any, measure: list[str], explain: str | None
) -> tuple[str, list[str], str | None]:
    """The unit of story (--stories), the measures wanted and the one to explain, checked
    before the slow part."""
    from ukpeace_cli.compare import MEASURES, UNITS

    unit = choice(str(ctx.settings["stories"]), UNITS, "--stories", "unit of story")
    wanted = [choice(m, MEASURES, "--measure", "measure") for m in measure]
    if explain:
        explain = choice(explain, MEASURES, "--explain", "measure")
    if unit != "events" and "copies" in [*wanted, explain]:
        raise UsageError(
            "the copies measure shows the copy groups inside an event",
            hint="add --stories events",
        )
    return unit, wanted, explain


def _check_export(path: str | None, option: str) -> None:
    """An export into a missing folder is a usage error, said before the slow part; the
    folder is not created for you (a typo would scatter folders)."""
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise UsageError(f"{option} needs a file name, not a folder", where=path)
    if not target.parent.is_dir():
        raise UsageError(
            f"{option}: no folder {str(target.parent)!r}",
            where=path,
            hint="create the folder first or give another path",
        )


RECORD_COLUMNS = [
    Column("measure", "Measure"),
    Column("article_id", "Article"),
    Column("source", "Source"),
    Column("outlet", "Outlet"),
    Column("values", "Values"),
]
EVIDENCE_COLUMNS = [
    Column("row", "Row", max_width=30),
    Column("outlet", "Outlet", max_width=24, min_width=12, abbreviate=True),
    Column("term", "Matched", max_width=30),
    Column("sentence", "Sentence", max_width=90, min_width=34),
]


def _records(measures: list[Measure], arts: list[Article]) -> Iterator[dict[str, Any]]:
    """One record per measure x article, for jq and other tools."""
    for m in measures:
        for a in arts:
            yield {
                "measure": m.key,
                "article_id": a.id,
                "source": a.source,
                "outlet": a.outlet,
                "values": {r.label: r.values.get(a.id) for r in m.rows},
            }


def _evidence(m: Measure, arts: list[Article]) -> Iterator[dict[str, Any]]:
    for row in m.rows:
        for a in arts:
            for ev in row.evidence.get(a.id, []):
                yield {
                    "measure": m.key,
                    "row": row.label,
                    "article_id": a.id,
                    "source": a.source,
                    "outlet": a.column,
                    "term": ev.term,
                    "sentence": ev.sentence,
                }


def _table(m: Measure, arts: list[Article], transpose: bool) -> None:
    from ukpeace_cli.cli.output import emit

    if transpose:
        cols = [Column("outlet", "Outlet", max_width=28, sticky=True)] + [
            Column(f"r{i}", r.label, max_width=30) for i, r in enumerate(m.rows)
        ]
        rows = [
            {"outlet": a.column, **{f"r{i}": r.values.get(a.id) for i, r in enumerate(m.rows)}}
            for a in arts
        ]
    else:
        width = max(12, min(40, 150 // max(1, len(arts))))
        cols = [Column("row", "", max_width=34, sticky=True)] + [
            Column(a.id, a.column, max_width=width) for a in arts
        ]
        rows = [{"row": r.label, **{a.id: r.values.get(a.id) for a in arts}} for r in m.rows]
    if not rows or (not transpose and not m.rows):
        rows = [{"row": "(nothing found)"}]
    emit(rows, "table", cols, title=m.title, caption=m.caption)
