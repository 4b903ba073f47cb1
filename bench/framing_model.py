"""Loaded-language token model: cross-validate and fit on PTC train, write the packaged weights.

    python bench/framing_model.py cv PTC_DIR --vader-wheel vaderSentiment-3.3.2-py2.py3-none-any.whl
    python bench/framing_model.py fit PTC_DIR --vader-wheel WHEEL [--c C --min-df K ...]

PTC_DIR is what ../shared/eval/framing/prepare.sh wrote. Only the **train** split is read here
(dev is scored by `bench/eval_framing.py score --model`). The model is a logistic regression over
the token features of `ukpeace_cli.framing.features` (scikit-learn here only; numpy at run time),
labelled 1 when the token overlaps a Loaded_Language or Name_Calling span. `cv` runs 5-fold
cross-validation over train articles for every grid point (C, vocabulary cut-off, threshold)
and prints span P/R/F1 (a predicted span = a run of adjacent tokens over the threshold) and the
article-level Spearman rho of the predicted density (sum of token probabilities per 1,000
words) against the gold density. `fit` trains on all of train with the chosen settings and
writes `src/ukpeace_cli/data/loaded_model.json`: weights by feature name, the VADER valence
table and intensifier list (MIT), the article-level regression (`article`: a ridge regression of
log(1 + gold spans per 1,000 words) on `ukpeace_cli.framing.article` features of the
out-of-fold token probabilities of the same 5 folds, its penalty chosen by held-out-fold rho),
and the provenance (corpus, split, features, date, CV
figures). No text of the corpus goes into the file: the vocabulary is lowercase words found in
at least K train articles (so no names), each with a weight.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import random
import re
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from eval_framing import TECHNIQUES, articles
from ukpeace_cli.framing.article import FEATURES, article_features
from ukpeace_cli.framing.features import Lexical, shape_flags, token_features
from ukpeace_cli.framing.model import decode

OUT = Path(__file__).resolve().parents[1] / "src/ukpeace_cli/data/loaded_model.json"
FOLDS = 5
GRID_C = (1.0, 3.0, 10.0)
GRID_DF = (3, 5)
GRID_T = (0.15, 0.2, 0.25, 0.3)
GRID_ALPHA = (0.1, 1.0, 3.0, 10.0, 30.0, 100.0)  # ridge penalty of the article-level regression
LOWER_SHARE = 0.9  # a vocabulary word is written in lowercase in >= 90% of its train occurrences
STOP = True  # training only: stop words inside a span are neither positive nor negative

Doc = dict[str, Any]  # id, text, words, tokens, labels, gold spans, raw features


def read_vader(wheel: Path) -> tuple[dict[str, float], list[str]]:
    """Valence of every word form and the intensifier words (BOOSTER_DICT) of the VADER wheel."""
    with zipfile.ZipFile(wheel) as z:
        lexicon = z.read("vaderSentiment/vader_lexicon.txt").decode("utf-8")
        code = z.read("vaderSentiment/vaderSentiment.py").decode("utf-8")
    valence = {}
    for line in lexicon.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and re.fullmatch(r"[a-z][a-z'-]*[a-z]", parts[0]):
            valence[parts[0]] = float(parts[1])
    block = code[code.index("BOOSTER_DICT") : code.index("# check for sentiment laden idioms")]
    keys = ast.literal_eval(
        "{"
        + block.split("{", 1)[1].rsplit("}", 1)[0].replace("B_INCR", "1").replace("B_DECR", "-1")
        + "}"
    )
    boosters = sorted(k for k in keys if " " not in k)
    return valence, boosters


def load_train(ptc: Path, valence: dict[str, float], boosters: list[str]) -> list[Doc]:
    """Train articles with token labels and features under a vocabulary of every word (the
    vocabulary of a fold is applied later by renaming)."""
    docs = []
    everything = Lexical(valence, frozenset(boosters), _AllWords())
    for gold, text in articles(ptc, "train"):
        spans = sorted(
            {(s["start"], s["end"]) for s in gold["spans"] if s["technique"] in TECHNIQUES}
        )
        toks, feats = [], []
        for tok, f in token_features(text, everything):
            toks.append(tok)
            feats.append(f)
        labels = [_label(t, spans) for t in toks]
        docs.append({"id": gold["id"], "text": text, "words": gold["words"], "tokens": toks,
                     "labels": labels, "spans": spans, "feats": feats})  # fmt: skip
    return docs


def _label(tok: Any, spans: list[tuple[int, int]]) -> int:
    if not any(tok.start < e and s < tok.end for s, e in spans):
        return 0
    return -1 if STOP and tok.form in _stop_words() else 1


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


class _AllWords(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


def vocabulary(docs: list[Doc], min_df: int) -> frozenset[str]:
    df: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for d in docs:
        text = d["text"]
        seen = set()
        for t in d["tokens"]:
            seen.add(t.form)
            total[t.form] += 1
            lower[t.form] += text[t.start : t.end].islower()
        df.update(seen)
    return frozenset(
        w for w, n in df.items()
        if n >= min_df and lower[w] >= LOWER_SHARE * total[w] and not any(c.isdigit() for c in w)
    )  # fmt: skip


def _rename(feats: list[tuple[str, float]], vocab: frozenset[str]) -> dict[str, float]:
    out = {}
    for name, value in feats:
        if name.startswith(("w=", "p:w=", "n:w=", "p2:w=", "n2:w=")):
            word = name.split("=", 1)[1]
            if word not in vocab:
                if name.startswith("w="):
                    out["w=<other>"] = 1.0
                continue
        out[name] = value
    return out


def matrices(docs: list[Doc], vocab: frozenset[str], vec: Any = None) -> tuple[Any, Any, Any]:
    from sklearn.feature_extraction import DictVectorizer

    rows = [_rename(f, vocab) for d in docs for f in d["feats"]]
    y = np.array([lab for d in docs for lab in d["labels"]])
    if vec is None:
        vec = DictVectorizer()
        x = vec.fit_transform(rows)
    else:
        x = vec.transform(rows)
    return x, y, vec


def train(docs: list[Doc], vocab: frozenset[str], c: float, built: Any = None) -> tuple[Any, Any]:
    from sklearn.linear_model import LogisticRegression

    x, y, vec = built or matrices(docs, vocab)
    keep = y >= 0  # stop words inside spans are left out (label -1), not taught as negatives
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x[keep], y[keep])
    return clf, vec


def spearman(a: list[float], b: list[float]) -> float:
    """Spearman's rho, ties at their average rank (scipy); 0.0 when a side is constant."""
    from scipy.stats import spearmanr

    if len(set(a)) < 2 or len(set(b)) < 2:
        return 0.0
    return float(spearmanr(a, b).statistic)


def evaluate(docs: list[Doc], probs: list[np.ndarray], t: float) -> dict[str, float]:
    pred_n = tp = gold_n = found = 0
    dens_pred, dens_gold, dens_spans = [], [], []
    for d, p in zip(docs, probs, strict=True):
        pred = [(s, e) for s, e, _ in decode(d["tokens"], p, t)]
        gold = d["spans"]
        pred_n += len(pred)
        tp += sum(any(s < ge and gs < e for gs, ge in gold) for s, e in pred)
        gold_n += len(gold)
        found += sum(any(s < pe and ps < e for ps, pe in pred) for s, e in gold)
        words = max(d["words"], 1)
        dens_pred.append(1000 * float(p.sum()) / words)
        dens_spans.append(1000 * len(pred) / words)
        dens_gold.append(1000 * len(gold) / words)
    prec = tp / pred_n if pred_n else 0.0
    rec = found / gold_n if gold_n else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": prec, "r": rec, "f1": f1, "rho_density": spearman(dens_pred, dens_gold),
            "rho_spans": spearman(dens_spans, dens_gold)}  # fmt: skip


def cross_validate(docs: list[Doc]) -> list[dict[str, Any]]:
    folds = _folds(len(docs))
    results: dict[tuple[float, int, float], list[dict[str, float]]] = {}
    built: dict[tuple[int, int], Any] = {}
    for min_df in GRID_DF:
        for c in GRID_C:
            for k, fold in enumerate(folds):
                fit_part = [d for i, d in enumerate(docs) if i not in fold]
                held = [d for i, d in enumerate(docs) if i in fold]
                vocab = vocabulary(fit_part, min_df)
                key = (min_df, k)
                if key not in built:
                    built[key] = matrices(fit_part, vocab)
                clf, vec = train(fit_part, vocab, c, built[key])
                probs = _predict(clf, vec, held, vocab)
                for t in GRID_T:
                    results.setdefault((c, min_df, t), []).append(evaluate(held, probs, t))
                print(f"  df {min_df} C {c:g} fold {k}: vocab {len(vocab)}", file=sys.stderr)
    table = []
    for (c, min_df, t), figs in sorted(results.items()):
        mean = {k: float(np.mean([f[k] for f in figs])) for k in figs[0]}
        mean["f1_folds"] = [round(f["f1"], 3) for f in figs]  # type: ignore[assignment]
        table.append({"c": c, "min_df": min_df, "threshold": t, **mean})
        print(f"C={c:g} df={min_df} t={t:.2f}: P {mean['p']:.3f} R {mean['r']:.3f} "
              f"F1 {mean['f1']:.3f} rho(density) {mean['rho_density']:.3f} "
              f"rho(spans) {mean['rho_spans']:.3f}  folds {mean['f1_folds']}")  # fmt: skip
    return table


def _predict(clf: Any, vec: Any, docs: list[Doc], vocab: frozenset[str]) -> list[np.ndarray]:
    x, _, _ = matrices(docs, vocab, vec)
    p = clf.predict_proba(x)[:, 1]
    out, i = [], 0
    for d in docs:
        n = len(d["tokens"])
        out.append(p[i : i + n])
        i += n
    return out


def write_model(out: Path, clf: Any, vec: Any, vocab: frozenset[str], valence: dict[str, float],
                boosters: list[str], chosen: dict[str, Any],
                article: dict[str, Any] | None = None) -> None:  # fmt: skip
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= 1e-4
    }
    data = {
        "source": "ptc-train+vader-3.3.2",
        "provenance": {
            "what": "logistic regression over token features predicting Loaded_Language or "
            "Name_Calling tokens (ukpeace_cli.framing.features); written by bench/framing_model.py",
            "corpus": "PTC v2, SemEval-2020 Task 11 (Da San Martino et al. 2020), train split "
            "of shared/eval/framing/README.md (297 articles); dev not read. Only feature weights "
            "are kept: no text of the corpus",
            "vocabulary": f"lowercase word forms (>= {LOWER_SHARE:.0%} lowercase, no digits) "
            f"found in at least {chosen['min_df']} train articles: {len(vocab)} forms",
            "valence": "VADER sentiment lexicon, vader_lexicon.txt of vaderSentiment 3.3.2 "
            "(PyPI), Hutto and Gilbert 2014, MIT licence (c) 2016 C.J. Hutto; word forms only",
            "boosters": "VADER's BOOSTER_DICT (vaderSentiment 3.3.2, same licence), single words",
            "features": "word: form if in vocabulary, last 3 letters, valence, |valence|, rounded "
            "valence, "
            "intensifier, hyphen, digit, length; previous and next token: form if in vocabulary, "
            "|valence|, intensifier; shape: capitalised, all capitals, opens sentence, inside "
            "quotation marks, sentence ends in ! or ?",
            "settings": {
                "C": chosen["c"],
                "min_df": chosen["min_df"],
                "threshold": chosen["threshold"],
            },
            "cross_validation": {
                k: chosen[k] for k in ("p", "r", "f1", "rho_density", "rho_spans", "f1_folds")
            },
            "date": datetime.date.today().isoformat(),
        },
        "threshold": chosen["threshold"],
        "bias": round(float(clf.intercept_[0]), 4),
        "weights": weights,
        "valence": {w: valence[w] for w in sorted(valence)},
        "boosters": boosters,
    }
    if article:
        data["article"] = article
        data["provenance"]["article"] = (
            "ridge regression of log(1 + gold LL/NC spans per 1,000 words) of the 297 train "
            "articles on ukpeace_cli.framing.article features of out-of-fold token probabilities "
            f"(5 folds); penalty {article['alpha']:g} chosen by held-out-fold Spearman rho on train"
        )
    out.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("what", choices=("cv", "fit"))
    ap.add_argument("ptc", type=Path)
    ap.add_argument("--vader-wheel", type=Path, required=True)
    ap.add_argument("--c", type=float, default=0.1)
    ap.add_argument("--min-df", type=int, default=5)
    ap.add_argument("--threshold", type=float, default=0.35)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    valence, boosters = read_vader(args.vader_wheel)
    docs = load_train(args.ptc, valence, boosters)
    print(f"train: {len(docs)} articles, {sum(len(d['tokens']) for d in docs)} tokens, "
          f"{sum(x == 1 for d in docs for x in d['labels'])} positive",
          file=sys.stderr)  # fmt: skip
    if args.what == "cv":
        cross_validate(docs)
        return 0
    folds = _folds(len(docs))
    oof: list[np.ndarray] = [np.zeros(0)] * len(docs)
    figs = []
    for fold in folds:  # the CV figures of the chosen point go into the provenance
        fit_part = [d for i, d in enumerate(docs) if i not in fold]
        idx = sorted(fold)
        held = [docs[i] for i in idx]
        vocab = vocabulary(fit_part, args.min_df)
        clf, vec = train(fit_part, vocab, args.c)
        probs = _predict(clf, vec, held, vocab)
        figs.append(evaluate(held, probs, args.threshold))
        for i, p in zip(idx, probs, strict=True):
            oof[i] = p
    chosen: dict[str, Any] = {k: round(float(np.mean([f[k] for f in figs])), 4) for k in figs[0]}
    chosen["f1_folds"] = [round(f["f1"], 3) for f in figs]
    chosen.update(c=args.c, min_df=args.min_df, threshold=args.threshold)
    lex = Lexical(valence, frozenset(boosters), frozenset())
    article = fit_article(docs, oof, folds, lex)
    vocab = vocabulary(docs, args.min_df)
    clf, vec = train(docs, vocab, args.c)
    write_model(args.out, clf, vec, vocab, valence, boosters, chosen, article)
    print(f"CV {chosen}; article {article['cross_validation']}; wrote {args.out}", file=sys.stderr)
    return 0


def _folds(n: int) -> list[set[int]]:
    order = list(range(n))
    random.Random(13).shuffle(order)
    return [set(order[i::FOLDS]) for i in range(FOLDS)]


def _ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> dict[str, Any]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    a = (x - mean) / scale
    coef = np.linalg.solve(a.T @ a + alpha * np.eye(a.shape[1]), a.T @ (y - y.mean()))
    return {"mean": mean, "scale": scale, "coef": coef, "bias": float(y.mean())}


def _ridge_predict(w: dict[str, Any], x: np.ndarray) -> np.ndarray:
    return np.asarray(w["bias"] + ((x - w["mean"]) / w["scale"]) @ w["coef"])


def fit_article(
    docs: list[Doc], oof: list[np.ndarray], folds: list[set[int]], lex: Lexical
) -> dict[str, Any]:
    """The article-level regression (ukpeace_cli.framing.article) on out-of-fold token
    probabilities: its ridge penalty chosen by the mean held-out-fold Spearman rho against the
    gold density (train folds only), then fitted on all of train."""
    x = np.array([
        article_features([t.form for t in d["tokens"]], p, shape_flags(d["text"], d["tokens"]), lex)
        for d, p in zip(docs, oof, strict=True)
    ])  # fmt: skip
    gold = np.array([1000 * len(d["spans"]) / max(d["words"], 1) for d in docs])
    y = np.log1p(gold)
    results = {}
    for alpha in GRID_ALPHA:
        rhos, pooled = [], np.zeros(len(docs))
        for fold in folds:
            held = np.array(sorted(fold))
            rest = np.array([i for i in range(len(docs)) if i not in fold])
            z = _ridge_predict(_ridge(x[rest], y[rest], alpha), x[held])
            pooled[held] = np.maximum(np.expm1(z), 0.0)  # the density as the model shows it
            rhos.append(spearman(list(pooled[held]), list(gold[held])))
        results[alpha] = (float(np.mean(rhos)), spearman(list(pooled), list(gold)))
        print(f"article alpha {alpha:g}: rho folds {results[alpha][0]:.3f}, "
              f"pooled {results[alpha][1]:.3f}", file=sys.stderr)  # fmt: skip
    plain = [spearman(list(x[sorted(f), 0]), list(gold[sorted(f)])) for f in folds]
    alpha = max(GRID_ALPHA, key=lambda a: results[a][0])
    w = _ridge(x, y, alpha)
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in w["mean"]],
        "scale": [round(float(v), 6) for v in w["scale"]],
        "coef": [round(float(v), 6) for v in w["coef"]],
        "bias": round(w["bias"], 6),
        "alpha": alpha,
        "cross_validation": {
            "rho_folds": round(results[alpha][0], 4),
            "rho_pooled": round(results[alpha][1], 4),
            "rho_plain_sum_folds": round(float(np.mean(plain)), 4),
            "rho_plain_sum_pooled": round(spearman(list(x[:, 0]), list(gold)), 4),
        },
    }


if __name__ == "__main__":
    sys.exit(main())
