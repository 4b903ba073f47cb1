"""The loaded-language token model at run time: numpy only, weights from a packaged JSON file.

A token's probability is the logistic of the bias plus the weights of its features
(`features.py`). Word and context parts depend only on a folded form, so they are computed once
per form and cached; only the shape features are looked at per token. Runs of adjacent tokens
over the threshold become one flagged span (`decode`). An article's density of loaded language
comes from a second, article-level regression over those probabilities (`article.py`) when the
file has one (`article`), else from the plain sum of the probabilities. The file names its source
and how it was made (`provenance`): bench/framing_model.py wrote it from the PTC train split.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ukpeace_cli.framing.article import ArticleModel, article_features
from ukpeace_cli.framing.features import (
    Feature,
    Lexical,
    Token,
    context_features,
    edge_feature,
    shape_flags,
    tokens,
    word_features,
)

MODEL_FILE = "data/loaded_model.json"


@dataclass(frozen=True)
class Flagged:
    start: int
    end: int
    probability: float  # the highest token probability in the span


@dataclass(frozen=True)
class Scored:
    tokens: list[Token]
    probabilities: np.ndarray  # one per token, in [0, 1]
    shapes: dict[str, np.ndarray] = field(default_factory=dict)  # shape flags, one per token
    lexical: Lexical | None = None
    article: ArticleModel | None = None

    def spans(self, threshold: float) -> list[Flagged]:
        return [Flagged(s, e, p) for s, e, p in decode(self.tokens, self.probabilities, threshold)]

    def inside(self, within: list[tuple[int, int]]) -> np.ndarray:
        """Which tokens lie inside the given sorted, disjoint spans."""
        if not self.tokens or not within:
            return np.zeros(len(self.tokens), dtype=bool)
        starts = np.array([t.start for t in self.tokens])
        ends = np.array([t.end for t in self.tokens])
        lo = np.array([s for s, _ in within])
        hi = np.array([e for _, e in within])
        idx = np.searchsorted(lo, starts, side="right") - 1  # the last span starting at or before
        return np.asarray((idx >= 0) & (ends <= hi[np.maximum(idx, 0)]))

    def density(self, within: list[tuple[int, int]]) -> float:
        """Loaded language per 1,000 tokens inside the spans: the article model's estimate of
        annotated spans when the model file has one, else the sum of token probabilities."""
        return self._density(self.inside(within))

    def expected(self, within: list[tuple[int, int]]) -> float:
        """The expected number of loaded items inside the given sorted, disjoint spans: the
        density times their tokens (without an article model: the sum of the probabilities)."""
        mask = self.inside(within)
        return self._density(mask) * int(mask.sum()) / 1000

    def _density(self, mask: np.ndarray) -> float:
        n = int(mask.sum())
        if not n:
            return 0.0
        probs = self.probabilities[mask]
        if self.article is None or self.lexical is None or not self.shapes:
            return 1000 * float(probs.sum()) / n
        forms = [t.form for t, keep in zip(self.tokens, mask, strict=True) if keep]
        shapes = {name: flags[mask] for name, flags in self.shapes.items()}
        return self.article.density(article_features(forms, probs, shapes, self.lexical))


class LoadedModel:
    def __init__(self, data: dict[str, Any]):
        self.source = str(data["source"])
        self.provenance: dict[str, Any] = dict(data["provenance"])
        self.threshold = float(data["threshold"])
        self.bias = float(data["bias"])
        self.weights: dict[str, float] = {k: float(v) for k, v in data["weights"].items()}
        vocab = frozenset(
            k[2:] for k in self.weights if k.startswith("w=") and k != "w=<other>"
        ) | frozenset(k.split("=", 1)[1] for k in self.weights if k[1:4] == ":w=")
        self.lexical = Lexical(
            {str(k): float(v) for k, v in data["valence"].items()},
            frozenset(data["boosters"]),
            vocab,
        )
        self.article = ArticleModel.from_data(data["article"]) if data.get("article") else None
        self._word = lru_cache(maxsize=200_000)(self._word_score)
        self._prev = lru_cache(maxsize=200_000)(self._context_score("p"))
        self._next = lru_cache(maxsize=200_000)(self._context_score("n"))

    def _sum(self, feats: list[Feature]) -> float:
        w = self.weights
        return sum(w.get(name, 0.0) * value for name, value in feats)

    def _word_score(self, form: str) -> float:
        return self._sum(word_features(form, self.lexical))

    def _context_score(self, side: str) -> Any:
        def score(form: str) -> float:
            return self._sum(context_features(form, self.lexical, side))

        return score

    def score(self, text: str) -> Scored:
        toks = tokens(text)
        if not toks:
            return Scored(toks, np.zeros(0), {}, self.lexical, self.article)
        forms = [t.form for t in toks]
        own = np.array([self._word(f) for f in forms])
        prev = np.array([self._prev(f) for f in forms])
        nxt = np.array([self._next(f) for f in forms])
        z = own + self.bias
        z[1:] += prev[:-1]
        z[:-1] += nxt[1:]
        z[0] += self._sum([edge_feature("p")])
        z[-1] += self._sum([edge_feature("n")])
        shapes = shape_flags(text, toks)
        for name, flags in shapes.items():
            z += self.weights.get(name, 0.0) * flags
        return Scored(toks, 1.0 / (1.0 + np.exp(-z)), shapes, self.lexical, self.article)

    def spans(self, text: str) -> list[Flagged]:
        return self.score(text).spans(self.threshold)


def decode(
    toks: Sequence[Token], probs: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """Runs of adjacent tokens at or over the threshold, each as (start, end, top probability)."""
    out: list[tuple[int, int, float]] = []
    run: list[int] = []
    for i in range(len(toks) + 1):
        if i < len(toks) and probs[i] >= threshold:
            run.append(i)
            continue
        if run:
            top = float(max(probs[j] for j in run))
            out.append((toks[run[0]].start, toks[run[-1]].end, top))
            run = []
    return out


@lru_cache(maxsize=1)
def load_model() -> LoadedModel:
    text = resources.files("ukpeace_cli").joinpath(MODEL_FILE).read_text("utf-8")
    return LoadedModel(json.loads(text))
