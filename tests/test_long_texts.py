"""Long texts: annotated in paragraph-bounded pieces joined back into one Doc, so a file over
spaCy's `max_length` goes in with offsets into the whole text, and the rest of the batch too."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import jsonl, store_lines
from ukpeace_cli.annotate import annotate_record
from ukpeace_cli.cli import app
from ukpeace_cli.ingest import build_record, ingest
from ukpeace_cli.inputs import RawInput, iter_inputs
from ukpeace_cli.nlp import split_text
from ukpeace_cli.store import Store

PEOPLE = [("Anna", "Borel"), ("Tomas", "Keller"), ("Ruth", "Adeyemi"), ("Pavel", "Novak")]
PLACES = ["Aldbury", "Westmere", "Corran", "Lakeford"]


def long_article(paragraphs: int, seed: int = 7) -> str:
    """A synthetic article: a headline, then paragraphs with names, places and quotes."""
    rnd = random.Random(seed)
    out = ["Plans for the valley towns move ahead", ""]
    for n in range(paragraphs):
        first, last = rnd.choice(PEOPLE)
        place = rnd.choice(PLACES)
        out += [
            f"{first} {last}, who chairs the {place} water board, said on Monday that work on "
            f"the bridge would start within {n + 3} days. “We have listened to every resident "
            f"who wrote to us,” {last} said. Officials in {place} put the cost at {n + 10} "
            "thousand pounds.",
            "",
        ]
    return "\n".join(out)


@given(st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000), st.integers(5, 400))
def test_pieces_join_back_to_the_text_and_respect_the_limit(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(len(p) <= limit for p in pieces)
    assert all(pieces) if text else pieces == [""]


def test_pieces_are_cut_after_paragraph_breaks_when_there_are_any() -> None:
    text = long_article(40)
    pieces = split_text(text, 2000)
    assert len(pieces) > 3
    for p in pieces[:-1]:
        assert p.endswith("\n\n") and len(p) > 1000  # after a paragraph, none needlessly small
    # A text with no paragraph break is cut after a sentence end.
    one = " ".join(f"Sentence number {i} ends here." for i in range(200))
    assert all(p.endswith("here. ") for p in split_text(one, 500)[:-1])


def test_a_text_over_max_length_goes_in_with_whole_text_offsets(
    pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = long_article(80)
    whole = build_record(RawInput("x", text), {})
    expected = annotate_record(pipeline.nlp(whole["text"]), whole)
    monkeypatch.setattr(pipeline.nlp, "max_length", 4000)  # spaCy's E088 above this
    (tmp_path / "long.txt").write_text(text)
    (tmp_path / "short.txt").write_text("Talks resume\n\nThe leaders met in Paris on Tuesday.\n")
    items = iter_inputs([str(tmp_path / "long.txt"), str(tmp_path / "short.txt")])
    store = Store(tmp_path / "s.jsonl")
    results = list(ingest(items, store, pipeline=pipeline, annotator=annotate_record))
    assert [r.status for r in results] == ["added", "added"]
    rec = next(r for r in store.iter_records() if r["source"].endswith("long.txt"))
    body, nlp = rec["text"], rec["nlp"]
    assert len(body) > 4 * 4000  # several pieces
    assert len(nlp["quotes"]) >= 80
    for q in nlp["quotes"]:
        assert body[q["start"] : q["end"]] == q["text"]
    for e in nlp["entities"]:
        assert body[e["start"] : e["end"]] == e["text"]
    # Cut only at paragraph breaks, the pieces give what the whole text in one piece gives.
    assert nlp["sentences"] == expected["sentences"]
    assert nlp["entities"] == expected["entities"]
    assert nlp["quotes"] == expected["quotes"]


def test_cli_a_file_over_max_length_is_ingested_with_the_rest(
    pipeline: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ukpeace_cli.annotate

    monkeypatch.setattr(pipeline.nlp, "max_length", 4000)
    monkeypatch.setattr(ukpeace_cli.annotate, "load_annotating_pipeline", lambda *a: pipeline)
    monkeypatch.chdir(tmp_path)
    Path("long.txt").write_text(long_article(30))
    Path("short.txt").write_text("Talks resume\n\nThe leaders met in Paris on Tuesday.\n")
    r = CliRunner().invoke(app, ["ingest", "long.txt", "short.txt", "-s", "s.jsonl", "-f", "jsonl"])
    assert r.exit_code == 0, r.stderr
    assert [(x["source"], x["status"]) for x in jsonl(r.stdout)] == [
        ("long.txt", "added"),
        ("short.txt", "added"),
    ]
    assert all(rec["nlp"]["sentences"] for rec in store_lines(tmp_path / "s.jsonl"))


def test_quotes_of_a_long_article_are_found_section_by_section_with_whole_text_offsets(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Quote finding grows with the square of the length, so a long article is searched in
    sections; on an article whose paragraphs stand alone that changes nothing."""
    import ukpeace_cli.annotate as annotate
    import ukpeace_cli.nlp as nlp

    record = build_record(RawInput("x", long_article(80)), {})
    doc = pipeline.nlp(record["text"])
    whole = annotate_record(doc, record)
    monkeypatch.setattr(nlp, "LONG_TEXT", 4000)
    monkeypatch.setattr(annotate, "SECTION", 3000)
    sections = list(annotate._sections(doc, record))
    assert len(sections) >= 5
    assert "".join(s.text_with_ws for s in sections) == record["text"]
    assert annotate_record(doc, record) == whole
