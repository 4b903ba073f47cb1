"""The packaged countries come from a sourced gazetteer (names/gazetteer.py), not a hand list."""

from __future__ import annotations

from typing import Any

from ukpeace_cli import entities as ent
from ukpeace_cli.names import gazetteer


def _mentions(pipeline: Any, text: str) -> list[tuple[str, str, str]]:
    ms = ent.article_mentions(pipeline.nlp(text), {"text": text})
    return [(m.text, m.label, m.name) for m in ms]


def test_every_country_is_there_with_its_spellings_and_demonym() -> None:
    index = ent.AliasIndex(ent.load_aliases(None))
    assert len([e for e in gazetteer.country_entries() if e.get("adjective")]) > 200
    assert index.lookup("Russian Federation").name == "Russia"
    assert index.lookup("Burma").name == index.lookup("Myanmar").name == "Myanmar"
    assert index.lookup("Czechia").name == "Czech Republic"
    assert index.lookup("Cote d'Ivoire").adjective == "Ivorian"
    assert index.lookup("Congo") is None  # a spelling of two countries is left to neither


def test_codes_count_only_on_a_place_written_in_capitals() -> None:
    index = ent.AliasIndex(ent.load_aliases(None))
    assert index.lookup("U.S.", "GPE").name == index.lookup("US", "GPE").name == "United States"
    assert index.lookup("UK", "GPE").name == "United Kingdom"
    assert index.lookup("IT", "ORG") is None and index.lookup("us", "GPE") is None
    assert index.lookup("AI", "ORG") is None


def test_pronouns_and_people_are_not_countries(pipeline: Any) -> None:
    got = _mentions(pipeline, "Officials told us the UN and the US would help Michael Jordan.")
    assert not [g for g in got if g[0] == "us"]
    assert ("US", "GPE", "United States") in got
    assert ("UN", "ORG", "United Nations") in got
    assert [g for g in got if g[0] == "Michael Jordan" and g[1] == "PERSON"]
    got = _mentions(pipeline, "The Russian Federation and Russia are one country, said Mr Smith.")
    assert [g[2] for g in got if g[1] == "GPE"] == ["Russia", "Russia"]
