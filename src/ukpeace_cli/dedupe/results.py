"""What `find_duplicates` returns: stories, scored pairs and aligned passages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Cluster:
    id: str
    articles: list[str]
    sources: list[str]
    outlets: list[str]
    dates: list[str | None]
    first_article: str | None
    first_outlet: str | None
    first_basis: str  # "published", "credit" or "unknown"
    credited_sources: list[str]  # credited by at least half of the articles (a common origin)
    copies: list[list[int]] = field(default_factory=list)  # verbatim copies: member positions


@dataclass(slots=True)  # 100k-article runs hold a few hundred thousand of these
class Pair:
    a: str  # the earlier article when the direction is known, else the first in store order
    b: str
    source_a: str
    source_b: str
    outlet_a: str
    outlet_b: str
    score: float
    covered_a: float  # share of a's sentence text aligned with b
    covered_b: float
    passages: int
    sentences: int
    date_gap_days: float | None
    direction: str  # "published", "credit" or "unknown"
    credited: bool  # b credits a's outlet
    story: str | None = None
    # Evidence is read from the texts on first use: listing 100k pairs' names costs time.
    _evidence: Callable[[], dict[str, list[str]]] | None = field(default=None, repr=False)
    _cache: dict[str, list[str]] | None = field(default=None, repr=False, compare=False)

    def _get(self, key: str) -> list[str]:
        if self._cache is None:
            self._cache = self._evidence() if self._evidence else {}
            self._evidence = None
        return self._cache.get(key, [])

    @property
    def shared_names(self) -> list[str]:
        """Names both aligned texts use, rarest first."""
        return self._get("shared_names")

    @property
    def shared_phrases(self) -> list[str]:
        """Content-word pairs both aligned sentences use, rarest first."""
        return self._get("shared_phrases")

    @property
    def common_credits(self) -> list[str]:
        """Sources both articles credit ("Radio Liberty"): a common origin."""
        return self._get("common_credits")


@dataclass(slots=True)
class Passage:
    earlier: str  # the earlier article (store order when direction is "unknown")
    later: str
    earlier_source: str
    later_source: str
    earlier_outlet: str
    later_outlet: str
    earlier_text: str
    later_text: str
    earlier_span: tuple[int, int]  # character offsets in the article's `text`
    later_span: tuple[int, int]
    sentences: int
    similarity: float
    kind: str  # "copy" or "paraphrase"
    quote: bool  # both sides are quotations: shared quoting, not copying
    earlier_quoted: bool
    later_quoted: bool
    direction: str
    credited: bool
    score: float  # the article pair's score
    covered_earlier: float
    covered_later: float
    story: str | None = None


@dataclass
class DedupeResult:
    clusters: list[Cluster]
    pairs: list[Pair]  # at or above the threshold, both articles in the same story
    passages: list[Passage]
    stats: dict[str, Any] = field(default_factory=dict)
    # At or above the threshold but put in different stories by the clustering (the pair alone
    # looked alike, the rest of either story did not): shared background, not the same story.
    related: list[Pair] = field(default_factory=list)

    def story_of(self, article_id: str) -> str | None:
        for c in self.clusters:
            if article_id in c.articles:
                return c.id
        return None


def file_pair(
    pair: Pair,
    passages: list[Passage],
    stories: tuple[str, str],
    out: tuple[list[Pair], list[Pair], list[Passage]],
) -> None:
    """Put a verified pair where it belongs: into its story with its passages, or, when its two
    articles ended in different stories, among the related pairs. `out` = (pairs, related,
    passages); both engines (one process, Dask) file pairs through here."""
    pairs_out, related, passages_out = out
    if stories[0] != stories[1]:
        related.append(pair)
        return
    pair.story = stories[0]
    for p in passages:
        p.story = pair.story
    pairs_out.append(pair)
    passages_out.extend(passages)
