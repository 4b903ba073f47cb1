"""The Typer app. Each command lives in its own module; heavy imports happen inside commands."""

from __future__ import annotations

from typing import Annotated

import typer

from ukpeace_cli.cli.compare_cmd import compare_cli
from ukpeace_cli.cli.config_cmd import config_cli
from ukpeace_cli.cli.dedupe_cmd import dedupe_cli
from ukpeace_cli.cli.entities_cmd import entities_cli
from ukpeace_cli.cli.ingest_cmd import ingest_cli
from ukpeace_cli.cli.quotes_cmd import quotes_cli
from ukpeace_cli.cli.store_cmd import store_cli

app = typer.Typer(
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


app.command("ingest")(ingest_cli)
app.command("quotes")(quotes_cli)
app.command("entities")(entities_cli)
app.command("dedupe")(dedupe_cli)
app.command("compare")(compare_cli)
app.command("config")(config_cli)
app.add_typer(store_cli, name="store")


def main() -> None:
    app(prog_name="ukpeace")
