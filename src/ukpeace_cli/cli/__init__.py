"""The Typer app. Each command lives in its own module, imported only when that command runs or
shows its help (cli/lazy.py); heavy imports happen inside commands."""

from __future__ import annotations

from typing import Annotated

import typer

from ukpeace_cli.cli.lazy import LazyCommand, LazyGroup

# The commands in listing order, each with the first paragraph of its help: `ukpeace --help`
# imports none of them (tests/test_startup.py checks each short help against its command).
COMMANDS = {
    "ingest": LazyCommand(
        "ukpeace_cli.cli.ingest_cmd",
        "ingest_cli",
        "Parse plain-text articles into the store, annotated once with spaCy.",
    ),
    "quotes": LazyCommand(
        "ukpeace_cli.cli.quotes_cmd",
        "quotes_cli",
        "Every quotation and who said it: direct quotes, quoted fragments and reported speech.",
    ),
    "entities": LazyCommand(
        "ukpeace_cli.cli.entities_cmd",
        "entities_cli",
        "Who and what each outlet names: one row per entity, name variants merged.",
    ),
    "dedupe": LazyCommand(
        "ukpeace_cli.cli.dedupe_cmd",
        "dedupe_cli",
        "Find articles that report the same story and the passages one outlet took from another.",
    ),
    "compare": LazyCommand(
        "ukpeace_cli.cli.compare_cmd",
        "compare_cli",
        "Compare how each outlet framed one story, with the evidence behind every figure.",
    ),
    "config": LazyCommand(
        "ukpeace_cli.cli.config_cmd",
        "config_cli",
        "Show the settings in force and where each comes from.",
    ),
    "store": LazyCommand(
        "ukpeace_cli.cli.store_cmd",
        "store_cli",
        "Convert an article store between a file and a sharded folder, or describe one.",
    ),
}


class _Group(LazyGroup):
    table = COMMANDS


app = typer.Typer(
    cls=_Group,
    name="ukpeace",
    help="Trace how one news story travels across outlets.",
    no_args_is_help=True,
    rich_markup_mode=None,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from ukpeace_cli import __version__

        typer.echo(f"ukpeace {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks for errors (or UKPEACE_DEBUG=1).")
    ] = False,
) -> None:
    """Trace how one news story travels across outlets.

    Data goes to stdout (a table on a terminal, JSONL in a pipe); notes and errors to stderr.
    """
    if debug:
        import os

        os.environ["UKPEACE_DEBUG"] = "1"


def main() -> None:
    app(prog_name="ukpeace")
