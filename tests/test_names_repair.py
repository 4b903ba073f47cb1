"""Person labels repaired from the article's own mentions (names/repair.py): the two rule
families `not-persons` and `person-names`, each on and off, on made-up names."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli import ablation
from ukpeace_cli.entities import Mention
from ukpeace_cli.names.repair import repair_people


@pytest.fixture(autouse=True)
def _fresh_ablation(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ablation.ENV, raising=False)
    ablation.reset()
    yield
    ablation.reset()


def _mentions(*pairs: tuple[str, str]) -> list[tuple[Mention, str]]:
    out = []
    at = 0
    for label, text in pairs:
        out.append((Mention(text, label, at, at + len(text), text), text))
        at += len(text) + 50
    return out


def _labels(mentions: list[tuple[Mention, str]]) -> list[str]:
    return [m.label for m, _ in mentions]


def _off(monkeypatch: pytest.MonkeyPatch, family: str) -> None:
    monkeypatch.setenv(ablation.ENV, family)
    ablation.reset()


@pytest.mark.parametrize("on", [True, False])
def test_name_labelled_place_is_a_person_when_its_surname_speaks(
    monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    if not on:
        _off(monkeypatch, "person-names")
    ms = _mentions(("GPE", "Amara Okafor"), ("PERSON", "Okafor"), ("PERSON", "Okafor"))
    repair_people(ms)
    assert _labels(ms)[0] == ("PERSON" if on else "GPE")


@pytest.mark.parametrize("on", [True, False])
def test_tail_of_a_full_name_is_a_person(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    if not on:
        _off(monkeypatch, "person-names")
    ms = _mentions(("PERSON", "Ana Del Rio"), ("ORG", "Del Rio"), ("ORG", "Del Rio"))
    repair_people(ms)
    assert _labels(ms)[1:] == (["PERSON"] * 2 if on else ["ORG"] * 2)


def test_a_place_named_more_often_than_a_person_stays_a_place() -> None:
    # one stray PERSON "Freedonia" does not make "North Freedonia" a person
    ms = _mentions(
        ("GPE", "North Freedonia"),
        ("GPE", "South Freedonia"),
        ("PERSON", "Freedonia"),
    )
    repair_people(ms)
    assert _labels(ms)[:2] == ["GPE", "GPE"]


def test_institutions_and_titles_are_never_promoted() -> None:
    ms = _mentions(
        ("ORG", "Okafor Foundation"),
        ("ORG", "Minister Okafor"),
        ("PERSON", "Amara Okafor"),
        ("PERSON", "Okafor"),
    )
    repair_people(ms)
    assert _labels(ms)[:2] == ["ORG", "ORG"]


@pytest.mark.parametrize("on", [True, False])
def test_region_labelled_person_is_what_the_article_calls_it_elsewhere(
    monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    if not on:
        _off(monkeypatch, "not-persons")
    ms = _mentions(
        ("ORG", "Upper Velkia"),
        ("PERSON", "Jonas Brand"),
        ("PERSON", "Upper Velkia"),
        ("ORG", "Upper Velkia"),
        ("PERSON", "Upper Velkia"),
    )
    repair_people(ms)
    assert _labels(ms) == (
        ["ORG", "PERSON", "ORG", "ORG", "ORG"]
        if on
        else ["ORG", "PERSON", "PERSON", "ORG", "PERSON"]
    )
    # and `person-names` does not turn them back: no other person ends in "Velkia"


def test_person_named_more_often_than_otherwise_stays_a_person() -> None:
    ms = _mentions(("PERSON", "Lina Marsh"), ("PERSON", "Lina Marsh"), ("ORG", "Lina Marsh"))
    repair_people(ms)
    assert _labels(ms)[:2] == ["PERSON", "PERSON"]


def test_given_name_of_a_full_name_stays_a_person() -> None:
    # "Jordan" the country elsewhere, but also the given name of Jordan Vale here
    ms = _mentions(("PERSON", "Jordan Vale"), ("GPE", "Jordan"), ("PERSON", "Jordan"))
    repair_people(ms)
    assert _labels(ms) == ["PERSON", "GPE", "PERSON"]


@pytest.mark.parametrize("on", [True, False])
def test_person_ending_in_an_institution_noun_is_an_organisation(
    monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    if not on:
        _off(monkeypatch, "not-persons")
    ms = _mentions(("PERSON", "Harbour Council"))
    repair_people(ms)
    assert _labels(ms) == (["ORG"] if on else ["PERSON"])


def test_alias_table_entries_keep_their_label() -> None:
    ms = _mentions(("GPE", "Amara Okafor"), ("PERSON", "Okafor"), ("PERSON", "Okafor"))
    ms[0][0].kind = "place"
    repair_people(ms)
    assert _labels(ms)[0] == "GPE"


_WORDS = st.sampled_from(["Okafor", "Amara", "Velkia", "Upper", "Council", "Del", "Rio", "Brand"])
_LABELS = st.sampled_from(["PERSON", "ORG", "GPE", "NORP", "DATE", "MONEY"])


@given(st.lists(st.tuples(_LABELS, st.lists(_WORDS, min_size=1, max_size=3)), max_size=12))
def test_repair_only_moves_labels_between_person_and_named_kinds(
    rows: list[tuple[str, list[str]]],
) -> None:
    ms = _mentions(*[(label, " ".join(words)) for label, words in rows])
    before = [(m.label, m.text, m.name, m.start, m.end) for m, _ in ms]
    repair_people(ms)
    named = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
    for (label, text, name, start, end), (m, _) in zip(before, ms, strict=True):
        assert (m.text, m.name, m.start, m.end) == (text, name, start, end)  # nothing else moves
        if m.label != label:
            assert {label, m.label} <= named and "PERSON" in {label, m.label}
