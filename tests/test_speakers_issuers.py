"""Organisations and documents as speakers (issue 12, session 10): a writing's issuer named
after "by"/"from" that the NER left untagged, a writing's author as the subject of the same word
used as a verb, "they" for a body named in the singular, and "it" chained to the same "it"
before it. Synthetic texts; each rule family is checked on and off (`UKPEACE_ABLATE`)."""

from __future__ import annotations

from typing import Any

import pytest

from ukpeace_cli import ablation
from ukpeace_cli.quotes import extract_quotes

pytestmark = pytest.mark.usefixtures("fresh_ablation")


def speakers(pipeline: Any, text: str) -> dict[str, str | None]:
    """Quote text -> speaker, for every quote of `text`."""
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": text}
    return {
        q["text"]: q["speaker"] for q in extract_quotes(doc, record, article_mentions(doc, record))
    }


def with_off(monkeypatch: pytest.MonkeyPatch, family: str) -> None:
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, family)


ISSUER = (
    "The harbour talks went on until late on Tuesday.\n\n"
    "The two ministers discussed “the pier, the ferry and the new dock for the fishing fleet,” "
    "said a statement released by the Fisheries Minister's Office."
)


def test_issuer_named_after_by(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    key = "the pier, the ferry and the new dock for the fishing fleet,"
    on = speakers(pipeline, ISSUER)
    assert on[key] is not None and "Office" in on[key]
    with_off(monkeypatch, "issuers")
    off = speakers(pipeline, ISSUER)
    assert off[key] is None or "Office" not in off[key]


def test_named_issuer_needs_a_proper_noun(pipeline: Any) -> None:
    from ukpeace_cli.quotes.documents import named_issuer
    from ukpeace_cli.quotes.layout import Layout
    from ukpeace_cli.quotes.mentions import Article

    text = "A letter from a reader said the pier was unsafe."
    doc = pipeline.nlp(text)
    a = Article(Layout(doc, {"text": text}), [], [])
    reader = next(t for t in doc if t.text == "reader")
    assert named_issuer(a, reader) is None  # a common noun is nobody's name


COLLECTIVE = (
    "Ferries are often late in the bay, and the ferry workers union says the service is failing."
    "\n\nTo make the delays known, the union now counts every cancelled crossing. "
    "On Friday, they tweeted that only one ferry was running. "
    "A tweet on Sunday said there were no ferries at all."
)


def test_they_and_the_tweet_are_the_union(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    on = speakers(pipeline, COLLECTIVE)
    tweeted = next(k for k in on if k.startswith("only one ferry"))
    tweet = next(k for k in on if k.startswith("there were no ferries"))
    assert on[tweeted] is not None and "union" in on[tweeted].lower()
    assert on[tweet] is not None and "union" in on[tweet].lower()
    with_off(monkeypatch, "collective-they")
    off = speakers(pipeline, COLLECTIVE)
    assert "union" not in (off[tweeted] or "").lower()


IT_CHAIN = (
    "Harbour board gives its verdict\n\n"
    "The harbour board decision approving the new pier said the work had been done well. "
    "The pier opened in May.\n\n"
    "It also said the ferry had kept to its timetable for most of the year. "
    "The ferry carried more cars than ever.\n\n"
    "However, it also said the dock would need repairs before the winter storms arrived."
)


def test_it_chains_to_the_same_it(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    on = speakers(pipeline, IT_CHAIN)
    first = next(k for k in on if k.startswith("the ferry had kept"))
    last = next(k for k in on if k.startswith("the dock would need"))
    assert on[first] is not None and on[last] == on[first]
    with_off(monkeypatch, "it-chain")
    off = speakers(pipeline, IT_CHAIN)
    assert off[last] != on[first]


CLAUSE_BEFORE = (
    "Both parties think the harbour debate is a winner for them.\n\n"
    "The Greens expect they’ll win over young voters on the ferry question; "
    "they say their polling shows fares matter most to students."
)


def test_they_after_a_clause_hung_under_its_verb(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = speakers(pipeline, CLAUSE_BEFORE)
    said = next(k for k in on if k.startswith("their polling shows"))
    assert on[said] == "Greens"
    with_off(monkeypatch, "clause-before")
    off = speakers(pipeline, CLAUSE_BEFORE)
    assert off[said] != "Greens"
