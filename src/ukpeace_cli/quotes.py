"""Quotes (INITIAL VERSION, being replaced)."""

from __future__ import annotations

from typing import Any


def extract_quotes(doc: Any, record: dict[str, Any], mentions: list[Any]) -> list[dict[str, Any]]:
    return []
