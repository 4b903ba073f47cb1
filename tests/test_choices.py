"""Choice options take any case: --format JSONL, --measure Hedging, --kind DIRECT."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import jsonl
from ukpeace_cli.cli import app


@pytest.mark.parametrize("spelling", ["JSONL", "Jsonl", " jsonl"])
def test_format_in_any_case(spelling: str) -> None:
    r = CliRunner().invoke(app, ["config", "-f", spelling])
    assert r.exit_code == 0, r.stderr
    assert jsonl(r.stdout)[0] == {"key": "aliases", "value": None, "origin": "default"}


def test_format_from_the_environment_in_any_case(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UKPEACE_FORMAT", "JSON")
    r = CliRunner().invoke(app, ["config"])
    assert r.exit_code == 0, r.stderr
    assert [x["key"] for x in json.loads(r.stdout)][:2] == ["aliases", "format"]


def test_an_unknown_format_is_still_a_usage_error() -> None:
    r = CliRunner().invoke(app, ["config", "-f", "XML"])
    assert r.exit_code == 2
    assert "unknown format 'XML'; use auto, table, jsonl, json or csv" in r.stderr


@pytest.mark.slow
def test_measure_and_explain_in_any_case(seed_store: Path) -> None:
    base = ["compare", "-s", str(seed_store), "-f", "jsonl"]
    r = CliRunner().invoke(app, [*base, "--measure", "HEDGING", "-m", "Voices"])
    assert r.exit_code == 0, r.stderr
    assert {x["measure"] for x in jsonl(r.stdout)} == {"hedging", "voices"}
    r = CliRunner().invoke(app, [*base, "--explain", "Hedging"])
    assert r.exit_code == 0, r.stderr
    assert {x["measure"] for x in jsonl(r.stdout)} == {"hedging"}
    r = CliRunner().invoke(app, [*base, "--measure", "Hedgin"])
    assert r.exit_code == 2 and "unknown measure 'Hedgin'" in r.stderr


@pytest.mark.slow
def test_kind_and_label_in_any_case(seed_store: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["quotes", "-s", str(seed_store), "-f", "JSONL", "--kind", "DIRECT"])
    assert r.exit_code == 0, r.stderr
    assert {x["kind"] for x in jsonl(r.stdout)} == {"direct"}
    r = runner.invoke(app, ["entities", "-s", str(seed_store), "-f", "Jsonl", "-l", "person"])
    assert r.exit_code == 0, r.stderr
    assert {x["label"] for x in jsonl(r.stdout)} == {"PERSON"}
