"""A reader that stops early: every command and format ends quietly with exit 0, and ingest
still stores everything. The pipe's read end is closed before the command starts, so every
write meets EPIPE: no timing decides which path runs."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import UKPEACE, make_articles, store_lines

QUIET_ERR = ("Traceback", "Exception ignored", "Broken", "Error")


def into_closed_pipe(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ukpeace with stdout a pipe nobody reads any more; returns (exit code, stderr)."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [*UKPEACE, *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=cwd,
            env=dict(os.environ),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    return proc.returncode, proc.stderr.decode("utf-8", "replace")


QUERIES = [["dedupe", "--passages"], ["compare"], ["entities"], ["quotes"], ["quotes", "--group"]]
# Every query in a table (rich); the machine formats share one writer, shown on two commands.
CASES = [(c, "table") for c in QUERIES] + [
    (c, fmt) for c in (QUERIES[0], QUERIES[3]) for fmt in ("jsonl", "json", "csv")
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "fmt"), CASES, ids=lambda v: "-".join(v) if isinstance(v, list) else v
)
def test_query_into_a_closed_pipe_exits_0(
    seed_store: Path, tmp_path: Path, command: list[str], fmt: str
) -> None:
    code, err = into_closed_pipe([*command, "-s", str(seed_store), "-q", "-f", fmt], tmp_path)
    assert (code, err) == (0, "")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "jsonl", "csv"])
def test_ingest_into_a_closed_pipe_stores_everything(tmp_path: Path, fmt: str) -> None:
    make_articles(tmp_path / "in", range(40))
    code, err = into_closed_pipe(["ingest", "in", "-s", "s.jsonl", "--no-nlp", "-f", fmt], tmp_path)
    assert code == 0
    assert not any(word in err for word in QUIET_ERR)
    # The summary still reaches stderr, and every input is in the store with its sidecars.
    assert err.rstrip().endswith(
        "40 ingested (40 added, 0 updated), 0 unchanged, 0 failed of 40 input(s) -> s.jsonl"
    )
    assert len(store_lines(tmp_path / "s.jsonl")) == 40
    assert (tmp_path / "s.jsonl.quotes.jsonl").exists()


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["table", "jsonl"])
def test_the_duplicates_gate_outlives_a_closed_pipe(
    seed_store: Path, tmp_path: Path, fmt: str
) -> None:
    # CI scripts read the gate's verdict from the exit code, whoever reads stdout.
    args = ["dedupe", "--fail-on-duplicates", "-s", str(seed_store), "-q", "-f", fmt]
    code, err = into_closed_pipe(args, tmp_path)
    assert (code, err) == (6, "")
