"""Outlet and wire credits in the session-11 layouts (parsing/sources.py, issue 12 item 3): a
parenthesised credit opening the text, a byline's organisation, a carried story's source label,
a "Source:" label glued into a header line, a nameplate printed without its space, a network's
syndication dateline and a "Place | Agency" line; and the guards for each. Every outlet,
person and sentence here is invented."""

from __future__ import annotations

import pytest

from ukpeace_cli.parsing import Credit, parse_article
from ukpeace_cli.parsing import sources as src
from ukpeace_cli.parsing.credits import outlet_name

HEAD = "Council approves new flood barrier after months of delay"
P1 = "The council voted on Tuesday to build the barrier. Residents had waited two years."
P2 = "Work is due to start in the spring. The cost has not been published."


def outlet(raw: str) -> tuple[str | None, str | None]:
    a = parse_article(raw)
    return a.meta["outlet"], a.provenance.get("outlet")


# --- (NAME) opening the first paragraph --------------------------------------------------------


def test_aggregator_credit_in_brackets_opens_the_text() -> None:
    raw = f"{HEAD}\n\n(QUILLNET) {P1}\n\n{P2}"
    assert outlet(raw) == ("QUILLNET", "text:paren-dateline")
    assert parse_article(raw).text.startswith("(QUILLNET) The council")  # the body is kept


def test_hub_and_original_in_brackets_the_original_is_the_outlet() -> None:
    assert outlet(f"{HEAD}\n\n(QUILLNET- Harbour Press) {P1}\n\n{P2}")[0] == "Harbour Press"


def test_dateline_naming_outlet_and_agency() -> None:
    raw = f"MIDTOWN (Harbour News / Reuters - 03rd July, 2023) {P1}\n\n{P2}"
    a = parse_article(raw)
    assert (a.meta["outlet"], a.wire) == ("Harbour News", ["Reuters"])


@pytest.mark.parametrize(
    "first",
    [
        f"(MIDTOWN) -- {P1}",  # a place dateline comes with a dash
        f"(MIDTOWN, NV) -- {P1}",  # a place with its state
        f"MIDTOWN (QUILLNET) - {P1}",  # an all-capitals name after a city: not read
        f"(Reuters) - {P1}",  # an agency is a wire credit
        f"(Jane Doe) {P1}",  # a person
    ],
)
def test_place_and_agency_brackets_are_no_outlet(first: str) -> None:
    assert outlet(f"{HEAD}\n\n{first}\n\n{P2}")[0] is None


def test_bracket_credit_later_in_the_text_is_no_outlet() -> None:
    assert outlet(f"{HEAD}\n\n{P1}\n\n(QUILLNET) {P2}")[0] is None


# --- a byline's organisation ---------------------------------------------------------------------


def test_byline_with_agency_after_a_comma() -> None:
    a = parse_article(f"{HEAD}\nBy Mara Quinlan, Reuters\n\n{P1}\n\n{P2}")
    assert a.credits == [Credit("Mara Quinlan", "author")]
    assert a.wire == ["Reuters"] and a.meta["outlet"] is None


def test_byline_with_outlet_after_a_comma() -> None:
    a = parse_article(f"{HEAD}\nBy Mara Quinlan, Harbour Gazette\n\n{P1}\n\n{P2}")
    assert (a.meta["outlet"], a.credits) == ("Harbour Gazette", [Credit("Mara Quinlan", "author")])


def test_nameplate_line_under_a_byline() -> None:
    raw = f"By Mara Quinlan\nHarbour News\n12 May 2024, 10:05\n{HEAD}\n\n{P1}\n\n{P2}"
    assert outlet(raw) == ("Harbour News", "text:byline")


def test_name_and_place_after_a_comma_stays_a_person() -> None:
    a = parse_article(f"{HEAD}\nBy Mara Quinlan, Midtown\n\n{P1}\n\n{P2}")
    assert a.meta["outlet"] is None and a.wire == []


def test_a_byline_label_is_never_part_of_a_name() -> None:
    a = parse_article(f"By Mara Quinlan, Reuters\n{P1}\n\n{P2}")
    assert all(not c.name.startswith("By ") for c in a.credits)


# --- "Read more on X", "More from X" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Read more on HARBOUR 24 English", "HARBOUR 24"),
        ("More from Quillwave", "Quillwave"),
        ("Read the full story at Harbour Gazette", "Harbour Gazette"),
        ("Continue reading on harbournews.com", "harbournews.com"),
    ],
)
def test_syndication_label_names_the_source(line: str, name: str) -> None:
    raw = f"{HEAD}\n\n{P1}\n\n{line}\n\n{P2}"
    assert outlet(raw) == (name, "text:syndication-label")


@pytest.mark.parametrize(
    "line",
    [
        "More from Politics",
        "More from Mara Quinlan",
        "More from this author",
        "Read more on our site",
    ],
)
def test_section_and_author_blocks_are_no_source(line: str) -> None:
    assert outlet(f"{HEAD}\n\n{P1}\n\n{line}\n\n{P2}")[0] is None


def test_more_from_inside_a_sentence_is_no_label() -> None:
    raw = f"{HEAD}\n\n{P1} More from Quillwave is expected next week.\n\n{P2}"
    assert outlet(raw)[0] is None


# --- a "Source:" label glued into a header line --------------------------------------------------


def test_glued_source_label_in_a_run_together_header() -> None:
    raw = f"Barrier approved for the baySource:Harbour Times Published: 2024/5/26 22:39:27{P1}"
    assert outlet(raw + f"\n\n{P2}") == ("Harbour Times", "text:glued-source")


def test_source_word_in_a_sentence_is_no_label() -> None:
    raw = f"{HEAD}\n\nThe river is the Source: Harbour Times readers know it.\n\n{P2}"
    assert outlet(raw)[0] is None
    assert src.glued_source("a Source: Harbour Times Published: 2024") is None  # not glued


# --- a nameplate printed without its space ---------------------------------------------------


def test_camel_case_nameplate_over_a_section_label() -> None:
    assert outlet(f"HarbourPost\nBusiness\n\n{HEAD}\n\n{P1}\n\n{P2}") == (
        "Harbour Post",
        "text:masthead",
    )


@pytest.mark.parametrize("word", ["HarbourPost", "QuillTimes"])
def test_camel_nameplate_is_spaced(word: str) -> None:
    assert outlet_name(word) == word.replace("Post", " Post").replace("Times", " Times")


@pytest.mark.parametrize("word", ["McAllister", "YouTube", "iPhone", "Harbour"])
def test_camel_words_that_are_no_nameplate(word: str) -> None:
    assert outlet_name(word) is None


# --- a network's syndication dateline, "Place | Agency" ---------------------------------------


def test_network_dateline_is_a_wire_credit_not_the_outlet() -> None:
    a = parse_article(f"{HEAD}\n\nMIDTOWN (CNN) — {P1}\n\n{P2}")
    assert (a.meta["outlet"], a.wire) == (None, ["CNN"])


def test_place_and_agency_line_over_the_text() -> None:
    a = parse_article(f"Midtown, Examplia | AFP\n{P1}\n\n{P2}")
    assert (a.wire, a.meta["title"]) == (["AFP"], None)


def test_place_and_name_that_is_no_agency_is_not_read() -> None:
    assert src.place_agency("Midtown, Examplia | Harbour Gazette") is None
    assert src.place_agency("Midtown | AFP") == "AFP"
