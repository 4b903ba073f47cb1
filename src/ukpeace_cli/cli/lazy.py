"""A Typer group that imports and builds a command only when it runs or shows its own help.

`ukpeace --help` lists every command with its short help; Typer would import each command's
module and turn every parameter of every command into a Click option first (the lion's share
of the start-up time). Here the listing comes from a table of names and short helps, and a
command is built, exactly as `app.command(name)` / `app.add_typer(sub, name=name)` would,
the first time it is looked up. tests/test_startup.py checks the table against the commands.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo, TyperInfo


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives, and the short help `ukpeace --help` shows for it (the first
    paragraph of its help text)."""

    module: str
    attr: str
    short_help: str

    def load(self) -> Any:
        """The command function, or the Typer app of a command group."""
        # __import__, not importlib.import_module: `python -X importtime` reports only the former
        return getattr(__import__(self.module, fromlist=[self.attr]), self.attr)


class _Commands(MutableMapping[str, Any]):
    """Command name -> Click command, built on first access; names need no import."""

    def __init__(self, table: Mapping[str, LazyCommand], build: Any) -> None:
        self._table = table
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._table:
                raise KeyError(name)
            self._built[name] = self._build(name, self._table[name].load())
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("commands cannot be removed")

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (name for name in self._built if name not in self._table)

    def __len__(self) -> int:
        return len(set(self._table) | set(self._built))


class LazyGroup(TyperGroup):
    """A group whose subclass sets `table`: the commands, in listing order."""

    table: Mapping[str, LazyCommand] = {}
    pretty_exceptions_short: bool = True

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.table, self._build)

    def _build(self, name: str, target: Any) -> Any:
        if isinstance(target, typer.Typer):
            return typer.main.get_group_from_info(
                TyperInfo(target, name=name),
                pretty_exceptions_short=self.pretty_exceptions_short,
                rich_markup_mode=self.rich_markup_mode,
                suggest_commands=self.suggest_commands,
            )
        return typer.main.get_command_from_info(
            CommandInfo(name=name, cls=TyperCommand, callback=target),
            pretty_exceptions_short=self.pretty_exceptions_short,
            rich_markup_mode=self.rich_markup_mode,
        )

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """TyperGroup's listing, from the table's short helps: nothing imported or built."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = [(name, self._listing(name).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def _listing(self, name: str) -> Any:
        if name in self.table:
            return TyperCommand(name=name, help=self.table[name].short_help)
        return self.commands[name]
