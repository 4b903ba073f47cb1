"""Rule families added for issue 12 items 2 and 4 (speakers on unseen text), each on synthetic
sentences, with the family on and off (`UKPEACE_ABLATE`)."""

from __future__ import annotations

from typing import Any

import pytest

from ukpeace_cli import ablation
from ukpeace_cli.quotes import extract_quotes

pytestmark = pytest.mark.usefixtures("fresh_ablation")


def _rows(doc: Any) -> list[tuple[Any, ...]]:
    from ukpeace_cli.entities import article_mentions

    record = {"text": doc.text}
    return [
        (q["kind"], q["text"], q["speaker"], q["cue"])
        for q in extract_quotes(doc, record, article_mentions(doc, record))
    ]


def quotes(pipeline: Any, text: str) -> list[tuple[Any, ...]]:
    return _rows(pipeline.nlp(text))


def _off(monkeypatch: pytest.MonkeyPatch, family: str) -> None:
    ablation.reset()
    monkeypatch.setenv(ablation.ENV, family)


def _kind_gone_when_off(
    pipeline: Any,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    family: str,
    kind: str,
    kept: tuple[str, ...],
) -> None:
    """With `family` off no record of `kind` is left, and the speech record `kept` stays."""
    _off(monkeypatch, family)
    off = quotes(pipeline, text)
    assert not any(r[0] == kind for r in off), off
    assert kept in off


def _parsed(
    pipeline: Any,
    words: list[str],
    spaces: list[bool],
    heads: list[int],
    parse: str,
    lemmas: list[str],
    ents: list[tuple[int, int, str]],
) -> Any:
    """A hand-made parse: `parse` holds the deps, POS and tags lines, one per line."""
    from spacy.tokens import Doc, Span

    deps, pos, tags = (line.split() for line in parse.strip().splitlines())
    doc = Doc(
        pipeline.nlp.vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
    )
    doc.ents = [Span(doc, a, b, label) for a, b, label in ents]
    return doc


# --- orphan-subject ------------------------------------------------------------------------


def _split_parse(pipeline: Any) -> Any:
    """ "Orvik | said he was leaving ..." as the parser sometimes splits it after a heading:
    the name a root of its own, the speech verb another root with no subject."""
    words = "Tomas Orvik runs the port . \n\n Orvik said he was leaving the board soon .".split(" ")
    spaces = [True, True, True, True, False, False, False, True, True, True, True, True, True]
    spaces += [True, False, False]
    heads = [1, 2, 2, 4, 2, 2, 5, 7, 8, 11, 11, 8, 13, 11, 11, 8]
    parse = """
    compound nsubj ROOT det dobj punct dep ROOT ROOT nsubj aux ccomp det dobj advmod punct
    PROPN PROPN VERB DET NOUN PUNCT SPACE PROPN VERB PRON AUX VERB DET NOUN ADV PUNCT
    NNP NNP VBZ DT NN . _SP NNP VBD PRP VBD VBG DT NN RB .
    """
    lemmas = [*words[:2], "run", "the", "port", ".", "\n\n", "Orvik", "say", "he", "be", "leave"]
    lemmas += ["the", "board", "soon", "."]
    return _parsed(pipeline, words, spaces, heads, parse, lemmas, [(0, 2, "PERSON"), (7, 8, "ORG")])


def test_orphan_name_before_a_subjectless_cue_speaks(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = ("indirect", "he was leaving the board soon", "Tomas Orvik", "said")
    assert want in _rows(_split_parse(pipeline))
    _off(monkeypatch, "orphan-subject")
    assert not any(r[2] == "Tomas Orvik" for r in _rows(_split_parse(pipeline)))


def test_orphan_name_must_be_a_root_of_its_own(pipeline: Any) -> None:
    from ukpeace_cli.quotes.layout import Layout
    from ukpeace_cli.quotes.mentions import Article
    from ukpeace_cli.quotes.subjects import orphan_name

    doc = _split_parse(pipeline)
    a = Article(Layout(doc, {"text": doc.text}), [], [])
    found = orphan_name(a, doc[8])
    assert found is not None and found.i == 7  # "Orvik | said"
    assert orphan_name(a, doc[2]) is None  # "Orvik runs": not a speech verb
    assert orphan_name(a, doc[11]) is None  # "was leaving": the word before is no name


# --- directives ----------------------------------------------------------------------------

DIRECTIVES = (
    "Harbour master Mara Velk spoke after the storm.\n\n"
    "Velk urged residents to conserve water so there would be enough for the fire crews.\n\n"
    "Tomas Orvik wants to leave the board next year."
)


def test_urged_someone_to_is_reported(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    on = quotes(pipeline, DIRECTIVES)
    want = "to conserve water so there would be enough for the fire crews"
    assert ("indirect", want, "Mara Velk", "urged") in on
    # "wants to leave" is no speech: no quote (an attitude at most, see `attitudes`)
    assert not any("leave the board" in r[1] and r[0] != "attitude" for r in on), on
    _off(monkeypatch, "directives")
    off = quotes(pipeline, DIRECTIVES)
    assert not any(r[1] == want for r in off), off


# --- doubled-marks -------------------------------------------------------------------------

DOUBLED = (
    "Harbour master Mara Velk spoke after the storm.\n\n"
    "''We will not reopen the quay before Monday,'' Ms. Velk said. ''The cranes come first.''\n\n"
    "``The water is still rising,'' said Tomas Orvik, who runs the ferry."
)


def test_two_apostrophes_are_one_double_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    from ukpeace_cli.quotes.marks import find_marked_spans

    def spans() -> list[tuple[str, str, str | None]]:
        return [
            (DOUBLED[s.start : s.end], s.open_mark, s.close_mark)
            for s in find_marked_spans(DOUBLED)
        ]

    on = spans()
    assert ("We will not reopen the quay before Monday,", "''", "''") in on
    assert ("The cranes come first.", "''", "''") in on
    assert ("The water is still rising,", "``", "''") in on
    # a smart double mark closed by two smart single ones, and an apostrophe left alone
    text = "“We dedicate the shop to local artists,’’ says the owner’s partner."
    assert [(text[s.start : s.end], s.close_mark) for s in find_marked_spans(text)] == [
        ("We dedicate the shop to local artists,", "’’")
    ]
    _off(monkeypatch, "doubled-marks")
    assert not any(s[1] in ("''", "``") for s in spans())


def test_doubled_marks_give_quotes_their_speaker(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = quotes(pipeline, DOUBLED)
    assert ("direct", "We will not reopen the quay before Monday,", "Mara Velk", "said") in on
    assert ("direct", "The water is still rising,", "Tomas Orvik", "said") in on
    _off(monkeypatch, "doubled-marks")
    off = quotes(pipeline, DOUBLED)
    assert not any(r[1] == "We will not reopen the quay before Monday," for r in off), off


# --- clause-after --------------------------------------------------------------------------


def _two_clauses(pipeline: Any) -> Any:
    """ "The vote set off a row on Friday: Velk said the port was closing": the parse that
    hangs the narration before the colon on "said" as a second clause."""
    words = "The vote set off a row on Friday : Velk said the port was closing .".split()
    heads = [1, 2, 10, 2, 5, 2, 2, 6, 10, 10, 10, 12, 14, 14, 10, 10]
    parse = """
    det nsubj ccomp prt det dobj prep pobj punct nsubj ROOT det nsubj aux ccomp punct
    DET NOUN VERB ADP DET NOUN ADP PROPN PUNCT PROPN VERB DET NOUN AUX VERB PUNCT
    DT NN VBD RP DT NN IN NNP : NNP VBD DT NN VBD VBG .
    """
    lemmas = "the vote set off a row on Friday : Velk say the port be close .".split()
    spaces = [True] * len(words)
    spaces[7] = spaces[14] = spaces[15] = False
    return _parsed(pipeline, words, spaces, heads, parse, lemmas, [(9, 10, "PERSON")])


def test_a_cue_with_clauses_on_both_sides_reports_the_one_after(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    on = _rows(_two_clauses(pipeline))
    assert ("indirect", "the port was closing", "Velk", "said") in on, on
    assert not any("row" in r[1] for r in on), on
    _off(monkeypatch, "clause-after")
    off = _rows(_two_clauses(pipeline))
    assert not any(r[1] == "the port was closing" for r in off), off


# --- furniture (session 7) -----------------------------------------------------------------

FURNITURE = (
    "Harbour master Mara Velk spoke after the storm on Friday.\n\n"
    "READ MORE: Velk says the quay will stay closed until the cranes are repaired\n\n"
    "Velk said the ferry would run again once the water had gone down. (Tomas Orvik/Harbour Press)"
    "\n\nVelk said the port would reopen on Monday morning."
)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("READ MORE: Velk says the quay will close", "link teaser"),
        ("Watch: Orvik on the storm", "link teaser"),
        ("Related: the port in numbers", "link teaser"),
        ("The quay at dawn on Friday. (Tomas Orvik/Harbour Press)", "photo caption"),
        ("Velk said the quay would close. (Getty Images/Harbour Press)", None),
        ("Velk said she would watch the tide: it was rising.", None),
        ("Velk (Tomas Orvik/Harbour Press) said the quay would close.", None),
    ],
)
def test_body_furniture_lines(line: str, kind: str | None) -> None:
    from ukpeace_cli.parsing.lines import body_furniture

    assert body_furniture(line) == kind


# --- uncued-fragments (session 7) ----------------------------------------------------------

UNCUED = (
    "The harbour board published its list of banned phrases on Friday.\n\n"
    'This year the list included "bring them to justice" and several sports terms.'
)


def test_a_short_uncued_fragment_is_a_term(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    on = quotes(pipeline, UNCUED)
    assert ("term", "bring them to justice", None, None) in on, on
    _off(monkeypatch, "uncued-fragments")
    off = quotes(pipeline, UNCUED)
    assert ("partial", "bring them to justice", None, None) in off, off


# --- hypothetical (session 7) --------------------------------------------------------------

HYPOTHETICAL = (
    "Harbour master Mara Velk will argue that the port must stay open all winter.\n\n"
    "Tomas Orvik, who runs the ferry, was told that the crossing would stop in March.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


SILENT = [
    # furniture: a link teaser and a photo caption
    (FURNITURE, "furniture", "the port would reopen on Monday morning", ("quay", "ferry")),
    # hypothetical: a modal, a passive "told" with no agent
    (HYPOTHETICAL, "hypothetical", "the cranes would be repaired by Monday", ("winter", "March")),
]


@pytest.mark.parametrize(("text", "family", "kept", "silent"), SILENT)
def test_families_that_silence_a_paragraph(
    pipeline: Any,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    family: str,
    kept: str,
    silent: tuple[str, ...],
) -> None:
    """The family on: the ordinary report stays, the words in `silent` are in no quote;
    off: each of them is quoted again."""
    on = quotes(pipeline, text)
    assert ("indirect", kept, "Mara Velk", "said") in on, on
    assert not any(w in r[1] for r in on for w in silent), on
    _off(monkeypatch, family)
    off = quotes(pipeline, text)
    assert all(any(w in r[1] for r in off) for w in silent), off


# --- attitudes (session 8) ------------------------------------------------------------------

ATTITUDES = (
    "Harbour master Mara Velk believes that the port will reopen before the storm season.\n\n"
    "Tomas Orvik plans to sell the ferry company to a rival next year.\n\n"
    "I think the quay is too small for the new ships.\n\n"
    "The crossing is expected to close in March.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


def test_beliefs_and_plans_are_attitudes(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A VerbNet attitude verb's clause or infinitive is kind `attitude`, with its holder; the
    writer's "I think" and a passive "is expected to" (no holder) are not; speech stays."""
    on = quotes(pipeline, ATTITUDES)
    belief = "the port will reopen before the storm season"
    assert ("attitude", belief, "Mara Velk", "believes") in on, on
    assert any(r[0] == "attitude" and r[1].startswith("to sell the ferry") for r in on), on
    assert not any(w in r[1] for r in on for w in ("quay", "March")), on
    said = ("indirect", "the cranes would be repaired by Monday", "Mara Velk", "said")
    assert said in on
    _kind_gone_when_off(pipeline, monkeypatch, ATTITUDES, "attitudes", "attitude", said)


def test_attitude_verbs_are_typed_and_never_speech() -> None:
    from ukpeace_cli.quotes.cues import SPEECH_VERBS, attitude_verbs

    verbs = attitude_verbs()
    assert verbs["believe"] == "belief" and verbs["want"] == "intent"
    assert verbs["expect"] == "belief"  # in both VerbNet types: a belief
    assert not set(verbs) & SPEECH_VERBS  # one lexicon: a speech verb is never an attitude


TOPICS = (
    "Harbour master Mara Velk called for an inquiry into the ferry accident.\n\n"
    "Velk denied any involvement in the sale of the quay.\n\n"
    "She asked whether the crossing would reopen before the winter.\n\n"
    "Velk began her speech with a joke about the weather.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


def test_what_a_speech_act_is_about_is_a_topic(
    pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A speech verb with a noun phrase ("called for X", "denied X") or a question ("asked
    whether X") is kind `topic`; "began her speech" is no speech act about anything."""
    on = quotes(pipeline, TOPICS)
    for text, cue in (
        ("an inquiry into the ferry accident", "called"),
        ("any involvement in the sale of the quay", "denied"),
        ("whether the crossing would reopen before the winter", "asked"),
    ):
        assert ("topic", text, "Mara Velk", cue) in on, on
    assert not any("speech" in r[1] or "joke" in r[1] for r in on), on
    said = ("indirect", "the cranes would be repaired by Monday", "Mara Velk", "said")
    assert said in on
    _kind_gone_when_off(pipeline, monkeypatch, TOPICS, "speech-topics", "topic", said)


def test_attitudes_and_topics_stay_out_of_the_default_query() -> None:
    from ukpeace_cli.quotes.query import DEFAULT_KINDS, check_kinds

    assert not {"attitude", "topic", "finding"} & DEFAULT_KINDS
    assert check_kinds(["attitude,topic"]) == {"attitude", "topic"}


FINDINGS = (
    "A survey by the harbour board showed that most residents want the old quay rebuilt.\n\n"
    "Harbour master Mara Velk found the missing documents in a drawer.\n\n"
    "Velk cited the storm as the main cause of the delays.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


def test_what_a_survey_showed_is_a_finding(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A finding verb with a clause is kind `finding` ("found the documents" has none); a
    topic runs on over the verb's "as ..." ("cited the storm as the main cause ...")."""
    on = quotes(pipeline, FINDINGS)
    assert ("finding", "most residents want the old quay rebuilt", None, "showed") in on, on
    assert not any("documents" in r[1] for r in on), on
    topic = ("topic", "the storm as the main cause of the delays", "Mara Velk", "cited")
    assert topic in on, on
    _off(monkeypatch, "findings")
    off = quotes(pipeline, FINDINGS)
    assert not any(r[0] == "finding" for r in off), off
    assert topic in off


# --- the WordNet tail: verbs and nominal cues (session 9) -----------------------------------

TAIL = (
    "Harbour master Mara Velk agreed that the quay needs new cranes before the winter.\n\n"
    "Tomas Orvik decided to sell the ferry company to a rival next year.\n\n"
    "Velk defended the new timetable for the island ferries.\n\n"
    "The ferry sailed to the island with forty passengers on board.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


def test_tail_verbs_are_typed_kinds(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A WordNet communication verb outside the speech list reports a topic (its clause or
    its noun phrase), a cognition verb an attitude (its infinitive); a motion verb nothing;
    the speech records stay as they are with the family off."""
    on = quotes(pipeline, TAIL)
    clause = "the quay needs new cranes before the winter"
    assert ("topic", clause, "Mara Velk", "agreed") in on, on
    assert any(r[0] == "attitude" and r[1].startswith("to sell the ferry") for r in on), on
    assert ("topic", "the new timetable for the island ferries", "Mara Velk", "defended") in on
    assert not any("passengers" in r[1] for r in on), on
    _off(monkeypatch, "verb-tail")
    off = quotes(pipeline, TAIL)
    assert not any(r[3] in ("agreed", "decided", "defended") for r in off), off
    assert [r for r in on if r[0] not in ("topic", "attitude")] == off


NOMINAL = (
    "Harbour master Mara Velk arrived on Monday. Her claim that the port would reopen in March "
    "angered the union.\n\n"
    "Tomas Orvik's pledge to rebuild the old quay by the spring was welcomed by the town.\n\n"
    "The plans to build a second quay were shelved after the storm.\n\n"
    "Velk said that the cranes would be repaired by Monday."
)


def test_nominal_cues_take_their_possessor(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A noun derived from a cue verb with a that-clause or infinitive: the content, its
    possessor the source (as written, without the 's); an infinitive with no possessor ("the
    plans to build") is no one's and not reported."""
    on = quotes(pipeline, NOMINAL)
    assert ("topic", "the port would reopen in March", "Mara Velk", "claim") in on, on
    assert any(r[3] == "pledge" and r[2] == "Tomas Orvik" for r in on), on
    pledge = [r for r in on if r[3] == "pledge"]
    assert pledge and pledge[0][1].startswith("to rebuild the old quay"), on
    assert not any(r[3] == "plans" for r in on), on
    _off(monkeypatch, "nominal-cues")
    off = quotes(pipeline, NOMINAL)
    assert not any(r[3] in ("claim", "pledge") for r in off), off


def test_wordnet_lists_are_typed_apart_from_speech() -> None:
    from ukpeace_cli.quotes.cues import SPEECH_VERBS, attitude_verbs, wordnet_cues

    lists = wordnet_cues()
    assert lists["nouns"]["statement"] == "state" and lists["nouns"]["belief"] == "believe"
    assert lists["verbs"]["agree"] == "communication" and lists["verbs"]["decide"] == "cognition"
    assert not set(lists["verbs"]) & (SPEECH_VERBS | attitude_verbs().keys())  # one list each


TRANSCRIPT = (
    "The interview ran on Sunday. A partial transcript follows.\n\n"
    "“HOST: Will the ferry company be sold before the winter, and to whom?\n\n"
    "“ORVIK: Well, look, nothing has been decided and the board will meet in March.”"
)


def test_transcript_labels_name_the_speaker(pipeline: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A quoted transcript paragraph opening with a label in capitals is the labelled
    speaker's; with the family off it has no speaker of its own."""
    on = quotes(pipeline, TRANSCRIPT)
    orvik = [r for r in on if "nothing has been decided" in r[1]]
    assert orvik and orvik[0][2] == "ORVIK" and orvik[0][3] == ":", on
    _off(monkeypatch, "transcript-labels")
    off = quotes(pipeline, TRANSCRIPT)
    assert not any(r[3] == ":" for r in off), off
