"""Outlets, wire agencies and credited persons read from made-up texts in common layouts."""

from __future__ import annotations

import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.parsing import Credit, parse_article
from ukpeace_cli.parsing.credits import domain_line, registrable_domain

BODY = "Officials met on Tuesday to discuss the plan. They will meet again.\n"


def test_suffix_list_is_the_bundled_snapshot(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("tldextract tried the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert registrable_domain("https://news.example.co.uk/a/1") == "example.co.uk"
    assert registrable_domain("localhost") is None


@pytest.mark.parametrize(
    ("raw", "outlet", "how"),
    [
        # browser copy-paste: a bare domain line under the headline
        ("Officials agree a plan\nnews.examplepost.com\n" + BODY, "examplepost.com", "source-line"),
        # reader-mode export: the address it was retrieved from
        (
            "Officials agree a plan\n"
            + BODY
            + "Content retrieved from: https://www.example.co.uk/x",
            "example.co.uk",
            "url-line",
        ),
        (
            "Officials agree a plan\nBy Example Valley News\n" + BODY,
            "Example Valley News",
            "byline",
        ),
        (
            "Officials agree a plan\n" + BODY + "© 2025 Riverside Herald. All rights reserved.",
            "Riverside Herald",
            "copyright",
        ),
        # a masthead above the headline, and a logo's text
        ("Northgate Gazette\nOfficials agree a plan\n" + BODY, "Northgate Gazette", "masthead"),
        ("Site icon Lakeside Times\nOfficials agree a plan\n" + BODY, "Lakeside Times", "masthead"),
        # aggregator chrome: the nameplate twice
        (
            "Read it all in one app.\nHillview Post - UK\nHillview Post - UK\n"
            "Officials agree a plan\n" + BODY,
            "Hillview Post",
            "masthead",
        ),
    ],
)
def test_outlet_from_the_text(raw: str, outlet: str, how: str) -> None:
    a = parse_article(raw)
    assert a.meta["outlet"] == outlet
    assert a.provenance["outlet"] == f"text:{how}"
    assert "Officials met on Tuesday" in a.text and outlet not in a.text


@pytest.mark.parametrize(
    "raw",
    [
        "LONDON, May 5 (Reuters) - Officials met on Tuesday. They will meet again.\n",
        "SPRINGFIELD, Ill. (AP) — Officials met on Tuesday. They will meet again.\n",
        "Officials met on Tuesday. They will meet again.\n— AP\n",
        "Officials met on Tuesday. They will meet again.\n© 2025 The Associated Press\n",
        "Officials met on Tuesday. They will meet again.\nSource: Reuters\n",
    ],
)
def test_wire_feed_credits_the_agency_not_an_outlet(raw: str) -> None:
    a = parse_article("Officials agree a plan\n" + raw)
    assert a.wire in (["Reuters"], ["AP"])
    assert a.meta["outlet"] is None  # one agency story runs at many outlets


def test_syndication_footer_role_credits_and_photo() -> None:
    a = parse_article(
        "Officials agree a plan\n"
        "By ALEX MORROW from the Associated Press\n"
        + BODY
        + "The hall was full. (Photo: Sam Ortiz/Example Images)\n"
        "(Reporting by Dana Webb; Editing by Lee Park and Kim Ross)\n"
    )
    assert a.credits == [
        Credit("Alex Morrow", "author"),
        Credit("Sam Ortiz", "photo", "Example Images"),
        Credit("Dana Webb", "reporting"),
        Credit("Lee Park", "editing"),
        Credit("Kim Ross", "editing"),
    ]
    assert a.wire == ["AP"]
    assert "Reporting by" not in a.text


def test_newsletter_subscription_prompt_names_the_outlet() -> None:
    a = parse_article(
        "With a subscription to Harbour Daily you get fewer ads. " + BODY.strip() + "\n"
    )
    assert a.meta["outlet"] == "Harbour Daily"


@pytest.mark.parametrize(
    "raw",
    [
        "Breaking News\nOfficials agree a plan\n" + BODY,
        "Officials agree a plan\nBy Jane Smith\n" + BODY,
        "Officials agree a plan\n" + BODY + "The Times Square event drew crowds. It was loud.\n",
    ],
)
def test_no_outlet_invented(raw: str) -> None:
    assert parse_article(raw).meta["outlet"] is None


def test_name_and_city_line_is_a_byline() -> None:
    lede = "The council approved the budget on Friday after a long debate about roads and schools."
    a = parse_article(f"Ada Okafor, Enugu\n\n{lede}\n\nIt passed. Members left.\n")
    assert a.meta["byline"] == "Ada Okafor"
    assert a.meta["title"] is None
    assert a.credits == [Credit("Ada Okafor", "author")]
    assert a.text.startswith("The council")


def test_author_after_a_sentence_in_the_header() -> None:
    a = parse_article(
        "Officials agree a plan\nPublished online on Monday. Author: Valley Online.\n" + BODY
    )
    assert a.meta["outlet"] == "Valley Online"
    assert a.provenance["outlet"] == "text:byline"


def test_picture_desks_are_not_persons_and_caption_agency_is_not_a_dateline() -> None:
    a = parse_article(
        "Officials agree a plan\n"
        + BODY
        + "Crowds gathered outside the hall (Getty Images/Example Stock)\n"
        + "The mayor waves to supporters (Reuters)\n"
        + "An official told Example Radio/Example TV (ER/ET) that talks went on.\n"
        + "They will meet again next week. Nothing was decided.\n"
    )
    assert a.credits == []
    assert a.wire == []


def test_record_stores_wire_and_credits() -> None:
    from ukpeace_cli.ingest import build_record
    from ukpeace_cli.inputs import RawInput

    text = (
        "Officials agree a plan\nBy Jo Reyes\n"
        "SPRINGFIELD, Ill. (AP) — Officials met on Tuesday. They will meet again.\n"
    )
    rec = build_record(RawInput("x.txt", text), {})
    assert rec["wire"] == ["AP"]
    assert rec["credits"] == [{"name": "Jo Reyes", "role": "author", "agency": None}]
    assert rec["outlet"] is None


@given(
    sub=st.sampled_from(["", "www.", "news.", "edition.", "m."]),
    label=st.from_regex(r"[a-z][a-z0-9]{1,14}", fullmatch=True),
    suffix=st.sampled_from(["com", "co.uk", "org", "com.au", "ie", "co.jp"]),
)
def test_domain_line_is_the_registrable_domain(sub: str, label: str, suffix: str) -> None:
    assert domain_line(f"{sub}{label}.{suffix}") == f"{label}.{suffix}"
    assert registrable_domain(f"https://{sub}{label}.{suffix}/a/b?c=1") == f"{label}.{suffix}"


def test_a_sentence_starting_reporting_by_stays_in_the_body() -> None:
    line = "Reporting by Jane Doe revealed the scandal last year."
    a = parse_article(f"Officials agree a plan\n{line}\n{BODY}")
    assert line in a.text
    assert a.credits == []


def test_every_publishing_verb_passes_the_after_prefilter() -> None:
    """`cited_sources` scans `_AFTER` only when the text holds one of `_VERB_PARTS`: a
    publishing form added without its part would be skipped in silence."""
    from ukpeace_cli.parsing import cited

    body = cited._PUBLISHING.removeprefix("(?P<verb>").removesuffix(")")
    forms = [f.replace(r"\s+", " ") for f in body.split("|")]
    assert len(forms) >= 10, forms
    missing = [f for f in forms if not any(v in f for v in cited._VERB_PARTS)]
    assert not missing, missing
