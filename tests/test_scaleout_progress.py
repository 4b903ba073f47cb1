"""Task-driven progress on Dask (scaleout.progress, cli.progress): each stage's done count only
grows and ends at its total; tracking leaves the results unchanged; the dashboard address is
shown when a dashboard runs and nothing breaks when none does; on a terminal stderr the rows
appear and stdout is byte-identical to a run in a pipe."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import jsonl, make_articles, on_a_terminal, run
from helpers.cluster import local_client
from helpers.corpus import build_corpus
from ukpeace_cli.scaleout.progress import Stage, TaskProgress, dashboard_of, tracked


class _Future:
    def __init__(self, key: str):
        self.key = key
        self.callbacks: list[Any] = []

    def add_done_callback(self, fn: Any) -> None:
        self.callbacks.append(fn)

    def finish(self) -> None:
        for fn in self.callbacks:
            fn(self)


def _by_stage(seen: list[TaskProgress]) -> dict[str, list[TaskProgress]]:
    out: dict[str, list[TaskProgress]] = {}
    for p in seen:
        out.setdefault(p.stage, []).append(p)
    return out


def _assert_monotone_to_total(reports: list[TaskProgress]) -> None:
    done = [p.done for p in reports]
    assert done == sorted(done), done
    last = reports[-1]
    assert last.total is not None and last.total > 0 and last.done == last.total, reports
    assert all(p.total is None or p.done <= p.total for p in reports)


def test_stage_counts_each_task_once_and_knows_its_total_when_sealed() -> None:
    seen: list[TaskProgress] = []
    stage = Stage("ingest", seen.append, None)
    a, b, c = (stage.watch(_Future(k)) for k in "abc")
    b.finish()
    stage.mark(b)  # the client's own mark after the callback: counted once
    stage.seal()
    a.finish()
    stage.mark(_Future("stranger"))  # a task this stage never watched: ignored
    c.finish()
    stage.mark(c)
    got = [(p.done, p.total) for p in seen]
    assert got == [(1, None), (1, 3), (2, 3), (3, 3)]


def test_a_growing_stage_reports_its_total_as_tasks_arrive() -> None:
    seen: list[TaskProgress] = []
    stage = Stage("candidates", seen.append, "http://h:1/status", grows=True)
    first = stage.watch(_Future("x"), callback=False)
    stage.mark(first)
    stage.watch(_Future("y"), callback=False).finish()  # no callback: only a mark counts
    assert [(p.done, p.total) for p in seen] == [(0, 1), (1, 1), (1, 2)]
    assert {p.dashboard for p in seen} == {"http://h:1/status"}


class _Client:
    def __init__(self, link: Any):
        self.link = link

    @property
    def dashboard_link(self) -> str:
        if isinstance(self.link, Exception):
            raise self.link
        return str(self.link)


@pytest.mark.parametrize(
    ("link", "want"),
    [("http://10.0.0.5:8787/status", "http://10.0.0.5:8787/status"), ("", None)],
)
def test_dashboard_address_or_none(link: str, want: str | None) -> None:
    assert dashboard_of(_Client(link)) == want


def test_no_dashboard_service_is_no_address_not_an_error() -> None:
    assert dashboard_of(_Client(KeyError("dashboard"))) is None


def test_without_a_callback_the_client_is_untouched() -> None:
    client = _Client("")
    assert tracked(client, None) is client


def _corpus(folder: Path, size: int) -> Path:
    out = folder / "corpus.jsonl"
    build_corpus(out, size, seed=11)
    return out


def test_dedupe_stages_reach_their_totals_and_results_are_unchanged(tmp_path: Path) -> None:
    """Past the exhaustive limit (400 articles), so the shuffles run too: 3 uneven partitions."""
    from ukpeace_cli import dedupe
    from ukpeace_cli.scaleout import dedupe as on_dask

    corpus = _corpus(tmp_path, 400)
    seen: list[TaskProgress] = []
    with local_client(processes=False) as client:
        opts = on_dask.Options(cuts=[5, 230])
        plain = on_dask.find_duplicates(client, str(corpus), opts)
        got = on_dask.find_duplicates(client, str(corpus), opts, on_tasks=seen.append)
        link = dashboard_of(client)
    assert got.stats["mode"] == "lsh"
    stages = _by_stage(seen)
    assert list(stages) == ["scan", "vocabulary", "counts", "finish", "candidates", "verify"]
    for name, reports in stages.items():
        _assert_monotone_to_total(reports)
        assert name == "candidates" or reports[-1].total == 3  # one task per partition
    assert stages["candidates"][-1].total == 2  # the band join and the rare-shingle join
    assert {p.dashboard for p in seen} == {link}
    assert [dedupe.cluster_record(c) for c in got.clusters] == [
        dedupe.cluster_record(c) for c in plain.clusters
    ]
    assert [dedupe.pair_record(p) for p in got.pairs] == [
        dedupe.pair_record(p) for p in plain.pairs
    ]
    assert got.pairs  # the corpus has copies: the comparison is not of two empty lists


def test_task_rows_draw_each_stage_and_the_dashboard_on_the_running_one() -> None:
    from rich.console import Console
    from rich.progress import Progress

    from ukpeace_cli.cli.progress import TaskRows, progress_display

    columns = progress_display(True).columns
    out = io.StringIO()
    bar = Progress(*columns, console=Console(file=out, width=200, force_terminal=False))
    rows = TaskRows(bar, "dedupe")
    link = "http://127.0.0.1:8787/status"
    rows(TaskProgress("scan", 0, 3, link))
    rows(TaskProgress("scan", 3, 3, link))
    rows(TaskProgress("verify", 1, 2, link))
    scan, verify = bar.tasks
    assert (scan.description, scan.completed, scan.total) == ("dedupe scan tasks", 3, 3)
    assert (verify.description, verify.completed, verify.total) == ("dedupe verify tasks", 1, 2)
    assert (scan.fields["dashboard"], verify.fields["dashboard"]) == (None, link)
    bar.console.print(bar.get_renderable())
    text = out.getvalue()
    assert "dedupe verify tasks" in text and "1/2" in text and "3/3" in text
    assert text.count(link) == 1


@pytest.mark.slow
def test_cli_dedupe_on_a_terminal_shows_task_rows_and_stdout_is_unchanged(
    tmp_path: Path,
) -> None:
    pytest.importorskip("distributed")
    make_articles(tmp_path / "in", range(12))
    assert run(["ingest", "in", "-s", "s.jsonl", "--no-nlp", "-q"], cwd=tmp_path).returncode == 0
    args = ["dedupe", "-s", "s.jsonl", "-f", "jsonl", "--singletons", "--scheduler", "local:1"]
    piped = run(args, cwd=tmp_path, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert b"tasks" not in piped.stderr and b"\x1b[" not in piped.stderr  # no bar in a pipe
    code, out, err = on_a_terminal(
        [*args, "--partition-size", "200"], tmp_path, NO_COLOR="1", COLUMNS="200"
    )
    assert code == 0, err
    assert out == piped.stdout and {r["type"] for r in jsonl(out)} == {"cluster", "pair"}
    for stage in (b"dedupe scan tasks", b"dedupe finish tasks"):
        assert stage in err
    assert b"1/1" in err  # one partition: one task per stage
    # The dashboard, when the scheduler runs one: the note, and on the bar's running row.
    dash = re.search(rb"Dask dashboard: (http\S+)", err)
    assert (dash is None) == (b"Dask dashboard" not in piped.stderr)
    assert dash is None or err.count(dash.group(1)) >= 2
