"""Token feature groups of the loaded-language model, ablated under story-grouped folds.

    python bench/framing_token_ablation.py PTC_DIR --vader-wheel WHEEL --textblob-wheel WHEEL2
        [--configs main,all,...] [--seeds 13,14]

Train split only (dev is never read). For each configuration (a set of the feature groups of
`framing_model.GROUPS` switched on) the token model (C 3, vocabulary cut-off 3, as shipped) is
fitted 5 times over story-grouped folds (`framing_article_cv.story_folds`: articles on one story
stay on one side), so every train article gets probabilities from a model that saw none of its
story. Printed per configuration, mean over held-out folds: span P/R/F1 at threshold 0.2, rho of
the plain sum of probabilities, and rho of the article ridge (the shipped 11 features, penalty 1,
3, 10, 30) fitted over the same story folds on those probabilities.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import framing_article_cv as acv
import framing_model as fm
from ukpeace_cli.framing.article import article_features
from ukpeace_cli.framing.features import Lexical, shape_flags

NEW = tuple(fm.GROUPS)
CONFIGS: dict[str, tuple[str, ...]] = {
    "main": (),
    "all": NEW,
    "subj": ("subj",),
    "subj+pair": ("subj", "pair"),
    "suffix": ("suffix",),
    "shape": ("shape",),
    **{f"all-{g}": tuple(h for h in NEW if h != g) for g in NEW},
}
ALPHAS = (1.0, 3.0, 10.0, 30.0)


def story_oof(docs: list[fm.Doc], folds: list[set[int]], configs: list[str], c: float,
              min_df: int) -> dict[str, list[np.ndarray]]:  # fmt: skip
    """Out-of-fold token probabilities of every configuration: one matrix per fold with every
    feature, the configuration's columns picked from it."""
    from sklearn.linear_model import LogisticRegression

    oof = {name: [np.zeros(0)] * len(docs) for name in configs}
    for k, fold in enumerate(folds):
        idx = sorted(fold)
        rest = [d for i, d in enumerate(docs) if i not in fold]
        vocab = fm.vocabulary(rest, min_df)
        x, y, vec = fm.matrices(rest, vocab)
        xh, _, _ = fm.matrices([docs[i] for i in idx], vocab, vec)
        names = vec.get_feature_names_out()
        keep = y >= 0
        for name in configs:
            drop = fm.dropped([g for g in NEW if g not in CONFIGS[name]])
            cols = np.array([n not in drop for n in names])
            clf = LogisticRegression(C=c, max_iter=3000).fit(x[keep][:, cols], y[keep])
            p = clf.predict_proba(xh[:, cols])[:, 1]
            at = 0
            for i in idx:
                n = len(docs[i]["tokens"])
                oof[name][i] = p[at : at + n]
                at += n
            print(f"  fold {k} {name}: {int(cols.sum())} features", file=sys.stderr, flush=True)
    return oof


def report(name: str, docs: list[fm.Doc], probs: list[np.ndarray], folds: list[set[int]],
           lex: Lexical) -> dict[str, Any]:  # fmt: skip
    figs = [fm.evaluate([docs[i] for i in sorted(f)], [probs[i] for i in sorted(f)], 0.2)
            for f in folds]  # fmt: skip
    mean = {k: float(np.mean([f[k] for f in figs])) for k in figs[0]}
    x = np.array([
        article_features([t.form for t in d["tokens"]], p, shape_flags(d["text"], d["tokens"]), lex)
        for d, p in zip(docs, probs, strict=True)
    ])  # fmt: skip
    gold = np.array([1000 * len(d["spans"]) / max(d["words"], 1) for d in docs])
    ridge = {a: acv.cv_rho(x, docs, gold, folds, (a, 1.0), False) for a in ALPHAS}
    print(f"{name:14s} P {mean['p']:.3f} R {mean['r']:.3f} F1 {mean['f1']:.3f} "
          f"plain {mean['rho_density']:.3f} ridge " +
          " ".join(f"a{a:g} {r:.3f}" for a, r in ridge.items()), flush=True)  # fmt: skip
    return {"name": name, **mean, "ridge": ridge}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("ptc", type=Path)
    ap.add_argument("--vader-wheel", type=Path, required=True)
    ap.add_argument("--textblob-wheel", type=Path, required=True)
    ap.add_argument("--configs", default="main,all,subj,subj+pair,suffix,shape")
    ap.add_argument("--seeds", default="13", help="story splits to run, by seed (13,14,...)")
    ap.add_argument("--c", type=float, default=3.0)
    ap.add_argument("--min-df", type=int, default=3)
    args = ap.parse_args(argv)
    valence, boosters = fm.read_vader(args.vader_wheel)
    subjective = fm.read_subjectivity(args.textblob_wheel)
    docs = fm.load_train(args.ptc, valence, boosters, subjective)
    lex = Lexical(valence, frozenset(boosters), frozenset())
    configs = args.configs.split(",")
    for seed in (int(s) for s in args.seeds.split(",")):
        folds = acv.story_folds(docs, seed)
        print(f"story split {seed}: fold sizes {[len(f) for f in folds]}", flush=True)
        oof = story_oof(docs, folds, configs, args.c, args.min_df)
        for name in configs:
            report(name, docs, oof[name], folds, lex)
    return 0


if __name__ == "__main__":
    sys.exit(main())
