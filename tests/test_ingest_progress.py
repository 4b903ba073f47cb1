"""The ingest progress display: only on a terminal stderr and not with --quiet; it knows the
total, the rate and the time left; stdout stays pure JSONL."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path

import pytest

from helpers import jsonl, make_articles, on_a_terminal
from ukpeace_cli.cli.common import make_context
from ukpeace_cli.cli.ingest_cmd import _progress


@pytest.mark.parametrize(("tty", "quiet", "shown"), [(True, False, True), (True, True, False)])
def test_progress_decision(
    monkeypatch: pytest.MonkeyPatch, tty: bool, quiet: bool, shown: bool
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert make_context(quiet, None).show_progress() is shown
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert make_context(False, None).show_progress() is False


def test_progress_columns_show_total_rate_and_time_left() -> None:
    assert isinstance(_progress(False), nullcontext)
    bar = _progress(True)
    task = bar.add_task("ingest", total=40)
    for _ in range(10):
        bar.advance(task)
    bar.tasks[0].finished_speed = 2.5  # a known rate instead of the clock's
    row = "".join(str(c.render(bar.tasks[0])) for c in bar.columns[3:5])
    assert row == "10/402.5/s"
    assert "TimeRemainingColumn" in [type(c).__name__ for c in bar.columns]


def _stderr_on_a_terminal(args: list[str], cwd: Path) -> tuple[int, bytes, bytes]:
    return on_a_terminal(args, cwd, "stderr")


@pytest.mark.slow
def test_progress_on_a_terminal_has_the_total_and_nothing_reaches_stdout(tmp_path: Path) -> None:
    make_articles(tmp_path / "in", range(40))
    args = ["ingest", "in", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl"]
    code, out, err = _stderr_on_a_terminal(args, tmp_path)
    assert code == 0
    assert [r["status"] for r in jsonl(out)] == ["added"] * 40  # stdout: the JSONL rows only
    assert b"/40" in err and b"/s" in err  # a count of the known total, and a rate
    code, out, err = _stderr_on_a_terminal([*args, "-q"], tmp_path)
    assert (code, err) == (0, b"")
    assert len(jsonl(out)) == 40
