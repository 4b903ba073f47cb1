"""Entities: mentions with in-article canonical names (INITIAL VERSION, being replaced)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml


@dataclass
class Mention:
    text: str
    label: str
    start: int
    end: int
    name: str
    descriptor: str | None = None
    ambiguous: bool = False


def load_aliases(user_path: str | None = None) -> dict[str, Any]:
    text = resources.files("ukpeace_cli").joinpath("data/aliases.yaml").read_text("utf-8")
    table = yaml.safe_load(text) or {}
    if user_path:
        user = yaml.safe_load(Path(user_path).read_text("utf-8")) or {}
        table.setdefault("entities", []).extend(user.get("entities", []))
    return table


def ruler_patterns(table: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for ent in table.get("entities", []):
        for form in [ent["name"], *ent.get("aliases", []), *ent.get("variants", [])]:
            out.append({"label": ent["label"], "pattern": form})
    return out


def article_mentions(doc: Any, record: dict[str, Any]) -> list[Mention]:
    return [Mention(e.text, e.label_, e.start_char, e.end_char, e.text) for e in doc.ents]
