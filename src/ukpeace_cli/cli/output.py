"""The one output sink every command uses: table, jsonl, json or csv.

- `auto` means a rich table when stdout is a terminal (`isatty`, not rich's own detection, which
  FORCE_COLOR overrides), JSONL otherwise.
- JSONL and JSON go straight to stdout with `json.dumps(ensure_ascii=False)`, never through rich,
  which would wrap lines and eat `[text]` as markup.
- Table cells are `rich.text.Text`, which is never parsed as markup, after control characters
  (terminal escape sequences included) are stripped.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

FORMATS = ("auto", "table", "jsonl", "json", "csv")

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    justify: str = "left"
    max_width: int | None = None
    min_width: int | None = None
    no_wrap: bool = False


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


class Sink:
    """Write records in one format. Use as `Sink(...).write(records)`."""

    def __init__(
        self,
        fmt: str,
        columns: list[Column],
        *,
        title: str | None = None,
        caption: str | None = None,
        stream: IO[str] | None = None,
    ):
        self.stream = stream or sys.stdout
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
        return writer(iter(records))

    def _jsonl(self, records: Iterator[dict[str, Any]]) -> int:
        import json  # here, not at the top: `ukpeace --help` never needs it

        n = 0
        for rec in records:
            self.stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
            self.stream.flush()  # a streaming consumer (jq, head) sees each record at once
            n += 1
        return n

    def _json(self, records: Iterator[dict[str, Any]]) -> int:
        import json

        data = list(records)
        self.stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return len(data)

    def _csv(self, records: Iterator[dict[str, Any]]) -> int:
        import csv

        w = csv.writer(self.stream, lineterminator="\n")
        w.writerow([c.key for c in self.columns])
        n = 0
        for rec in records:
            w.writerow([_csv_value(rec.get(c.key)) for c in self.columns])
            n += 1
        return n

    def _table(self, records: Iterator[dict[str, Any]]) -> int:
        from rich.table import Table
        from rich.text import Text

        table = Table(
            title=self.title,
            caption=self.caption,
            show_lines=False,
            header_style="bold",
            caption_justify="left",
        )
        for c in self.columns:
            table.add_column(
                c.header,
                justify=c.justify,  # type: ignore[arg-type]
                max_width=c.max_width,
                min_width=c.min_width,
                no_wrap=c.no_wrap,
                overflow="fold",
            )
        n = 0
        for rec in records:
            table.add_row(*(Text(cell(rec.get(c.key))) for c in self.columns))
            n += 1
        table_console(self.stream).print(table)
        return n


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
) -> int:
    """Write records to stdout in `fmt`; returns how many were written."""
    return Sink(fmt, columns, title=title, caption=caption).write(records)
