"""The loaded-language article density under cross-validation that keeps stories together.

    python bench/framing_article_cv.py PTC_DIR --vader-wheel WHEEL  (the vaderSentiment 3.3.2 wheel)

Train split only (dev is never read). `bench/framing_model.py fit` chooses the article ridge's
penalty over 5 random folds of PTC train articles. PTC holds groups of articles on one story
(often one site's), and a random fold puts members of a group on both sides, which flatters
anything that learns the vocabulary. This script scores the article-level rankers over folds in
which articles joined (transitively) by a TF-IDF cosine of at least STORY_COSINE stay together,
averaged over several such splits, on the same out-of-fold token probabilities as `fit` (C 3,
vocabulary cut-off 3 by default):

- `plain`: the summed token probabilities per 1,000 tokens;
- `ridge`: the shipped article regression (ukpeace_cli.framing.article FEATURES), penalty 10;
- `words`: the same FEATURES plus a bag of words of the token model's vocabulary (sublinear
  tf-idf, unit length) in one ridge, at each (penalty, feature weight) of GRID_WORDS; tried in
  session 6 and not shipped (docs/framing.md, "Article density").
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import framing_model as fm
from ukpeace_cli.framing.article import article_features
from ukpeace_cli.framing.features import Lexical, shape_flags

STORY_COSINE = 0.3  # articles this close (TF-IDF cosine over all word forms) count as one story
STORY_SEEDS = (13, 14, 15, 16, 17, 18)
GRID_WORDS = ((0.3, 0.4), (0.1, 0.1))  # the best and a runner-up of a 12-point train grid
Doc = dict[str, Any]


def story_folds(docs: list[Doc], seed: int) -> list[set[int]]:
    """5 folds in which no story is split: connected components of TF-IDF cosine >= STORY_COSINE,
    dealt out to the folds in a shuffled order."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [" ".join(t.form for t in d["tokens"]) for d in docs]
    tfidf = TfidfVectorizer(sublinear_tf=True, token_pattern=r"\S+").fit_transform(texts)
    n_groups, group = connected_components(csr_matrix((tfidf @ tfidf.T) >= STORY_COSINE))
    order = list(range(n_groups))
    random.Random(seed).shuffle(order)
    fold_of = {g: k % fm.FOLDS for k, g in enumerate(order)}
    return [{i for i in range(len(docs)) if fold_of[group[i]] == k} for k in range(fm.FOLDS)]


def _design(x: np.ndarray, docs: list[Doc], fit: dict[str, Any] | None, w: float,
            words: bool) -> tuple[Any, dict[str, Any]]:  # fmt: skip
    """The ridge's input: standardised features times w, then (words) the bag of words. The
    scaling and vocabulary come from `fit` (None: learned from these articles)."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    if fit is None:
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        fit = {"mean": mean, "scale": scale, "vec": None}
        if words:
            vocab = sorted(fm.vocabulary(docs, 3))
            vec = TfidfVectorizer(vocabulary=vocab, sublinear_tf=True, token_pattern=r"\S+")
            fit["vec"] = vec.fit([" ".join(t.form for t in d["tokens"]) for d in docs])
    parts = [csr_matrix(w * (x - fit["mean"]) / fit["scale"])]
    if fit["vec"] is not None:
        parts.append(fit["vec"].transform([" ".join(t.form for t in d["tokens"]) for d in docs]))
    return hstack(parts).tocsr(), fit


def cv_rho(x: np.ndarray, docs: list[Doc], gold: np.ndarray, folds: list[set[int]],
           point: tuple[float, float], words: bool) -> float:  # fmt: skip
    """Mean held-out-fold Spearman rho of exp(ridge) - 1 (clipped at 0, as shown) vs gold."""
    from sklearn.linear_model import Ridge

    y = np.log1p(gold)
    rhos = []
    for fold in (f for f in folds if f):
        held = sorted(fold)
        rest = [i for i in range(len(docs)) if i not in fold]
        a, fit = _design(x[rest], [docs[i] for i in rest], None, point[1], words)
        b, _ = _design(x[held], [docs[i] for i in held], fit, point[1], words)
        z = Ridge(alpha=point[0]).fit(a, y[rest]).predict(b)
        rhos.append(fm.spearman(list(np.maximum(np.expm1(z), 0.0)), list(gold[held])))
    return float(np.mean(rhos))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("ptc", type=Path)
    ap.add_argument("--vader-wheel", type=Path, required=True)
    ap.add_argument("--c", type=float, default=3.0)
    ap.add_argument("--min-df", type=int, default=3)
    ap.add_argument("--seeds", type=int, default=len(STORY_SEEDS), help="story splits to average")
    args = ap.parse_args(argv)
    valence, boosters = fm.read_vader(args.vader_wheel)
    docs = fm.load_train(args.ptc, valence, boosters)
    oof: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for fold in fm._folds(len(docs)):  # the token model's out-of-fold probabilities, as `fit`
        idx = sorted(fold)
        rest = [d for i, d in enumerate(docs) if i not in fold]
        vocab = fm.vocabulary(rest, args.min_df)
        clf, vec = fm.train(rest, vocab, args.c)
        for i, p in zip(idx, fm._predict(clf, vec, [docs[i] for i in idx], vocab), strict=True):
            oof[i] = p
    lex = Lexical(valence, frozenset(boosters), frozenset())
    x = np.array([
        article_features([t.form for t in d["tokens"]], p, shape_flags(d["text"], d["tokens"]), lex)
        for d, p in zip(docs, oof, strict=True)
    ])  # fmt: skip
    gold = np.array([1000 * len(d["spans"]) / max(d["words"], 1) for d in docs])
    splits = {"random": [fm._folds(len(docs))]}
    splits["story"] = [story_folds(docs, s) for s in STORY_SEEDS[: args.seeds]]
    for name, runs in splits.items():
        plain = np.mean([fm.spearman(list(x[sorted(f), 0]), list(gold[sorted(f)]))
                         for folds in runs for f in folds if f])  # fmt: skip
        ridge = np.mean([cv_rho(x, docs, gold, folds, (10.0, 1.0), False) for folds in runs])
        print(f"{name} folds: plain {plain:.3f}, ridge {ridge:.3f}", flush=True)
    for point in GRID_WORDS:
        rho = np.mean([cv_rho(x, docs, gold, folds, point, True) for folds in splits["story"]])
        print(f"story folds: words alpha {point[0]:g} w {point[1]:g}: {rho:.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
