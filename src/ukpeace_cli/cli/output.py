"""The one output sink every command uses: table, jsonl, json or csv.

- `auto` means a rich table when stdout is a terminal (`isatty`, not rich's own detection, which
  FORCE_COLOR overrides), JSONL otherwise.
- JSONL and JSON go straight to stdout with `json.dumps(ensure_ascii=False)`, never through rich,
  which would wrap lines and eat `[text]` as markup.
- Table cells are `rich.text.Text`, which is never parsed as markup, after control characters
  (terminal escape sequences included) are stripped.
- A reader that closes the pipe early (`| head -1`) ends the output quietly in every format:
  rich renders into a string that we write ourselves, because rich's own broken-pipe handler
  exits 1. `Sink(..., drain=True)` keeps consuming the records (ingest: the store is the
  product), otherwise the BrokenPipeError goes on to `handle_errors`, which exits 0.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ukpeace_cli.cli.columns import Column as Column  # declared apart, re-exported

FORMATS = ("auto", "table", "jsonl", "json", "csv")

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def resolve_format(fmt: str, stream: IO[str] | None = None) -> str:
    stream = stream or sys.stdout
    if fmt != "auto":
        return fmt
    try:
        return "table" if stream.isatty() else "jsonl"
    except (AttributeError, ValueError):
        return "jsonl"


def clean(value: str) -> str:
    """Printable text: no terminal escapes or control characters (newlines kept)."""
    return _CONTROL.sub("", value)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(v) for v in value)
    return clean(str(value))


def table_console(stream: IO[str] | None = None, *, stderr: bool = False) -> Any:
    """A rich Console that writes colour only to a real terminal and honours NO_COLOR."""
    from rich.console import Console

    stream = stream or (sys.stderr if stderr else sys.stdout)
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    width = None
    if not tty:
        # Off a terminal rich folds at 80 columns: take COLUMNS or a wide default instead.
        try:
            width = int(os.environ.get("COLUMNS", "") or 160)
        except ValueError:
            width = 160
    return Console(
        file=stream,
        force_terminal=tty,
        no_color=bool(os.environ.get("NO_COLOR")) or not tty,
        highlight=False,
        emoji=False,
        markup=False,
        width=width,
        soft_wrap=False,
    )


def silence_stdout() -> None:
    """Point stdout at /dev/null once its reader has gone, so that later writes and the flush at
    exit neither fail nor print "Exception ignored ... BrokenPipeError"."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def show(renderable: Any, stream: IO[str] | None = None) -> None:
    """Print a rich renderable to `stream` (stdout) with one write of our own, so a closed pipe
    raises BrokenPipeError here instead of rich's SystemExit(1)."""
    stream = stream or sys.stdout
    console = table_console(stream)
    with console.capture() as captured:
        console.print(renderable)
    stream.write(captured.get())
    stream.flush()


class _Counted:
    """An iterator that counts what was taken from it."""

    def __init__(self, items: Iterable[dict[str, Any]]):
        self.items = iter(items)
        self.n = 0

    def __iter__(self) -> _Counted:
        return self

    def __next__(self) -> dict[str, Any]:
        item = next(self.items)
        self.n += 1
        return item


class Sink:
    """Write records in one format. Use as `Sink(...).write(records)`.

    With `drain=True` a closed stdout does not stop the records from being consumed: the rest
    are taken and counted without being written (for ingest, whose records are stored as
    they are taken)."""

    def __init__(
        self,
        fmt: str,
        columns: list[Column],
        *,
        title: str | None = None,
        caption: str | None = None,
        stream: IO[str] | None = None,
        drain: bool = False,
    ):
        self.stream = stream or sys.stdout
        self.drain = drain
        self.fmt = resolve_format(fmt, self.stream)
        if self.fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}")
        self.columns = columns
        self.title = title
        self.caption = caption

    def write(self, records: Iterable[dict[str, Any]]) -> int:
        writer = {
            "jsonl": self._jsonl,
            "json": self._json,
            "csv": self._csv,
            "table": self._table,
        }[self.fmt]
        counted = _Counted(records)
        try:
            writer(counted)
            self.stream.flush()  # a closed pipe shows here, not in Python's flush at exit
        except BrokenPipeError:
            silence_stdout()
            if not self.drain:
                raise
            for _ in counted:
                pass
        return counted.n

    def _jsonl(self, records: Iterator[dict[str, Any]]) -> None:
        import json  # here, not at the top: `ukpeace --help` never needs it

        for rec in records:
            self.stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self.stream.flush()  # a streaming consumer (jq, head) sees each record at once

    def _json(self, records: Iterator[dict[str, Any]]) -> None:
        import json

        self.stream.write(json.dumps(list(records), ensure_ascii=False, indent=2) + "\n")

    def _csv(self, records: Iterator[dict[str, Any]]) -> None:
        import csv

        w = csv.writer(self.stream, lineterminator="\n")
        w.writerow([c.key for c in self.columns])
        for rec in records:
            w.writerow([_csv_value(rec.get(c.key)) for c in self.columns])

    def _table(self, records: Iterator[dict[str, Any]]) -> None:
        from rich.console import Group

        from ukpeace_cli.cli import layout

        rows = [[cell(rec.get(c.key)) for c in self.columns] for rec in records]
        width = table_console(self.stream).width
        plan = layout.plan(self.columns, rows, width)
        caption = self.caption
        if plan.dropped:
            names = ", ".join(self.columns[i].header for i in sorted(plan.dropped))
            note = f"Not shown at {width} columns: {names} (all fields: --format jsonl)."
            caption = f"{caption}\n{note}" if caption else note
        if plan.stacked:
            parts = _stacked(self.columns, rows, self.title, caption)
        else:
            n = len(plan.bands)
            parts = [
                _boxed(
                    self.columns,
                    band,
                    rows,
                    f"{self.title} ({k}/{n})" if self.title and n > 1 else self.title,
                    caption if k == n else None,
                )
                for k, band in enumerate(plan.bands, 1)
            ]
        show(Group(*parts) if len(parts) > 1 else parts[0], self.stream)


def _boxed(
    columns: list[Column],
    band: list[tuple[int, int]],
    rows: list[list[str]],
    title: str | None,
    caption: str | None,
) -> Any:
    """One boxed table of the columns in `band`, each exactly as wide as planned."""
    from rich.table import Table
    from rich.text import Text

    from ukpeace_cli.cli.layout import shorten_lines, shorten_words

    table = Table(
        title=title,
        caption=caption,
        show_lines=False,
        header_style="bold",
        caption_justify="left",
    )
    for i, width in band:
        c = columns[i]
        table.add_column(
            shorten_words(c.header, width),
            justify=c.justify,  # type: ignore[arg-type]
            width=width,
            no_wrap=c.no_wrap,
            overflow="fold",
        )
    for row in rows:
        table.add_row(
            *(Text(shorten_lines(row[i], w) if columns[i].abbreviate else row[i]) for i, w in band)
        )
    return table


def _stacked(
    columns: list[Column], rows: list[list[str]], title: str | None, caption: str | None
) -> list[Any]:
    """Each record under the one before, one field a line: for tables too wide to fold."""
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    from ukpeace_cli.cli.layout import cell_width

    names = [c.header or c.key for c in columns]
    key_width = min(20, max(cell_width(n) for n in names))
    parts: list[Any] = [Text(title, style="bold")] if title else []
    for n, row in enumerate(rows, 1):
        parts.append(Rule(str(n), align="left", style="dim"))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(width=key_width, style="bold", overflow="fold")
        grid.add_column(overflow="fold")
        for name, value in zip(names, row, strict=True):
            if value:
                grid.add_row(Text(name), Text(value))
        parts.append(grid)
    if caption:
        parts.append(Text(caption))
    return parts


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_csv_value(v) for v in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit(
    records: Iterable[dict[str, Any]],
    fmt: str,
    columns: list[Column],
    *,
    title: str | None = None,
    caption: str | None = None,
    drain: bool = False,
) -> int:
    """Write records to stdout in `fmt`; returns how many were taken (see Sink for `drain`)."""
    return Sink(fmt, columns, title=title, caption=caption, drain=drain).write(records)
