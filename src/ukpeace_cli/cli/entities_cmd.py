"""`ukpeace entities`: arguments, output choice and exit codes. The work is in
ukpeace_cli.entities (canonicalisation, the report, suggestions, approvals)."""

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
from ukpeace_cli.errors import ExitCode, UsageError

COLUMNS = [
    Column("name", "Entity", max_width=28),
    Column("label", "Label", no_wrap=True),
    Column("mentions", "Mentions", justify="right"),
    Column("articles", "Articles", justify="right"),
    Column("outlets", "Outlets", justify="right"),
    Column("variants", "Variants as written", max_width=44),
    Column("descriptors", "Descriptors", max_width=44, optional=True),
    Column("first_outlet", "First seen", max_width=34, optional=True),
]
# CSV gets every field (lists joined with "; ", dicts as JSON); the table the readable subset.
CSV_COLUMNS = [
    Column(key, key)
    for key in (
        "name", "label", "kind", "mentions", "articles", "outlets", "variants", "descriptors",
        "first_outlet", "first_published",
    )
]  # fmt: skip
MENTION_COLUMNS = [
    Column("article", "Article", no_wrap=True),
    Column("outlet", "Outlet", max_width=20),
    Column("entity", "Entity", max_width=22),
    Column("label", "Label", no_wrap=True),
    Column("text", "As written", max_width=30),
    Column("sentence", "Sentence"),
]
SUGGEST_COLUMNS = [
    Column("variant", "Variant", max_width=22),
    Column("canonical", "Same as?", max_width=22),
    Column("label", "Label", no_wrap=True),
    Column("evidence", "Evidence", no_wrap=True),
    Column("jaro_winkler", "JW", justify="right"),
    Column("variant_mentions", "n", justify="right"),
    Column("canonical_mentions", "n", justify="right"),
    Column("variant_outlets", "Variant outlets", max_width=20),
    Column("canonical_outlets", "Canonical outlets", max_width=20),
    Column("variant_context", "Variant in context"),
]
MENTION_FIELDS = (
    "article", "outlet", "published", "entity", "label", "text", "name", "descriptor",
    "ambiguous", "start", "end", "sentence",
)  # fmt: skip
SUGGEST_FIELDS = (
    "variant", "canonical", "label", "evidence", "jaro_winkler", "levenshtein",
    "variant_mentions", "canonical_mentions", "variant_outlets", "canonical_outlets",
    "variant_context", "canonical_context", "accept",
)  # fmt: skip
DECISION_COLUMNS = [
    Column("decision", "Decision", no_wrap=True),
    Column("variant", "Variant", max_width=30),
    Column("canonical", "Canonical", max_width=30),
    Column("label", "Label", no_wrap=True),
    Column("file", "Written to", max_width=60),
]


@handle_errors
def entities_cli(
    label: Annotated[
        list[str] | None,
        typer.Option("--label", "-l", help="Only these labels (repeat or comma-separate)."),
    ] = None,
    outlet: Annotated[
        list[str] | None,
        typer.Option("--outlet", "-o", help="Only articles from this outlet (repeatable)."),
    ] = None,
    article: Annotated[
        list[str] | None,
        typer.Option("--article", "-a", help="Only this article (repeatable): " + ARTICLE_HELP),
    ] = None,
    min_mentions: Annotated[
        int, typer.Option("--min-mentions", min=1, help="Hide entities mentioned fewer times.")
    ] = 1,
    top: Annotated[
        int | None, typer.Option("--top", "-n", min=1, help="Only the N most mentioned.")
    ] = None,
    by_outlet: Annotated[
        bool, typer.Option("--by-outlet", help="A matrix: mentions of each entity per outlet.")
    ] = False,
    mentions: Annotated[
        bool, typer.Option("--mentions", help="Every mention, with the sentence it is in.")
    ] = False,
    suggest: Annotated[
        bool,
        typer.Option("--suggest", help="Name pairs that may be one entity, with evidence."),
    ] = False,
    accept: Annotated[
        list[str] | None,
        typer.Option(
            "--accept",
            help='Approve a suggestion: "VARIANT=CANONICAL", written to your alias file.',
        ),
    ] = None,
    reject: Annotated[
        list[str] | None,
        typer.Option(
            "--reject", help='Never merge: "NAME=CANONICAL", written to your alias file as `not`.'
        ),
    ] = None,
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    aliases: AliasesOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Who and what each outlet names: one row per entity, name variants merged.

    Names are merged strictly: the alias file, titles stripped, surnames linked within an
    article, then spellings that fold together (accents, transliteration). Looser look-alikes
    are only suggested (--suggest) until you approve them (--accept).

    Exit codes: 0 rows printed, 2 usage error, 3 nothing matched, 5 store error.
    """
    from ukpeace_cli import entities as ent
    from ukpeace_cli.cli.output import emit, resolve_format
    from ukpeace_cli.selection import resolve_all, store_articles

    ctx = make_context(quiet, config, store=store, format=fmt, aliases=aliases)
    fmt_ = ctx.fmt
    modes = [by_outlet, mentions, suggest, bool(accept or reject)]
    if sum(modes) > 1:
        raise UsageError("use one of --by-outlet, --mentions, --suggest, --accept/--reject")
    filters = ent.Filters(
        labels=ent.check_labels(label or []),
        outlets=frozenset(o.casefold() for o in outlet or []),
        min_mentions=min_mentions,
        top=top,
    )
    if accept or reject:
        _decide(ctx, fmt_, accept or [], reject or [])
        return
    if article:
        filters.articles = tuple(resolve_all(article, store_articles(ctx.open_store())))
    table = ent.load_aliases(ctx.settings["aliases"])
    if mentions:
        shown = bool(top or min_mentions > 1)  # only the entities the summary would show
        report = ent.store_report(ctx.open_store(), table, filters, ctx.store_problem, shown)
        rows: Any = ent.mention_rows(ctx.articles(), report.resolver, filters)
        if shown:
            keep = {r["name"] for r in report.rows()}
            rows = (r for r in rows if r["entity"] in keep)
        n = emit(
            rows, fmt_, _columns(fmt_, MENTION_COLUMNS, MENTION_FIELDS), title="Entity mentions"
        )
        _done(ctx, n)
        return
    report = ent.store_report(ctx.open_store(), table, filters, ctx.store_problem)
    _warn_unannotated(ctx, report)
    if suggest:
        found = ent.suggestions(report, filters.labels)
        n = emit(
            found,
            fmt_,
            _columns(fmt_, SUGGEST_COLUMNS, SUGGEST_FIELDS),
            title="Possible variants (not merged)",
            caption='Approve one with: ukpeace entities --accept "VARIANT=CANONICAL"',
        )
        if not n:
            ctx.note("No look-alike names to suggest.")
        return
    if by_outlet:
        outlets, matrix = report.by_outlet()
        cols = [
            Column("name", "Entity", max_width=28),
            Column("label", "Label", no_wrap=True),
            Column("mentions", "Total", justify="right"),
            *(Column(o, o, justify="right", max_width=22) for o in outlets),
        ]
        n = emit(matrix, fmt_, cols, title="Mentions per outlet")
        _done(ctx, n)
        return
    rows = report.rows()
    as_table = resolve_format(fmt_) == "table"
    if as_table:
        rows = [_for_table(r) for r in rows]
    n = emit(
        rows,
        fmt_,
        COLUMNS if as_table else CSV_COLUMNS,
        title="Entities",
        caption=f"{report.kept_articles} of {report.articles} articles",
    )
    _done(ctx, n)


def _columns(fmt: str, table: list[Column], fields: tuple[str, ...]) -> list[Column]:
    """The table's readable subset on a terminal; every field in CSV."""
    from ukpeace_cli.cli.output import resolve_format

    return table if resolve_format(fmt) == "table" else [Column(k, k) for k in fields]


def _done(ctx: Context, n: int) -> None:
    if not n:
        ctx.note("No entity matched the filters.")
        raise typer.Exit(int(ExitCode.NO_MATCH))


def _warn_unannotated(ctx: Context, report: Any) -> None:
    if report.unannotated:
        ctx.warn(
            f"{report.unannotated} article(s) have no NLP annotations and no entities - "
            "ingest them again without --no-nlp"
        )


TABLE_LIST = 3  # variants / descriptors shown per cell; JSON has them all


def _for_table(row: dict[str, Any]) -> dict[str, Any]:
    """A row made readable in a table cell: counts and where, the longest lists cut short."""
    out = dict(row)
    variants = []
    for form, per_outlet in row["variants"].items():
        n = sum(per_outlet.values())
        where = next(iter(per_outlet)) if len(per_outlet) == 1 else f"{len(per_outlet)} outlets"
        variants.append(f"{form} ×{n} ({where})")
    out["variants"] = _cut(variants)
    where_by_desc: dict[str, list[str]] = {}
    for outlet, descs in row["descriptors"].items():
        for d in descs:
            where_by_desc.setdefault(d, []).append(outlet)
    descs = sorted(where_by_desc.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    out["descriptors"] = _cut(
        [f"{d} ({ws[0] if len(ws) == 1 else f'{len(ws)} outlets'})" for d, ws in descs]
    )
    out["outlets"] = len(row["outlets"])
    first = row["first_outlet"] or ""
    if row["first_published"]:
        first += f", {str(row['first_published'])[:10]}"
    out["first_outlet"] = first
    return out


def _cut(items: list[str]) -> str:
    """One item a line; past TABLE_LIST items, a count of the rest."""
    if len(items) > TABLE_LIST + 1:
        items = [*items[:TABLE_LIST], f"+{len(items) - TABLE_LIST} more"]
    return "\n".join(items)


def _decide(ctx: Context, fmt: str, accept: list[str], reject: list[str]) -> None:
    from ukpeace_cli import entities as ent
    from ukpeace_cli.cli.output import emit

    path = ent.user_aliases_path(ctx.settings["aliases"])
    pairs = [(*ent.parse_pair(s), False) for s in accept]
    pairs += [(*ent.parse_pair(s), True) for s in reject]
    labels: dict[str, str] = {}
    from ukpeace_cli.store import open_store

    if open_store(ctx.settings["store"]).exists():
        # Label the new entry as the store sees it (a person unless told otherwise).
        report = ent.store_report(ctx.open_store(), ent.aliases_with(path), None, ctx.store_problem)
        for row in report.rows():
            labels.setdefault(row["name"], row["label"])
    results = []
    for variant, canonical, is_reject in pairs:
        label = labels.get(canonical, "PERSON")
        results.append(ent.record_decision(path, variant, canonical, label, reject=is_reject))
        ctx.note(f"{'Rejected' if is_reject else 'Accepted'}: {variant} = {canonical} (in {path})")
    emit(results, fmt, DECISION_COLUMNS, title="Alias file updated")
