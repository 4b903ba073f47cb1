"""Origin, credit and reuse (issue 13 item 4): the credited source is the origin when the
crediting copies agree, a copy crediting the wire or outlet it copies is credited reuse, undated
copies give "order unknown", and `compare --graph` exports the spread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ukpeace_cli import compare, dedupe
from ukpeace_cli.cli import app
from ukpeace_cli.compare import Article, Citation, SharedPassage, reuse
from ukpeace_cli.dedupe import origin as dedupe_origin


def credited_majority(named: list[list[str]]) -> Any:
    return dedupe_origin.credited_majority(named)


def origin_claim(arts: list[Any], cites: dict[str, list[Citation]]) -> Any:
    return compare.origin_claim(arts, cites)


STORY = [
    "The roof of the Tarsk city museum gave way under heavy snow early on Sunday morning.",
    "Curators moved forty paintings from the east wing to a bank vault before noon.",
    "The building had been closed for repairs since a storm damaged its gutters in March.",
    "The regional governor said the state would pay for a new roof within the year.",
    "Nobody was inside when the beams broke, the fire service said in a statement.",
]


def _rec(rid: str, text: str, outlet: str, published: str | None = None, **kw: Any) -> dict:
    return {"id": rid, "source": f"made/{rid}.txt", "outlet": outlet, "published": published,
            "text": text, "nlp": None, **kw}  # fmt: skip


def _art(rid: str, outlet: str, published: str | None = None, wire: list[str] | None = None) -> Any:
    text = " ".join(STORY)
    record = {"id": rid, "text": text, "published": published, "wire": wire or []}
    record["paragraphs"] = [{"start": 0, "end": len(text)}]
    return Article(rid, f"{rid}.txt", outlet, outlet, record, [(0, len(record["text"]))], 60)


def _cite(name: str) -> Citation:
    return Citation(name, "outlet", 0, 10, "reported")


def _passage(earlier: str, later: str, known: bool = True) -> SharedPassage:
    text = STORY[0]
    return SharedPassage(earlier, later, text, text, 0, len(text), 0, len(text), 1.0, False, known)


# --- the origin: the credited source when the crediting members agree -------------------------


def test_majority_of_crediting_members_names_the_origin() -> None:
    assert credited_majority([["Tarsk Monthly"], [], ["AP"]]) is None  # a tie is no majority
    assert credited_majority([["Tarsk Monthly"], [], ["Tarsk Monthly"], ["AP"]]) == (
        "Tarsk Monthly",
        2,
        3,
    )
    assert credited_majority([[], []]) is None


@given(st.lists(st.lists(st.sampled_from(["AP", "Reuters", "Tarsk Monthly"]), max_size=2)))
def test_majority_is_credited_by_more_than_half_of_the_crediting(named: list[list[str]]) -> None:
    got = credited_majority(named)
    crediting = [n for n in named if n]
    if got is not None:
        label, k, n = got
        assert n == len(crediting) and 2 * k > n
        assert k == sum(label in names for names in crediting)


def test_dedupe_origin_is_the_credited_magazine_not_the_earliest_reprint() -> None:
    # The reprint is dated earliest, but every copy that credits anything credits the magazine.
    magazine = _rec("m", " ".join(STORY), "tarskmonthly.com", "2024-05-02T09:00Z")
    reprint = _rec("r", " ".join(STORY), "northernpost.com", "2024-05-01T07:00Z")
    copy = _rec("c", "As Tarsk Monthly reported, " + " ".join(STORY), "dailyvale.com",
                "2024-05-03T07:00Z")  # fmt: skip
    (story,) = dedupe.find_duplicates([reprint, magazine, copy]).clusters
    assert (story.first_outlet, story.first_basis, story.first_article) == (
        "tarskmonthly.com",
        "credit",
        "m",
    )


def test_dedupe_origin_is_the_earliest_dated_member_when_some_are_undated() -> None:
    a = _rec("a", " ".join(STORY), "northernpost.com", "2024-05-01T07:00Z")
    b = _rec("b", " ".join(STORY), "dailyvale.com")
    (story,) = dedupe.find_duplicates([b, a]).clusters
    assert (story.first_outlet, story.first_basis) == ("northernpost.com", "published")


def test_compare_origin_is_the_credited_outlet_in_the_story_with_its_evidence() -> None:
    arts = [
        _art("m", "tarskmonthly.com", "2024-05-02"),
        _art("r", "northernpost.com", "2024-05-01"),
    ]
    arts += [_art("c", "dailyvale.com", "2024-05-03"), _art("d", "eastwire.net", "2024-05-04")]
    cites = {"m": [], "r": [_cite("Tarsk Monthly")], "c": [_cite("Tarsk Monthly")], "d": []}
    claim = origin_claim(arts, cites)
    assert (claim.name, claim.basis) == ("Tarsk Monthly", "credit")
    assert set(claim.support) == {"r", "c"}
    assert all(ev[0].sentence for ev in claim.support.values())


def test_compare_origin_unknown_when_nothing_is_credited_or_dated() -> None:
    arts = [_art("a", "northernpost.com"), _art("b", "dailyvale.com")]
    assert (
        origin_claim(arts, {"a": [], "b": []}).name,
        origin_claim(arts, {"a": [], "b": []}).basis,
    ) == (None, "unknown")


def test_compare_origin_from_the_records_wire_field() -> None:
    arts = [_art("a", "northernpost.com", wire=["AFP"]), _art("b", "dailyvale.com", wire=["AFP"])]
    assert origin_claim(arts, {"a": [], "b": []}).name == "AFP"


# --- reuse: credited copies, unknown order ------------------------------------------------------


def _flag(measure: Any, rid: str) -> Any:
    return next(r for r in measure.rows if r.label == "uncredited reuse").values[rid]


def test_wire_copy_crediting_the_wire_is_credited_reuse() -> None:
    arts = [
        _art("a", "northernpost.com", "2024-05-01", wire=["AFP"]),
        _art("b", "dailyvale.com", "2024-05-02"),
    ]
    cites = {"a": [], "b": [_cite("AFP")]}
    m = reuse(arts, [_passage("a", "b")], cites, None)
    assert _flag(m, "b") == "credited"
    uncredited = {"a": [], "b": []}
    assert _flag(reuse(arts, [_passage("a", "b")], uncredited, None), "b") == "yes"


def test_copy_crediting_the_origin_is_credited_reuse() -> None:
    arts = [_art("a", "northernpost.com", "2024-05-01"), _art("b", "dailyvale.com", "2024-05-02")]
    cites = {"a": [_cite("Tarsk Monthly")], "b": [_cite("Tarsk Monthly")]}
    assert _flag(reuse(arts, [_passage("a", "b")], cites, "Tarsk Monthly"), "b") == "credited"


def test_undated_copies_give_order_unknown_not_no_reuse() -> None:
    arts = [_art("a", "northernpost.com"), _art("b", "dailyvale.com")]
    m = reuse(arts, [_passage("a", "b", known=False)], {"a": [], "b": []}, None)
    assert _flag(m, "a") == _flag(m, "b") == "order unknown"


def test_dedupe_pair_crediting_the_wire_the_earlier_copy_carries_is_credited() -> None:
    first = _rec("w1", " ".join(STORY), "northernpost.com", "2024-05-01T07:00Z", wire=["AFP"])
    later = _rec("w2", " ".join(STORY[:4]) + " (AFP)", "dailyvale.com", "2024-05-01T09:00Z")
    (pair,) = dedupe.find_duplicates([first, later]).pairs
    assert (pair.a, pair.direction, pair.credited) == ("w1", "published", True)


# --- compare --graph ----------------------------------------------------------------------------


def test_graph_graphml_has_the_origin_and_credit_evidence(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "spread.graphml"
    res = CliRunner().invoke(app, ["compare", "--store", str(seed_store), "--graph", str(out)])
    assert res.exit_code == 0, res.stderr
    g = nx.read_graphml(out)
    origin = [n for n, d in g.nodes(data=True) if d.get("origin") is True]
    assert [g.nodes[n]["label"] for n in origin] == ["Radio Free Europe/Radio Liberty"]
    credits = [d for _, v, d in g.edges(data=True) if d["kind"] == "credit" and v == origin[0]]
    assert len(credits) == 4 and all("Radio" in d["evidence"] for d in credits)
    assert sum(d["kind"] == "article" for _, d in g.nodes(data=True)) == 4


def test_graph_dot_and_unknown_suffix(seed_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "spread.dot"
    res = CliRunner().invoke(app, ["compare", "--store", str(seed_store), "--graph", str(out)])
    assert res.exit_code == 0, res.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith(("strict digraph", "digraph"))
    bad = tmp_path / "spread.png"
    res = CliRunner().invoke(app, ["compare", "--store", str(seed_store), "--graph", str(bad)])
    assert res.exit_code == 2 and ".graphml or .dot" in res.stderr and not bad.exists()
