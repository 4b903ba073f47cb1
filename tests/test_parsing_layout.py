"""Hard-wrapped text (e-mail newsletters, wire feeds, archive dumps) is rebuilt into paragraphs;
text with short lines that is not wrapped (lists, headings, poems, one-line paragraphs) is not."""

from __future__ import annotations

import difflib
import re
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers import SEEDS, jsonl
from ukpeace_cli.cli import app
from ukpeace_cli.parsing import ParsedArticle, parse_article, split_blocks

FIXTURES = Path(__file__).parent / "fixtures"


def paragraphs(a: ParsedArticle) -> list[str]:
    return [a.text[p.start : p.end] for p in a.paragraphs]


def squeeze(s: str) -> str:
    return re.sub(r"\s+", "", s)


def wrap(text: str, width: int = 72) -> str:
    """Each non-blank line filled to `width`, paragraphs joined by single newlines."""
    return "\n".join(textwrap.fill(p, width) for p in text.splitlines() if p.strip())


# --- made-up layouts -----------------------------------------------------------------------

NEWSLETTER = [
    "Border talks resume as envoys meet in Vienna",
    "By Mara Velikova",
    "4 March 2025",
    "Envoys from both sides met in Vienna on Monday for the first time since the winter, "
    "officials said, and agreed to keep talking through the spring.",
    "“We have a calendar now, and that is more than we had in January,” said Ilse Branter, "
    "the mediator who chaired the session. She declined to say what was on it.",
    "The talks were held behind closed doors at a hotel near the old town. Neither delegation "
    "spoke to reporters on the way in.",
    "A second round is expected later this month in Geneva, according to two diplomats "
    "briefed on the plans.",
    "Delegates leave the hotel in Vienna after the first session",
    "The mediator said the next meeting would deal with prisoners and the crossing points, "
    "which have been closed since November.",
    "“It will take weeks, not days,” she added.",
    "This report first appeared on example-news.org.",
]


def test_wrapped_newsletter_gives_back_its_paragraphs_and_metadata() -> None:
    original = parse_article("\n".join(NEWSLETTER))
    wrapped = parse_article(wrap("\n".join(NEWSLETTER), 64))
    assert wrapped.meta == original.meta
    assert wrapped.meta["outlet"] == "example-news.org"
    assert wrapped.meta["title"] == NEWSLETTER[0]
    assert wrapped.meta["byline"] == "Mara Velikova"
    assert wrapped.meta["published"] == "2025-03-04"
    assert paragraphs(wrapped) == paragraphs(original) == NEWSLETTER[3:7] + NEWSLETTER[8:10]
    assert [c.text for c in wrapped.captions] == [NEWSLETTER[7]]


def test_indented_first_lines_mark_paragraphs() -> None:
    # Every paragraph's last line is full and ends a sentence: only the indent tells.
    text = (FIXTURES / "wrapped_indented.txt").read_text(encoding="utf-8")
    a = parse_article(text)
    assert paragraphs(a) == [
        "The committee met on Thursday and heard from the two harbour masters about the new "
        "rules for night traffic. Both said the rules had worked well through the first six weeks.",
        "Fishing crews disagreed and asked for the old timetable back before the summer season "
        "began. Their letter, signed by every crew in the port, was read out in full at the "
        "meeting.",
        "A decision is expected at the next meeting in April, the chair of the committee said at "
        "the close. No vote was taken on Thursday, and the minutes will be published next Monday.",
    ]


def test_wrapped_list_items_keep_their_hanging_lines() -> None:
    intro = (
        "The draft plan, seen by reporters on Monday, sets out three steps that the two "
        "governments would have to take before any of the sanctions could be lifted:"
    )
    items = [
        "A ceasefire along the current line of contact, watched by monitors from countries "
        "that both sides accept as neutral.",
        "An exchange of all prisoners of war within a month of the signing, and of civilians "
        "held since the start of the war.",
        "Talks on the remaining questions, including the status of the occupied regions, "
        "within a year of the signing.",
    ]
    text = "\n".join(
        [textwrap.fill(intro, 70)]
        + [textwrap.fill(i, 70, initial_indent="- ", subsequent_indent="  ") for i in items]
    )
    assert split_blocks(text) == [intro, *(f"- {i}" for i in items)]


def test_wrapped_blocks_with_blank_lines_and_a_hyphen_break() -> None:
    a = parse_article(
        "Rail link to reopen after the long repairs\n\n"
        "The line between the two border towns will reopen on Friday after\n"
        "eight months of repairs, the operator said. The first cross-\n"
        "border train leaves at six in the morning.\n\n"
        "Tickets go on sale on Wednesday. Prices will stay the same until\n"
        "the end of the year, the operator added in its statement.\n"
    )
    assert a.meta["title"] == "Rail link to reopen after the long repairs"
    assert paragraphs(a) == [
        "The line between the two border towns will reopen on Friday after eight months of "
        "repairs, the operator said. The first cross-border train leaves at six in the morning.",
        "Tickets go on sale on Wednesday. Prices will stay the same until the end of the year, "
        "the operator added in its statement.",
    ]


def test_blank_lines_part_paragraphs_so_a_sentence_end_inside_a_block_is_a_wrap() -> None:
    paras = [
        "The operator said on Tuesday that the line between the two towns would reopen on "
        "Friday after the long repairs over the winter. Passengers can board the first train "
        "at six in the morning; it stops at every station on the way, and the last one leaves "
        "the city just before midnight.",
        "Tickets go on sale on Wednesday at the stations and online, the operator said, and "
        "season tickets bought before the closure will be extended by eight months.",
        "Prices will stay the same until the end of the year, according to its statement, "
        "which also thanked passengers for their patience during the long works.",
    ]
    # A width at which a sentence end falls on a full line inside the first paragraph.
    width = next(
        w
        for w in range(60, 80)
        if any(ln.endswith(".") for ln in textwrap.fill(paras[0], w).split("\n")[:-1])
    )
    text = "\n\n".join(textwrap.fill(p, width) for p in paras)
    assert split_blocks(text) == paras


def test_an_open_quotation_runs_on_over_a_full_line() -> None:
    # Short one-sentence paragraphs make a break after a full line ending a sentence likely;
    # inside an open quotation (the next line starts no new one) it is still the same paragraph.
    quote = (
        "“Nobody in the room thinks that we are anywhere near a deal yet. Both sides know "
        "it, and we will be back next week,” the envoy told reporters on the way out."
    )
    width = quote.index(" Both") + 2
    paras = [
        "The envoys met for the third time this month in the old town hall on Monday.",
        "Officials from both sides arrived early and left the building without a word.",
        quote,
        "The next round of the talks is planned for the last week of the month in Geneva.",
        "Neither side has said who will lead its delegation at the next round of talks.",
    ]
    text = "\n".join(textwrap.fill(p, width) for p in paras)
    assert any(line.endswith("yet.") for line in text.split("\n"))
    assert paragraphs(parse_article(text)) == paras


# --- negatives: short lines that are not wrapped -------------------------------------------


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(
            [
                "What the plan says",
                "a ceasefire along the current line of contact",
                "an exchange of all prisoners within a month",
                "monitors from neutral countries on both sides",
                "talks on the remaining questions within a year",
                "sanctions eased in stages as each step is met",
            ],
            id="list",
        ),
        pytest.param(
            [
                "The river keeps its winter colour still",
                "And under it the stones lie grey and cold",
                "The boats are drawn up high along the hill",
                "Their names worn off, their painted sides grown old",
                "But one bright morning when the ice is gone",
                "The men will come to push the first one on",
            ],
            id="poem",
        ),
        pytest.param(
            [
                "Talks in Vienna",
                "The envoys met on Monday in a hotel near the old town.",
                "They met again on Tuesday morning for three hours.",
                "No statement followed either of the two sessions.",
                "What happens next",
                "A second round is planned for the end of the month in Geneva.",
                "Both sides say they will attend.",
            ],
            id="headings-and-one-sentence-paragraphs",
        ),
        pytest.param(
            [
                "Key dates",
                "4 March: first round of talks in Vienna, closed to the press",
                "18 March: second round in Geneva, with observers present",
                "1 April: deadline for the exchange of the first prisoners",
                "15 April: report of the monitors to both of the governments",
            ],
            id="timeline",
        ),
    ],
)
def test_short_unwrapped_lines_are_not_glued(lines: list[str]) -> None:
    a = parse_article("\n".join(lines))
    pieces = [*paragraphs(a), *(c.text for c in a.captions), *(b.text for b in a.boilerplate)]
    assert sorted([*([a.meta["title"]] if a.meta["title"] else []), *pieces]) == sorted(lines)


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_SENTENCE = st.lists(_WORD, min_size=6, max_size=16).map(lambda ws: " ".join(ws).capitalize() + ".")
_PARAGRAPH = st.lists(_SENTENCE, min_size=2, max_size=5).map(" ".join)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(_SENTENCE, min_size=2, max_size=12))
def test_lines_that_each_end_a_sentence_are_never_glued(lines: list[str]) -> None:
    assert split_blocks("\n".join(lines)) == lines


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(_PARAGRAPH, min_size=4, max_size=10), st.integers(60, 100))
def test_wrapped_paragraphs_break_only_at_sentence_ends(paras: list[str], width: int) -> None:
    """Nothing lost; no break mid-sentence; every paragraph whose last line had room is found."""
    assume(all(len(p) > width for p in paras))  # wrapped text, not one line per paragraph
    text = "\n".join(textwrap.fill(p, width) for p in paras)
    got = split_blocks(text)
    assert squeeze("".join(got)) == squeeze("".join(paras))
    assert all(p.endswith(".") for p in got)
    ends = {len(squeeze(" ".join(paras[: i + 1]))) for i in range(len(paras))}
    found = {len(squeeze(" ".join(got[: i + 1]))) for i in range(len(got))}
    longest = max(len(line) for line in text.split("\n") if " " in line)
    must = {
        len(squeeze(" ".join(paras[: i + 1])))
        for i, p in enumerate(paras[:-1])
        if len(textwrap.fill(p, width).split("\n")[-1]) + 1 + len(paras[i + 1].split()[0])
        <= longest
    }
    if len(text.split("\n")) > len(paras):  # some wrapping happened
        assert must <= found
    assert found <= ends | {m.end() for m in re.finditer(r"\.", squeeze(" ".join(paras)))}


# --- the demo articles, wrapped --------------------------------------------------------------


def _seed_pairs(width: int) -> list[tuple[str, ParsedArticle, ParsedArticle]]:
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out.append((path.name[:3], parse_article(raw), parse_article(wrap(raw, width))))
    return out


def _words(a: ParsedArticle) -> Counter[str]:
    pieces = [a.meta["title"] or "", a.text, *(c.text for c in a.captions)]
    pieces += [b.text for b in a.boilerplate] + a.cited_sources
    return Counter(w for piece in pieces for w in re.split(r"[\s-]+", piece) if w)


@pytest.mark.parametrize("width", [60, 66, 72, 76, 80])
def test_wrapped_seeds_keep_metadata_and_every_word(width: int) -> None:
    for name, original, wrapped in _seed_pairs(width):
        assert wrapped.meta == original.meta, name
        assert _words(wrapped) == _words(original), name


def test_wrapped_seeds_paragraphs() -> None:
    """Paragraph texts of the seeds wrapped at 60 to 80 columns against the originals.

    Exact recovery is out of reach for any general rule: a full line that ends a sentence,
    followed by a capitalised line, ends the paragraph in some places and not in others with
    nothing in the layout to tell them apart. The floors are what the rule reaches (measured:
    693 of 725; 615 joining at every such line, 687 breaking at every one).
    """
    same = total = 0
    for width in (60, 66, 72, 76, 80):
        for _name, original, wrapped in _seed_pairs(width):
            a = [squeeze(p) for p in paragraphs(original)]
            b = [squeeze(p) for p in paragraphs(wrapped)]
            matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
            same += sum(m.size for m in matcher.get_matching_blocks())
            total += len(a)
    assert total == 5 * 145
    assert same >= 690


@pytest.mark.slow
def test_wrapped_seeds_give_the_same_quotes(
    seed_store: Path, pipeline: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import ukpeace_cli.annotate as annotate

    monkeypatch.setattr(annotate, "load_annotating_pipeline", lambda *a, **k: pipeline)
    folder = tmp_path / "wrapped"
    folder.mkdir()
    for path in sorted(SEEDS.glob("*.txt")):
        (folder / path.name).write_text(wrap(path.read_text(encoding="utf-8")), encoding="utf-8")
    store = tmp_path / "wrapped.jsonl"
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", str(folder), "-s", str(store), "-q", "-f", "jsonl"])
    assert r.exit_code == 0, r.stderr

    def quotes(path: Path) -> Counter[tuple[str, str, str, str]]:
        r = runner.invoke(app, ["quotes", "-s", str(path), "-k", "all", "-f", "jsonl"])
        assert r.exit_code == 0, r.stderr
        return Counter(
            (Path(q["source"]).name[:3], q["kind"], squeeze(q["text"]), str(q["speaker"]))
            for q in jsonl(r.stdout)
        )

    got, want = quotes(store), quotes(seed_store)
    # 48 quotes (speech kinds: not terms, attitudes, topics or findings)
    speech = {"direct", "partial", "indirect"}
    assert sum(n for q, n in want.items() if q[0] == "000" and q[1] in speech) == 48
    # Every quote is found again, with its kind and exact words.
    assert Counter(q[:3] for q in got.elements()) == Counter(q[:3] for q in want.elements())
    # The brief's case (48 quotes on seed 000) keeps every speaker too; over all five seeds a
    # paragraph split at a sentence end may cost a speaker.
    assert {q: n for q, n in got.items() if q[0] == "000"} == {
        q: n for q, n in want.items() if q[0] == "000"
    }
    assert sum((got & want).values()) >= sum(want.values()) - 1
