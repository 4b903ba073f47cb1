"""Text helpers shared by the library's stages (no NLP)."""

from __future__ import annotations

import unicodedata


def fold(s: str) -> str:
    """Lowercase without accents: "Jean-Noël" -> "jean-noel"."""
    nfkd = unicodedata.normalize("NFKD", s)
    return "".join(c for c in nfkd if not unicodedata.combining(c)).casefold()
