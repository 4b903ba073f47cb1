"""The person chain (`quotes/chain.py`, family `chain-descriptions`, issue 12 session 8): a
definite description of a person as a cue's subject is linked to the person it stands for,
by a scored choice; on made-up sentences, with the family on and off."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ukpeace_cli import ablation
from ukpeace_cli.quotes import extract_quotes
from ukpeace_cli.quotes.chain import hyphen_head, person_description

pytestmark = pytest.mark.usefixtures("fresh_ablation")


def speakers(pipeline: Any, text: str) -> dict[str, str | None]:
    """Quote text -> speaker."""
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": doc.text}
    found = extract_quotes(doc, record, article_mentions(doc, record))
    return {q["text"]: q["speaker"] for q in found}


def _off(monkeypatch: pytest.MonkeyPatch) -> None:
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "chain-descriptions")


AGED = (
    "Tomas Orvik, 41, moved to the coast after the harbour closed.\n\n"
    "The 41-year-old welder says the ferry pays better than the shipyard did."
)
TITLED = (
    "Harbour master Mara Velk inspected the cranes on Monday.\n\n"
    '"The quay is safe again," the harbour master said.'
)
AFTER_QUOTE = (
    "Senator Ilse Brandvold criticised the ferry company on Tuesday.\n\n"
    '"The crossing has been late every week this winter and nobody has been told why. '
    'We expect answers," the Ohio Democrat said.'
)


@pytest.mark.parametrize(
    ("text", "quote_word", "speaker"),
    [
        (AGED, "ferry", "Tomas Orvik"),
        (TITLED, "quay", "Mara Velk"),
        (AFTER_QUOTE, "answers", "Ilse Brandvold"),
    ],
)
def test_a_description_is_linked_to_its_person(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch, text: str, quote_word: str, speaker: str
) -> None:
    on = speakers(pipeline, text)
    said = [s for q, s in on.items() if quote_word in q]
    assert said == [speaker], on
    _off(monkeypatch)
    off = speakers(pipeline, text)
    said_off = [s for q, s in off.items() if quote_word in q]
    assert said_off and said_off != [speaker], off


def test_another_age_rules_a_person_out(pipeline: Any) -> None:
    text = AGED.replace("The 41-year-old", "The 63-year-old")
    said = [s for q, s in speakers(pipeline, text).items() if "ferry" in q]
    assert said and said != ["Tomas Orvik"]


def test_two_people_who_fit_as_well_leave_it_unresolved(pipeline: Any) -> None:
    text = (
        "Tomas Orvik and Mara Velk met the port board on Monday.\n\n"
        "The resident said that the quay would stay shut until spring."
    )
    said = [s for q, s in speakers(pipeline, text).items() if "quay" in q]
    assert said and said[0] not in ("Tomas Orvik", "Mara Velk")


def test_no_person_far_back_is_taken(pipeline: Any) -> None:
    text = (
        "Tomas Orvik runs the ferry.\n\nThe harbour froze in January.\n\n"
        "The cranes stood still for weeks.\n\nThe ice broke in March.\n\n"
        "The welder said that the shipyard would hire again."
    )
    said = [s for q, s in speakers(pipeline, text).items() if "shipyard" in q]
    assert said and said != ["Tomas Orvik"]


def test_hyphenated_role_heads(pipeline: Any) -> None:
    doc = pipeline.nlp(
        "The former sergeant-at-arms of the harbour board said Monday he would run. "
        "The arms dealers said so."
    )
    arms = [t for t in doc if t.text == "arms"]
    assert hyphen_head(arms[0]) == "sergeant"
    assert person_description(arms[0])
    assert hyphen_head(arms[1]) is None
    government = pipeline.nlp("The government said it.")[1]
    assert not person_description(government)  # a body, not a person


@settings(max_examples=8, deadline=None)
@given(age=st.integers(min_value=18, max_value=90), other=st.integers(min_value=1, max_value=9))
def test_age_agreement_property(pipeline: Any, age: int, other: int) -> None:
    """Stated age agrees: linked; disagrees: never that person."""
    base = (
        f"Tomas Orvik, {age}, moved to the coast after the harbour closed.\n\n"
        "The {n}-year-old welder says the ferry pays better than the shipyard did."
    )
    same = [s for q, s in speakers(pipeline, base.format(n=age)).items() if "ferry" in q]
    assert same == ["Tomas Orvik"]
    diff = [s for q, s in speakers(pipeline, base.format(n=age + other)).items() if "ferry" in q]
    assert diff != ["Tomas Orvik"]
