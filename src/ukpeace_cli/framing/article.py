"""The article-level density of loaded language: a small regression over an article's token
probabilities and a few style figures, fitted on PTC train article densities.

The token model (`model.py`) gives each token a probability of lying in a loaded span; their sum
per 1,000 words ranks articles, but PTC's gold figure is a different one: annotated *spans* per
1,000 words, and how densely an article was annotated also follows its style. So a second,
article-level ridge regression (bench/framing_model.py, weights in the packaged model file)
predicts log(1 + gold spans per 1,000 words) from some of the features below, all computed on
the tokens of the part of the article being measured (its narration in `compare`). The model
file names the features it weights (`features`, any of KNOWN, in its own order); FEATURES is
the set `fit` writes by default:

- `log_sum`: log of the summed token probabilities per 1,000 tokens (the plain density);
- `log_top`: log of the mean of the ten highest token probabilities;
- `log_top5`: log of the mean of the highest 5% of the token probabilities;
- `lead`: the summed probabilities of the first 100 tokens;
- `log_tokens`: log of the number of tokens;
- `exclaim`, `quoted`, `allcaps`, `cap`: shares of tokens in a sentence ending in ! or ?,
  inside quotation marks, written in capitals, capitalised inside a sentence (the token
  model's shape flags);
- `absval`, `positive`, `valenced`: mean VADER |valence|, share of tokens with valence over 1,
  share of tokens VADER gives a valence;
- `booster`: share of VADER intensifiers; `second_person`: share of "you", "your", "yours";
- `digit`: share of tokens holding a digit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ukpeace_cli.framing.features import Lexical

# What `fit` writes by default: chosen on PTC train under story- and id-grouped folds
# (docs/framing.md, "Honest folds").
FEATURES = ("log_sum", "exclaim", "log_top5", "lead", "cap", "valenced")
SECOND_PERSON = frozenset({"you", "your", "yours"})
TOP = 10
LEAD = 100


class Part(NamedTuple):
    """The tokens of the part being measured: folded forms, probabilities, shape flags."""

    forms: Sequence[str]
    probs: np.ndarray
    shapes: dict[str, np.ndarray]
    lex: Lexical


def _top(probs: np.ndarray, k: int) -> float:
    n = len(probs)
    top = probs if n <= k else np.partition(probs, n - k)[n - k :]
    return float(np.log(float(top.mean()) + 1e-3))


def _valence(p: Part) -> np.ndarray:
    get = p.lex.valence.get
    return np.array([get(f, 0.0) for f in p.forms])


def _share(p: Part, keep: Callable[[str], bool]) -> float:
    return sum(1 for f in p.forms if keep(f)) / len(p.forms)


KNOWN: dict[str, Callable[[Part], float]] = {
    "log_sum": lambda p: float(np.log(1000 * float(p.probs.sum()) / len(p.probs) + 1e-3)),
    "log_top": lambda p: _top(p.probs, TOP),
    "log_top5": lambda p: _top(p.probs, max(1, len(p.probs) // 20)),
    "lead": lambda p: float(p.probs[:LEAD].sum()),
    "log_tokens": lambda p: float(np.log(len(p.probs))),
    "exclaim": lambda p: float(p.shapes["exclaim"].mean()),
    "quoted": lambda p: float(p.shapes["quoted"].mean()),
    "allcaps": lambda p: float(p.shapes["allcaps"].mean()),
    "cap": lambda p: float(p.shapes["cap"].mean()),
    "absval": lambda p: float(np.abs(_valence(p)).mean()),
    "positive": lambda p: float((_valence(p) > 1).mean()),
    "valenced": lambda p: _share(p, p.lex.valence.__contains__),
    "booster": lambda p: _share(p, p.lex.boosters.__contains__),
    "second_person": lambda p: _share(p, SECOND_PERSON.__contains__),
    "digit": lambda p: _share(p, lambda f: not f.isalpha() and any(c.isdigit() for c in f)),
}


def article_features(
    forms: Sequence[str],
    probs: np.ndarray,
    shapes: dict[str, np.ndarray],
    lex: Lexical,
    names: Sequence[str] = FEATURES,
) -> np.ndarray:
    """The named features (KNOWN) of one article part: its tokens' folded forms, probabilities
    and shape flags (all of the same length, at least one token)."""
    part = Part(forms, probs, shapes, lex)
    return np.array([KNOWN[name](part) for name in names], dtype=float)


@dataclass(frozen=True)
class ArticleModel:
    """log(1 + density) = bias + coef . (x - mean) / scale over the named features; the density
    is per 1,000 tokens."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    bias: float

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ArticleModel:
        names = tuple(str(n) for n in data["features"])
        unknown = [n for n in names if n not in KNOWN]
        if unknown or not names:
            raise ValueError(f"article model features {unknown or names} are not in {list(KNOWN)}")
        mean, scale, coef = (np.array(data[k], dtype=float) for k in ("mean", "scale", "coef"))
        if any(a.shape != (len(names),) for a in (mean, scale, coef)):
            raise ValueError(f"article model: mean, scale and coef need {len(names)} values each")
        return cls(names, mean, scale, coef, float(data["bias"]))

    def features_of(
        self, forms: Sequence[str], probs: np.ndarray, shapes: dict[str, np.ndarray], lex: Lexical
    ) -> np.ndarray:
        return article_features(forms, probs, shapes, lex, self.features)

    def density(self, x: np.ndarray) -> float:
        z = self.bias + float(self.coef @ ((x - self.mean) / self.scale))
        return max(float(np.expm1(z)), 0.0)
