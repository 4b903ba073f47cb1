"""The entity side's house: one-job modules in `ukpeace_cli/names/`, none over 600 lines and no
function over 80, with `ukpeace_cli.entities` re-exporting the public names other modules use."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import ukpeace_cli
from ukpeace_cli import entities

PACKAGE = Path(ukpeace_cli.__file__).parent
MODULES = sorted([PACKAGE / "entities.py", *(PACKAGE / "names").glob("*.py")])


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_and_functions_are_small(path: Path) -> None:
    text = path.read_text("utf-8")
    assert len(text.splitlines()) <= 600
    long = [
        (node.name, node.end_lineno - node.lineno + 1)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > 80
    ]
    assert long == []


# What other modules, tests and benches import from `ukpeace_cli.entities`.
PUBLIC = """LABELS NAME_LABELS USER_ALIASES_FILE DIGEST_VERSION FAC_HEADS ORG_NOUNS STATE_BODIES
AliasEntry AliasIndex EntityReport Filters Mention MentionKeys Resolver aliases_with
article_mentions build_report check_labels default_user_aliases_path label_class load_aliases
mention_rows merge_tables outlet_label packaged_aliases_text parse_pair record_decision
refresh_sidecar ruler_patterns sentence_of store_report stored_mentions suggestions
user_aliases_path""".split()


def test_entities_reexports_the_public_names() -> None:
    assert [n for n in PUBLIC if not hasattr(entities, n)] == []
    assert sorted(entities.__all__) == sorted(PUBLIC)


def test_entities_is_only_a_reexport() -> None:
    tree = ast.parse((PACKAGE / "entities.py").read_text("utf-8"))
    defined = [
        n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
    ]
    assert defined == []
