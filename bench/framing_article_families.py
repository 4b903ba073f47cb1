"""Article-density experiments on PTC train only: honest folds, then feature families.

    python bench/framing_article_families.py PTC_DIR --vader-wheel WHEEL --check
    python bench/framing_article_families.py PTC_DIR --vader-wheel WHEEL --families [--base ...]

Train split only (dev is never read here). Three ways to cut train into 5 folds:

- `random`: bench/framing_model.py's folds (what `fit` has chosen its penalty by);
- `story`: articles joined by a TF-IDF cosine >= 0.3 stay together (framing_article_cv.py),
  one split per seed (--story-seeds, default 3);
- `block`: 5 runs of consecutive ids (train sorted by numeric id), the way dev was cut off
  from the corpus (its last 74 ids).

The protocol mimics how the shipped density meets new text. A held-out article's features come
from token probabilities of a token model (C 3, vocabulary cut-off 3) trained on the other folds
of the *same* cut, so it never saw the article's story (or id block); the article ridge is fitted
on the other articles' features from the random-fold out-of-fold probabilities, as `fit` does
(`--ridge-on same` fits it on the cut's own out-of-fold features instead). Each ranker is scored
by the mean held-out-fold Spearman rho of its density against the gold Loaded_Language +
Name_Calling spans per 1,000 words, averaged over the cut's splits.

`--check` scores the rankers whose PTC dev figure is known (docs/framing.md) under each cut, to
see which cut predicts dev. `--families` scores the base features (--base) plus each family of
framing_families_feats.FAMILIES, all of them, and all but each (the ablation), over a penalty
grid. Token probabilities are cached in --cache (about 2 min per split on a quiet machine).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import framing_article_cv as acv
import framing_families_feats as family
import framing_model as fm
from ukpeace_cli.framing.article import FEATURES, article_features
from ukpeace_cli.framing.features import Lexical, shape_flags

Doc = dict[str, Any]
ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0)
Split = dict[str, Any]  # folds, held (the cut's features), fit (random-fold features), families
ELEVEN = FEATURES  # the shipped article features (penalty 10): the base of every table here


def block_folds(docs: list[Doc]) -> list[set[int]]:
    """5 folds of consecutive ids."""
    order = sorted(range(len(docs)), key=lambda i: int(docs[i]["id"]))
    size = -(-len(docs) // fm.FOLDS)
    return [set(order[k * size : (k + 1) * size]) for k in range(fm.FOLDS)]


def cuts(docs: list[Doc], story_seeds: int) -> dict[str, list[list[set[int]]]]:
    return {
        "random": [fm._folds(len(docs))],
        "story": [acv.story_folds(docs, s) for s in acv.STORY_SEEDS[:story_seeds]],
        "block": [block_folds(docs)],
    }


def oof_probs(
    docs: list[Doc], folds: list[set[int]], cache: Path, key: str, c: float = 3.0, min_df: int = 3
) -> list[np.ndarray]:
    """The token model's out-of-fold probabilities under `folds` (cached in `cache`)."""
    tag = "" if (c, min_df) == (3.0, 3) else f"_c{c:g}_df{min_df}"
    path = cache / f"oof_{key}{tag}.pkl"
    if path.is_file():
        return list(pickle.loads(path.read_bytes()))
    oof: list[np.ndarray] = [np.zeros(0)] * len(docs)
    for fold in folds:
        idx = sorted(fold)
        rest = [d for i, d in enumerate(docs) if i not in fold]
        vocab = fm.vocabulary(rest, min_df)
        clf, vec = fm.train(rest, vocab, c)
        for i, p in zip(idx, fm._predict(clf, vec, [docs[i] for i in idx], vocab), strict=True):
            oof[i] = p
        print(f"  {key}: fold of {len(idx)} scored", file=sys.stderr, flush=True)
    path.write_bytes(pickle.dumps(oof))
    return oof


def tables(docs: list[Doc], oof: list[np.ndarray], lex: Lexical) -> dict[str, np.ndarray]:
    """The ELEVEN features (key "base") and every family's features, one row per article."""
    base = np.array([
        article_features([t.form for t in d["tokens"]], p, d["shapes"], lex)
        for d, p in zip(docs, oof, strict=True)
    ])  # fmt: skip
    return {"base": base, **{f: family.table(f, docs, oof, lex) for f in family.FAMILIES}}


def design(t: dict[str, np.ndarray], base: list[int], fams: list[str]) -> np.ndarray:
    return np.hstack([t["base"][:, base], *[t[f] for f in fams]])


def ridge_rho(fit_x: np.ndarray, held_x: np.ndarray, gold: np.ndarray, folds: list[set[int]],
              alpha: float) -> float:  # fmt: skip
    """Mean held-out-fold rho: the ridge fitted on fit_x of the other folds, applied to held_x."""
    y = np.log1p(gold)
    rhos = []
    for fold in (f for f in folds if f):
        held = np.array(sorted(fold))
        rest = np.array([i for i in range(len(gold)) if i not in fold])
        z = fm._ridge_predict(fm._ridge(fit_x[rest], y[rest], alpha), held_x[held])
        rhos.append(fm.spearman(list(np.maximum(np.expm1(z), 0.0)), list(gold[held])))
    return float(np.mean(rhos))


def words_rho(fit_x: np.ndarray, held_x: np.ndarray, docs: list[Doc], gold: np.ndarray,
              folds: list[set[int]]) -> float:  # fmt: skip
    """framing_article_cv.py's ridge with a bag of words (penalty 0.3, feature weight 0.4)."""
    from sklearn.linear_model import Ridge

    y = np.log1p(gold)
    rhos = []
    for fold in (f for f in folds if f):
        held = sorted(fold)
        rest = [i for i in range(len(docs)) if i not in fold]
        a, fit = acv._design(fit_x[rest], [docs[i] for i in rest], None, 0.4, True)
        b, _ = acv._design(held_x[held], [docs[i] for i in held], fit, 0.4, True)
        z = Ridge(alpha=0.3).fit(a, y[rest]).predict(b)
        rhos.append(fm.spearman(list(np.maximum(np.expm1(z), 0.0)), list(gold[held])))
    return float(np.mean(rhos))


def check(docs: list[Doc], splits: list[Split], gold: np.ndarray) -> dict[str, float]:
    """The rankers with a known dev figure (docs/framing.md), averaged over the cut's splits."""
    out: dict[str, list[float]] = {}
    eleven = list(range(len(ELEVEN)))
    for s in splits:
        folds, held, fit = s["folds"], s["held"], s["fit"]
        plain = [
            fm.spearman(list(held["base"][sorted(f), 0]), list(gold[sorted(f)])) for f in folds
        ]
        x15 = (design(fit, eleven, ["extra15"]), design(held, eleven, ["extra15"]))
        figs = {
            "plain (dev 0.490)": float(np.mean(plain)),
            "ridge a10 (dev 0.555)": ridge_rho(fit["base"], held["base"], gold, folds, 10.0),
            "ridge a10 on the cut's own OOF": ridge_rho(
                held["base"], held["base"], gold, folds, 10.0
            ),
            "words (dev 0.486)": words_rho(fit["base"], held["base"], docs, gold, folds),
            "15 feats a3 (dev 0.546)": ridge_rho(*x15, gold, folds, 3.0),
        }
        for k, v in figs.items():
            out.setdefault(k, []).append(v)
    return {k: float(np.mean(v)) for k, v in out.items()}


def families(name: str, splits: list[Split], gold: np.ndarray, base: list[int]) -> None:
    names = [f for f in family.FAMILIES if f != "extra15"]
    configs: dict[str, list[str]] = {"base": []}
    configs.update({f"+{f}": [f] for f in family.FAMILIES})
    configs["all"] = names
    configs.update({f"all-{f}": [g for g in names if g != f] for f in names})
    for label, fams in configs.items():
        by_alpha = {}
        for alpha in ALPHAS:
            by_alpha[alpha] = float(np.mean([
                ridge_rho(design(s["fit"], base, fams), design(s["held"], base, fams), gold,
                          s["folds"], alpha)
                for s in splits
            ]))  # fmt: skip
        best = max(by_alpha, key=lambda a: by_alpha[a])
        row = " ".join(f"{by_alpha[a]:.3f}" for a in ALPHAS)
        print(f"{name} {label:<14} best {by_alpha[best]:.3f} (a {best:g})  [{row}]", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("ptc", type=Path)
    ap.add_argument("--vader-wheel", type=Path, required=True)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/framing_families"))
    ap.add_argument("--story-seeds", type=int, default=3)
    ap.add_argument("--cuts", default="random,story,block")
    ap.add_argument("--ridge-on", choices=("random", "same"), default="random")
    ap.add_argument("--check", action="store_true", help="rankers with a known dev figure")
    ap.add_argument("--families", action="store_true", help="feature families and ablation")
    ap.add_argument("--base", default=",".join(ELEVEN), help="base features for --families")
    args = ap.parse_args(argv)
    args.cache.mkdir(parents=True, exist_ok=True)
    valence, boosters = fm.read_vader(args.vader_wheel)
    docs = fm.load_train(args.ptc, valence, boosters)
    for d in docs:
        d["shapes"] = shape_flags(d["text"], d["tokens"])
    lex = Lexical(valence, frozenset(boosters), frozenset())
    gold = np.array([1000 * len(d["spans"]) / max(d["words"], 1) for d in docs])
    all_cuts = cuts(docs, args.story_seeds)
    rand = tables(docs, oof_probs(docs, all_cuts["random"][0], args.cache, "random0"), lex)
    base = [ELEVEN.index(f) for f in args.base.split(",")]
    for name in args.cuts.split(","):
        splits: list[Split] = []
        for k, folds in enumerate(all_cuts[name]):
            held = tables(docs, oof_probs(docs, folds, args.cache, f"{name}{k}"), lex)
            fit = rand if args.ridge_on == "random" else held
            splits.append({"folds": folds, "held": held, "fit": fit})
        if args.check:
            figs = check(docs, splits, gold)
            print(f"{name}: " + ", ".join(f"{k} {v:.3f}" for k, v in figs.items()), flush=True)
        if args.families:
            families(name, splits, gold, base)
    return 0


if __name__ == "__main__":
    sys.exit(main())
