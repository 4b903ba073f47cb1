"""`ukpeace ingest`: arguments, progress, output, exit code. The work is in ukpeace_cli.ingest."""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from typing import Annotated, Any

import typer

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import (
    AliasesOpt,
    ConfigOpt,
    FormatOpt,
    ModelOpt,
    PartitionOpt,
    QuietOpt,
    SchedulerOpt,
    StoreOpt,
    handle_errors,
    make_context,
)
from ukpeace_cli.errors import ExitCode, UsageError

COLUMNS = [
    Column("status", "Status", no_wrap=True),
    Column("id", "ID", no_wrap=True, optional=True),
    Column("source", "Source", max_width=44),
    Column("outlet", "Outlet", max_width=24),
    Column("published", "Published", no_wrap=True),
    Column("title", "Title", max_width=50),
    Column("words", "Words", justify="right"),
    Column("reason", "Note", max_width=40),
]


@handle_errors
def ingest_cli(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (recursive), globs, or - for stdin.", show_default=False
        ),
    ] = None,
    glob: Annotated[str, typer.Option("--glob", help="File pattern inside folders.")] = "*.txt",
    from_jsonl: Annotated[
        str | None,
        typer.Option(
            "--from-jsonl",
            help="Read records with `text` and optional metadata from JSONL (a file or -).",
        ),
    ] = None,
    manifest: Annotated[
        str | None, typer.Option("--manifest", help="YAML metadata per file (see docs).")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Outlet for every input.")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date/time for every input.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="URL for every input.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title for every input.")] = None,
    no_nlp: Annotated[
        bool, typer.Option("--no-nlp", help="Store parsed articles without NLP annotation (fast).")
    ] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="spaCy processes.")] = 1,
    max_size: Annotated[
        int | None,
        typer.Option("--max-size", min=1, help="Largest input in bytes [default: 5000000]."),
    ] = None,
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Decode inputs with this encoding.")
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad input.")] = False,
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    model: ModelOpt = None,
    aliases: AliasesOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
    scheduler: SchedulerOpt = None,
    partition_size: PartitionOpt = None,
) -> None:
    """Parse plain-text articles into the store, annotated once with spaCy.

    Exit codes: 0 all inputs ingested or unchanged, 1 some inputs failed, 2 usage error,
    4 no spaCy model, 5 store error.
    """
    from ukpeace_cli import inputs as inp
    from ukpeace_cli.cli.output import emit
    from ukpeace_cli.cli.progress import task_rows
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.store import open_store

    ctx = make_context(
        quiet,
        config,
        store=store,
        format=fmt,
        model=model,
        aliases=aliases,
        max_size=max_size,
        scheduler=scheduler,
    )
    fmt_ = ctx.fmt
    paths = paths or []
    _check_args(paths, from_jsonl, published, encoding)
    sched = _scheduler(ctx, jobs, no_nlp)
    given = {"outlet": outlet, "published": published, "url": url, "title": title}
    flags: dict[str, str | None] = dict(inp.clean_meta(given, "command line"))
    meta_by_file = inp.load_manifest(manifest) if manifest else None
    limit = int(ctx.settings["max_size"])
    targets = _find_inputs(ctx, paths, glob, limit, manifest, meta_by_file)
    items: Any = inp.read_inputs(targets, manifest=meta_by_file, max_size=limit, encoding=encoding)
    total = None if from_jsonl else len(targets)  # JSONL records are counted only as read
    if from_jsonl:
        items = _chain(items, _jsonl_items(from_jsonl))

    pipeline = annotator = None
    # No model when every input already failed its checks (missing, too big, unreadable folder).
    if not no_nlp and (from_jsonl or any(t.error is None for t in targets)):
        from ukpeace_cli.annotate import annotate_record, load_annotating_pipeline

        pipeline = load_annotating_pipeline(ctx.settings["model"], ctx.settings["aliases"])
        annotator = annotate_record
        ctx.note(f"Loaded {pipeline.describe()}")
    db = open_store(ctx.settings["store"])
    counts = {"added": 0, "updated": 0, "unchanged": 0, "failed": 0}
    cluster = _Cluster(ctx, sched, pipeline, partition_size, db)

    def results() -> Iterator[dict[str, Any]]:
        progress = _progress(ctx.show_progress())
        with progress as bar, cluster.reporting_to(task_rows(bar, "ingest")) as remote:
            task = bar.add_task("ingest", total=total) if bar else None
            for res in ingest(
                items,
                db,
                flags=flags,
                pipeline=pipeline,
                annotator=annotator,
                jobs=jobs,
                strict=strict,
                on_problem=lambda p: ctx.warn(str(p)),
                remote=remote,
            ):
                for w in res.warnings:
                    ctx.warn(w)
                counts[res.status] += 1
                if res.status == "failed":
                    ctx.error(res.reason or "failed")
                if bar is not None:
                    bar.advance(task)
                yield res.as_dict()

    # A reader that stops early (`| head`) does not stop the ingest: the store is the product.
    emit(results(), fmt_, COLUMNS, drain=True)
    _finish(ctx, db, counts)


def _progress(enabled: bool) -> Any:
    """The progress display (cli/progress.py), imported when ingest runs, not for its help."""
    from ukpeace_cli.cli.progress import progress_display

    return progress_display(enabled)


def _check_args(
    paths: list[str], from_jsonl: str | None, published: str | None, encoding: str | None
) -> None:
    """Usage errors, before anything is read or loaded."""
    from ukpeace_cli import inputs as inp

    if not paths and not from_jsonl:
        raise typer.BadParameter(
            "give files, folders, globs, - or --from-jsonl", param_hint="PATHS"
        )
    if paths.count("-") + (from_jsonl == "-") > 1:
        raise UsageError("stdin (-) can be read only once")
    if published is not None and inp.parse_date(published) is None:
        raise typer.BadParameter(f"cannot read {published!r} as a date", param_hint="--published")
    _check_encoding(encoding)


def _scheduler(ctx: Any, jobs: int, no_nlp: bool) -> Any:
    """The --scheduler asked for (None: this process); with --jobs it is a usage error."""
    from ukpeace_cli.scaleout.connect import parse

    sched = parse(ctx.settings["scheduler"])
    if sched.kind == "none":
        return None
    if jobs > 1:
        raise UsageError("--jobs and --scheduler do not go together", hint="drop --jobs")
    if no_nlp:
        ctx.note("Nothing to annotate (--no-nlp): ingesting here, not on the cluster")
        return None
    return sched


class _Cluster:
    """The Dask client for the run and the remote annotator on it; nothing without a
    scheduler (or when no model was loaded: every input failed its checks)."""

    def __init__(self, ctx: Any, sched: Any, pipeline: Any, chunk: int | None, db: Any):
        self.ctx, self.sched, self.pipeline, self.chunk = ctx, sched, pipeline, chunk
        self.db = db  # a sharded store: workers write its temporary parts
        self.stack: Any = None
        self.on_tasks: Any = None

    def reporting_to(self, on_tasks: Any) -> _Cluster:
        """The same, its chunks' tasks done reported to `on_tasks` (None: not tracked)."""
        self.on_tasks = on_tasks
        return self

    def __enter__(self) -> Any:
        if self.sched is None or self.pipeline is None:
            return None
        import contextlib

        from ukpeace_cli.scaleout.connect import client_for
        from ukpeace_cli.scaleout.ingest import RemoteAnnotator

        self.stack = contextlib.ExitStack()
        client = self.stack.enter_context(client_for(self.sched, self.ctx.note))
        settings = self.ctx.settings
        try:
            return RemoteAnnotator(
                client,
                self.sched,
                self.pipeline,
                settings["model"],
                settings["aliases"],
                self.chunk,
                self.db,
                self.on_tasks,
            )
        except BaseException:
            self.stack.close()
            raise

    def __exit__(self, *exc: Any) -> None:
        if self.stack is not None:
            self.stack.__exit__(*exc)


def _finish(ctx: Any, db: Any, counts: dict[str, int]) -> None:
    """Bring the sidecars up to date, say what happened on stderr, exit 1 if any input failed."""
    if counts["added"] or counts["updated"]:
        from ukpeace_cli import entities, quotes

        # Digests of the new lines, so `entities` and `compare` need not parse every article.
        entities.refresh_sidecar(db)
        quotes.refresh_sidecar(db)
    total = sum(counts.values())
    ctx.note(
        f"{counts['added'] + counts['updated']} ingested ({counts['added']} added, "
        f"{counts['updated']} updated), {counts['unchanged']} unchanged, {counts['failed']} failed"
        f" of {total} input(s) -> {db.path}"
    )
    if counts["failed"]:
        raise typer.Exit(int(ExitCode.INPUT_FAILED))


def _check_encoding(encoding: str | None) -> None:
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise typer.BadParameter(
                f"unknown encoding {encoding!r}", param_hint="--encoding"
            ) from None


def _find_inputs(
    ctx: Any,
    paths: list[str],
    glob: str,
    limit: int,
    manifest: str | None,
    meta_by_file: dict[str, Any] | None,
) -> list[Any]:
    """Every input, found (and sized) before the model loads: problems show at once, and the
    progress display knows its total. Manifest entries that match none are warned about."""
    from ukpeace_cli import inputs as inp

    targets = inp.expand(paths, glob, limit)
    if manifest and meta_by_file is not None:
        for name in inp.unused_manifest_entries(meta_by_file, manifest, targets):
            ctx.warn(f"manifest entry {name!r} matches no input file ({manifest})")
    return targets


def _chain(*iters: Any) -> Iterator[Any]:
    for it in iters:
        yield from it


def _jsonl_items(name: str) -> Iterator[Any]:
    from ukpeace_cli.inputs import iter_jsonl

    if name == "-":
        yield from iter_jsonl(sys.stdin, "<stdin>")
        return
    try:
        handle = open(name, encoding="utf-8")  # noqa: SIM115 - closed below, streamed
    except OSError as exc:
        raise UsageError(f"cannot read JSONL input: {exc.strerror}", where=name) from exc
    with handle:
        yield from iter_jsonl(handle, name)
