"""`--scheduler` at the command line: parsing, exit codes (2 usage or no extra, 7 cluster), and
the Dask path's output equal to the default one."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ukpeace_cli.cli import app
from ukpeace_cli.errors import ExitCode, UsageError
from ukpeace_cli.scaleout.connect import Scheduler, parse

runner = CliRunner()


@pytest.mark.parametrize(
    ("spec", "want"),
    [
        (None, Scheduler("none")),
        ("none", Scheduler("none")),
        ("local", Scheduler("local")),
        ("local:3", Scheduler("local", 3)),
        ("tcp://10.0.0.5:8786", Scheduler("address", target="tcp://10.0.0.5:8786")),
        ("file:/shared/scheduler.json", Scheduler("file", target="/shared/scheduler.json")),
    ],
)
def test_parse(spec: str | None, want: Scheduler) -> None:
    assert parse(spec) == want


@pytest.mark.parametrize("spec", ["local:0", "local:x", "somewhere", "file:"])
def test_parse_rejects(spec: str) -> None:
    with pytest.raises(UsageError):
        parse(spec)


def _store(tmp_path: Path) -> Path:
    src = tmp_path / "a.txt"
    src.write_text("Talks resumed in Geneva on Monday. Delegates met for five hours.\n")
    store = tmp_path / "s.jsonl"
    assert runner.invoke(app, ["ingest", str(src), "-s", str(store), "--no-nlp"]).exit_code == 0
    return store


def test_bad_scheduler_is_a_usage_error(tmp_path: Path) -> None:
    r = runner.invoke(app, ["dedupe", "-s", str(_store(tmp_path)), "--scheduler", "nowhere"])
    assert r.exit_code == ExitCode.USAGE
    assert "bad --scheduler 'nowhere'" in r.stderr


def test_without_the_extra_exit_2_with_the_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = _store(tmp_path)
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    r = runner.invoke(app, ["dedupe", "-s", str(store), "--scheduler", "local:1"])
    assert r.exit_code == ExitCode.USAGE
    assert "pip install 'ukpeace[dask]'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_unreachable_scheduler_exits_7(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    store = _store(tmp_path)
    monkeypatch.setenv("UKPEACE_SCHEDULER", "tcp://127.0.0.1:9")  # discard port: refused
    t0 = time.monotonic()
    r = runner.invoke(app, ["dedupe", "-s", str(store)])
    assert r.exit_code == ExitCode.CLUSTER == 7
    assert r.stderr.startswith("Error: cannot reach the Dask scheduler")
    assert "(tcp://127.0.0.1:9)" in r.stderr
    assert time.monotonic() - t0 < 60


def test_missing_scheduler_file_exits_7(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    store = _store(tmp_path)
    spec = f"file:{tmp_path / 'none.json'}"
    r = runner.invoke(app, ["dedupe", "-s", str(store), "--scheduler", spec])
    assert r.exit_code == ExitCode.CLUSTER
    assert "scheduler file not found" in r.stderr


@pytest.mark.slow
def test_cli_dedupe_local_cluster_same_output(seed_store: Path) -> None:
    pytest.importorskip("distributed")
    args = ["dedupe", "-s", str(seed_store), "--passages", "-f", "jsonl", "-q"]
    plain = runner.invoke(app, args)
    on_dask = runner.invoke(app, [*args, "--scheduler", "local:1", "--partition-size", "2"])
    assert on_dask.exit_code == plain.exit_code == 0, on_dask.stderr
    assert on_dask.stdout == plain.stdout and plain.stdout
