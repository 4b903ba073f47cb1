"""Candidate article-feature families for the loaded-language density (experiments only:
bench/framing_article_families.py). Each family maps an article (its tokens, out-of-fold token
probabilities, shape flags, text) to a few numbers; nothing here is keyed to a corpus text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import numpy as np

from ukpeace_cli.framing.features import Lexical

SENT = re.compile(r"[.!?\n]")
WE = frozenset({"we", "our", "us", "ours"})
FAMILIES = ("extra15", "spans", "calib", "sentence", "quotes", "lexicon", "valence", "style")
EPS = 1e-3


def table(
    name: str, docs: list[dict[str, Any]], probs: list[np.ndarray], lex: Lexical
) -> np.ndarray:
    fn = globals()["_" + name]
    return np.array([fn(d, p, lex) for d, p in zip(docs, probs, strict=True)], dtype=float)


def _extra15(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    n = len(p)
    k = max(1, n // 20)
    top = np.sort(p)[-k:]
    forms = [t.form for t in d["tokens"]]
    return [
        np.log(float(top.mean()) + EPS),
        float(p[:100].sum()),
        float(d["shapes"]["cap"].mean()),
        sum(f in lex.valence for f in forms) / n,
    ]


def _spans(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    n = len(p)
    on = p >= 0.2
    starts = int(on[0]) + int((on[1:] & ~on[:-1]).sum())
    prev = np.concatenate([[0.0], p[:-1]])
    return [np.log1p(1000 * starts / n), np.log(1000 * float((p * (1 - prev)).sum()) / n + EPS)]


def _calib(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    n = len(p)
    logit = np.log(p + 1e-6) - np.log(1 - p + 1e-6)
    return [
        np.log1p(1000 * float((p >= 0.5).sum()) / n),
        np.log1p(1000 * float((p >= 0.2).sum()) / n),
        float(logit.mean()),
    ]


def sentence_ids(d: dict[str, Any]) -> np.ndarray:
    if "sent" not in d:
        pos = np.array([m.start() for m in SENT.finditer(d["text"])], dtype=np.int64)
        starts = np.array([t.start for t in d["tokens"]], dtype=np.int64)
        d["sent"] = np.searchsorted(pos, starts)
    return np.asarray(d["sent"])


def _sentence(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    sid = sentence_ids(d)
    _, inv = np.unique(sid, return_inverse=True)
    m = inv.max() + 1
    top = np.zeros(m)
    np.maximum.at(top, inv, p)
    none = np.zeros(m)
    np.add.at(none, inv, np.log1p(-np.minimum(p, 1 - 1e-9)))
    lengths = np.bincount(inv)
    return [
        float(top.mean()),
        float((top >= 0.2).mean()),
        float((top >= 0.5).mean()),
        float((1 - np.exp(none)).mean()),
        float(np.log(lengths.mean())),
    ]


def _quotes(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    q = d["shapes"]["quoted"]
    whole = np.log(1000 * float(p.mean()) + EPS)
    inside = np.log(1000 * float(p[q].mean()) + EPS) if q.any() else whole
    outside = np.log(1000 * float(p[~q].mean()) + EPS) if (~q).any() else whole
    return [inside, outside]


@lru_cache(maxsize=1)
def _matchers() -> dict[str, Any]:
    from ukpeace_cli.lexicons import load_lexicons

    lx = load_lexicons()
    return {
        "boosters": lx.matcher("boosters", skip_names=True),
        "hedges": lx.matcher("hedges.epistemic", skip_names=True),
        "evidential": lx.matcher("hedges.evidential", skip_names=True),
        "distancing": lx.matcher("reporting_verbs.distancing", skip_names=True),
        "emphatic": lx.matcher("reporting_verbs.emphatic", skip_names=True),
    }


def _lexicon(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    n = len(p)
    return [np.log1p(1000 * len(m.find(d["text"])) / n) for m in _matchers().values()]


def _valence(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    v = np.array([lex.valence.get(t.form, 0.0) for t in d["tokens"]])
    neg = float(np.minimum(v, 0).mean())
    return [float((v < -1).mean()), float((np.abs(v) >= 2.5).mean()), neg]


def _style(d: dict[str, Any], p: np.ndarray, lex: Lexical) -> list[float]:
    forms = [t.form for t in d["tokens"]]
    n = len(forms)
    head = forms[:200]
    return [
        sum(f in WE for f in forms) / n,
        sum(len(f) >= 8 and f.isalpha() for f in forms) / n,
        len(set(head)) / len(head),
    ]
