"""Outlet and wire credits in the session-11 layouts (parsing/sources.py, issue 12 item 3): a
parenthesised credit opening the text, a network's syndication dateline and a "Place | Agency"
line; and the guards for each. Every outlet, person and sentence here is invented."""

from __future__ import annotations

import pytest

from ukpeace_cli.parsing import parse_article
from ukpeace_cli.parsing import sources as src

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
