"""The dedupe side's house: one-job modules in `ukpeace_cli/dedupe/`, with the package
re-exporting the names other modules, tests and benches use (sizes: tests/test_house.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import ukpeace_cli
from ukpeace_cli import dedupe

PACKAGE = Path(ukpeace_cli.__file__).parent / "dedupe"
MODULES = sorted(PACKAGE.glob("*.py"))


def test_dedupe_is_a_package_of_several_modules() -> None:
    assert len(MODULES) >= 8


# What cli/dedupe_cmd.py, compare/, stories.py, bench/ and tests import from `ukpeace_cli.dedupe`.
PUBLIC = """DEFAULT_THRESHOLD BOILER_MIN_DF BOILER_OUTLET_REPEATS SENT_DF_FREE Cluster DedupeResult
Pair Passage cluster_record find_duplicates pair_record passage_record score_pairs""".split()


def test_dedupe_reexports_the_public_names() -> None:
    assert [n for n in PUBLIC if n not in dedupe.__all__] == []
    assert hasattr(dedupe, "_Engine")


def test_dedupe_package_is_only_a_reexport() -> None:
    tree = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    defined = [
        n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    ]
    assert defined == []


def test_forked_workers_find_their_functions_at_module_level() -> None:
    # Pool.map pickles the worker function by module and name: it must be a top-level name.
    from ukpeace_cli.dedupe import read, verify

    assert read._analyse_big.__module__ == "ukpeace_cli.dedupe.read"
    assert verify._verify_share.__module__ == "ukpeace_cli.dedupe.verify"
