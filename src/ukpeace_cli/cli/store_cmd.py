"""`ukpeace store`: convert a store between its two layouts, and describe one."""

from __future__ import annotations

from typing import Annotated

import typer

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import FormatOpt, QuietOpt, handle_errors, make_context

store_cli = typer.Typer(
    help="Convert an article store between a file and a sharded folder, or describe one.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

COLUMNS = [
    Column("path", "Store"),
    Column("layout", "Layout"),
    Column("parts", "Parts", justify="right"),
    Column("records", "Records", justify="right"),
    Column("bytes", "Bytes", justify="right"),
]


@store_cli.command("convert")
@handle_errors
def convert_cli(
    src: Annotated[str, typer.Argument(help="The store to read: a JSONL file or a folder.")],
    dst: Annotated[str, typer.Argument(help="The new store, in the other layout; must not exist.")],
    part_size: Annotated[
        int,
        typer.Option("--part-size", min=1, help="Records per part of a new sharded store."),
    ] = 1000,
    fmt: FormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Copy a store into the other layout: a file into a sharded folder, a folder into a file.

    Records keep their bytes and their order, so converting back gives the same file. Exit
    codes: 0 done, 2 DST exists or a bad option, 5 store error.
    """
    from ukpeace_cli.cli.output import emit
    from ukpeace_cli.store.convert import convert

    ctx = make_context(quiet, None, format=fmt)
    done = convert(src, dst, part_size, on_problem=lambda p: ctx.warn(str(p)))
    ctx.note(
        f"{done.records} record(s) in {done.parts} part(s), {done.bytes} bytes: "
        f"{done.source} -> {done.dest} ({done.layout})"
    )
    rejected = Column("rejected", "Rejected", justify="right")
    emit([done.__dict__], ctx.fmt, [*COLUMNS, rejected])


@store_cli.command("info")
@handle_errors
def info_cli(
    path: Annotated[str, typer.Argument(help="A store: a JSONL file or a sharded folder.")],
    fmt: FormatOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Describe a store: its layout, parts, records and size in bytes.

    Exit codes: 0 done, 5 no store there or a damaged manifest.
    """
    from ukpeace_cli.cli.output import emit
    from ukpeace_cli.store.convert import info

    ctx = make_context(quiet, None, format=fmt)
    temporary = Column("temporary_parts", "Temporary", justify="right")
    emit([info(path)], ctx.fmt, [*COLUMNS, temporary])
