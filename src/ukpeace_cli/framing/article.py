"""The article-level density of loaded language: a small regression over an article's token
probabilities and a few style figures, fitted on PTC train article densities.

The token model (`model.py`) gives each token a probability of lying in a loaded span; their sum
per 1,000 words ranks articles, but PTC's gold figure is a different one: annotated *spans* per
1,000 words, and how densely an article was annotated also follows its style. So a second,
article-level ridge regression (bench/framing_model.py, weights in the packaged model file)
predicts log(1 + gold spans per 1,000 words) from the features below, all computed on the
tokens of the part of the article being measured (its narration in `compare`):

- `log_sum`: log of the summed token probabilities per 1,000 tokens (the plain density);
- `log_top`: log of the mean of the ten highest token probabilities;
- `log_tokens`: log of the number of tokens;
- `exclaim`, `quoted`, `allcaps`: shares of tokens in a sentence ending in ! or ?, inside
  quotation marks, written in capitals (the token model's shape flags);
- `absval`, `positive`: mean VADER |valence|, share of tokens with valence over 1;
- `booster`: share of VADER intensifiers; `second_person`: share of "you", "your", "yours";
- `digit`: share of tokens holding a digit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ukpeace_cli.framing.features import Lexical

FEATURES = (
    "log_sum",
    "log_top",
    "log_tokens",
    "exclaim",
    "quoted",
    "allcaps",
    "absval",
    "positive",
    "booster",
    "second_person",
    "digit",
)
SECOND_PERSON = frozenset({"you", "your", "yours"})
TOP = 10


def article_features(
    forms: Sequence[str], probs: np.ndarray, shapes: dict[str, np.ndarray], lex: Lexical
) -> np.ndarray:
    """The FEATURES of one article part: its tokens' folded forms, probabilities and shape
    flags (all of the same length, at least one token)."""
    n = len(forms)
    get = lex.valence.get
    valence = np.array([get(f, 0.0) for f in forms])
    top = probs if n <= TOP else np.partition(probs, n - TOP)[n - TOP :]
    values = {
        "log_sum": np.log(1000 * float(probs.sum()) / n + 1e-3),
        "log_top": np.log(float(top.mean()) + 1e-3),
        "log_tokens": np.log(n),
        "exclaim": float(shapes["exclaim"].mean()),
        "quoted": float(shapes["quoted"].mean()),
        "allcaps": float(shapes["allcaps"].mean()),
        "absval": float(np.abs(valence).mean()),
        "positive": float((valence > 1).mean()),
        "booster": sum(f in lex.boosters for f in forms) / n,
        "second_person": sum(f in SECOND_PERSON for f in forms) / n,
        "digit": sum(1 for f in forms if not f.isalpha() and any(c.isdigit() for c in f)) / n,
    }
    return np.array([values[name] for name in FEATURES], dtype=float)


@dataclass(frozen=True)
class ArticleModel:
    """log(1 + density) = bias + coef . (x - mean) / scale; the density is per 1,000 tokens."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ArticleModel:
        names = list(data["features"])
        if names != list(FEATURES):
            raise ValueError(f"article model features {names} are not {list(FEATURES)}")
        return cls(
            np.array(data["mean"], dtype=float),
            np.array(data["scale"], dtype=float),
            np.array(data["coef"], dtype=float),
            float(data["bias"]),
        )

    def density(self, x: np.ndarray) -> float:
        z = self.bias + float(self.coef @ ((x - self.mean) / self.scale))
        return max(float(np.expm1(z)), 0.0)
