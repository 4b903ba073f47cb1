"""A made-up store record without NLP, for tests that build articles from strings."""

from __future__ import annotations

from typing import Any


def made_record(
    rid: str, text: str, outlet: str | None = None, published: str | None = None
) -> dict[str, Any]:
    return {
        "id": rid,
        "source": f"made/{rid}.txt",
        "outlet": outlet,
        "published": published,
        "text": text,
        "nlp": None,
    }
