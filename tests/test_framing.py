"""The framing lexicons and measures: proper-noun sense, sources of the loaded list, narration
against quotes, experimental notes. Texts are synthetic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.compare import make_articles
from ukpeace_cli.compare.framing import hedging, loaded, reporting_verbs
from ukpeace_cli.framing.article import FEATURES, ArticleModel
from ukpeace_cli.framing.model import LoadedModel, load_model
from ukpeace_cli.lexicons import PhraseMatcher, load_lexicons, proper_noun_at

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src/ukpeace_cli/data"


def _terms(matcher: PhraseMatcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.find(text)]


# --- proper-noun sense -------------------------------------------------------------------------


def test_may_the_month_is_not_a_hedge() -> None:
    epistemic = load_lexicons().matcher("hedges.epistemic", skip_names=True)
    text = "The talks ended in May. Officials may meet again. May they succeed."
    assert _terms(epistemic, text) == ["may", "May"]


def test_capitalised_name_mid_sentence_is_not_a_lexicon_word() -> None:
    m = PhraseMatcher(["grace", "will"], skip_names=True)
    assert _terms(m, "The minister met Grace Hill and Will Lee.") == []
    assert _terms(m, "Grace was shown. They will go. He said: Will it last?") == [
        "Grace",
        "will",
        "Will",
    ]


def test_names_are_matched_as_before_without_skip_names() -> None:
    # source typing matches words inside capitalised names ("... Pravda", "Interior Ministry")
    assert _terms(PhraseMatcher(["ministry"]), "the Interior Ministry said") == ["Ministry"]


def test_all_capitals_still_match() -> None:
    assert _terms(PhraseMatcher(["may"], skip_names=True), "TALKS MAY FAIL") == ["MAY"]


@given(st.sampled_from(["May", "Will", "Grace"]), st.sampled_from([". ", "\n", '! "', "? ("]))
def test_a_capitalised_word_opening_a_sentence_is_a_word(word: str, end: str) -> None:
    text = f"They left{end}{word} it be so."
    start = text.index(word)
    assert not proper_noun_at(text, start, start + len(word))
    inner = f"They left {word} it be so."
    s2 = inner.index(word)
    assert proper_noun_at(inner, s2, s2 + len(word))


# --- the loaded-language model ----------------------------------------------------------------


def _model_file() -> dict[str, Any]:
    return dict(json.loads((DATA / "loaded_model.json").read_text("utf-8")))


def test_packaged_model_names_its_source_and_how_it_was_made() -> None:
    data = _model_file()
    prov = data["provenance"]
    assert data["source"] == "ptc-train+vader-3.3.2"
    assert (
        "PTC" in prov["corpus"] and "train" in prov["corpus"] and "dev not read" in prov["corpus"]
    )
    assert "MIT" in prov["valence"] and "VADER" in prov["valence"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", prov["date"])
    assert {"p", "r", "f1", "rho_density"} <= set(prov["cross_validation"])
    assert 0 < data["threshold"] < 1 and data["weights"]


def test_model_vocabulary_is_lowercase_words_only() -> None:
    # no names (a vocabulary word is written in lowercase in PTC train) and no phrases
    words = [k.split("=", 1)[1] for k in _model_file()["weights"] if "w=" in k]
    assert words
    for w in words:
        assert w == "<other>" or re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", w), w
        assert w == w.lower(), w


def test_model_loads_and_scores_deterministically() -> None:
    text = "The regime launched a brutal, disgusting attack. Officials met on Tuesday."
    first = load_model().score(text)
    again = LoadedModel(_model_file()).score(text)
    assert np.array_equal(first.probabilities, again.probabilities)
    spans = [text[f.start : f.end] for f in first.spans(load_model().threshold)]
    assert any("brutal" in s or "disgusting" in s for s in spans)
    assert not any("Tuesday" in s for s in spans)


def test_packaged_model_has_an_article_regression_fitted_on_train() -> None:
    data = _model_file()
    art = data["article"]
    assert art["features"] == list(FEATURES)
    assert len(art["mean"]) == len(art["scale"]) == len(art["coef"]) == len(FEATURES)
    assert all(v > 0 for v in art["scale"])
    assert {"rho_folds", "rho_plain_sum_folds"} <= set(art["cross_validation"])
    assert "train" in data["provenance"]["article"]


def _toy_data(article: dict[str, Any] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": "toy",
        "provenance": {},
        "threshold": 0.5,
        "bias": -5.0,
        "weights": {"w=vile": 10.0},
        "valence": {},
        "boosters": [],
    }
    if article:
        data["article"] = article
    return data


def _toy_article(log_sum: float) -> dict[str, Any]:
    n = len(FEATURES)
    coef = [0.0] * n
    coef[FEATURES.index("log_sum")] = log_sum
    return {"features": list(FEATURES), "mean": [0.0] * n, "scale": [1.0] * n, "coef": coef,
            "bias": 0.0}  # fmt: skip


def test_without_an_article_model_the_density_is_the_sum_of_probabilities() -> None:
    text = "A vile plan and a vile day for all of us."
    scored = LoadedModel(_toy_data()).score(text)
    whole = [(0, len(text))]
    assert np.isclose(scored.expected(whole), scored.probabilities.sum())
    assert np.isclose(scored.density(whole), 1000 * scored.probabilities.sum() / 11)


def test_the_article_model_ranks_by_its_features_and_counts_only_inside() -> None:
    model = LoadedModel(_toy_data(_toy_article(1.0)))
    one, two = "A vile plan on a calm day.", "A vile plan on a vile day."
    d1, d2 = (model.score(t).density([(0, len(t))]) for t in (one, two))
    assert 0 < d1 < d2
    # log(1 + density) = log(summed probabilities per 1k tokens): density ~ that sum - 1
    s2 = model.score(two)
    assert np.isclose(d2, 1000 * s2.probabilities.sum() / 7 - 1, rtol=1e-3)
    # only the tokens inside the spans count: the first three words of "two" hold one "vile"
    head = [(0, two.index(" on"))]
    assert np.isclose(s2.expected(head), s2.density(head) * 3 / 1000)
    assert s2.density([]) == 0.0 and s2.expected([]) == 0.0


def test_a_negative_article_estimate_is_shown_as_zero() -> None:
    model = LoadedModel(_toy_data(_toy_article(-5.0)))
    text = "A vile plan on a vile day."
    assert model.score(text).density([(0, len(text))]) == 0.0


def test_an_article_model_with_other_features_is_refused() -> None:
    art = _toy_article(1.0)
    art["features"] = list(reversed(FEATURES))
    try:
        ArticleModel.from_data(art)
    except ValueError as exc:
        assert "features" in str(exc)
    else:
        raise AssertionError("an article model with reordered features was accepted")


_WORDS = st.sampled_from(["the", "brutal", "plan", "said", "Regime", "hoax", "!", ",", '"', "may"])


@given(st.lists(_WORDS, min_size=1, max_size=30), st.data())
def test_probabilities_are_in_0_1_and_ignore_spacing(words: list[str], data: st.DataObject) -> None:
    model = load_model()
    text = " ".join(words)
    gaps = [data.draw(st.sampled_from([" ", "  ", "\t", " \t "])) for _ in words]
    spaced = "".join(w + g for w, g in zip(words, gaps, strict=True))
    a, b = model.score(text).probabilities, model.score(spaced).probabilities
    assert ((a >= 0) & (a <= 1)).all()
    assert np.allclose(a, b)


def _toy_model() -> LoadedModel:
    # flags "vile" and nothing else: the split between narration and quotes is what is tested
    return LoadedModel(_toy_data())


# --- the measures ------------------------------------------------------------------------------


def _record(text: str, quotes: list[tuple[int, int]]) -> dict[str, Any]:
    return {
        "id": "a1",
        "source": "a1.txt",
        "text": text,
        "outlet": "example.org",
        "nlp": {
            "sentences": [[0, len(text)]],
            "quotes": [
                {"start": s, "end": e, "kind": "direct", "text": text[s:e]} for s, e in quotes
            ],
        },
    }


def test_loaded_counts_narration_and_quotes_separately() -> None:
    text = 'The plan is vile, the paper wrote. "It is vile and vile," she said.'
    q0 = text.index('"')
    rec = _record(text, [(q0, text.index('"', q0 + 1) + 1)])
    m = loaded(make_articles([rec]), load_lexicons(), _toy_model())
    rows = {r.label: r for r in m.rows}
    assert rows["loaded language"].values["a1"].startswith("1 ")
    assert rows["loaded language in quotes"].values["a1"].startswith("2 ")
    assert [e.term for e in rows["loaded language in quotes"].evidence["a1"]] == ["vile", "vile"]
    # density (no article model in the toy): expected loaded words per 1k narration words, ~1 of 7
    assert float(rows["loaded density"].values["a1"].split("/")[0]) > 100


def test_a_users_loaded_words_are_counted_besides_the_model(tmp_path: Path) -> None:
    user = tmp_path / "lex.yaml"
    user.write_text("loaded_language: [scheme]\n", encoding="utf-8")
    text = "The vile scheme failed, and the scheme was vile."
    m = loaded(make_articles([_record(text, [])]), load_lexicons(str(user)), _toy_model())
    terms = [e.term for e in {r.label: r for r in m.rows}["loaded language"].evidence["a1"]]
    assert terms == ["vile", "scheme", "scheme", "vile"]


def test_unvalidated_or_weak_measures_say_experimental_with_their_figure() -> None:
    arts = make_articles([_record("Nothing here.", [])])
    lex = load_lexicons()
    assert "Experimental" in (cap_h := hedging(arts, lex).caption) and "31.1" in cap_h
    assert "Experimental" in reporting_verbs(arts, lex).caption
    cap = loaded(arts, lex).caption
    assert "Experimental" in cap and "32.3" in cap and "0.555" in cap


def test_hedge_lists_hold_no_demo_phrase() -> None:
    data = yaml.safe_load((DATA / "lexicons.yaml").read_text("utf-8"))
    gone = {"western media reported", "it is only known that", "it is very telling"}
    listed = (
        set(data["hedges"]["evidential"]) | set(data["hedges"]["epistemic"]) | set(data["boosters"])
    )
    assert not gone & listed
