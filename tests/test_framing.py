"""The framing lexicons and measures: proper-noun sense, sources of the loaded list, narration
against quotes, experimental notes. Texts are synthetic."""

from __future__ import annotations

import glob
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.compare import make_articles
from ukpeace_cli.compare.framing import hedging, loaded, loaded_matcher, reporting_verbs
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


# --- the loaded-language list ------------------------------------------------------------------


def _loaded_file() -> dict[str, Any]:
    return dict(yaml.safe_load((DATA / "loaded_language.yaml").read_text("utf-8")))


def test_loaded_list_names_its_sources_and_licence() -> None:
    head = (DATA / "loaded_language.yaml").read_text("utf-8")
    assert "VADER" in head and "MIT" in head and "PTC" in head
    for word, figs in _loaded_file()["loaded_language"].items():
        count, hits, valence = figs
        assert re.fullmatch(r"[a-z][a-z'-]*[a-z]", word), word
        assert 0 < hits <= count and valence != 0, word


def test_no_loaded_entry_is_a_multiword_phrase_from_the_demo_articles() -> None:
    # the old list had phrases lifted from the seeds; every entry is now one VADER form
    words = load_lexicons().entries("loaded_language")
    assert words and all(" " not in w for w in words)
    seeds = " ".join(
        Path(p).read_text("utf-8").lower() for p in glob.glob(str(ROOT / "data/seeds/*.txt"))
    )
    assert seeds  # the check below means something only if the seeds are there
    assert "kremlin dictator" not in words and "aggressor country" not in words


def test_loaded_words_match_whole_forms_only() -> None:
    m = loaded_matcher(load_lexicons())
    some = next(iter(_loaded_file()["loaded_language"]))
    assert _terms(m, f"It was {some}.") == [some]
    assert _terms(m, f"It was un{some}x.") == []


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
    word = next(iter(_loaded_file()["loaded_language"]))
    text = f'The plan is {word}, the paper wrote. "It is {word} and {word}," she said.'
    q0 = text.index('"')
    rec = _record(text, [(q0, text.index('"', q0 + 1) + 1)])
    m = loaded(make_articles([rec]), load_lexicons())
    rows = {r.label: r for r in m.rows}
    assert rows["loaded language"].values["a1"].startswith("1 ")
    assert rows["loaded language in quotes"].values["a1"].startswith("2 ")
    assert [e.term for e in rows["loaded language in quotes"].evidence["a1"]] == [word, word]


def test_unvalidated_or_weak_measures_say_experimental_with_their_figure() -> None:
    arts = make_articles([_record("Nothing here.", [])])
    lex = load_lexicons()
    assert "Experimental" in hedging(arts, lex).caption
    assert "Experimental" in reporting_verbs(arts, lex).caption
    cap = loaded(arts, lex).caption
    assert "Experimental" in cap and "27.1" in cap and "0.39" in cap


def test_hedge_lists_hold_no_demo_phrase() -> None:
    data = yaml.safe_load((DATA / "lexicons.yaml").read_text("utf-8"))
    gone = {"western media reported", "it is only known that", "it is very telling"}
    listed = (
        set(data["hedges"]["evidential"]) | set(data["hedges"]["epistemic"]) | set(data["boosters"])
    )
    assert not gone & listed
