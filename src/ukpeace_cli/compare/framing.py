"""The lexicon measures of `compare`: reporting verbs, hedges and boosters, loaded language.

Each lexicon row counts matches per article, with the rate per 1,000 words, and keeps every
match as evidence. Loaded language comes from a token model trained on PTC train
(`ukpeace_cli.framing`), plus any words of a user's lexicon file: the spans it flags are counted
twice, in the outlet's own narration and inside quotes (PTC labels both), and the expected
number of loaded words per 1,000 words of narration (the sum of the model's token
probabilities) ranks the articles. What each measure is worth was measured (docs/framing.md); a
measure that misses its target there, or was never validated, says so in its caption.
"""

from __future__ import annotations

from ukpeace_cli.compare.base import Article, Evidence, Measure, Row, rate
from ukpeace_cli.framing.model import Flagged, LoadedModel, load_model
from ukpeace_cli.lexicons import Lexicons, Match, PhraseMatcher

# Measured on PTC dev (SemEval-2020 Task 11; bench/eval_framing.py score, docs/framing.md) and
# shown in the captions; the trivial 40-word list gets span F1 12.2, rho 0.45 there.
EXPERIMENTAL_LOADED = (
    "Experimental: on PTC dev (Loaded_Language + Name_Calling) the model reaches span F1 32.3 "
    "(P 34.8, R 30.1) and ranks articles by density at rho 0.555 (target 0.60; a 40-word list: "
    "12.2, 0.45)."
)
EXPERIMENTAL_SCARE = (
    "Experimental: scare quotes were measured only together with an older word list, span F1 "
    "11.0, rho 0.20 on PTC dev (Loaded_Language + Name_Calling), below a 40-word list (12.2, "
    "0.45)."
)
EXPERIMENTAL_HEDGES = (
    "Experimental: on Wikipedia test sentences (WikiWeasel) the hedge lists find uncertain "
    "sentences at P 56.8, R 21.4 (F1 31.1), below flagging every sentence (F1 46.9); no news "
    "hedge-cue corpus could be used (docs/framing.md)."
)
EXPERIMENTAL_VERBS = "Experimental: reporting-verb classes are not validated (docs/framing.md)."


def loaded_matcher(lexicons: Lexicons) -> PhraseMatcher:
    """A user's own loaded words (a lexicon file's `loaded_language`), matched as written."""
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


def loaded(arts: list[Article], lexicons: Lexicons, model: LoadedModel | None = None) -> Measure:
    model = model or load_model()
    m = Measure(
        "loaded",
        "Loaded language and scare quotes",
        "Charged words and phrases flagged by a token model trained on PTC (and a user's own "
        "words) in the outlet's narration and, separately, inside quotes, count (per 1k words "
        "of each); loaded density: the model's estimate of loaded spans per 1k narration words "
        "(7 on average on PTC's news, picked for propaganda: compare outlets with each other). "
        "Scare quotes: quote-marked terms nobody is quoted as saying; right-of-reply phrases. "
        + EXPERIMENTAL_LOADED
        + " "
        + EXPERIMENTAL_SCARE,
    )
    narration, quoted = Row("loaded language"), Row("loaded language in quotes")
    density, scare = Row("loaded density"), Row("scare quotes")
    user = loaded_matcher(lexicons)
    for a in arts:
        scored = model.score(a.text)
        flagged = _with_user_words(scored.spans(model.threshold), user.find(a.text))
        inside = [f for f in flagged if a.in_narration(f.start, f.end)]
        outside = [f for f in flagged if not a.in_narration(f.start, f.end)]
        q_words = sum(len(a.text[s:e].split()) for s, e in quoted_spans(a))
        for row, found, words in (
            (narration, inside, a.narration_words),
            (quoted, outside, q_words),
        ):
            row.values[a.id] = rate(len(found), words)
            row.evidence[a.id] = [
                Evidence(a.id, a.column, a.text[f.start : f.end], a.sentence(f.start))
                for f in found
            ]
        expected = scored.expected(a.narration)
        per_k = 1000 * expected / a.narration_words if a.narration_words else 0.0
        density.values[a.id] = f"{per_k:.1f}/1k"
        terms = [q for q in a.quotes if q.get("kind") == "term"]
        scare.values[a.id] = rate(len(terms), a.narration_words)
        scare.evidence[a.id] = [
            Evidence(a.id, a.column, str(q["text"]), a.sentence(int(q["start"]))) for q in terms
        ]
    reply = lexicon_measure(
        arts,
        "",
        "",
        "",
        [("right of reply", lexicons.matcher("right_of_reply", skip_names=True), False)],
    )
    m.rows = [narration, quoted, density, scare, *reply.rows]
    return m


def _with_user_words(flagged: list[Flagged], user: list[Match]) -> list[Flagged]:
    """The model's spans plus a user's words the model did not already cover, in text order."""
    extra = [
        Flagged(h.start, h.end, 1.0)
        for h in user
        if not any(f.start < h.end and h.start < f.end for f in flagged)
    ]
    return sorted(flagged + extra, key=lambda f: f.start)
