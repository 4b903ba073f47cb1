"""Property tests over the quote pipeline: odd marks, control characters and very long lines
never crash it and every record slices the body; name folding is one accent- and
case-insensitive key."""

from __future__ import annotations

import functools
import time
import unicodedata
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ukpeace_cli.quotes import SpeakerMatcher, extract_quotes, find_marked_spans
from ukpeace_cli.text import fold

MARKS = [*"'\"‘’“”«»„‚‹›"]
CONTROL = ["\x00", "\x07", "\t", "\r", "\x0b", "\x0c", "\x1b", "\x85", "\u2028", "\u200b", "\n"]
WORDS = ["said ", "He ", "Ann Lee ", " the ", "don’t ", "minister ", "told ", "it ", ". ", ", "]
PIECES = st.sampled_from(MARKS + CONTROL + WORDS + [*"ab Z.,:;!?-–—"])
TEXTS = st.lists(PIECES, max_size=60).map("".join)


def check_records(text: str, quotes: list[dict[str, Any]]) -> None:
    for q in quotes:
        assert 0 <= q["start"] <= q["end"] <= len(text)
        assert text[q["start"] : q["end"]] == q["text"]
        s, e = q["sentence"]
        assert 0 <= s <= e <= len(text)
        if q["clause"] is not None:
            assert 0 <= q["clause"][0] <= q["clause"][1] <= len(text)
        if q["marks"] is not None:
            open_mark, close_mark = q["marks"]
            assert text[q["start"] - len(open_mark) : q["start"]] == open_mark
            assert text[q["end"] : q["end"] + len(close_mark or "")] == (close_mark or "")


def annotate(pipeline: Any, text: str) -> list[dict[str, Any]]:
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": text, "paragraphs": []}
    return extract_quotes(doc, record, article_mentions(doc, record))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(TEXTS)
@example("“One,” he said. ‘Two’ „drei“ «quatre» ‹cinq› ‚six‘ \"seven\" 'eight'")
@example("\x00“\x07said\x1b”\u2028'\u200b'\r\n„")
def test_extractor_any_marks_and_control_characters(pipeline: Any, text: str) -> None:
    check_records(text, annotate(pipeline, text))


SENTENCES = [
    "Ann Lee said the bridge would reopen next week, and the council agreed with her plan. ",
    "He told reporters that nobody had expected the flood to come so fast that night ",
    " the minister added, before the company said it would publish the report in full ",
    "According to one source, the talks were continuing late into the night in the city ",
]
# A mark or control character before each clause of ~80 characters: every combination of
# marks, a few hundred quotes per line (the pass is quadratic in quotes per paragraph).
LONG_PIECES = st.lists(
    st.tuples(st.sampled_from(MARKS + CONTROL[:-1]), st.sampled_from(SENTENCES)).map("".join),
    min_size=1,
    max_size=12,
).map("".join)


@pytest.mark.slow
@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(LONG_PIECES)
def test_extractor_100k_character_line(pipeline: Any, piece: str) -> None:
    line = (piece * (100_000 // len(piece) + 1))[:100_000]
    assert "\n" not in line and len(line) == 100_000
    check_records(line, annotate(pipeline, line))


@settings(max_examples=40, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=30).map("".join))
def test_marks_on_100k_character_lines(piece: str) -> None:
    text = (piece * (100_000 // len(piece) + 1))[:100_000]
    for sp in find_marked_spans(text):
        assert 0 <= sp.outer_start <= sp.start <= sp.end <= sp.outer_end <= len(text)
        assert text[sp.outer_start : sp.start] == sp.open_mark


@pytest.mark.parametrize("piece", ["“", "«", '"a ', "‘a ", "‘" + "as’ " * 25_000])
def test_marks_stay_linear_on_a_100k_line_of_open_marks(piece: str) -> None:
    # pairing used to rescan the open-mark stack (and the rest of the paragraph after each
    # "s’ ") at every mark: 80 s for 100k opening marks; now well under a second
    text = (piece * (100_000 // len(piece) + 1))[:100_000]
    t0 = time.perf_counter()
    spans = find_marked_spans(text)
    assert time.perf_counter() - t0 < 5.0
    assert len(spans) <= 2


@functools.lru_cache(maxsize=1)
def blank_nlp() -> Any:
    """A tokenizer and sentencizer: the layout needs sentences, not a parse."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@settings(max_examples=150, deadline=None)
@given(TEXTS)
@example("‘Nested “inner” quote,’ and “two” “three”")
def test_in_quote_lookup_is_the_scan_it_replaces(text: str) -> None:
    from ukpeace_cli.quotes.layout import Layout

    layout = Layout(blank_nlp()(text), {})
    for depth in (0, 1, 2):
        for char in range(len(text) + 1):
            scan = any(sp.depth >= depth and sp.start <= char < sp.end for sp in layout.spans)
            assert layout.in_quote(char, depth) == scan


# --- name folding ------------------------------------------------------------------------------

LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëáàâäãåíìîïóòôöõúùûüñçýÿÉÈÑÇÜÖÄ"
NAMES = st.text(alphabet=LATIN + " -'", min_size=1, max_size=30)


@given(st.text(max_size=40))
def test_fold_ignores_how_accents_are_encoded(s: str) -> None:
    nfc, nfd = unicodedata.normalize("NFC", s), unicodedata.normalize("NFD", s)
    assert fold(nfc) == fold(nfd) == fold(s)


@given(NAMES)
@example("Jean-Noël Barrot")
def test_fold_latin_names_to_one_lowercase_ascii_key(name: str) -> None:
    key = fold(name)
    assert key.isascii() and key == key.lower() and len(key) == len(name)
    assert fold(name.upper()) == key == fold(key)


@given(NAMES.filter(lambda n: sum(c.isalpha() for c in n) >= 3))
def test_speaker_matcher_finds_a_name_however_accented_or_cased(name: str) -> None:
    plain = "".join(c for c in unicodedata.normalize("NFD", name) if c.isascii())
    matcher = SpeakerMatcher([{"speaker": name}])
    for query in (name, plain.upper(), plain.lower()):
        assert [m.speaker for m in matcher.match(query)] == [name]
