"""The story layer (ukpeace_cli.events): independently written reports of one event cluster
together, a related event with the same actors stays apart, one bridge does not chain two
events, dates and copies count as documented. Synthetic texts written for these tests."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ukpeace_cli.events import FEATURES, cluster_events, default_model, score_articles
from ukpeace_cli.events.candidates import candidate_pairs
from ukpeace_cli.events.features import article, matrices
from ukpeace_cli.linkage import average_linkage


def rec(rid: str, text: str, published: str | None = None, ents: tuple[str, ...] = ()) -> dict:
    entities = [{"text": e, "name": e, "label": "ORG", "start": 0, "end": 1} for e in ents]
    return {"id": rid, "title": None, "text": text, "published": published,
            "nlp": {"entities": entities, "quotes": []}}  # fmt: skip


# Event A: a ferry strike in a fictional port; three reports in their own words.
A1 = (
    "Ferry crews at Port Varnholm walked out on Monday, halting sailings to the Kessel islands "
    "after talks over night-shift pay collapsed. The Varnholm Seafarers Union said the strike "
    "would last 48 hours and that about 1,200 passengers had been stranded at the terminal."
)
A2 = (
    "Sailings between Port Varnholm and the Kessel islands were halted on Monday as ferry crews "
    "began a 48-hour strike. The Varnholm Seafarers Union blamed the collapse of talks on "
    "night-shift pay; some 1,200 stranded passengers waited at the ferry terminal."
)
A3 = (
    "A 48-hour strike by ferry crews stranded around 1,200 passengers at Port Varnholm on "
    "Monday. No ferries left for the Kessel islands after pay talks over night shifts broke "
    "down, the Varnholm Seafarers Union said."
)
# Event B: an unrelated story (an orchard frost), two reports.
B1 = (
    "A late frost destroyed most of the apple blossom in the Oderwald orchards overnight, "
    "growers said, warning that this autumn's harvest could fall by two thirds."
)
B2 = (
    "Oderwald apple growers fear the harvest will shrink by two thirds after an overnight "
    "late frost killed most of the orchards' blossom."
)
# Same actors as A, another event a month later: the union signs a pay deal.
A_LATER = (
    "The Varnholm Seafarers Union signed a new pay agreement with the ferry operator on "
    "Thursday, ending a month-long dispute at Port Varnholm over night-shift pay. Sailings to "
    "the Kessel islands will run to the normal timetable, the union said."
)
ENTS_A = ("Varnholm Seafarers Union", "Port Varnholm", "Kessel")


def _store() -> list[dict[str, Any]]:
    return [
        rec("a1", A1, "2031-03-03", ENTS_A),
        rec("a2", A2, "2031-03-03", ENTS_A),
        rec("a3", A3, None, ENTS_A),
        rec("b1", B1, "2031-04-10", ("Oderwald",)),
        rec("b2", B2, "2031-04-11", ("Oderwald",)),
        rec("later", A_LATER, "2031-04-03", ENTS_A),
    ]


def _groups(events: list) -> list[list[str]]:
    return sorted(sorted(e.articles) for e in events)


def test_independent_reports_cluster_and_a_later_event_stays_apart() -> None:
    events = cluster_events(_store())
    assert _groups(events) == [["a1", "a2", "a3"], ["b1", "b2"], ["later"]]


def test_event_holds_evidence_for_its_pairs() -> None:
    events = {tuple(sorted(e.articles)): e for e in cluster_events(_store())}
    ev = events[("a1", "a2", "a3")]
    pairs = {frozenset((p.a, p.b)) for p in ev.evidence}
    assert frozenset(("a1", "a2")) in pairs
    assert all(p.probability >= 0 and set(p.evidence) == set(FEATURES) for p in ev.evidence)


def test_a_distant_date_lowers_the_probability_and_an_unknown_one_is_neutral() -> None:
    model = default_model()
    same_day = [rec("x", A1, "2031-03-03"), rec("y", A2, "2031-03-03")]
    undated = [rec("x", A1, "2031-03-03"), rec("y", A2, None)]
    far = [rec("x", A1, "2031-03-03"), rec("y", A2, "2031-06-03")]
    p = {}
    for name, recs in (("same", same_day), ("undated", undated), ("far", far)):
        _, _, x = score_articles(recs, [("x", "y")])
        p[name] = float(model.probability(x)[0])
    assert p["far"] < p["undated"] < p["same"]
    _, _, x = score_articles(undated, [("x", "y")])
    assert x[0, FEATURES.index("date_near")] == 0 and x[0, FEATURES.index("date_far")] == 0


def test_copy_pairs_are_evidence_and_copy_groups_are_reported_inside_events() -> None:
    recs = _store()
    _, _, without = score_articles(recs, [("a1", "a2")])
    _, _, with_copy = score_articles(recs, [("a1", "a2")], copy_pairs=[("a2", "a1", 0.9)])
    k = FEATURES.index("copy")
    assert without[0, k] == 0 and with_copy[0, k] == 0.9
    events = cluster_events(recs, [["a1", "a2"]], copy_pairs=[("a1", "a2", 0.9)])
    ev = next(e for e in events if "a1" in e.articles)
    assert ev.copy_groups == [["a1", "a2"]]


def test_the_copy_layers_clusters_are_units_the_story_layer_only_joins() -> None:
    # The copy layer put b1 and `later` together (one text, say, that these synthetic words
    # do not show): the story layer keeps them together and adds nothing to them.
    events = cluster_events(_store(), [["b1", "later"]])
    groups = _groups(events)
    assert ["a1", "a2", "a3"] in groups
    assert any({"b1", "later"} <= set(g) for g in groups)
    ev = next(e for e in events if "b1" in e.articles)
    assert ev.copy_groups == [["b1", "later"]]
    assert average_linkage(4, [(0, 2, 0.9)], 0.5, start=[[0, 1]]) == [[0, 1], [2], [3]]
    assert average_linkage(3, [(0, 2, 0.9), (1, 2, 0.9)], 0.5, start=[[0, 1]]) == [[0, 1, 2]]


# The same union and port in another dispute: its key (the trawler, the harbour fees) is one
# the strike reports do not have, though it shares their actors and background words.
A_OTHER = (
    "Trawler owners at Port Varnholm protested against new harbour fees on Friday, mooring "
    "forty boats across the Kessel channel. The Varnholm Seafarers Union backed the trawler "
    "owners, saying the harbour fees would double for small boats."
)


def test_key_terms_tell_another_event_with_the_same_actors() -> None:
    recs = [*_store(), rec("other", A_OTHER, None, ENTS_A)]
    pairs = [("a1", "a2"), ("a1", "a3"), ("a1", "other"), ("a2", "other")]
    _, _, x = score_articles(recs, pairs)
    key, ents = x[:, FEATURES.index("key")], x[:, FEATURES.index("entities")]
    assert min(key[:2]) > max(key[2:]) + 0.1  # the strike's key terms are not in the other
    assert ents[2] == ents[0]  # the names alone cannot tell them apart
    assert key.min() >= 0.0 and key.max() <= 1.0 + 1e-6
    # Lower than the strike's own pairs (in a store this small the other dispute still scores
    # high: every actor and background word is shared; docs/events.md, limits).
    prob = default_model().probability(x)
    assert max(prob[2:]) < min(prob[:2])


def test_one_bridge_does_not_chain_two_groups() -> None:
    # 0-1 and 2-3 are tight pairs; only 1-2 links them.
    edges = [(0, 1, 0.95), (2, 3, 0.95), (1, 2, 0.9)]
    assert average_linkage(4, edges, 0.5) == [[0, 1], [2, 3]]
    # with support from every cross pair they do merge
    full = [*edges, (0, 2, 0.8), (0, 3, 0.8), (1, 3, 0.8)]
    assert average_linkage(4, full, 0.5) == [[0, 1, 2, 3]]


def test_candidates_find_the_reports_of_one_event() -> None:
    arts = [article(r) for r in _store()]
    pairs = {tuple(p) for p in candidate_pairs(matrices(arts)).tolist()}
    assert {(0, 1), (0, 2), (1, 2), (3, 4)} <= pairs
    assert all(i < j for i, j in pairs)


def test_model_file_names_its_provenance() -> None:
    raw = resources.files("ukpeace_cli").joinpath("data/events_model.json").read_text("utf-8")
    data = json.loads(raw)
    assert data["features"] == list(FEATURES)
    prov = data["provenance"]
    assert "dev" in prov["fitted_on"] and prov["command"] and prov["fitted_at"]
    assert "demo" not in prov["fitted_on"]


def test_empty_and_single_stores() -> None:
    assert cluster_events([]) == []
    (only,) = cluster_events([rec("solo", B1)])
    assert only.articles == ["solo"] and only.evidence == []


words = st.sampled_from("ferry strike union frost orchard harvest port talks pay blossom".split())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(words, min_size=0, max_size=30), min_size=0, max_size=12))
def test_every_article_is_in_exactly_one_event(texts: list[list[str]]) -> None:
    recs = [rec(f"r{k}", " ".join(t)) for k, t in enumerate(texts)]
    events = cluster_events(recs)
    seen = [a for e in events for a in e.articles]
    assert sorted(seen) == sorted(r["id"] for r in recs)
    for e in events:
        for p in e.evidence:
            assert 0.0 <= p.probability <= 1.0
            assert np.isfinite(list(p.evidence.values())).all()


def test_a_strong_copy_score_is_one_report_whatever_the_words() -> None:
    model = default_model()
    recs = [rec("x", A1), rec("y", B1)]  # nothing in common but the copy layer's verdict
    _, _, plain = score_articles(recs, [("x", "y")])
    _, _, copied = score_articles(recs, [("x", "y")], copy_pairs=[("x", "y", 0.9)])
    assert model.probability(plain)[0] < 0.1
    assert model.probability(copied)[0] >= 0.9
    # a middling copy score (a shared boilerplate paragraph) is only evidence
    _, _, shared = score_articles(recs, [("x", "y")], copy_pairs=[("x", "y", 0.6)])
    assert model.probability(shared)[0] < model.threshold


@pytest.mark.slow
def test_dedupe_events_on_the_demo_holds_its_story_and_keeps_002_apart(
    seed_store: Path, seed_records: dict[str, dict[str, Any]]
) -> None:
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    res = CliRunner().invoke(
        app, ["dedupe", "--events", "--singletons", "-s", str(seed_store), "-f", "jsonl", "-q"]
    )
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    events = [sorted(r["articles"]) for r in rows if r["type"] == "event"]
    ids = {k: rec["id"] for k, rec in seed_records.items()}
    story = sorted(ids[k] for k in ("000", "001", "003", "004"))
    assert sorted(events, key=len, reverse=True) == [story, [ids["002"]]]
    (first,) = [r for r in rows if r["type"] == "event" and r["size"] == 4]
    assert first["outlets"][:2] and all(e["probability"] > 0 for e in first["evidence"])


@pytest.mark.slow
def test_dedupe_events_keeps_the_ci_gate_and_the_copy_output(seed_store: Path) -> None:
    """With --events the copy layer's result is dropped before the story layer reads (memory):
    its pairs are still listed and the duplicate gate still answers 6."""
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    args = ["dedupe", "-s", str(seed_store), "-f", "jsonl", "-q", "--fail-on-duplicates"]
    plain = CliRunner().invoke(app, args)
    both = CliRunner().invoke(app, [*args, "--events"])
    assert plain.exit_code == both.exit_code == 6, both.output
    rows = [json.loads(line) for line in both.stdout.splitlines()]
    assert [r for r in rows if r["type"] != "event"] == [
        json.loads(line) for line in plain.stdout.splitlines()
    ]
    assert any(r["type"] == "event" for r in rows)


def test_copy_evidence_lets_the_copy_layers_working_data_go() -> None:
    """The story layer keeps only the copy layer's clusters and (a, b, score) pairs: once the
    result is dropped, the copy layer's engine (texts, arrays) is freed."""
    import gc
    import weakref

    from ukpeace_cli.dedupe import find_duplicates
    from ukpeace_cli.events import copy_evidence

    recs = [rec("a1", A1), rec("a1copy", A1 + " Sailings resume on Wednesday."), rec("a2", A2)]
    result = find_duplicates(recs, passages=False, jobs=1)
    clusters, pairs = copy_evidence(result)
    assert clusters == [c.articles for c in result.clusters if len(c.articles) > 1]
    assert sorted(clusters[0])[:2] == ["a1", "a1copy"]
    assert pairs == [(p.a, p.b, p.score) for p in [*result.pairs, *result.related]]
    assert pairs and all(isinstance(s, float) for _, _, s in pairs)
    cells = [c.cell_contents for p in result.pairs for c in p._evidence.__closure__ or ()]  # type: ignore[union-attr]
    engines = [weakref.ref(c) for c in cells if type(c).__name__ == "_Engine"]
    assert engines
    del result, cells
    gc.collect()
    assert all(ref() is None for ref in engines)


def test_terms_of_one_article_do_not_spend_the_candidate_budget() -> None:
    # Without entities (ingest --no-nlp) the reports of the strike must still be candidates
    # when each also carries many words no other article has (the heaviest TF-IDF terms).
    def own_words(tag: str) -> str:
        return " ".join(f"zq{tag}{k}x" for k in range(60))

    recs = [
        rec("a1", f"{own_words('a')} {A1}"),
        rec("a2", f"{own_words('b')} {A2}"),
        rec("b1", f"{own_words('c')} {B1}"),
        rec("b2", f"{own_words('d')} {B2}"),
    ]
    mats = matrices(article(r) for r in recs)
    pairs = {tuple(p) for p in candidate_pairs(mats).tolist()}
    assert (0, 1) in pairs and (2, 3) in pairs


def test_other_figures_in_the_lead_count_against_a_pair() -> None:
    q2 = "Northwind delivered {n} vans in the second quarter of {y}, the company said on Monday."
    recs = [
        rec("a", q2.format(n="46,140", y="2031")),
        rec("b", q2.format(n="46,140", y="2031") + " Shares rose."),
        rec("c", q2.format(n="19,200", y="2029")),
        rec("d", "Northwind said on Monday that deliveries of vans rose in the second quarter."),
    ]
    _, _, x = score_articles(recs, [("a", "b"), ("a", "c"), ("a", "d")])
    apart = x[:, FEATURES.index("figures_apart")]
    # same figures; every number other (the round words "second quarter" shared: 1 - 2/5);
    # d names only the quarter, which a holds
    assert apart.tolist() == pytest.approx([0.0, 0.6, 0.0])
    assert default_model().coef["figures_apart"] < 0


def test_ordinals_and_fractions_in_words_name_the_round() -> None:
    # Two rounds of a recurring event told in words ("its second cut", "a quarter point") differ
    # like other figures; "2nd" and "second" are one figure; a word that names no round is none.
    cut = "The Bank of Norland cut its key rate by {f} point on Thursday, its {o} cut this year."
    recs = [
        rec("a", cut.format(f="a half", o="first")),
        rec("b", cut.format(f="a half", o="1st")),
        rec("c", cut.format(f="a quarter", o="second")),
        rec("d", "The Bank of Norland cut its key rate on Thursday, the governor said."),
    ]
    assert article(recs[1]).figures == article(recs[0]).figures == frozenset({"1/2", "#1"})
    assert article(recs[2]).figures == frozenset({"1/4", "#2"})
    assert not article(recs[3]).figures
    _, _, x = score_articles(recs, [("a", "b"), ("a", "c"), ("a", "d")])
    assert x[:, FEATURES.index("figures_apart")].tolist() == [0.0, 1.0, 0.0]


@settings(max_examples=60, deadline=None)
@given(
    st.frozensets(st.integers(10, 99999), max_size=6),
    st.frozensets(st.integers(10, 99999), max_size=6),
)
def test_figures_apart_is_symmetric_and_bounded(a: frozenset[int], b: frozenset[int]) -> None:
    from ukpeace_cli.events.model import figures_apart

    ra, rb = (
        article(rec(k, "Report of the day. " + " ".join(map(str, s))))
        for k, s in (("a", a), ("b", b))
    )
    v = figures_apart(ra, rb)
    assert v == figures_apart(rb, ra) and 0.0 <= v <= 1.0
    assert (v == 0.0) == (not a or not b or a <= b or b <= a)


def test_only_said_words_count_as_shared_quotes() -> None:
    # Beliefs, topics and findings (PolNeAR's wider attributions) are kept in the store but are
    # no evidence that two reports share a quote; speech kinds are.
    said = {"kind": "indirect", "speaker": "Ada Morn", "text": "ferry talks collapsed over pay"}
    rows = [dict(said, kind=k) for k in ("direct", "indirect", "attitude", "topic", "finding")]
    r = rec("q1", A1)
    r["nlp"]["quotes"] = rows
    assert len(article(r).quotes) == 2


def test_a_loose_copy_pair_of_two_rounds_is_not_a_unit() -> None:
    # The copy layer joined two rounds of a templated report (other quarter, other figures)
    # through a loose copy pair; a pair with the same figures, or a strong one, stays a unit.
    q2 = "Northwind delivered {n} vans in the second quarter of {y}, the company said on Monday."
    recs = [
        rec("r1", q2.format(n="46,140", y="2031")),
        rec(
            "r2",
            "A parts shortage at its plant cut Northwind's van deliveries to 19,200 in the "
            "second quarter of 2029.",
        ),
        rec("r3", q2.format(n="46,140", y="2031") + " Shares rose."),
    ]
    model = default_model()
    assert model.unit_floor > 0
    loose = [("r1", "r2", 0.6), ("r1", "r3", 0.6)]
    events = cluster_events(recs, [["r1", "r2", "r3"]], copy_pairs=loose)
    assert ["r2"] in _groups(events) and ["r1", "r3"] in _groups(events)
    ev = next(e for e in events if "r1" in e.articles)
    assert ev.copy_groups == [["r1", "r3"]]  # the copy group as far as it falls inside
    strong = [("r1", "r2", 0.95), ("r1", "r3", 0.6)]
    assert _groups(cluster_events(recs, [["r1", "r2", "r3"]], copy_pairs=strong)) == [
        ["r1", "r2", "r3"]
    ]
    whole = replace(model, unit_floor=0.0)  # the model files before session 9
    kept = cluster_events(recs, [["r1", "r2", "r3"]], copy_pairs=loose, model=whole)
    assert _groups(kept) == [["r1", "r2", "r3"]]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 11), max_size=12, unique=True),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20),
)
def test_cutting_units_only_splits_them(order: list[int], pairs: list[tuple[int, int]]) -> None:
    from ukpeace_cli.events.cluster import _cut_units

    start = [order[:4], order[4:7], order[7:]]
    start = [g for g in start if g]
    out = _cut_units(start, np.array(pairs, np.int64).reshape(-1, 2), 12)
    assert sorted(k for g in out for k in g) == sorted(order)
    unit = {k: n for n, g in enumerate(start) for k in g}
    assert all(len({unit[k] for k in g}) == 1 for g in out)  # never joins two units
    for i, j in pairs:  # a kept pair inside a unit holds its two ends together
        if i in unit and unit[i] == unit.get(j):
            assert any(i in g and j in g for g in out)
