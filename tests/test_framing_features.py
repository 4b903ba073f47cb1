"""Token features of the loaded-language model: the session-7 groups (subjectivity lexicon,
intensifier pair, suffix classes, shapes) and the promise that run-time scoring, which adds up
cached parts, gives what the training features give. Texts and lexicon entries are made up."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.framing.features import (
    EXTRA_SHAPES,
    SHAPES,
    Lexical,
    shape_flags,
    token_features,
    tokens,
)
from ukpeace_cli.framing.model import LoadedModel

SUBJ = {"awful": (-1.0, 1.0, 1.0), "very": (0.2, 0.3, 1.3), "calm": (0.3, 0.6, 1.0)}


def _features(text: str, lex: Lexical) -> dict[str, dict[str, float]]:
    return {tok.form: dict(feats) for tok, feats in token_features(text, lex)}


def test_subjectivity_features_and_the_intensifier_pair() -> None:
    lex = Lexical({}, frozenset({"deeply"}), frozenset(), SUBJ)
    got = _features("A deeply awful plan, a very calm day and an awful one.", lex)
    assert got["awful"]["subj"] == 1.0 and got["awful"]["abspol"] == 1.0
    assert got["plan"]["p:subj"] == 1.0 and got["deeply"]["n:abspol"] == 1.0
    assert got["very"]["intense"] == 1.0 and "intense" not in got["awful"]
    assert got["calm"]["boost_subj"] == 0.6  # "very": intensity over 1 in the lexicon
    # the last "awful" follows "an", not an intensifier; the first follows "deeply" (VADER)
    last = next(f for t, f in token_features("an awful one", lex) if t.form == "awful")
    assert "boost_subj" not in dict(last)
    first = next(f for t, f in token_features("deeply awful", lex) if t.form == "awful")
    assert dict(first)["boost_subj"] == 1.0


def test_without_the_lexicon_no_subjectivity_feature_is_made() -> None:
    got = _features("A deeply awful plan.", Lexical({}, frozenset({"deeply"}), frozenset()))
    names = {n for feats in got.values() for n in feats}
    assert not names & {"subj", "abspol", "intense", "boost_subj", "p:subj", "n:subj"}


def test_one_suffix_class_per_word_the_longest_first() -> None:
    got = _features(
        "dangerously famous activists really cat", Lexical({}, frozenset(), frozenset())
    )
    suffixes = {w: [n for n in f if n.startswith("suf=")] for w, f in got.items()}
    assert suffixes == {
        "dangerously": ["suf=ously"],
        "famous": ["suf=ous"],
        "activists": ["suf=ists"],
        "really": ["suf=ly"],
        "cat": [],  # too short for a class
    }


def test_scare_quotes_bang_and_mixed_case() -> None:
    text = 'So-called "experts" lied! Did he say "we will never agree to this deal"? McCain did.'
    toks = tokens(text)
    flags = shape_flags(text, toks)
    at = {text[t.start : t.end]: i for i, t in enumerate(toks)}
    assert flags["scare"][at["experts"]] and flags["quoted"][at["experts"]]
    assert flags["quoted"][at["deal"]] and not flags["scare"][at["deal"]]  # 8 quoted tokens
    assert flags["bang"][at["lied"]] and flags["exclaim"][at["lied"]]
    assert flags["exclaim"][at["Did"]] and not flags["bang"][at["Did"]]  # a question
    assert flags["mixed"][at["McCain"]] and not flags["mixed"][at["So-called"]]
    assert not flags["scare"][at["McCain"]]


_NAMES = ("subj", "abspol", "intense", "p:subj", "p:abspol", "n:subj", "n:abspol", "boost_subj",
          "suf=ly", "suf=ous", "bang", "scare", "mixed", "quoted", "exclaim", "booster",
          "p:booster", "n:booster", "w=awful", "p:w=very", "n:w=calm", "w=<other>", "p:edge",
          "n:edge", "cap", "sent_start")  # fmt: skip
_TEXT = st.lists(
    st.sampled_from(
        [
            "very",
            "awful",
            "Calm",
            "deeply",
            "famously",
            "McCain",
            '"',
            "!",
            "?",
            ".",
            "plan",
            "nervous",
        ]
    ),
    min_size=1,
    max_size=25,
)


@given(_TEXT, st.lists(st.floats(-3, 3), min_size=len(_NAMES), max_size=len(_NAMES)))
def test_scoring_adds_up_the_training_features(words: list[str], ws: list[float]) -> None:
    data: dict[str, Any] = {
        "source": "toy",
        "provenance": {},
        "threshold": 0.5,
        "bias": -1.0,
        "weights": dict(zip(_NAMES, ws, strict=True)),
        "valence": {"awful": -2.5},
        "boosters": ["deeply"],
        "subjectivity": {"forms": {k: list(v) for k, v in SUBJ.items()}},
    }
    model = LoadedModel(data)
    text = " ".join(words)
    w = model.weights
    z = [
        model.bias + sum(w.get(n, 0.0) * v for n, v in f)
        for _, f in token_features(text, model.lexical)
    ]
    expected = 1 / (1 + np.exp(-np.array(z)))
    assert np.allclose(model.score(text).probabilities, expected)


def test_a_model_without_the_new_shape_weights_skips_those_flags() -> None:
    data: dict[str, Any] = {"source": "toy", "provenance": {}, "threshold": 0.5, "bias": -1.0,
                            "weights": {"quoted": 1.0}, "valence": {}, "boosters": []}  # fmt: skip
    scored = LoadedModel(data).score('He said "no" to McCain!')
    assert set(scored.shapes) == set(SHAPES) - set(EXTRA_SHAPES)
    data["weights"]["scare"] = 1.0
    assert set(LoadedModel(data).score('He said "no" to McCain!').shapes) == set(SHAPES)
