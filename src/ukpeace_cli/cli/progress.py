"""The one progress display on stderr: only on a terminal and without --quiet (the caller
decides: `ctx.show_progress()`), colourless with NO_COLOR, never on stdout, gone when done.
Rows are inputs (`ingest`) or, on Dask, each stage's tasks done as they finish with the
dashboard address (scaleout.progress.TaskProgress)."""

from __future__ import annotations

import threading
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ukpeace_cli.scaleout.progress import TaskProgress


def progress_display(enabled: bool) -> Any:
    """A rich Progress on stderr (count of total, bar, rate, time left, the dashboard), or a
    null context giving None when not enabled."""
    if not enabled:
        return nullcontext(None)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        Task,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    from ukpeace_cli.cli.output import table_console

    class RateColumn(ProgressColumn):
        """Inputs (or tasks) per second (rich has a rate column only for bytes)."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f}/s" if speed else "-/s")

    class DashboardColumn(ProgressColumn):
        """The Dask dashboard's address, on the row of the stage running now."""

        def render(self, task: Task) -> Text:
            return Text(str(task.fields.get("dashboard") or ""))

    return Progress(
        SpinnerColumn(),
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        DashboardColumn(),
        console=table_console(stderr=True),
        transient=True,
    )


class TaskRows:
    """A TaskCallback drawing one row per stage ("<command> <stage> tasks"); the dashboard
    address moves to the row of the latest stage. Called from Dask's callback thread too."""

    def __init__(self, bar: Any, command: str):
        self.bar = bar
        self.command = command
        self.rows: dict[str, Any] = {}
        self.latest: Any = None
        self._lock = threading.Lock()

    def __call__(self, p: TaskProgress) -> None:
        with self._lock:
            row = self.rows.get(p.stage)
            if row is None:
                name = p.stage if p.stage == self.command else f"{self.command} {p.stage}"
                row = self.bar.add_task(f"{name} tasks", total=p.total, dashboard=None)
                self.rows[p.stage] = row
            if row != self.latest and self.latest is not None:
                self.bar.update(self.latest, dashboard=None)
            self.latest = row
            self.bar.update(row, completed=p.done, total=p.total, dashboard=p.dashboard)


def task_rows(bar: Any, command: str) -> TaskRows | None:
    """The callback for a run on Dask, or None when no bar is shown (nothing is tracked)."""
    return None if bar is None else TaskRows(bar, command)
