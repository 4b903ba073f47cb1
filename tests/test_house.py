"""The house rules, checked over the whole package: no module over 600 lines, no function over
80 (in cli/, Typer commands count from their body: their signatures are option declarations)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ukpeace_cli

PACKAGE = Path(ukpeace_cli.__file__).parent
MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_package_is_read() -> None:
    assert len(MODULES) > 40 and PACKAGE / "cli" / "__init__.py" in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_and_functions_are_small(path: Path) -> None:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= 600
    in_cli = path.parent.name == "cli"
    long = []
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno:
            first = node.body[0].lineno if in_cli else node.lineno
            if node.end_lineno - first + 1 > 80:
                long.append(node.name)
    assert long == []


REPO = PACKAGE.parent.parent
DEVSET_FILES = {
    "README.md",
    "recipe.json",
    "gold.jsonl",
    "stories.json",
    "meta_set2.jsonl",
    "meta_set3.jsonl",  # our metadata labels for sets 3-5 (session 11), not texts
    "meta_set4.jsonl",
    "meta_set5.jsonl",
    "devset.py",
    "recipe_set3.json",
    "stories_set3.json",
    "recipe_set4.json",
    "stories_set4.json",
    "recipe_set5.json",
    "stories_set5.json",
    "recipe_set6.json",
    "stories_set6.json",
    "cut_set.py",
}


def test_no_dev_set_text_is_tracked() -> None:
    """The dev-set texts belong to their publishers (bench/devsets/README.md): only the recipe,
    our labels and the script are in git; the data folder (or a link to it) never is."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    import subprocess

    out = subprocess.run(
        ["git", "ls-files", "bench/devsets"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out, "bench/devsets is not tracked at all"
    assert {Path(p).name for p in out} <= DEVSET_FILES, out
