"""The lexicon measures of `compare`: reporting verbs, hedges and boosters, loaded language.

Each row counts lexicon matches per article, with the rate per 1,000 words, and keeps every
match as evidence. Loaded language is counted twice: in the outlet's own narration and inside
quotes (PTC, the corpus it is validated on, labels both). What each measure is worth was measured
(docs/framing.md); a measure that does not beat the trivial 40-word baseline there, or was never
validated, says so in its caption.
"""

from __future__ import annotations

from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, rate
from ukpeace_cli.lexicons import Lexicons, PhraseMatcher

# Measured on PTC dev (SemEval-2020 Task 11; bench/eval_framing.py score, docs/framing.md) and
# shown in the captions; the trivial 40-word list gets span F1 12.2, rho 0.45 there.
EXPERIMENTAL_LOADED = (
    "Experimental: on PTC dev (Loaded_Language + Name_Calling) the words reach span F1 27.1 "
    "(P 39.0, R 20.8) but rank articles by rate at rho 0.39, below a 40-word list (12.2, 0.45)."
)
EXPERIMENTAL_SCARE = (
    "Experimental: scare quotes with this lexicon's loaded words reach span F1 11.0, rho 0.20 on "
    "PTC dev (Loaded_Language + Name_Calling), below a 40-word list (12.2, 0.45)."
)
EXPERIMENTAL_HEDGES = (
    "Experimental: hedges and boosters are not validated (no hedge-cue corpus of news text "
    "could be used; docs/framing.md)."
)
EXPERIMENTAL_VERBS = "Experimental: reporting-verb classes are not validated (docs/framing.md)."


def loaded_matcher(lexicons: Lexicons) -> PhraseMatcher:
    """Loaded language is a list of word forms (VADER lists each form), so no inflection."""
    return lexicons.matcher("loaded_language", inflect=False, skip_names=True)


def _matches(
    art: Article, matcher: PhraseMatcher, spans: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        out.extend((s + h.start, s + h.end) for h in matcher.find(art.text[s:e]))
    return out


def quoted_spans(art: Article) -> list[tuple[int, int]]:
    """The complement of the narration: direct and partial quotes."""
    spans, pos = [], 0
    for s, e in art.narration:
        if s > pos:
            spans.append((pos, s))
        pos = e
    return spans + ([(pos, len(art.text))] if pos < len(art.text) else [])


def _row(
    arts: list[Article], label: str, matcher: PhraseMatcher, quoted: bool = False
) -> tuple[str, dict[str, str], dict[str, list[tuple[int, int]]]]:
    values, hits = {}, {}
    for a in arts:
        spans = quoted_spans(a) if quoted else a.narration
        found = _matches(a, matcher, spans)
        words = sum(len(a.text[s:e].split()) for s, e in spans) if quoted else a.narration_words
        values[a.id] = rate(len(found), words)
        hits[a.id] = found
    return label, values, hits


def lexicon_measure(
    arts: list[Article],
    key: str,
    title: str,
    caption: str,
    lists: list[tuple[str, PhraseMatcher, bool]],
) -> Measure:
    """Rows = (label, matcher, in quotes?); value = count and rate per 1k words of narration
    (or of quotes); evidence = the matches with their sentence."""
    m = Measure(key, title, caption)
    for label, matcher, quoted in lists:
        _, values, hits = _row(arts, label, matcher, quoted)
        row = Row(label, values)
        for a in arts:
            row.evidence[a.id] = [
                Evidence(a.id, a.column, a.text[s:e], a.sentence(s)) for s, e in hits[a.id]
            ]
        m.rows.append(row)
    return m


def reporting_verbs(arts: list[Article], lexicons: Lexicons) -> Measure:
    return lexicon_measure(
        arts,
        "reporting_verbs",
        "Reporting verbs",
        "Attribution verbs in narration from the lexicon: neutral (said, stated) against "
        "distancing (claimed, insisted) and emphatic (stressed, warned); count (per 1k words). "
        + EXPERIMENTAL_VERBS,
        [
            ("neutral", lexicons.matcher("reporting_verbs.neutral", skip_names=True), False),
            ("distancing", lexicons.matcher("reporting_verbs.distancing", skip_names=True), False),
            ("emphatic", lexicons.matcher("reporting_verbs.emphatic", skip_names=True), False),
        ],
    )


def hedging(arts: list[Article], lexicons: Lexicons) -> Measure:
    return lexicon_measure(
        arts,
        "hedging",
        "Hedges and boosters",
        "Evidential hedges (reportedly, are said to be), epistemic hedges (may, likely) and "
        "boosters (clearly) in narration; count (per 1k narration words). " + EXPERIMENTAL_HEDGES,
        [
            ("evidential hedges", lexicons.matcher("hedges.evidential", skip_names=True), False),
            ("epistemic hedges", lexicons.matcher("hedges.epistemic", skip_names=True), False),
            ("boosters", lexicons.matcher("boosters", skip_names=True), False),
        ],
    )


def loaded(arts: list[Article], lexicons: Lexicons) -> Measure:
    words = loaded_matcher(lexicons)
    m = lexicon_measure(
        arts,
        "loaded",
        "Loaded language and scare quotes",
        "Charged words (VADER forms selected on PTC train) in the outlet's narration and, "
        "separately, inside quotes, count (per 1k words of each). Scare quotes: quote-marked "
        "terms nobody is quoted as saying; right-of-reply phrases. "
        + EXPERIMENTAL_LOADED
        + " "
        + EXPERIMENTAL_SCARE,
        [
            ("loaded language", words, False),
            ("loaded language in quotes", words, True),
            ("right of reply", lexicons.matcher("right_of_reply", skip_names=True), False),
        ],
    )
    scare = Row("scare quotes")
    for a in arts:
        terms = [q for q in a.quotes if q.get("kind") == "term"]
        scare.values[a.id] = rate(len(terms), a.narration_words)
        scare.evidence[a.id] = [
            Evidence(a.id, a.column, str(q["text"]), a.sentence(int(q["start"]))) for q in terms
        ]
    m.rows.insert(2, scare)
    return m
