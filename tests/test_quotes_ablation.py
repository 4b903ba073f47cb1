"""The ablation hook (ukpeace_cli.ablation) and the rules it switches off."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from ukpeace_cli import ablation
from ukpeace_cli.errors import ConfigError, ExitCode
from ukpeace_cli.quotes import extract_quotes


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(ablation.ENV, raising=False)
    ablation.reset()
    yield
    ablation.reset()


def test_every_family_is_on_by_default() -> None:
    assert all(ablation.enabled(f) for f in ablation.FAMILIES)


def test_listed_families_are_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ablation.ENV, " roles, continuation ")
    assert not ablation.enabled("roles")
    assert not ablation.enabled("continuation")
    assert ablation.enabled("documents")


def test_variable_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert ablation.enabled("roles")
    monkeypatch.setenv(ablation.ENV, "roles")
    assert ablation.enabled("roles")  # the first reading holds for the process


def test_unknown_family_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ablation.ENV, "roles,no-such-family")
    with pytest.raises(ConfigError) as exc:
        ablation.enabled("roles")
    assert exc.value.exit_code == ExitCode.USAGE == 2
    assert "no-such-family" in str(exc.value) and ablation.ENV in str(exc.value)


def test_unknown_family_at_the_cli_exits_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    art = tmp_path / "a.txt"
    art.write_text("Title\n\n“We will see,” said Mara Velk.\n", "utf-8")
    monkeypatch.setenv(ablation.ENV, "nope")
    res = CliRunner().invoke(app, ["ingest", str(art), "-q"])
    assert res.exit_code == 2, res.output
    assert "nope" in res.output


def quotes(pipeline: Any, text: str) -> list[tuple[Any, ...]]:
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": text}
    return [
        (q["kind"], q["text"], q["speaker"])
        for q in extract_quotes(doc, record, article_mentions(doc, record))
    ]


CONTINUATION = (
    "Harbour Minister Tomas Orvik spoke to reporters on Tuesday.\n\n"
    "“The new pier will open in spring,” Orvik said.\n\n"
    "“We have waited long enough for it.”"
)


def test_continuation_family_carries_the_speaker(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes(pipeline, CONTINUATION)
    assert ("direct", "We have waited long enough for it.", "Tomas Orvik") in on
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "continuation")
    off = quotes(pipeline, CONTINUATION)
    assert ("direct", "We have waited long enough for it.", "Tomas Orvik") not in off


# --- rules removed as fitted to the demo articles (issue 12 item 2) ---------------------------


def test_no_idiom_folding_in_grouping() -> None:
    from ukpeace_cli.quotes.group import _stems

    assert _stems("they rule out a pause") == {"rule", "pause"}
    assert "exclu" not in _stems("off the table")


def test_outlet_words_are_general() -> None:
    from types import SimpleNamespace

    from ukpeace_cli.quotes.words import looks_like_outlet

    assert looks_like_outlet(SimpleNamespace(text="Harbour Radio"))
    assert looks_like_outlet(SimpleNamespace(text="The Norland Times"))
    # single foreign or brand words of particular outlets are not a general rule
    assert not looks_like_outlet(SimpleNamespace(text="Le Monde"))
    assert not looks_like_outlet(SimpleNamespace(text="Liberty"))


def test_word_set_does_not_respell() -> None:
    from ukpeace_cli.quotes.words import word_set

    assert word_set("Defence Minister") == {"defence", "minister"}


def test_given_names_come_from_the_census_lists() -> None:
    from ukpeace_cli.names.given import given_name_gender

    assert given_name_gender("Gertrude") == "f"
    assert given_name_gender("Mildred") == "f"
    assert given_name_gender("Reginald") == "m"
    assert given_name_gender("Jordan") is None  # used for both: unknown stays unknown
    assert given_name_gender("Zzyzx") is None


def test_given_name_decides_a_pronoun(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # no title, no pronoun right after either name: only the given names tell who "she" is
    text = (
        "Mildred Arkwright and Reginald Pumphrey were at the harbour meeting, "
        "as were Tomas Orvik's staff.\n\n"
        "Reginald Pumphrey chaired it.\n\n"
        "“The pier must be finished this year,” she said."
    )
    got = quotes(pipeline, text)
    assert ("direct", "The pier must be finished this year,", "Mildred Arkwright") in got


# --- families added in session 4 (issue 12 item 2): each gains on GGT dev and on a test set ----

THEY_GROUP = (
    "Harbour police closed the pier on Monday.\n\n"
    "Officials described the damage as severe and said the ferry was late. "
    "They said the repairs would take a month."
)


def test_they_said_is_the_group_subject_before(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes(pipeline, THEY_GROUP)
    assert ("indirect", "the repairs would take a month", "Officials") in on
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "it-they-subject")
    off = quotes(pipeline, THEY_GROUP)
    assert ("indirect", "the repairs would take a month", "Officials") not in off


def test_they_said_after_a_person_subject_is_not_the_group(pipeline: Any) -> None:
    # a person as the nearer subject ends the search: "they" is not the officials
    text = (
        "Officials closed the pier on Monday.\n\n"
        "Tomas Orvik and Mara Velk visited the site. They said the repairs would take a month."
    )
    got = quotes(pipeline, text)
    assert not any(s == "Officials" for _, _, s in got), got


QUOTE_RUN = (
    "Harbour master Mara Velk has worked at the port for twenty years.\n\n"
    "“The tides decide everything here,” Velk said.\n\n"
    "Grain ships came first. Early on, she saw several of them run aground at the bar. "
    "“You never forget a ship on the rocks.”"
)


def test_cueless_quote_after_narration_is_its_subject(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes(pipeline, QUOTE_RUN)
    assert ("direct", "You never forget a ship on the rocks.", "Mara Velk") in on
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "quote-runs")
    off = quotes(pipeline, QUOTE_RUN)
    assert ("direct", "You never forget a ship on the rocks.", "Mara Velk") not in off


# --- narrowed families (issue 12, brief narrow12): each defined by its stated intent ----------


def quotes_with_headings(pipeline: Any, text: str, headings: int) -> list[tuple[Any, ...]]:
    """Like `quotes`, with the first `headings` lines marked as heading paragraphs."""
    from ukpeace_cli.entities import article_mentions
    from ukpeace_cli.quotes.marks import paragraphs_of

    doc = pipeline.nlp(text)
    paras = [
        {"start": s, "end": e, "heading": k < headings}
        for k, (s, e) in enumerate(paragraphs_of(text))
    ]
    record = {"text": text, "paragraphs": paras}
    return [
        (q["kind"], q["text"], q["speaker"])
        for q in extract_quotes(doc, record, article_mentions(doc, record))
    ]


HEADING_REPEAT = (
    'Pier "will open in spring"\n'
    "Harbour Minister Tomas Orvik spoke to reporters in Kessel on Tuesday. "
    'He said that the new pier "will open in spring" after two years of work.'
)


def test_heading_repeating_a_cued_quote_takes_its_speaker(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes_with_headings(pipeline, HEADING_REPEAT, 1)
    heading = [q for q in on if q[1] == "will open in spring" and q[2] == "Tomas Orvik"]
    assert len(heading) == 2, on  # the heading's phrase and the body's
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "heading-repeats")
    off = quotes_with_headings(pipeline, HEADING_REPEAT, 1)
    assert len([q for q in off if q[1] == "will open in spring" and q[2] == "Tomas Orvik"]) == 1


def test_repeated_words_outside_a_heading_are_not_attributed(pipeline: Any) -> None:
    # the same first line as running text, not a heading: the writer's re-use stays speakerless
    got = quotes_with_headings(pipeline, HEADING_REPEAT, 0)
    assert len([q for q in got if q[1] == "will open in spring" and q[2] == "Tomas Orvik"]) == 1


def test_heading_repeat_needs_one_speaker(pipeline: Any) -> None:
    text = (
        'Pier "will open in spring"\n'
        'Harbour Minister Tomas Orvik said that the pier "will open in spring" this year.\n'
        'Port director Mara Velk told reporters that the pier "will open in spring" too.'
    )
    got = quotes_with_headings(pipeline, text, 1)
    speakers = [q[2] for q in got if q[1] == "will open in spring"]
    assert speakers.count(None) == 1, got  # two people said it: the heading stays unassigned


SPEECH_NOUN = (
    "The harbour board met on Monday. Later, comments from Mara Velk suggested that the "
    "ferry would be late."
)


def test_speech_noun_subject_takes_its_author(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes(pipeline, SPEECH_NOUN)
    assert ("indirect", "the ferry would be late", "Mara Velk") in on
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, "speech-nouns")
    off = quotes(pipeline, SPEECH_NOUN)
    assert ("indirect", "the ferry would be late", None) in off


def test_speech_noun_possessive_author(pipeline: Any) -> None:
    got = quotes(pipeline, "Mara Velk's comments suggested that the ferry would be late.")
    assert any(k == "indirect" and s == "Mara Velk" for k, _, s in got), got


def test_speech_noun_not_the_cues_subject_is_not_the_speaker(pipeline: Any) -> None:
    # the remarks are the subject of "prompted", not of the cue "warn": the words are Velk's
    text = "Tomas Orvik's remarks prompted Mara Velk to warn that the ferry would be late."
    got = quotes(pipeline, text)
    assert not any(s == "Tomas Orvik" for _, _, s in got), got


def test_speech_noun_publisher_is_not_the_author(pipeline: Any) -> None:
    text = "Comments published by the Kessel Harbour Gazette suggested that the pier was unsafe."
    got = quotes(pipeline, text)
    assert not any(s and "Gazette" in s for _, _, s in got), got
