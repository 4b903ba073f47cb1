"""The entity side's house: one-job modules in `ukpeace_cli/names/`, with `ukpeace_cli.entities`
re-exporting the public names other modules use (sizes: tests/test_house.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import ukpeace_cli
from ukpeace_cli import entities

PACKAGE = Path(ukpeace_cli.__file__).parent
MODULES = sorted([PACKAGE / "entities.py", *(PACKAGE / "names").glob("*.py")])


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
