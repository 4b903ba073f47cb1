"""dedupe: story clusters, pairs and passages on the seeds (with and without NLP), the guards
(chaining, boilerplate, quotations), direction, the scale path, and the command."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from helpers.corpus import build_corpus
from helpers.records import made_record
from ukpeace_cli import dedupe, shingles
from ukpeace_cli.cli import app
from ukpeace_cli.store import Store

runner = CliRunner()
SEED_STORY = {"000", "001", "003", "004"}


def _label(records: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {r["id"]: key for key, r in records.items()}


def _no_nlp(records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {k: {**r, "nlp": None} for k, r in records.items()}


@pytest.fixture(scope="module", params=["nlp", "no-nlp"])
def seed_result(
    request: pytest.FixtureRequest, seed_records: dict[str, dict[str, Any]]
) -> tuple[dedupe.DedupeResult, dict[str, str]]:
    records = seed_records if request.param == "nlp" else _no_nlp(seed_records)
    result = dedupe.find_duplicates([records[k] for k in sorted(records)], passages=True)
    return result, _label(records)


# --- seeds ------------------------------------------------------------------------------------


def test_seed_story_cluster_and_002_alone(seed_result: Any) -> None:
    result, label = seed_result
    groups = [{label[a] for a in c.articles} for c in result.clusters]
    assert groups == [SEED_STORY, {"002"}]
    assert [c.id for c in result.clusters] == ["story-1", "story-2"]
    story = result.clusters[0]
    # All four credit the same origin; three of them also credit an earlier report ("Le Monde
    # also reported", "Le Monde previously reported"), which the credit detector now reads.
    assert story.credited_sources == ["Radio Liberty", "Le Monde"]
    # The outlet every member credits broke the story (issue 13 item 4); it is not in the store.
    assert (story.first_outlet, story.first_basis) == ("Radio Liberty", "credit")
    assert story.first_article is None
    assert label[story.articles[0]] == "004"  # the dated article first


def test_seed_pairs_never_involve_002(seed_result: Any) -> None:
    result, label = seed_result
    pairs = {frozenset((label[p.a], label[p.b])) for p in result.pairs}
    assert all("002" not in p for p in pairs)
    for pair in (("003", "004"), ("001", "004"), ("000", "004"), ("000", "003")):
        assert frozenset(pair) in pairs
    assert all(p.story == "story-1" for p in result.pairs)
    assert all(p.score >= dedupe.DEFAULT_THRESHOLD for p in result.pairs)


def _passage(result: dedupe.DedupeResult, label: dict[str, str], a: str, b: str) -> list[Any]:
    return [p for p in result.passages if {label[p.earlier], label[p.later]} == {a, b}]


def _has(passages: list[Any], a: str, b: str, label: dict[str, str], left: str) -> bool:
    """A passage whose `left` article's side contains text a and the other side text b."""
    for p in passages:
        texts = {label[p.earlier]: p.earlier_text, label[p.later]: p.later_text}
        other = next(k for k in texts if k != left)
        if a in texts[left] and b in texts[other]:
            return True
    return False


def test_seed_radio_liberty_paraphrases_are_listed(seed_result: Any) -> None:
    result, label = seed_result
    p34 = _passage(result, label, "003", "004")
    assert _has(p34, "not at the NATO level", "not at the NATO level", label, "003")
    assert _has(
        p34, "concrete proposals and options", "concrete proposals and support", label, "003"
    )
    p13 = _passage(result, label, "001", "003")
    assert _has(p13, "not within NATO", "not at the NATO level", label, "001")
    p14 = _passage(result, label, "001", "004")
    assert _has(p14, "Deividas Matulionis", "Deyvidas Matulionis", label, "001")
    assert _has(p14, "Le Monde reported", "Le Monde previously reported", label, "001")
    p04 = _passage(result, label, "000", "004")
    assert _has(
        p04,
        "prepare options for different scenarios",
        "prepare options for various scenarios",
        label,
        "000",
    )


def test_seed_passage_direction_is_honest(seed_result: Any) -> None:
    result, label = seed_result
    assert result.passages
    for p in result.passages:
        # Only 004 is dated and none credits another's outlet: nothing tells who was first.
        assert p.direction == "unknown" and p.credited is False
        assert p.kind == "paraphrase"
        assert 0 < p.similarity <= 1
        full = {label[p.earlier]: p.earlier_text, label[p.later]: p.later_text}
        assert "002" not in full


def test_seed_passage_offsets_point_into_text(
    seed_result: Any, seed_records: dict[str, dict[str, Any]]
) -> None:
    result, label = seed_result
    for p in result.passages:
        a, b = p.earlier_span
        assert seed_records[label[p.earlier]]["text"][a:b] == p.earlier_text
        a, b = p.later_span
        assert seed_records[label[p.later]]["text"][a:b] == p.later_text


def test_seed_quoted_report_is_flagged_on_its_side(seed_result: Any) -> None:
    # 000 quotes the Radio Liberty report ("The report stated: '...'"); 004 narrates it.
    result, label = seed_result
    (p,) = [
        p
        for p in _passage(result, label, "000", "004")
        if "prepare options for different scenarios" in p.earlier_text + p.later_text
    ]
    sides = {label[p.earlier]: p.earlier_quoted, label[p.later]: p.later_quoted}
    assert sides == {"000": True, "004": False}
    assert p.quote is False  # one side narrates it: reuse, not two outlets quoting one source
    assert p.sentences == 1  # the quotation is not merged with the narration after it


# --- guards and direction on small made-up articles --------------------------------------------


_rec = made_record


STORY = [
    "The harbour authority of Valmora closed the northern pier after inspectors found cracks.",
    "Engineers said the concrete beneath the crane rails had shifted by eleven centimetres.",
    "Fishing crews were told to move their boats to the southern basin until further notice.",
    "The mayor promised an independent review of the maintenance contracts signed in 2019.",
    "Repairs are expected to take at least four months and cost about two million euros.",
]
OTHER = [
    "A new ferry line between Ostrel and the islands will start running in the spring.",
    "The operator said tickets would go on sale next month at reduced prices for residents.",
    "Local businesses welcomed the route, which had been suspended for almost six years.",
    "Two vessels have been leased from a company in the north of the country.",
]
GENERIC = "The region has seen rising investment in transport infrastructure in recent years."


def test_chaining_through_one_generic_sentence_is_blocked() -> None:
    a = _rec("a", " ".join(STORY), outlet="one.com")
    b = _rec("b", " ".join(STORY[:4]) + " " + GENERIC, outlet="two.com")
    c = _rec("c", " ".join(OTHER) + " " + GENERIC, outlet="three.com")
    result = dedupe.find_duplicates([a, b, c])
    groups = sorted(sorted(cl.articles) for cl in result.clusters)
    assert groups == [["a", "b"], ["c"]]
    assert {frozenset((p.a, p.b)) for p in result.pairs} == {frozenset(("a", "b"))}


def test_outlet_boilerplate_is_not_evidence() -> None:
    footer = (
        "Follow Harbour Daily on every platform for the latest regional news and updates. "
        "Our journalism is funded by readers like you, so please consider a subscription today."
    )
    texts = [
        " ".join(STORY[:2]),
        " ".join(OTHER[:2]),
        "A storm closed schools across the coast "
        "on Monday. Teachers said classes would resume on Wednesday if the roads are clear.",
    ]
    recs = [
        _rec(f"h{k}", t + "\n\n" + footer, outlet="harbourdaily.com") for k, t in enumerate(texts)
    ]
    result = dedupe.find_duplicates(recs)
    assert result.pairs == []
    assert all(len(c.articles) == 1 for c in result.clusters)


def test_direction_by_publication_time_then_by_credit() -> None:
    first = _rec("x1", " ".join(STORY), outlet="valmoratimes.com", published="2024-03-01T08:00Z")
    later = _rec("x2", " ".join(STORY[1:]), outlet="coastnews.com", published="2024-03-01T11:30Z")
    result = dedupe.find_duplicates([later, first], passages=True)
    (pair,) = result.pairs
    assert (pair.a, pair.b, pair.direction, pair.credited) == ("x1", "x2", "published", False)
    assert all(p.earlier == "x1" and p.direction == "published" for p in result.passages)
    assert result.clusters[0].first_outlet == "valmoratimes.com"
    assert result.clusters[0].first_basis == "published"

    credited = _rec("y2", "Valmora Times reported the closure first. " + " ".join(STORY[1:]))
    original = _rec("y1", " ".join(STORY), outlet="valmoratimes.com")
    result = dedupe.find_duplicates([credited, original], passages=True)
    (pair,) = result.pairs
    assert (pair.a, pair.b, pair.direction, pair.credited) == ("y1", "y2", "credit", True)
    assert result.clusters[0].first_article == "y1"
    # Members run by publication time, undated ones in store order (the credited original is
    # `first_article`, not moved first); with no outlet, the source file stem stands in.
    assert result.clusters[0].articles == ["y2", "y1"]
    assert result.clusters[0].outlets == ["y2", "valmoratimes.com"]


def test_far_apart_dates_pull_a_pair_apart() -> None:
    a = _rec("d1", " ".join(STORY), published="2024-03-01")
    b = _rec("d2", " ".join(STORY[:4]), published="2024-03-02")
    c = _rec("d3", " ".join(STORY[:4]), published="2025-03-02")
    near = dedupe.find_duplicates([a, b]).pairs
    assert len(near) == 1 and near[0].score > 0.9 and near[0].date_gap_days == 1.0
    # The same text a year later is another story (an anniversary piece, a re-run).
    assert dedupe.find_duplicates([a, c], threshold=0.01).pairs == []


def test_shared_quotation_is_flagged_as_quote() -> None:
    quote = (
        "“We will not accept any agreement that leaves our fishing crews without a harbour "
        "for the whole winter season,” said the union leader Marta Kovel."
    )
    a = _rec("q1", " ".join(STORY[:3]) + "\n\n" + quote, outlet="one.com")
    b = _rec("q2", " ".join(STORY[:3]) + "\n\n" + quote, outlet="two.com")
    result = dedupe.find_duplicates([a, b], passages=True)
    quoted = [p for p in result.passages if "Marta Kovel" in p.earlier_text]
    assert quoted and all(p.quote and p.earlier_quoted and p.later_quoted for p in quoted)
    assert all(not p.quote for p in result.passages if "Marta Kovel" not in p.earlier_text)
    assert any(p.kind == "copy" for p in result.passages)


def test_deterministic(seed_records: dict[str, dict[str, Any]]) -> None:
    recs = [seed_records[k] for k in sorted(seed_records)]
    one = dedupe.find_duplicates(recs)
    two = dedupe.find_duplicates(recs)
    assert [dedupe.pair_record(p) for p in one.pairs] == [dedupe.pair_record(p) for p in two.pairs]
    assert [dedupe.passage_record(p) for p in one.passages] == [
        dedupe.passage_record(p) for p in two.passages
    ]


# --- text units ---------------------------------------------------------------------------------


def test_regex_sentence_splitter_keeps_abbreviations() -> None:
    text = "U.S. President-elect Trump met Lt. Gen. Kellogg on Nov. 27. Then he left.\nNew line"
    spans = shingles.split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "U.S. President-elect Trump met Lt. Gen. Kellogg on Nov. 27.",
        "Then he left.",
        "New line",
    ]


def test_quote_shares_ignore_apostrophes() -> None:
    text = "MailOnline’s reporter said it. He said: ‘I don’t think so.’"
    spans = shingles.split_sentences(text)
    shares = shingles.quote_shares(text, spans)
    assert shares[0] == 0.0 and shares[1] > 0.5


def test_credits_and_labels() -> None:
    from ukpeace_cli.parsing.cited import credited_names

    text = (
        "A senior official told Radio Free Europe/Radio Liberty (RFE/RL) about it. "
        "According to Le Monde, talks resumed. Reuters reported the same. (AP) — Later."
    )
    found = credited_names(text)
    for name in ("Radio Liberty", "Le Monde", "Reuters", "AP"):
        assert name in found
    assert shingles.same_label("Daily Mail", "dailymail.co.uk")
    assert not shingles.same_label("NATO", "novinite.com")


# --- the scale path ----------------------------------------------------------------------------


def _bench_corpus(tmp_path: Path, n: int) -> tuple[Path, dict[str, str]]:
    out = tmp_path / "corpus.jsonl"
    truth = build_corpus(out, n, seed=7)
    return out, dict(line.split("\t") for line in truth.read_text().splitlines())


def test_lsh_path_recovers_the_synthetic_stories(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import itertools

    store, truth = _bench_corpus(tmp_path, 300)
    monkeypatch.setattr(dedupe.candidates, "EXHAUSTIVE_SENTENCE_PAIRS", 0)
    result = dedupe.find_duplicates(Store(store).iter_records(), passages=False)
    assert result.stats["mode"] == "lsh"

    def co_pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
        return {p for g in groups for p in itertools.combinations(sorted(g), 2)}

    by_story: dict[str, list[str]] = {}
    for rid, story in truth.items():
        by_story.setdefault(story, []).append(rid)
    true = co_pairs(list(by_story.values()))
    found = co_pairs([c.articles for c in result.clusters])
    tp = len(true & found)
    assert tp / len(found) >= 0.95 and tp / len(true) >= 0.95


def test_parallel_verification_gives_the_same_result(tmp_path: Path) -> None:
    store, _ = _bench_corpus(tmp_path, 120)

    def run(jobs: int) -> tuple[Any, ...]:
        r = dedupe.find_duplicates(Store(store).iter_records(), jobs=jobs)
        return (
            [c.articles for c in r.clusters],
            [dedupe.pair_record(p) for p in r.pairs],
            [dedupe.passage_record(p) for p in r.passages],
        )

    assert run(1) == run(2)


# --- the command --------------------------------------------------------------------------------


def _jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_cli_jsonl_records(seed_store: Path, seed_records: dict[str, dict[str, Any]]) -> None:
    result = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--passages", "-f", "jsonl"])
    assert result.exit_code == 0, result.stderr
    recs = _jsonl(result.stdout)
    types = [r["type"] for r in recs]
    assert types == sorted(types, key=["cluster", "pair", "passage"].index)
    clusters = [r for r in recs if r["type"] == "cluster"]
    label = _label(seed_records)
    assert [{label[a] for a in c["articles"]} for c in clusters] == [SEED_STORY]  # no singletons
    assert list(clusters[0]) == list(
        dedupe.cluster_record(dedupe.Cluster("x", [], [], [], [], None, None, "unknown", []))
    )
    pair = next(r for r in recs if r["type"] == "pair")
    assert list(pair)[:6] == ["type", "story", "articles", "sources", "outlets", "score"]
    assert len(pair["articles"]) == len(pair["sources"]) == len(pair["outlets"]) == 2
    assert len(pair["covered"]) == 2
    passage = next(r for r in recs if r["type"] == "passage")
    assert passage["direction"] == "unknown" and len(passage["texts"]) == 2
    assert "earlier_text" not in passage
    assert "1 story with more than one article" in result.stderr


def test_cli_is_deterministic(seed_store: Path) -> None:
    args = ["dedupe", "-s", str(seed_store), "-p", "-f", "jsonl", "-q"]
    assert runner.invoke(app, args).stdout == runner.invoke(app, args).stdout


def test_cli_focus_and_singletons(seed_store: Path, seed_records: dict[str, Any]) -> None:
    label = _label(seed_records)
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--singletons", "-f", "jsonl"])
    clusters = [r for r in _jsonl(out.stdout) if r["type"] == "cluster"]
    assert [r["story"] for r in clusters] == ["story-1", "story-2"]
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--article", "002", "-f", "jsonl"])
    assert out.exit_code == 0
    recs = _jsonl(out.stdout)
    assert [(r["type"], [label[a] for a in r["articles"]]) for r in recs] == [("cluster", ["002"])]
    out = runner.invoke(
        app, ["dedupe", "-s", str(seed_store), "--story", "story-1", "-p", "-f", "jsonl"]
    )
    recs = _jsonl(out.stdout)
    assert {r["story"] for r in recs} == {"story-1"}
    assert {r["type"] for r in recs} == {"cluster", "pair", "passage"}
    out = runner.invoke(
        app, ["dedupe", "-s", str(seed_store), "--article", "004_1e5", "-p", "-f", "jsonl"]
    )
    recs = _jsonl(out.stdout)
    assert all(seed_records["004"]["id"] in r["articles"] for r in recs)


def test_cli_no_match_and_usage_errors(seed_store: Path) -> None:
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--story", "story-9"])
    assert out.exit_code == 3 and out.stdout == ""
    assert out.stderr.splitlines()[-1].startswith("Error: no story 'story-9'")
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--article", "nope"])
    assert out.exit_code == 3 and "no article matches" in out.stderr
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--article", "00"])
    assert out.exit_code == 2 and "matches 5 articles" in out.stderr
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "--threshold", "2"])
    assert out.exit_code == 2
    out = runner.invoke(app, ["dedupe", "-s", "missing.jsonl"])
    assert out.exit_code == 5


def test_cli_fail_on_duplicates(seed_store: Path) -> None:
    base = ["dedupe", "-s", str(seed_store), "-f", "jsonl", "--fail-on-duplicates"]
    assert runner.invoke(app, base).exit_code == 6
    assert runner.invoke(app, [*base, "--article", "002"]).exit_code == 0
    assert runner.invoke(app, [*base, "--threshold", "0.99"]).exit_code == 0


def test_cli_table(seed_store: Path) -> None:
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "-p", "-f", "table"])
    assert out.exit_code == 0
    for title in ("Stories", "Pairs", "Passages"):
        assert title in out.stdout
    assert "\x1b[" not in out.stdout


def test_cli_csv_has_one_header(seed_store: Path) -> None:
    out = runner.invoke(app, ["dedupe", "-s", str(seed_store), "-f", "csv"])
    lines = out.stdout.splitlines()
    assert lines[0].startswith("type,story,")
    assert sum(1 for line in lines if line.startswith("type,")) == 1


# --- the vectorised counting helpers against plain Python --------------------------------------

_ints = st.lists(st.integers(0, 2**31 - 1) | st.integers(0, 6), max_size=60)


@given(_ints)
def test_unique_and_counts_match_python(values: list[int]) -> None:
    a = np.asarray(values, dtype=np.int64)
    assert shingles.unique(a).tolist() == sorted(set(values))
    got_v, got_c = shingles.unique_counts(a)
    want = sorted(Counter(values).items())
    assert list(zip(got_v.tolist(), got_c.tolist(), strict=True)) == want


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.lists(st.integers(0, 9), max_size=8)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 200),
)
def test_boilerplate_counts_match_a_plain_count(arts: list[Any], n_extra: int) -> None:
    """Each sentence fingerprint's article count overall and per outlet, as the docstring says."""
    fake = SimpleNamespace(
        arts=[SimpleNamespace(outlet=o, fp=np.asarray(f, dtype=np.uint32)) for o, f in arts],
        n=len(arts) + n_extra,  # the store size sets the cap; here it varies independently
    )
    boiler, weight = dedupe._Engine._boilerplate(fake)  # type: ignore[arg-type]
    overall: Counter[int] = Counter()
    per_outlet: Counter[tuple[str, int]] = Counter()
    for o, f in arts:
        overall.update(set(f))
        per_outlet.update((o, x) for x in set(f))
    cap = max(dedupe.BOILER_MIN_DF, fake.n // 100)
    for (o, f), b, w in zip(arts, boiler, weight, strict=True):
        want_b = [overall[x] > cap or per_outlet[(o, x)] >= dedupe.BOILER_OUTLET_REPEATS for x in f]
        want_w = [min(1.0, dedupe.SENT_DF_FREE / overall[x]) for x in f]
        assert b.tolist() == want_b
        assert w.tolist() == pytest.approx(want_w)


WIRE = (
    "Harbour pier closed after cracks found\n\n"
    "The harbour authority of Valmora closed the northern pier on Monday after inspectors "
    "found cracks in the concrete.\n\n"
    "“We cannot let anyone work there until the engineers are done,” said Lena Brask, the "
    "authority's director.\n\n"
    "Engineers said the ground beneath the crane rails had shifted by eleven centimetres since "
    "the spring.\n\n"
    "Fishing crews were told to move their boats to the southern basin until further notice, "
    "the authority said.\n"
)


def test_verbatim_copies_from_three_outlets_are_one_copy_group(
    tmp_path: Path, pipeline: Any
) -> None:
    """One wire story, word for word, on three sites: three records, one copy group naming
    every outlet, and `compare` with a column per outlet."""
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs, load_manifest

    outlets = ["alpha.example", "beta.example", "gamma.example"]
    lines = []
    for n, outlet in enumerate(outlets):
        (tmp_path / f"{outlet}.txt").write_text(WIRE, encoding="utf-8")
        lines.append(f"{outlet}.txt: {{outlet: {outlet}, published: '2024-03-01T0{8 + n}:00Z'}}")
    (tmp_path / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = tmp_path / "s.jsonl"
    paths = [str(tmp_path / f"{o}.txt") for o in outlets]
    items = iter_inputs(paths, manifest=load_manifest(str(tmp_path / "manifest.yaml")))
    results = list(ingest(items, Store(store), pipeline=pipeline, annotator=annotate_record))
    assert [(r.status, r.outlet) for r in results] == [("added", o) for o in outlets]
    ids = [r.id for r in results]
    assert len(set(ids)) == 3

    out = runner.invoke(app, ["dedupe", "-s", str(store), "-f", "jsonl", "-q"])
    assert out.exit_code == 0, out.stderr
    (cluster,) = [r for r in _jsonl(out.stdout) if r["type"] == "cluster"]
    assert (cluster["articles"], cluster["outlets"]) == (ids, outlets)
    assert cluster["copies"] == [{"articles": ids, "outlets": outlets}]
    assert cluster["first_outlet"] == "alpha.example"
    out = runner.invoke(app, ["dedupe", "-s", str(store), "-f", "table", "-q"])
    assert out.exit_code == 0, out.stderr
    assert "Verbatim copies" in out.stdout
    assert "alpha.example = beta.example =" in out.stdout  # the copy group, named by outlet

    out = runner.invoke(app, ["compare", "-s", str(store), "-f", "jsonl", "-q"])
    assert out.exit_code == 0, out.stderr
    rows = _jsonl(out.stdout)
    overview = [r for r in rows if r["measure"] == "overview"]
    assert [r["article_id"] for r in overview] == ids
    assert [r["outlet"] for r in overview] == outlets
    reuse = {r["outlet"]: r["values"] for r in rows if r["measure"] == "reuse"}
    # A copy taken from two identical earlier copies reuses its words once, not twice.
    assert reuse["gamma.example"]["narration reused"] == reuse["beta.example"]["narration reused"]
    assert reuse["alpha.example"]["narration reused"] == "0%"


def test_copies_group_only_identical_texts() -> None:
    a = _rec("c1", " ".join(STORY), outlet="one.com")
    b = _rec("c2", " ".join(STORY), outlet="two.com")
    c = _rec("c3", " ".join(STORY[:-1]), outlet="three.com")
    (cluster,) = dedupe.find_duplicates([a, b, c]).clusters
    record = dedupe.cluster_record(cluster)
    assert record["articles"] == ["c1", "c2", "c3"]
    assert record["copies"] == [{"articles": ["c1", "c2"], "outlets": ["one.com", "two.com"]}]
