"""`ukpeace quotes`: arguments, output choice and exit codes. The work is in the ukpeace_cli.quotes
package (extraction at ingest; query, match and group at query time)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import (
    ARTICLE_HELP,
    AliasesOpt,
    ConfigOpt,
    Context,
    FormatOpt,
    QuietOpt,
    StoreOpt,
    handle_errors,
    make_context,
)
from ukpeace_cli.errors import ExitCode

COLUMNS = [
    Column("article_id", "Article", no_wrap=True),
    Column("source", "Source", max_width=24),
    Column("outlet", "Outlet", max_width=18, min_width=12, abbreviate=True),
    Column("text", "Quote", max_width=60, min_width=28),
    Column("kind", "Kind", no_wrap=True),
    Column("speaker", "Speaker", max_width=18),
    Column("speaker_mention", "As written", max_width=18, optional=True),
    Column("cue", "Cue", max_width=10, optional=True),
    Column("start", "Start", justify="right"),
    Column("end", "End", justify="right"),
    Column("sentence", "Sentence", max_width=60),
]
# A table shows what a reader needs (ids, offsets and the sentence are in jsonl/csv/json).
TABLE_KEYS = ("outlet", "kind", "speaker", "speaker_mention", "cue", "text")
GROUP_COLUMNS = [
    Column("group", "Group", justify="right"),
    Column("speaker", "Speaker", max_width=20),
    Column("outlets", "Outlets", justify="right"),
    Column("outlet", "Outlet", max_width=20, min_width=12, abbreviate=True),
    Column("article_id", "Article", no_wrap=True),
    Column("kind", "Kind", no_wrap=True),
    Column("text", "Quote", max_width=70, min_width=28),
    Column("start", "Start", justify="right"),
    Column("end", "End", justify="right"),
]
GROUP_TABLE_KEYS = ("group", "speaker", "outlet", "kind", "text")


@handle_errors
def quotes_cli(
    speaker: Annotated[
        str | None,
        typer.Option(
            "--speaker",
            "-p",
            help="Only quotes by this speaker: a full name, surname or spelling variant "
            '(accents and case do not matter: Barrot, "jean-noel barrot").',
        ),
    ] = None,
    outlet: Annotated[
        list[str] | None,
        typer.Option("--outlet", "-o", help="Only articles from this outlet (repeatable)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            help="direct, partial, indirect, term, attitude, topic, finding or all (repeat or "
            "comma-separate). Default: direct, partial and indirect; `term` is quote-marked names "
            "and scare quotes, `attitude` what someone believes or plans ('she believes that "
            "...'), `topic` what a speech act is about ('called for an inquiry'), `finding` what "
            "a study or poll showed.",
        ),
    ] = None,
    contains: Annotated[
        str | None,
        typer.Option("--contains", "-c", help="Only quotes containing this text (any case)."),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", help="Only this article (repeatable): " + ARTICLE_HELP),
    ] = None,
    group: Annotated[
        bool,
        typer.Option(
            "--group",
            "-g",
            help="The same statement side by side across outlets: grouped by speaker and "
            "similar wording.",
        ),
    ] = False,
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    aliases: AliasesOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Every quotation and who said it: direct quotes, quoted fragments and reported speech.

    Quotes and speakers are found at ingest; speakers are shown under the same canonical
    names as `ukpeace entities`. Sorted by article, then position in the article.

    Exit codes: 0 quotes printed, 2 usage error, 3 no quote matched, 5 store error.
    """
    from ukpeace_cli import entities as ent
    from ukpeace_cli import quotes as qt
    from ukpeace_cli.cli.output import emit
    from ukpeace_cli.selection import resolve_all

    ctx = make_context(quiet, config, store=store, format=fmt, aliases=aliases)
    fmt_ = ctx.fmt
    filt = qt.QuoteFilter(
        outlets=frozenset(o.casefold() for o in outlet or []),
        kinds=qt.check_kinds(kind or []),
        contains=contains,
    )
    records = qt.sort_records(ctx.articles())
    if article:
        known = [(r["id"], r.get("source")) for r in records]
        filt.articles = tuple(resolve_all(article, known))
    _warn_unannotated(ctx, records)
    resolver = ent.Resolver.build(records, ent.load_aliases(ctx.settings["aliases"]))
    everyone = list(qt.quote_rows(records, resolver, qt.QuoteFilter(kinds=frozenset())))
    if speaker is not None:
        matches = qt.SpeakerMatcher(everyone, resolver).match(speaker)
        if not matches:
            ctx.note(f"No speaker matches {speaker!r}.")
            raise typer.Exit(int(ExitCode.NO_MATCH))
        for m in matches:
            via = "" if m.form == m.speaker else f" (as {m.form!r})"
            ctx.note(f"Speaker: {m.speaker}{via}")
        filt.speakers = frozenset(m.speaker for m in matches)
    rows = qt.quote_rows(records, resolver, filt)
    table = _is_table(fmt_)
    if group:
        out = _group_rows(qt.group_quotes(rows, background=(r["text"] for r in everyone)))
        if table:
            out = [{k: r[k] for k in GROUP_TABLE_KEYS} for r in out]
        cols = _pick(GROUP_COLUMNS, GROUP_TABLE_KEYS) if table else GROUP_COLUMNS
        n = emit(out, fmt_, cols, title="Quotes grouped by speaker and statement")
    else:
        if table:
            rows = ({k: r[k] for k in TABLE_KEYS} for r in rows)
        cols = _pick(COLUMNS, TABLE_KEYS) if table else COLUMNS
        n = emit(rows, fmt_, cols, title="Quotes")
    if not n:
        ctx.note("No quote matched.")
        raise typer.Exit(int(ExitCode.NO_MATCH))


def _pick(columns: list[Column], keys: tuple[str, ...]) -> list[Column]:
    by_key = {c.key: c for c in columns}
    return [by_key[k] for k in keys]


def _is_table(fmt: str) -> bool:
    from ukpeace_cli.cli.output import resolve_format

    return resolve_format(fmt) == "table"


def _group_rows(groups: list[Any]) -> list[dict[str, Any]]:
    out = []
    for k, g in enumerate(groups, 1):
        for r in g.rows:
            out.append(
                {
                    "group": k,
                    "speaker": g.speaker,
                    "outlets": len(g.outlets),
                    "outlet": r["outlet"],
                    "article_id": r["article_id"],
                    "kind": r["kind"],
                    "text": r["text"],
                    "start": r["start"],
                    "end": r["end"],
                }
            )
    return out


def _warn_unannotated(ctx: Context, records: list[dict[str, Any]]) -> None:
    bare = sum(1 for r in records if not (r.get("nlp") or {}).get("pipeline"))
    if bare:
        ctx.warn(
            f"{bare} article(s) have no NLP annotations and no quotes - "
            "ingest them again without --no-nlp"
        )
