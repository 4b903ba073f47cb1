"""Quote extraction and speaker attribution: the mark pairing on its own, the seed gold
(recall and speaker accuracy), exact records for the hard cases, and a property test."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ukpeace_cli.quotes import (
    DEFAULT_KINDS,
    DIRECT,
    PARTIAL,
    SpeakerMatcher,
    extract_quotes,
    find_marked_spans,
    group_quotes,
)

GOLD = Path(__file__).parent / "fixtures" / "quotes_gold.yaml"


# --- the marks alone -----------------------------------------------------------------------


def texts(s: str) -> list[str]:
    return [s[sp.start : sp.end] for sp in find_marked_spans(s)]


def test_every_kind_of_mark() -> None:
    s = "A said “one”. B said ‘two’. C said \"three\". D said 'four'. E «cinq». F „sechs“."
    assert texts(s) == ["one", "two", "three", "four", "cinq", "sechs"]


def test_apostrophes_are_not_marks() -> None:
    s = "‘I don’t think Russia’s plan, or the US’ one, works,’ he said. O'Brien's 'view'."
    assert texts(s) == ["I don’t think Russia’s plan, or the US’ one, works,", "view"]


def test_possessive_plural_inside_single_quotes() -> None:
    s = "‘We saw the Russians’ plans,’ she said."
    assert texts(s) == ["We saw the Russians’ plans,"]


def test_nested_quotes() -> None:
    s = "‘But as Trump said, “I want everyone to stop dying.” That’s our view,’ the paper said."
    spans = find_marked_spans(s)
    assert [(s[x.start : x.end], x.depth, x.parent) for x in spans] == [
        ("But as Trump said, “I want everyone to stop dying.” That’s our view,", 0, None),
        ("I want everyone to stop dying.", 1, 0),
    ]


def test_multi_paragraph_quote_and_unclosed_paragraph() -> None:
    s = "Vance said: ‘One.\n\n‘Two.\n\n‘Three,’ he added.\n\nThen “a stray mark\n\nNew text."
    spans = find_marked_spans(s)
    got = [(s[x.start : x.end], x.close_mark is not None, x.continues, x.chain) for x in spans]
    assert got == [
        ("One.", False, False, 0),
        ("Two.", False, True, 0),
        ("Three,", True, True, 0),
        ("a stray mark", False, False, 1),  # the paragraph break ends it
    ]


def test_unbalanced_marks_do_not_crash() -> None:
    for s in ["”", "“", "’’’", '"""', "a ” b “ c", "‘“’”", "'", "x'", "«»«", "\n\n“\n”"]:
        for sp in find_marked_spans(s):
            assert 0 <= sp.start <= sp.end <= len(s)


# --- the seeds: gold recall and speaker accuracy ----------------------------------------------


def fold(s: str | None) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).casefold().strip()


def locate(body: str, text: str, after: int = 0, marked: bool = False) -> tuple[int, int] | None:
    i = body.find(text, after)
    while marked and i > 0 and body[i - 1] not in "‘“\"'«„":
        i = body.find(text, i + 1)  # a quotation is between marks
    if i >= 0:
        return i, i + len(text)
    # a clause the gold wrote without its interrupting cue ("..., Rutte warned, ...")
    head, tail = text[:40], text[-40:]
    i, j = body.find(head, after), body.find(tail, after)
    if 0 <= i < j:
        return i, j + len(tail)
    return None


def score_seeds(records: dict[str, dict[str, Any]], resolver: Any) -> dict[str, Any]:
    """Match gold to stored quotes by character overlap (≥ half the gold span), one to one."""
    from ukpeace_cli.quotes import global_speaker

    gold = yaml.safe_load(GOLD.read_text("utf-8"))
    out: dict[str, Any] = {
        "gold": 0,
        "matched": 0,
        "quoted": 0,
        "quoted_matched": 0,
        "speaker_ok": 0,
        "misses": [],
        "wrong": [],
        "not_in_body": [],
    }
    for art, rec in sorted(records.items()):
        body = rec["text"]
        # the gold is speech: score the speech kinds, as `ukpeace quotes` lists them by default
        # (attitude/topic/finding records would compete with them for the same gold span)
        preds = [q for q in rec["nlp"]["quotes"] if q["kind"] in DEFAULT_KINDS]
        used: set[int] = set()
        seen: dict[str, int] = {}
        for g in (g for g in gold if g["article"] == art and g["kind"] != "term"):
            # a repeated text is its next occurrence; one in a photo caption is not in the body
            marked = g["kind"] in (DIRECT, PARTIAL)
            where = locate(body, g["text"], seen.get(g["text"], 0), marked)
            if where is None:
                out["not_in_body"].append((art, g["text"][:60]))
                continue
            s, e = where
            seen[g["text"]] = e
            out["gold"] += 1
            quoted = g["kind"] in (DIRECT, PARTIAL)
            out["quoted"] += quoted
            best, best_r = None, 0.0
            for k, q in enumerate(preds):
                r = max(0, min(e, q["end"]) - max(s, q["start"])) / (e - s)
                if k not in used and r > best_r:
                    best, best_r = k, r
            if best is None or best_r < 0.5:
                out["misses"].append((art, g["text"][:60]))
                continue
            used.add(best)
            out["matched"] += 1
            out["quoted_matched"] += quoted
            q = preds[best]
            ours = global_speaker(q, resolver)
            theirs = g["speaker"]
            if theirs and theirs != "anonymous source":
                parts = re.split(r", | and ", theirs)  # "Britain, France and Germany"
                if len(parts) > 1 and q.get("speaker_parts"):
                    theirs = global_speaker({"speaker": theirs, "speaker_parts": parts}, resolver)
                else:
                    theirs = resolver.canonical(theirs, "PERSON")
            if fold(ours) == fold(theirs) or (not ours and not theirs):
                out["speaker_ok"] += 1
            else:
                out["wrong"].append((art, g["text"][:40], g["speaker"], ours))
    return out


@pytest.fixture(scope="module")
def seed_scores(seed_records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    from ukpeace_cli.entities import Resolver, load_aliases

    resolver = Resolver.build(seed_records.values(), load_aliases(None))
    return score_seeds(seed_records, resolver)


# Known misses of the general machinery (issue 12): two demo quotes came only from rule families
# that fire on no other text (bench/audit_rule.py over 1,104 unseen articles; docs/quotes.md,
# "Audit on unseen text"), so the families were deleted: the headline of 004 repeating the
# minister's words, and "remarks from <name> indicated that ...". Measured without them: recall
# 114/121 = 0.942 (quote-marked 58/60), speaker accuracy 102/114 = 0.895. The thresholds below
# are the right bar and stay; strict xfail makes these tests fail loudly once general machinery
# gets the two quotes back.
KNOWN_MISSES = pytest.mark.xfail(
    strict=True,
    reason="demo recall 0.942 / speaker 0.895 without demo-only rule families (issue 12)",
)


@KNOWN_MISSES
def test_seed_recall(seed_scores: dict[str, Any]) -> None:
    s = seed_scores
    # photo captions are set aside at ingest, with the quotes in them
    assert [t for _, t in s["not_in_body"]] == [
        "the greatest salesman on Earth",
        "for as long as it takes",
    ]
    assert s["quoted_matched"] / s["quoted"] >= 0.97, s["misses"]
    assert s["matched"] / s["gold"] >= 0.95, s["misses"]


@KNOWN_MISSES
def test_seed_speaker_accuracy(seed_scores: dict[str, Any]) -> None:
    s = seed_scores
    assert s["speaker_ok"] / s["matched"] >= 0.90, s["wrong"]


# --- exact records for the hard cases --------------------------------------------------------


def find(rec: dict[str, Any], text: str) -> dict[str, Any]:
    hits = [q for q in rec["nlp"]["quotes"] if q["text"] == text]
    assert len(hits) == 1, (text, [q["text"] for q in rec["nlp"]["quotes"]])
    return hits[0]


def core(q: dict[str, Any]) -> dict[str, Any]:
    keys = ("text", "kind", "speaker", "speaker_mention", "cue", "continues", "nested")
    return {k: q[k] for k in keys}


def test_he_responded_is_barrot(seed_records: dict[str, dict[str, Any]]) -> None:
    q = find(seed_records["003"], "We do not rule out any option.")
    assert core(q) == {
        "text": "We do not rule out any option.",
        "kind": "direct",
        "speaker": "Jean-Noël Barrot",
        "speaker_mention": "he",
        "cue": "responded",
        "continues": False,
        "nested": False,
    }


def test_the_minister_stated_partial_is_barrot(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["004"]
    q = find(rec, "excludes no option.")
    assert core(q) == {
        "text": "excludes no option.",
        "kind": "partial",
        "speaker": "Jean-Noël Barrot",
        "speaker_mention": "the minister",
        "cue": "stated",
        "continues": False,
        "nested": False,
    }
    body = rec["text"]
    assert body[q["start"] : q["end"]] == q["text"]
    s, e = q["sentence"]
    assert body[s:e].startswith("In response to whether the participation of French troops")


@KNOWN_MISSES
def test_the_headline_repeating_the_minister_is_his(
    seed_records: dict[str, dict[str, Any]],
) -> None:
    head = find(seed_records["004"], "excludes no option")
    assert head["speaker"] == "Jean-Noël Barrot" and head["cue"] is None


def test_said_the_german_defense_minister(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["003"]
    q = next(x for x in rec["nlp"]["quotes"] if x["text"].startswith("We are preparing"))
    assert (q["kind"], q["speaker"], q["speaker_mention"], q["cue"]) == (
        "direct",
        "Boris Pistorius",
        "the German defense minister",
        "said",
    )
    q = next(x for x in rec["nlp"]["quotes"] if x["text"].startswith("If there is a ceasefire"))
    assert (q["speaker"], q["speaker_mention"], q["cue"]) == (
        "Boris Pistorius",
        "the minister",
        "explained",
    )


def test_vance_continuation_paragraphs(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["000"]
    a = find(
        rec,
        "Ukraine remains an independent sovereign. Russia gets the guarantee of "
        "neutrality from Ukraine.",
    )
    b = find(
        rec,
        "It does not join NATO and some other allied institutions. Germans and other "
        "nations have to fund Ukraine’s reconstruction,",
    )
    # the second paragraph opens a quote the third closes, with the cue "Vance added"
    assert core(a) == {
        "text": a["text"],
        "kind": "direct",
        "speaker": "JD Vance",
        "speaker_mention": None,
        "cue": None,
        "continues": False,
        "nested": False,
    }
    assert core(b) == {
        "text": b["text"],
        "kind": "direct",
        "speaker": "JD Vance",
        "speaker_mention": "Vance",
        "cue": "added",
        "continues": True,
        "nested": False,
    }
    assert a["via"] == "chain"


def test_foster_continuation_paragraphs(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["000"]
    pieces = [q for q in rec["nlp"]["quotes"] if q["speaker"] == "Russell Foster"]
    assert [(q["text"][:20], q["continues"], q["cue"]) for q in pieces] == [
        ("Trump does have a le", False, "told"),
        ("But Europe, Canada, ", False, None),
        ("We are likely to see", True, None),
    ]
    assert pieces[0]["speaker_mention"] == "Dr Russell Foster"
    for q in pieces:
        assert rec["text"][q["start"] : q["end"]] == q["text"]


def test_nested_trump_inside_the_kellogg_paper(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["000"]
    inner = find(rec, "I want everyone to stop dying.")
    assert core(inner) == {
        "text": inner["text"],
        "kind": "direct",
        "speaker": "Donald Trump",
        "speaker_mention": "Donald Trump",
        "cue": "said",
        "continues": False,
        "nested": True,
    }
    outer = next(q for q in rec["nlp"]["quotes"] if q["text"].startswith("But as Donald Trump"))
    assert (outer["speaker"], outer["speaker_mention"], outer["cue"], outer["continues"]) == (
        "Keith Kellogg",
        "the paper",
        "concluded",
        True,
    )
    first = next(q for q in rec["nlp"]["quotes"] if q["text"].startswith("The Ukrainian gov"))
    assert (first["speaker"], first["cue"], first["via"]) == ("Keith Kellogg", None, "chain")


def test_anonymous_source_and_terms(seed_records: dict[str, dict[str, Any]]) -> None:
    rec = seed_records["000"]
    q = next(x for x in rec["nlp"]["quotes"] if x["text"].startswith("We can do training"))
    assert (q["speaker"], q["speaker_mention"], q["speaker_type"]) == (
        "anonymous source",
        "one source",
        "anonymous",
    )
    quotes3 = seed_records["003"]["nlp"]["quotes"]
    terms = [q["text"] for q in quotes3 if q["kind"] == "term"]
    assert {"Radio Liberty", "Radio Liberty.", "Nutcracker", "peace plan", "wishes"} <= set(terms)
    assert all(q["speaker"] is None for q in quotes3 if q["kind"] == "term")


def test_unresolvable_speaker_is_null(seed_records: dict[str, dict[str, Any]]) -> None:
    quotes0 = seed_records["000"]["nlp"]["quotes"]
    q = next(x for x in quotes0 if x["text"].startswith("implementing a DMZ"))
    assert (q["kind"], q["speaker"], q["speaker_mention"]) == (
        "indirect",
        None,
        "leading observers",
    )


def test_offsets_slice_the_body(seed_records: dict[str, dict[str, Any]]) -> None:
    for rec in seed_records.values():
        body = rec["text"]
        for q in rec["nlp"]["quotes"]:
            assert body[q["start"] : q["end"]] == q["text"]
            s, e = q["sentence"]
            assert s <= q["start"] and q["end"] <= e + 2


# --- speaker matching and grouping -------------------------------------------------------


def test_speaker_matcher_forms() -> None:
    rows = [
        {
            "speaker": "Jean-Noël Barrot",
            "speaker_mention": "French Foreign Minister Jean-Noel Barrot",
        },
        {"speaker": "Boris Johnson", "speaker_mention": "he"},
    ]
    m = SpeakerMatcher(rows)
    for q in ("Barrot", "Jean-Noel Barrot", "jean-noël barrot", "BARROT", "Barot"):
        assert [x.speaker for x in m.match(q)] == ["Jean-Noël Barrot"], q
    assert m.match("Lammy") == []
    assert [x.speaker for x in m.match("johnson")] == ["Boris Johnson"]


def test_group_quotes_rewordings() -> None:
    def row(outlet: str, text: str, speaker: str = "Mara Velk") -> dict[str, Any]:
        return {"speaker": speaker, "text": text, "outlet": outlet, "kind": "partial"}

    rows = [
        row("a", "does not rule out any option"),
        row("b", "no options are off the table"),
        row("c", "We do not rule out any option."),
        row("d", "excludes no option"),
        row("c", "Western allies should not impose any restrictions on their support"),
        row("a", "does not rule out any option", speaker="Someone Else"),
    ]
    groups = group_quotes(rows)
    # shared rare words group rewordings; "off the table" is no longer folded into "rule
    # out" (that idiom table was fitted to one demo statement), so "b" stands alone
    assert [(g.speaker, [r["outlet"] for r in g.rows]) for g in groups] == [
        ("Mara Velk", ["a", "c", "d"]),
        ("Mara Velk", ["b"]),
        ("Mara Velk", ["c"]),
        ("Someone Else", ["a"]),
    ]
    assert groups[0].outlets == ["a", "c", "d"]


# --- any text, any marks --------------------------------------------------------------------

MARKY = st.lists(
    st.sampled_from([*"ab Z.,:;!?\n-–—'\"‘’“”«»„‚‹›", "said ", "He ", " the ", "don’t"]),
    max_size=60,
).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKY)
def test_property_marks_never_crash(text: str) -> None:
    spans = find_marked_spans(text)
    for sp in spans:
        assert 0 <= sp.start <= sp.end <= len(text)
        # the marks sit right outside the span, inside its paragraph
        assert text[sp.outer_start : sp.start] == sp.open_mark
        assert text[sp.end : sp.outer_end] == (sp.close_mark or "")
        assert sp.paragraph[0] <= sp.outer_start <= sp.outer_end <= sp.paragraph[1]
        if sp.parent is not None:
            outer = spans[sp.parent]
            assert outer.start <= sp.outer_start <= sp.outer_end <= outer.end


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(MARKY, st.text(max_size=80)))
def test_property_extract_any_text(pipeline: Any, text: str) -> None:
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": text, "paragraphs": []}
    for q in extract_quotes(doc, record, article_mentions(doc, record)):
        assert text[q["start"] : q["end"]] == q["text"]
        s, e = q["sentence"]
        assert 0 <= s <= e <= len(text)


# --- golden pairs: one pattern each ------------------------------------------------------------

PAIRS = [
    (
        "German Defense Minister Boris Pistorius visited Kyiv on Monday.\n\n"
        "“We are preparing,” said the German defense minister.",
        [("direct", "We are preparing,", "Boris Pistorius", "the German defense minister", "said")],
    ),
    (
        "According to the Kremlin, the talks will continue next week.",
        [
            (
                "indirect",
                "the talks will continue next week",
                "Kremlin",
                "the Kremlin",
                "According to",
            )
        ],
    ),
    (
        "Prices will rise again this winter, the Bank of England said on Thursday.",
        [
            (
                "indirect",
                "Prices will rise again this winter",
                "Bank of England",
                "the Bank of England",
                "said",
            )
        ],
    ),
    (
        "Maria Zakharova spoke to reporters. She said: «We are ready to talk.»",
        [("direct", "We are ready to talk.", "Maria Zakharova", "She", "said")],
    ),
    (
        'Keir Starmer met Emmanuel Macron in Paris. "This is a crucial moment," Starmer said. '
        '"We will not walk away."',
        [
            ("direct", "This is a crucial moment,", "Keir Starmer", "Starmer", "said"),
            ("direct", "We will not walk away.", "Keir Starmer", None, None),
        ],
    ),
    (
        "The report, published by the Institute for the Study of War, said Russian forces had "
        "advanced near Pokrovsk.",
        [
            (
                "indirect",
                "Russian forces had advanced near Pokrovsk",
                "Institute for the Study of War",
                "The report",
                "said",
            )
        ],
    ),
    # a person just introduced outranks one quoted before for the next "she said"
    (
        '"The budget is tight," said Sarah Miller.\n\nLaura Chen, the club\'s treasurer, '
        'agreed with Miller\'s plan.\n\n"We need more volunteers," she said.',
        [
            ("direct", "The budget is tight,", "Sarah Miller", "Sarah Miller", "said"),
            ("direct", "We need more volunteers,", "Laura Chen", "she", "said"),
        ],
    ),
    # "X wrote in a report": the report speaks for its writer later on
    (
        "Economist Paul Green wrote in a recent report that housing starts would slow. "
        "The report said prices would fall in the spring.",
        [
            ("indirect", "prices would fall in the spring", "Paul Green", "The report", "said"),
        ],
    ),
    # quoted words are never the subject of a cue outside them
    (
        '"It does say that in the letter," Anna Kim confirmed, adding that "I have no idea '
        'where that information came from."',
        [
            ("direct", "It does say that in the letter,", "Anna Kim", "Anna Kim", "confirmed"),
            (
                "direct",
                "I have no idea where that information came from.",
                "Anna Kim",
                "Anna Kim",
                "adding",
            ),
        ],
    ),
    (
        'Retiree Doug Parks, who lost 16 lbs. "and two belt loops" between May and October, '
        "says the program changed his life.",
        [
            ("term", "and two belt loops", None, None, None),
            (
                "indirect",
                "the program changed his life",
                # "Retiree" describes him: the name is Doug Parks (census given names)
                "Doug Parks",
                "Retiree Doug Parks",
                "says",
            ),
        ],
    ),
    (
        '"I am sorry," Ann Lee said. Lee blurted out later: "It was my fault."',
        [
            ("direct", "I am sorry,", "Ann Lee", "Ann Lee", "said"),
            ("direct", "It was my fault.", "Ann Lee", "Lee", "blurted out"),
        ],
    ),
    (
        "Zelensky called the plan 'a betrayal' and said Ukraine would never cede Crimea.",
        [
            # The text gives no full name (no table of people): the speaker is who it names.
            ("partial", "a betrayal", "Zelensky", "Zelensky", "called"),
            (
                "indirect",
                "Ukraine would never cede Crimea",
                "Zelensky",
                "Zelensky",
                "said",
            ),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PAIRS)
def test_golden_pairs(pipeline: Any, text: str, expected: list[tuple]) -> None:
    from ukpeace_cli.entities import article_mentions

    doc = pipeline.nlp(text)
    record = {"text": text}
    got = [
        (q["kind"], q["text"], q["speaker"], q["speaker_mention"], q["cue"])
        for q in extract_quotes(doc, record, article_mentions(doc, record))
    ]
    assert got == expected
