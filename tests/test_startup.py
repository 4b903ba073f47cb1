"""Start-up: help never imports spaCy (or other heavy modules), `python -m` works, --version,
and tracebacks only with --debug. Each check runs in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import typer.main

from helpers import run
from ukpeace_cli import cli
from ukpeace_cli.cli import COMMANDS, app

HEAVY = (
    "spacy",
    "thinc",
    "numpy",
    "rapidfuzz",
    "charset_normalizer",
    "torch",
    "dask",
    "distributed",
    "pandas",
    "pyarrow",
)
# Lighter libraries that only a command's work needs, never its help.
DEPS = (
    "rich",
    "yaml",
    "dateutil",
    "scipy",
    "tldextract",
    "networkx",
    "pydot",
    "countryinfo",
    "xxhash",
    "names",
)
# What `ukpeace --help` and `--version` import of ours: the app and its lazy group, no command.
ROOT_MODULES = ["ukpeace_cli", "ukpeace_cli.cli", "ukpeace_cli.cli.lazy"]
# ... and what a command's --help adds besides the command's own module: the shared option
# declarations and the column type, no output, settings, selection or library module.
HELP_MODULES = ["ukpeace_cli.cli.columns", "ukpeace_cli.cli.common", "ukpeace_cli.errors"]

_PROBE = f"""
import json, sys
from ukpeace_cli.cli import app
steps = []
for args in json.loads(sys.argv[1]):
    try:
        app(args, prog_name="ukpeace")
    except SystemExit as exc:
        code = exc.code
    top = {{m.split(".")[0] for m in sys.modules}}
    heavy, deps = sorted(top & {set(HEAVY)!r}), sorted(top & {set(DEPS)!r})
    ours = sorted(m for m in sys.modules if m.split(".")[0] == "ukpeace_cli")
    steps.append({{"args": args, "code": code, "heavy": heavy, "deps": deps, "ours": ours}})
sys.stderr.write("\\nPROBE " + json.dumps(steps) + "\\n")
"""


def _probe(*runs: list[str]) -> list[dict[str, Any]]:
    """Run the CLI several times in one fresh interpreter; after each run, which heavy modules
    and which of ours are imported? (They accumulate, so the first run that shows one is the
    culprit.)"""
    r = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(runs)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )
    marker = r.stderr.rsplit("PROBE ", 1)
    assert len(marker) == 2, r.stderr
    return json.loads(marker[1])  # type: ignore[no-any-return]


def _commands() -> list[str]:
    return typer.main.get_command(app).list_commands(None)  # type: ignore[attr-defined, arg-type]


def test_every_command_is_registered() -> None:
    assert {"ingest", "config"} <= set(_commands())
    # every cli/*_cmd.py module is a command (a new one cannot be forgotten in the table)
    modules = {p.stem for p in Path(cli.__file__).parent.glob("*_cmd.py")}
    assert {COMMANDS[name].module.rsplit(".", 1)[1] for name in _commands()} == modules


def test_listed_short_help_is_each_commands_own() -> None:
    # `ukpeace --help` shows the table's short help without importing the command: it must be
    # the first paragraph of the help the command itself shows.
    group = typer.main.get_command(app)
    for name in _commands():
        command = group.get_command(None, name)  # type: ignore[attr-defined, arg-type]
        assert command.name == name
        first = (command.help or "").split("\n\n")[0]
        assert " ".join(first.split()) == COMMANDS[name].short_help, name


@pytest.mark.slow
def test_help_of_every_command_imports_no_heavy_module() -> None:
    runs = [["--help"], ["-h"], ["--version"], *[[name, "--help"] for name in _commands()]]
    steps = [{k: step[k] for k in ("args", "code", "heavy", "deps")} for step in _probe(*runs)]
    assert steps == [{"args": args, "code": 0, "heavy": [], "deps": []} for args in runs]


@pytest.mark.slow
def test_root_help_imports_no_command() -> None:
    root, short, version_step, ingest, store = _probe(
        ["--help"], ["-h"], ["--version"], ["ingest", "--help"], ["store", "info", "--help"]
    )
    assert [root["ours"], short["ours"], version_step["ours"]] == [ROOT_MODULES] * 3
    # a command's help imports that command's module and the few shared ones, nothing else
    new = sorted(set(ingest["ours"]) - set(ROOT_MODULES))
    assert new == sorted(["ukpeace_cli.cli.ingest_cmd", *HELP_MODULES])
    assert sorted(set(store["ours"]) - set(ingest["ours"])) == ["ukpeace_cli.cli.store_cmd"]


@pytest.mark.slow
def test_the_probe_sees_a_lazy_import(tmp_path: Path) -> None:
    # A legacy-encoded file makes ingest import charset_normalizer: proof the probe can fail.
    legacy = tmp_path / "old.txt"
    legacy.write_bytes("Caf\u00e9 talks go on. The na\u00efve plan.\n".encode("cp1252"))
    (help_step, step) = _probe(
        ["--help"], ["ingest", str(legacy), "-s", str(tmp_path / "s.jsonl"), "--no-nlp", "-q"]
    )
    assert help_step["heavy"] == help_step["deps"] == []
    assert step["code"] == 0
    assert step["heavy"] == ["charset_normalizer"]
    assert "yaml" in step["deps"]  # inputs.py reads manifests and front matter with it


@pytest.mark.slow
def test_importtime_shows_no_spacy() -> None:
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ukpeace_cli", "ingest", "--help"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )
    assert r.returncode == 0
    imported = [ln.rsplit("|", 1)[-1].strip() for ln in r.stderr.splitlines() if "|" in ln]
    assert "typer" in imported  # the -X importtime report is really there
    assert [m for m in imported if m.split(".")[0] in ("spacy", "thinc")] == []


@pytest.mark.slow
def test_python_m_ukpeace_cli() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "ukpeace_cli", "--help"],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )
    assert r.returncode == 0
    assert r.stdout.startswith("Usage: ukpeace [OPTIONS] COMMAND [ARGS]...")
    for name in _commands():
        assert f"\n  {name} " in r.stdout
    assert r.stderr == ""


@pytest.mark.slow
def test_version() -> None:
    r = run(["--version"])
    assert (r.returncode, r.stderr) == (0, b"")
    assert r.stdout.decode() == f"ukpeace {version('ukpeace')}\n"


@pytest.mark.slow
def test_usage_errors_exit_2() -> None:
    r = run(["no-such-command"])
    assert r.returncode == 2
    assert b"No such command 'no-such-command'" in r.stderr
    assert run([]).returncode == 2  # no arguments: help, as a usage error


@pytest.mark.slow
@pytest.mark.parametrize(
    ("flag", "env"), [([], {}), (["--debug"], {}), ([], {"UKPEACE_DEBUG": "1"})]
)
def test_traceback_only_with_debug(flag: list[str], env: dict[str, str]) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "ukpeace_cli", *flag, "config", "--config", "nope.yaml"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] == "Error: config file not found (nope.yaml)"
    assert ("Traceback (most recent call last)" in r.stderr) is bool(flag or env)
