"""What a person sees at a terminal: stdout a pseudo-terminal, the default `auto` format."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import on_a_terminal


def stdout_on_a_terminal(args: list[str], cwd: Path, columns: int = 200) -> tuple[int, str]:
    """Run ukpeace with stdout a pseudo-terminal `columns` wide; returns (exit code, stdout)."""
    code, out, _ = on_a_terminal(args, cwd, "stdout", COLUMNS=str(columns), LINES="50")
    return code, out.decode("utf-8").replace("\r\n", "\n")


@pytest.mark.slow
def test_compare_on_a_terminal_prints_one_table_per_measure(
    seed_store: Path, tmp_path: Path
) -> None:
    code, out = stdout_on_a_terminal(["compare", "-s", str(seed_store)], tmp_path)
    assert code == 0
    for title in ("Headline, time and length", "Hedges and boosters", "Reuse of earlier coverage"):
        assert title in out
    assert "Values" not in out  # the header of the one wide table meant for machines
    assert "evidential hedges" in out  # a measure's row label
