"""Given names from the US Census Bureau's 1990 first-name frequency files (public domain;
dist.male.first, dist.female.first), as shipped by the PyPI package `names`: which words are
given names at all (to tell "Retiree Ann Boyd" from a name), and their gender where it is clear
(used by quotes/ only when the article itself says nothing: no Mr/Ms, no pronoun after the name).
A name counts for one gender when its share there is at least CLEAR_RATIO times its share for
the other: Mary is female, Jordan or Robin are unknown, and unknown stays unknown."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from ukpeace_cli.text import fold

CLEAR_RATIO = 10.0
# Particles inside names that the census also lists as given names ("Al", "Del", "Van"):
# "Fouzia Al Hashish" is one name, whatever the first word.
NAME_PARTICLES = frozenset(
    "al el ad ar as ash at az bin ibn ben abu abd da de del della di do dos du la le van "
    "von".split()
)


@lru_cache(maxsize=1)
def _census_shares() -> dict[str, tuple[float, float]]:
    shares: dict[str, list[float]] = {}
    for k, part in enumerate(("dist.male.first", "dist.female.first")):
        text = resources.files("names").joinpath(part).read_text("ascii")
        for line in text.splitlines():
            cols = line.split()
            if len(cols) >= 2:
                shares.setdefault(cols[0].lower(), [0.0, 0.0])[k] = float(cols[1])
    return {name: (m, f) for name, (m, f) in shares.items()}


@lru_cache(maxsize=1)
def _census_first_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, (male, female) in _census_shares().items():
        if male >= CLEAR_RATIO * female:
            out[name] = "m"
        elif female >= CLEAR_RATIO * male:
            out[name] = "f"
    return out


def is_given_name(word: str) -> bool:
    """Whether the census lists `word` as a first name (either gender); a name particle never
    counts."""
    key = fold(word).lower()
    return key in _census_shares() and key not in NAME_PARTICLES


def given_name_gender(first: str) -> str | None:
    """ "m" or "f" for a given name of clear gender in the census lists, else None."""
    return _census_first_names().get(fold(first).lower())
