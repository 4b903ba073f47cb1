"""The ablation hook (ukpeace_cli.ablation) and the rules it switches off."""

from __future__ import annotations

from typing import Any

import pytest

from ukpeace_cli import ablation
from ukpeace_cli.errors import ConfigError, ExitCode
from ukpeace_cli.quotes import extract_quotes

pytestmark = pytest.mark.usefixtures("fresh_ablation")


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
