"""Outlet, byline, date and title from made-up pages in the common plain-text layouts (issue 12
item 3): browser copy-paste, reader-mode export, reader-app copy, wire feed, newsletter,
syndication footer; and the guards: an outlet named in a sentence, a quote or a headline is not
the article's outlet, a name line among paragraphs is not a byline, a place is not an outlet.
Every outlet, person and sentence here is invented."""

from __future__ import annotations

import textwrap

import pytest

from ukpeace_cli.parsing import Credit, parse_article

HEAD = "Council approves new flood barrier after months of delay"
BODY = (
    "The council voted on Tuesday to build the barrier. Residents had waited two years.\n"
    "Work is due to start in the spring. The cost has not been published.\n"
)


def reasons(raw: str) -> dict[str, str]:
    return {b.text: b.reason for b in parse_article(raw).boilerplate}


def test_browser_copy_paste_of_a_whole_page() -> None:
    raw = (
        "Skip to main content\nMenu\nSearch\nHarbour Gazette\nWorld\n"
        f"{HEAD}\nBy Mara Quinlan\nPublished: 14 March 2025, 09:12\n{BODY}"
        "Share\nRelated articles\n© 2025 Harbour Gazette. All rights reserved."
    )
    a = parse_article(raw)
    assert (a.meta["outlet"], a.provenance["outlet"]) == ("Harbour Gazette", "text:masthead")
    assert a.meta["title"] == HEAD
    assert a.meta["published"] == "2025-03-14T09:12"
    assert a.credits == [Credit("Mara Quinlan", "author")]
    assert a.text.startswith("The council voted") and "Menu" not in a.text
    assert reasons(raw)["World"] == "section label"
    assert reasons(raw)["Skip to main content"] == "navigation"


def test_reader_mode_export_title_domain_author_reading_time() -> None:
    raw = f"{HEAD}\nharbourgazette.co.uk\nMara Quinlan\n5-6 minutes\n{BODY}"
    a = parse_article(raw)
    assert (a.meta["outlet"], a.provenance["outlet"]) == (
        "harbourgazette.co.uk",
        "text:source-line",
    )
    assert a.meta["title"] == HEAD
    assert a.meta["byline"] == "Mara Quinlan"
    assert a.credits == [Credit("Mara Quinlan", "author")]
    assert a.text.startswith("The council voted")
    assert reasons(raw)["5-6 minutes"] == "reading time"


def test_reader_app_copy_promo_lines_masthead_twice_section_and_byline_with_job_title() -> None:
    raw = (
        "All your papers in one place.\nOver 100 titles.\nStart reading\n"
        "Harbour Gazette - UK\nHarbour Gazette - UK\nEnvironment\n"
        f"Mara Quinlan Environment correspondent\n\n{HEAD}\n\n{BODY}"
    )
    a = parse_article(raw)
    assert a.meta["outlet"] == "Harbour Gazette"
    assert a.meta["title"] == HEAD
    assert a.credits == [Credit("Mara Quinlan", "author")]
    assert a.text.startswith("The council voted")
    assert reasons(raw)["Over 100 titles."] == "page chrome"


@pytest.mark.parametrize(
    ("top", "title"),
    [
        ("1 minute read\n" + HEAD, HEAD),  # reading time above the headline
        ("advertisement\n\n" + HEAD, HEAD),
        ("Search icon\n\n14 Mar 2025\n\n" + HEAD, HEAD),
        ("Photos |\n" + HEAD, HEAD),  # a fragment cut at a pipe is never the title
        ("Wire U.S.\n\n" + HEAD, HEAD),  # a kicker or section label over the headline
        (
            "Flood plan is a relief, council leader says",
            "Flood plan is a relief, council leader says",
        ),
        ("Flood plan is a relief says Mara Quinlan", "Flood plan is a relief says Mara Quinlan"),
    ],
)
def test_headline_under_page_furniture(top: str, title: str) -> None:
    assert parse_article(f"{top}\n{BODY}").meta["title"] == title


def test_a_wire_dateline_opening_a_wrapped_paragraph_is_not_a_title() -> None:
    # An archive feed: the dateline's line is short (its agency tag was stripped), the rest of
    # the story is filled to 64 columns.
    first = (
        "The harbour master said on Tuesday that the new barrier would be finished before the "
        "winter storms arrive, and that the work would not close the port for more than two days."
    )
    second = (
        "He said the council had agreed to pay for the extra pumps at the east quay and that "
        "tenders would be sent out in March, after the budget is approved by the full council."
    )
    raw = "PORTVILLE Feb 9 The harbour\n" + textwrap.fill(first.removeprefix("The harbour "), 64)
    raw += "\n" + textwrap.fill(second, 64) + "\n"
    a = parse_article(raw)
    assert a.meta["title"] is None
    assert a.text.startswith("PORTVILLE Feb 9 The harbour master said on Tuesday that")
    assert len(a.paragraphs) == 2 and a.captions == []


def test_wire_feed_agency_page_and_a_member_copy() -> None:
    agency_page = (
        "Port workers strike over pay\nBy Tom Reyes\n"
        "PORTVILLE, March 3 (Reuters) - Port workers walked out on Monday, union leaders said.\n"
        "The strike halted loading at two terminals. Talks are due on Friday.\n"
        "(Reporting by Tom Reyes; Additional reporting by Ana Silva; Editing by Chris Dunn)"
    )
    a = parse_article(agency_page)
    assert (a.meta["outlet"], a.provenance["outlet"]) == ("Reuters", "text:agency-page")
    assert Credit("Chris Dunn", "editing") in a.credits
    copy = (
        "Port workers strike over pay\n"
        "PORTVILLE, Ruritania (AP) — Port workers walked out on Monday, union leaders said.\n"
        "The strike halted loading at two terminals. Talks are due on Friday.\n"
        "Associated Press writers Ana Silva in Eastport and Bo Lind contributed to this report.\n"
        "Copyright 2025 The Associated Press. All rights reserved."
    )
    b = parse_article(copy)
    assert b.meta["outlet"] is None  # a member site's copy: the agency is a credit only
    assert b.wire == ["AP"]
    assert b.credits == [
        Credit("Ana Silva", "reporting", "AP"),
        Credit("Bo Lind", "reporting", "AP"),
    ]
    assert "contributed" not in b.text


@pytest.mark.parametrize(
    ("close", "wire"),
    [
        ("(Agencies)", ["Agencies"]),
        ("— Agencies", ["Agencies"]),
        ("(With inputs from Reuters)", ["Reuters"]),
        ("With inputs from agencies.", ["Agencies"]),
        ("(With inputs from Jane Doe)", []),  # a person's inputs are not an agency credit
    ],
)
def test_agency_copy_closing_credit(close: str, wire: list[str]) -> None:
    a = parse_article(f"{HEAD}\n{BODY}{close}\n")
    assert a.wire == wire
    assert a.meta["outlet"] is None


def test_newsletter_title_suffix_and_footer() -> None:
    a = parse_article(
        "Morning Briefing | The Riverside Post\nTuesday 4 March 2025\n"
        f"Good morning. {BODY}"
        "You are receiving this email because you signed up to the Riverside Post newsletter.\n"
        "Unsubscribe | View in browser"
    )
    assert (a.meta["outlet"], a.provenance["outlet"]) == ("The Riverside Post", "text:title-suffix")
    assert a.meta["title"] == "Morning Briefing"
    assert a.meta["published"] == "2025-03-04"
    b = parse_article(
        f"{HEAD}\n{BODY}You are receiving this email because you signed up to the "
        "Riverside Post newsletter.\n"
    )
    assert (b.meta["outlet"], b.provenance["outlet"]) == (
        "Riverside Post",
        "text:subscription-prompt",
    )
    assert "receiving this email" not in b.text


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        (
            "This article is republished from The Valley Ledger under a Creative Commons licence.",
            "The Valley Ledger",
        ),
        ("This story was originally published by Lakeside Times.", "Lakeside Times"),
        ("Reprinted with permission from Northgate Courier.", "Northgate Courier"),
        ("A version of this story first appeared on www.valleyledger.org.", "valleyledger.org"),
    ],
)
def test_syndication_footer_names_the_original(footer: str, outlet: str) -> None:
    a = parse_article(f"{HEAD}\n{BODY}{footer}")
    assert (a.meta["outlet"], a.provenance["outlet"]) == (outlet, "text:republisher-footer")
    assert footer not in a.text


def test_time_stamp_under_the_article_is_the_date() -> None:
    a = parse_article(f"{HEAD}\n{BODY * 4}It will be reviewed next year.\n17/09/2024 18:53")
    assert (a.meta["published"], a.provenance["published"]) == (
        "2024-09-17T18:53",
        "text:footer-date",
    )


# --- false-positive guards ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        # an outlet in a quote, in a sentence, told to an outlet
        f'{HEAD}\n{BODY}"I read about it in the Harbour Gazette first," the mayor said.\n',
        f"{HEAD}\n{BODY}The Riverside Post reported last week that costs had doubled.\n",
        f"{HEAD}\n{BODY}Officials told the Lakeside Times the work starts in May.\n",
        # a body sentence about another text is not a syndication footer
        f"{HEAD}\n{BODY}The claim first appeared in The Northgate Courier on Monday.\n",
        f"{HEAD}\n{BODY}The report was published by Valley Council on Friday.\n",
        # a headline about an outlet
        f"Harbour Gazette editor resigns after row\n{BODY}",
        # a place dateline
        f"{HEAD}\nPORTVILLE — {BODY}",
        f"{HEAD}\nPORTVILLE - The council said the barrier would be built. Work starts soon.\n",
    ],
)
def test_outlet_named_in_the_text_is_not_the_articles_outlet(raw: str) -> None:
    assert parse_article(raw).meta["outlet"] is None


def test_magazine_masthead_is_the_outlet_and_the_place_is_not() -> None:
    a = parse_article(f"Harbour Magazine\n{HEAD}\nPORTVILLE — {BODY}")
    assert (a.meta["outlet"], a.provenance["outlet"]) == ("Harbour Magazine", "text:masthead")
    assert a.text.startswith("PORTVILLE — The council")  # the dateline stays in the body


def test_a_name_line_among_paragraphs_is_not_a_byline() -> None:
    raw = (
        f'{HEAD}\n"We waited two years," one resident said. She spoke outside the hall.\n'
        f"Mara Quinlan\n{BODY}"
    )
    a = parse_article(raw)
    assert a.credits == [] and a.meta["byline"] is None


def test_a_name_line_under_a_masthead_needs_a_given_name() -> None:
    a = parse_article(f"Harbour Gazette\nHarbour Gazette\nRiverside Council\n{HEAD}\n{BODY}")
    assert a.meta["outlet"] == "Harbour Gazette"
    assert a.credits == []
