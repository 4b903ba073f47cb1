"""Shared fixtures. Every test runs with a pinned, isolated environment: no user config, no
colour, fixed width and time zone, and its own working folder (so the default store is private).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Speed is measured in bench/, not in tests: a property test on a loaded machine (CI shares two
# cores) must not fail on Hypothesis's per-example time limit.
settings.register_profile("ukpeace", deadline=None)
settings.load_profile("ukpeace")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for var in ("GITHUB_ACTIONS", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM_PROGRAM"):
        monkeypatch.delenv(var, raising=False)
    for var in (
        "UKPEACE_STORE",
        "UKPEACE_MODEL",
        "UKPEACE_FORMAT",
        "UKPEACE_CONFIG",
        "UKPEACE_ALIASES",
        "UKPEACE_LEXICONS",
        "UKPEACE_DEBUG",
        "UKPEACE_STORIES",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("_TYPER_FORCE_DISABLE_TERMINAL", "1")
    monkeypatch.setenv("UKPEACE_CONFIG_DIR", str(tmp_path / "user-config"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)


@pytest.fixture
def fresh_ablation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No rule family switched off, before and after the test (ablation state is per process)."""
    from ukpeace_cli import ablation

    monkeypatch.delenv(ablation.ENV, raising=False)
    ablation.reset()
    yield
    ablation.reset()


@pytest.fixture(scope="session")
def pipeline() -> Any:
    """The spaCy pipeline as ingest loads it, once per test session."""
    from ukpeace_cli.annotate import load_annotating_pipeline

    return load_annotating_pipeline()


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """The five seeds ingested with NLP, once. Tests that write must copy it (`seed_store`)."""
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import Store

    path = tmp_path_factory.mktemp("seeds") / "store.jsonl"
    items = iter_inputs([str(p) for p in sorted(SEEDS.glob("*.txt"))])
    results = list(ingest(items, Store(path), pipeline=pipeline, annotator=annotate_record))
    assert [r.status for r in results] == ["added"] * 5
    return path


# The query tests of these modules run on both store layouts: the seed store as a file, and
# converted into a sharded folder (parts of two records, so that every query crosses parts).
BOTH_LAYOUTS = {
    "test_choices",
    "test_compare",
    "test_dates",
    "test_dedupe",
    "test_entities",
    "test_origin",
    "test_quotes_cli",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "seed_store" in metafunc.fixturenames and metafunc.module.__name__ in BOTH_LAYOUTS:
        metafunc.parametrize("seed_store", ["file", "sharded"], indirect=True)


@pytest.fixture(scope="session")
def sharded_seed_store_path(
    tmp_path_factory: pytest.TempPathFactory, seed_store_path: Path
) -> Path:
    """The seed store converted into a sharded store of 3 parts (2 + 2 + 1 records)."""
    from ukpeace_cli.store.convert import convert

    dest = tmp_path_factory.mktemp("sharded-seeds") / "store"
    convert(str(seed_store_path), str(dest), part_size=2)
    return dest


@pytest.fixture
def seed_store(request: pytest.FixtureRequest, seed_store_path: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the annotated seed store (a file; in BOTH_LAYOUTS modules,
    also a sharded folder)."""
    if getattr(request, "param", "file") == "sharded":
        dest = tmp_path / "seed-store"
        shutil.copytree(request.getfixturevalue("sharded_seed_store_path"), dest)
        return dest
    dest = tmp_path / "seed-store.jsonl"
    shutil.copy(seed_store_path, dest)
    return dest


@pytest.fixture(scope="session")
def seed_records(seed_store_path: Path) -> dict[str, dict[str, Any]]:
    """Seed records by their file's three-digit prefix ("000" ... "004")."""
    from ukpeace_cli.store import Store

    out = {}
    for rec in Store(seed_store_path).iter_records():
        out[Path(rec["source"]).name[:3]] = rec
    return out
