"""The one credit detector (parsing/cited.py) and the outlet rules of agency and outlet pages,
on made-up texts in common plain-text layouts."""

from __future__ import annotations

import pytest

from ukpeace_cli.parsing import parse_article
from ukpeace_cli.parsing.cited import cited_sources, credited_names

BODY = "Officials met on Tuesday to discuss the plan. They will meet again next week.\n"


@pytest.mark.parametrize(
    ("text", "name", "how"),
    [
        (
            "The plan was dropped, according to the Example Herald.",
            "Example Herald",
            "according to",
        ),
        ("Le Canard reported on Monday that the plan was dropped.", "Le Canard", "reported"),
        (
            "The plan was dropped, reported The Example Sun, citing aides.",
            "The Example Sun",
            "inverted",
        ),
        (
            "The story was first reported by The Atlantic Review.",
            "The Atlantic Review",
            "first reported by",
        ),
        (
            "The Example Times said in a report that the plan was dropped.",
            "The Example Times",
            "reported",
        ),
        ("A source told The Example Sun: it is over.", "The Example Sun", "told"),
        ("the state-run Xinhua news agency has announced the find.", "Xinhua", "wrote"),
        ("NEW TOWN, May 1 (PTI) : The plan was dropped.", "PTI", "wire"),
        ("NEW TOWN, May 1 /PRNewswire/ -- The firm said.", "PRNewswire", "wire"),
        ("The plan was dropped.\nSource: Example Valley News\n", "Example Valley News", "source"),
        ("The clip was shared via Example TV News on Monday.", "Example TV News", "via"),
    ],
)
def test_each_form_of_crediting_is_found(text: str, name: str, how: str) -> None:
    found = [(c.name, c.how) for c in cited_sources(text)]
    assert (name, how) in found


@pytest.mark.parametrize(
    "text",
    [
        "Anna Smith reported from the border on Monday.",  # a reporter
        "The talks were reported by Anna Smith.",
        "He told reporters the plan was dropped.",
        "She told Smith that the plan was dropped.",
        "The plan was dropped, according to Chinese state media.",  # an adjective
        "Amara Okafor wrote on social media that the plan was dropped.",
        "They met via video link.",
    ],
)
def test_people_and_phrases_are_not_credited_sources(text: str) -> None:
    assert cited_sources(text) == []


@pytest.mark.parametrize("opener", ["First", "Originally", "Previously", "Initially", "Earlier"])
def test_a_sentence_opening_adverb_is_not_a_source(opener: str) -> None:
    # "First reported by The Example Review." once credited a source called "First".
    text = f"Officials met on Tuesday. {opener} reported by The Example Review."
    assert credited_names(text) == ["The Example Review"]


def test_a_slashed_name_gives_its_parts_and_each_source_counts_once() -> None:
    text = (
        "Radio Free Northland/Radio Northland reported the move. (AP) — Later, "
        "according to Radio Northland, talks resumed."
    )
    assert credited_names(text) == [
        "Radio Free Northland/Radio Northland",
        "Radio Free Northland",
        "Radio Northland",
        "AP",
    ]


# --- outlets of agency pages and of an outlet's own dateline --------------------------------


def test_agency_page_is_the_agencys_outlet_but_a_copy_is_not() -> None:
    wire_feed = (
        "Plan dropped after talks\n"
        "NEW TOWN, May 1 (Reuters) - " + BODY + "Reporting by Anna Smith; Editing by Ben Jones\n"
    )
    art = parse_article(wire_feed)
    assert art.meta["outlet"] == "Reuters" and art.provenance["outlet"] == "text:agency-page"
    copy = "Plan dropped after talks\nNEW TOWN, May 1 (Reuters) - " + BODY
    art = parse_article(copy)
    assert art.meta["outlet"] is None and art.wire == ["Reuters"]
    # Another publisher named: the agency's desk line does not make it the outlet.
    reprint = "Example Valley News\n" + wire_feed + "© 2025 Example Valley News\n"
    assert parse_article(reprint).meta["outlet"] == "Example Valley News"


def test_an_outlets_own_dateline_names_it() -> None:
    art = parse_article(
        "Plan dropped\nzeta News - The council dropped the plan on Monday.\n" + BODY
    )
    assert art.meta["outlet"] == "zeta News"
    art = parse_article("Plan dropped\nAP - The council dropped the plan on Monday.\n" + BODY)
    assert art.meta["outlet"] is None


def test_a_reader_apps_label_is_the_outlet_and_a_credit() -> None:
    reader = "Get all your news in one place.\nExample Post - UK\nExample Post - UK\nPlan dropped\n"
    art = parse_article(reader + BODY)
    assert art.meta["outlet"] == "Example Post" and art.wire == ["Example Post"]


def test_an_agency_byline_with_its_place_is_a_wire_credit() -> None:
    art = parse_article("Plan dropped\nPress Trust of India New Town\n" + BODY)
    assert art.wire == ["PTI"] and art.meta["outlet"] is None


def test_newsletter_and_syndication_footer() -> None:
    newsletter = (
        "Morning Briefing\nPlan dropped\n" + BODY + "This story first appeared in the Example "
        "Valley News newsletter.\nSource: Example Valley News\n"
    )
    assert parse_article(newsletter).meta["outlet"] == "Example Valley News"
    footer = "Plan dropped\n" + BODY + "This article is republished from Example Wire News.\n"
    assert "Example Wire News" in credited_names(footer) or parse_article(footer).meta["outlet"]
