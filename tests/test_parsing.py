"""parsing.py on small made-up texts: normalisation, dates, header lines, boilerplate, captions."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukpeace_cli.parsing import (
    ParsedArticle,
    classify_unterminated,
    normalise,
    parse_article,
    parse_date,
)


def paragraphs(a: ParsedArticle) -> list[str]:
    return [a.text[p.start : p.end] for p in a.paragraphs]


def aside(a: ParsedArticle) -> list[tuple[str, str, int]]:
    return [(b.text, b.reason, b.position) for b in a.boilerplate]


# --- normalisation -------------------------------------------------------------------------


def test_normalise_nfc() -> None:
    decomposed = "Cafe\u0301 Jean-Noe\u0308l"
    assert normalise(decomposed) == "Café Jean-Noël"
    assert normalise(decomposed) == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("one\r\ntwo\r\n", "one\ntwo"),
        ("one\rtwo", "one\ntwo"),
        ("one\u2028two\u2029three", "one\ntwo\n\nthree"),
        ("a\u00a0b\u202fc\u2007d\u3000e", "a b c d e"),
        ("  tabs\tand   spaces  ", "tabs and spaces"),
        ("\x1b[31mred\x1b[0m and \x1b[1;4mbold\x1b[m", "red and bold"),
        ("title\x1b]0;evil\x07 text", "title text"),
        ("zero\u200bwidth\u2060joiner\ufeffbom soft\u00adhyphen", "zerowidthjoinerbom softhyphen"),
        ("bell\x07 null\x00 del\x7f c1\x85", "bell null del c1"),
        ("\n\n  body  \n\n", "body"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("6:22 AM EST, December 3, 2024", "2024-12-03T06:22-05:00"),
        ("December 3, 2024", "2024-12-03"),
        ("3 December 2024", "2024-12-03"),
        ("Tuesday, 3 December 2024", "2024-12-03"),
        ("2024-12-03", "2024-12-03"),
        ("2024-12-03T06:22:00Z", "2024-12-03T06:22+00:00"),
        ("2024-12-03T06:22:15+02:00", "2024-12-03T06:22:15+02:00"),
        ("Mon, 02 Dec 2024 18:30:00 +0000", "2024-12-02T18:30+00:00"),
        ("Published: 3 Dec 2024 14:05 GMT", "2024-12-03T14:05+00:00"),
        ("Updated on December 3, 2024 at 9:15 PM CET", "2024-12-03T21:15+01:00"),
        ("Tuesday, 3 December 2024 10:00 BST", "2024-12-03T10:00+01:00"),
        ("3 Dec 2024 10:00 EEST", "2024-12-03T10:00+03:00"),
        ("Posted on 3 Dec 2024 10:00 MSK", "2024-12-03T10:00+03:00"),
        ("December 3, 2024 06:22", "2024-12-03T06:22"),  # no zone given: none invented
    ],
)
def test_parse_date(value: str, expected: str) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "December 2024",  # no day: dateutil would take today's
        "2024",
        "3 December",  # no year
        "Dec 3",
        "hello world",
        "",
        "31/31/2024",
        "the year 2024 was long and hard for everyone in the capital city of the country and more",
    ],
)
def test_parse_date_incomplete_is_none(value: str) -> None:
    assert parse_date(value) is None


def test_parse_date_hour_only_time() -> None:
    assert parse_date("Dec 3 2024 5pm PST") == "2024-12-03T17:00-08:00"


# --- header lines ----------------------------------------------------------------------------


def test_header_zone_breadcrumb_byline_dateline_url() -> None:
    a = parse_article(
        "News > World > Europe\n"
        "Ministers meet in Paris to discuss the ceasefire plan\n"
        "By Jane Smith\n"
        "3 December 2024\n"
        "https://example.com/news/123\n"
        "Ministers met in Paris on Tuesday. They discussed the plan.\n"
        "The talks will continue next week.\n"
    )
    assert a.meta == {
        "title": "Ministers meet in Paris to discuss the ceasefire plan",
        "outlet": "example.com",  # the URL line's registrable domain
        "published": "2024-12-03",
        "byline": "Jane Smith",
        "url": "https://example.com/news/123",
    }
    assert a.provenance == {
        "title": "text:headline",
        "outlet": "text:url-line",
        "byline": "text:byline",
        "published": "text:dateline",
        "url": "text:url-line",
    }
    assert paragraphs(a) == [
        "Ministers met in Paris on Tuesday. They discussed the plan.",
        "The talks will continue next week.",
    ]
    assert aside(a) == [
        ("News > World > Europe", "breadcrumb", 0),
        ("By Jane Smith", "byline", 0),
        ("3 December 2024", "dateline", 0),
        ("https://example.com/news/123", "url line", 0),
    ]


def test_breadcrumb_glued_to_repeated_title() -> None:
    a = parse_article(
        "Home NewsLeaders agree on a plan for Ukraine\n\n"
        "Leaders agree on a plan for Ukraine\n\n"
        "by admin\n"
        "3 comments\n"
        "Leaders agree on a plan for Ukraine\n\n"
        "The leaders agreed on Tuesday. Details will follow.\n"
    )
    assert a.meta["title"] == "Leaders agree on a plan for Ukraine"
    assert a.meta["byline"] == "admin"
    assert a.text == "The leaders agreed on Tuesday. Details will follow."
    assert aside(a) == [
        ("Home News", "breadcrumb", 0),
        ("Leaders agree on a plan for Ukraine", "repeated title", 0),
        ("by admin", "byline", 0),
        ("3 comments", "comment count", 0),
        ("Leaders agree on a plan for Ukraine", "repeated title", 0),
    ]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By Jane Smith", "Jane Smith"),
        ("by admin", "admin"),
        ("Written by John Doe and Mary Roe", "John Doe and Mary Roe"),
        ("Author: Olena Kovalenko", "Olena Kovalenko"),
    ],
)
def test_bylines(line: str, name: str) -> None:
    a = parse_article(f"A headline about the talks\n{line}\nThe body is here. It is short.\n")
    assert a.meta["byline"] == name
    assert a.provenance["byline"] == "text:byline"
    assert a.text == "The body is here. It is short."


def test_first_line_lede_is_not_a_title() -> None:
    a = parse_article(
        "Britain and France are said to be holding talks over troops, it has been reported.\n"
        "A senior official said so.\n"
    )
    assert a.meta["title"] is None
    assert "title" not in a.provenance
    assert paragraphs(a)[0].startswith("Britain and France")


def test_nothing_is_invented() -> None:
    a = parse_article("Just one sentence of body text.")
    assert a.meta == dict.fromkeys(("title", "outlet", "published", "byline", "url"))
    assert a.provenance == {}
    assert a.text == "Just one sentence of body text."


def test_known_title_is_cleaned_from_the_text() -> None:
    a = parse_article(
        "Talks go on\n\nThe talks went on. Nobody left.\nTalks go on\n",
        known={"title": "Talks go on"},
    )
    assert a.text == "The talks went on. Nobody left."
    assert ("Talks go on", "repeated title", 1) in aside(a)


# --- boilerplate ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("0 comments", "comment count"),
        ("12 Comments", "comment count"),
        ("1 comment", "comment count"),
        ("Leave a Comment", "comment prompt"),
        ("Leave a reply", "comment prompt"),
        ("You may also like", "related links"),
        ("Related articles", "related links"),
        ("Read also: Zelensky visits the front line", "read-also teaser"),
        ("READ ALSO: Another story", "read-also teaser"),
        ("Read more", "read-also teaser"),
        ("See also", "read-also teaser"),
        ("Share", "share prompt"),
        ("Share this article", "share prompt"),
        ("Share on Facebook", "share prompt"),
        ("Click to share on X (Opens in new window)", "share prompt"),
        ("Follow us on Telegram", "share prompt"),
        ("Tweet", "share prompt"),
        ("Advertisement", "advertisement"),
        ("Subscribe to our newsletter", "subscription prompt"),
        ("© 2024 Example Media. All rights reserved.", "copyright"),
        ("Tags: Ukraine, France, UK", "tags"),
    ],
)
def test_boilerplate_set_aside_with_reason(line: str, reason: str) -> None:
    a = parse_article(
        f"Leaders meet in Paris for talks\nThe leaders met. They talked.\n{line}\n"
        "They left at six.\n"
    )
    assert paragraphs(a) == ["The leaders met. They talked.", "They left at six."]
    assert aside(a) == [(line, reason, 1)]


def test_long_line_is_never_boilerplate() -> None:
    line = "Read also what the minister said about the plan to send troops to Ukraine next spring."
    a = parse_article(f"Leaders meet in Paris for talks\n{line}\nThey left.\n")
    assert paragraphs(a) == [line, "They left."]
    assert a.boilerplate == []


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        (
            "This article was originally published by a www.dailymail.co.uk . Read the Original "
            "article here. .",
            "dailymail.co.uk",
        ),
        ("This story first appeared on www.example.org.", "example.org"),
        ("It was first published in Theguardian.com and is republished here.", "theguardian.com"),
    ],
)
def test_republisher_footer(footer: str, outlet: str) -> None:
    a = parse_article(f"Leaders meet in Paris for talks\nThe leaders met. They talked.\n{footer}\n")
    assert a.meta["outlet"] == outlet
    assert a.provenance["outlet"] == "text:republisher-footer"
    assert a.text == "The leaders met. They talked."
    assert aside(a) == [(footer, "republisher footer", 1)]


def test_source_line_gives_outlet() -> None:
    a = parse_article(
        "Leaders meet in Paris for talks\n\n· Novinite.com\n\nThe leaders met. Done.\n"
    )
    assert a.meta["outlet"] == "novinite.com"
    assert a.provenance["outlet"] == "text:source-line"
    assert aside(a) == [("· Novinite.com", "source line", 0)]


def test_text_outlet_does_not_override_known() -> None:
    a = parse_article(
        "Leaders meet\nThe leaders met. Done.\nOriginally published by www.x.com\n",
        known={"outlet": "given.example"},
    )
    # parse_article reports what the text says; ingest applies the precedence.
    assert a.meta["outlet"] == "x.com"
    assert a.text == "The leaders met. Done."


def test_sources_list_is_cited_sources() -> None:
    a = parse_article(
        "Leaders meet in Paris for talks\n\nThe leaders met. They talked.\n\nBackground:\n\n"
        "It began in 2014. It goes on.\n\nSources:\n\n  • Reuters\n  • Le Monde\n- BBC News\n"
    )
    assert a.cited_sources == ["Reuters", "Le Monde", "BBC News"]
    assert a.headings == ["Background:"]
    assert paragraphs(a) == [
        "The leaders met. They talked.",
        "Background:",
        "It began in 2014. It goes on.",
    ]


# --- paragraphs: hard wrap, captions, headings, cut-off text --------------------------------


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    a = parse_article(
        "Leaders agree on a new plan for peacekeeping troops\n\n"
        "The leaders of Britain and France met in Paris on Tuesday and\n"
        "agreed that a small force could be sent to Ukraine once a\n"
        "ceasefire had been signed by both sides of the conflict.\n\n"
        "Officials said the plan was still at an early stage and that\n"
        "no numbers had been agreed, though several hundred soldiers\n"
        "were mentioned in the talks between the two delegations.\n"
    )
    assert a.meta["title"] == "Leaders agree on a new plan for peacekeeping troops"
    assert paragraphs(a) == [
        "The leaders of Britain and France met in Paris on Tuesday and agreed that a small force "
        "could be sent to Ukraine once a ceasefire had been signed by both sides of the conflict.",
        "Officials said the plan was still at an early stage and that no numbers had been agreed, "
        "though several hundred soldiers were mentioned in the talks between the two delegations.",
    ]


def test_one_line_per_paragraph_without_blank_lines_is_not_hard_wrapped() -> None:
    a = parse_article(
        "Starmer and Macron agree troop plan for Ukraine\n"
        "The two leaders met in Paris on Tuesday evening.\n"
        "They agreed to send troops if a ceasefire holds.\n"
        "Officials said numbers were still being discussed.\n"
        "Moscow has warned against any foreign deployment.\n"
    )
    assert a.meta["title"] == "Starmer and Macron agree troop plan for Ukraine"
    assert paragraphs(a) == [
        "The two leaders met in Paris on Tuesday evening.",
        "They agreed to send troops if a ceasefire holds.",
        "Officials said numbers were still being discussed.",
        "Moscow has warned against any foreign deployment.",
    ]


def test_captions_headings_and_cut_off_last_paragraph() -> None:
    a = parse_article(
        "Troops could be sent within weeks, officials say\n\n"
        "The plan was agreed on Tuesday after long talks in Paris.\n\n"
        "French soldiers patrol a street in Kyiv, left, with British officers\n\n"
        "What comes next\n\n"
        "Officials said the details would follow. They did not say when.\n\n"
        "Macron greets Starmer at the Elysee Palace in Paris on Tuesday evening\n\n"
        "The minister said the talks would resume soon. Everyone was hopeful about the "
        "outcome of the meeting but there"
    )
    assert a.meta["title"] == "Troops could be sent within weeks, officials say"
    assert a.headings == ["What comes next"]
    assert [(c.text, c.position) for c in a.captions] == [
        ("French soldiers patrol a street in Kyiv, left, with British officers", 1),
        ("Macron greets Starmer at the Elysee Palace in Paris on Tuesday evening", 3),
    ]
    assert paragraphs(a) == [
        "The plan was agreed on Tuesday after long talks in Paris.",
        "What comes next",
        "Officials said the details would follow. They did not say when.",
        "The minister said the talks would resume soon. Everyone was hopeful about the "
        "outcome of the meeting but there",
    ]
    assert [p.heading for p in a.paragraphs] == [False, True, False, False]


def test_short_cut_off_last_paragraph_stays_in_body() -> None:
    a = parse_article(
        "Talks continue in Paris as leaders meet\n\n"
        "The leaders met on Tuesday. They talked for hours.\n\n"
        "The minister added that the talks would resume next week in the capital and that"
    )
    assert a.captions == []
    assert paragraphs(a) == [
        "The leaders met on Tuesday. They talked for hours.",
        "The minister added that the talks would resume next week in the capital and that",
    ]


def test_trailing_heading_is_set_aside() -> None:
    a = parse_article("Leaders meet in Paris\nThe leaders met. Done.\nMore on this story\n")
    assert a.headings == []
    assert aside(a) == [("More on this story", "trailing heading", 1)]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("What comes next", "heading"),
        ('France "excludes no option"', "heading"),
        ("Background:", "heading"),
        ("Estonia: Do not send soldiers", "heading"),
        ("Ukrainian soldiers fire targets on the front line in Donetsk", "caption"),
        ("FILE – President Trump meets Putin in Hamburg", "caption"),
        ("Starmer, left, and Macron in Paris", "caption"),
        ("Soldiers train in Poland (Getty Images)", "caption"),
        ("He said the talks went well. Then he left the room and did not come", "paragraph"),
        ("The minister said that the talks, which went on for a long time,", "paragraph"),
        ("Officials in Kyiv and in Paris said on Tuesday that the plan;", "paragraph"),
        (" ".join(["word"] * 50), "paragraph"),
    ],
)
def test_classify_unterminated(line: str, kind: str) -> None:
    assert classify_unterminated(line) == kind


# --- properties ------------------------------------------------------------------------------

_LINES = st.one_of(
    st.text(max_size=120),
    st.sampled_from(
        [
            "Home > News",
            "by admin",
            "0 comments",
            "Sources:",
            "• Reuters",
            "6:22 AM EST, December 3, 2024",
            "\x1b[31mred\x1b[0m",
            "\r\n",
            "\u00a0",
            "Starmer, left, in Paris",
            "Short heading",
            "A sentence that ends here.",
            "originally published by www.example.com",
            "",
        ]
    ),
)


@settings(
    max_examples=250, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.lists(_LINES, max_size=14).map("\n".join))
def test_any_text_parses_into_sliceable_clean_paragraphs(raw: str) -> None:
    a = parse_article(raw)
    parts = paragraphs(a)
    assert all(p and p == p.strip() and "\n" not in p for p in parts)
    assert "\n\n".join(parts) == a.text
    assert [p.start for p in a.paragraphs] == sorted(p.start for p in a.paragraphs)
    assert not [c for c in a.text if unicodedata.category(c) == "Cc" and c != "\n"]
    assert a.text == unicodedata.normalize("NFC", a.text)
    for v in a.meta.values():
        assert v is None or (v == v.strip() and "\x1b" not in v)


def test_ambiguous_numeric_date_is_not_guessed() -> None:
    from ukpeace_cli.parsing import parse_date

    assert parse_date("03/12/2024") is None  # 3 December or March 12
    assert parse_date("25/12/2024") == "2024-12-25"  # only one reading
    assert parse_date("05/05/2024") == "2024-05-05"  # both readings agree
