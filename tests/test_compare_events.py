"""`compare --stories events`: the story layer's events as compare's unit, with the copy groups
inside. A made-up store (texts written for these tests, not the demo articles): two reports of
one event written independently (r1, r2), a copy of r1 on a third site that credits it (r3),
and a later, different event with the same people and places (r4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ukpeace_cli.cli import app

R1 = """Spillway gate jams at Orvensee dam, hundreds leave Haldrup

A steel gate on the spillway of the Orvensee dam jammed half open early on Tuesday, sending a \
surge of water down the Marrow valley and forcing about 300 residents of Haldrup to leave \
their homes before dawn.

County engineer Mira Tovesk said the gate's hoist motor had failed during a routine test at \
3 a.m. and that crews from Brannick Hydro, which runs the dam, could not close it by hand.

"The dam itself is sound. What we have is a gate we cannot move, and until we can, the lower \
streets of Haldrup are not safe," Tovesk told reporters at the fire station.

Water reached the doorsteps of houses along Millrace Lane by mid-morning. The county opened the \
sports hall on Kettle Road as a shelter and said buses would run to it every half hour.

Brannick Hydro said divers would inspect the gate once the flow eased and that a spare hoist \
motor was being driven from its depot in Osterby.
"""
# A copy of R1 on another site, shortened, crediting the outlet that first had it.
R3 = """Haldrup evacuated after dam gate jams

This story was first reported by the Haldrup Courier.

""" + R1.split("\n\n", 1)[1].rsplit("\n\n", 1)[0].replace(
    " and said buses would run to it every half hour", ""
)
R2 = """Families flee flooding in Haldrup as Orvensee spillway gate sticks open

Around 300 people were moved out of low-lying Haldrup on Tuesday after a spillway gate at the \
Orvensee dam stuck partly open overnight and released a wave of water into the Marrow valley.

The failure began when the motor that lifts the gate broke down in a test in the early hours, \
according to the county, and Brannick Hydro staff were unable to lower the gate manually.

Mira Tovesk, the county's engineer, stressed that the dam wall was not at risk but warned \
residents of the lower town to stay away from the river until the gate is shut.

Millrace Lane was under several centimetres of water by late morning. Evacuated families spent \
the day in the Kettle Road sports hall, where volunteers handed out blankets and soup.

A replacement motor is on its way from Osterby, the operator said, and divers will examine the \
gate when the water slows.
"""
# Five weeks later: the same engineer, operator, dam and street, another event.
R4 = """Council backs new gates for Orvensee dam after summer review

Haldrup's county council on Thursday approved a 4.2 million budget to replace all three \
spillway gates at the Orvensee dam, after a review by county engineer Mira Tovesk found the \
hoist motors were past their design life.

Tovesk presented the review to councillors alongside managers from Brannick Hydro, which \
operates the dam and will pay for a third of the work. Fitting the new gates will start in \
September and take about a year, with the reservoir kept lower while it lasts.

"We are not waiting for the next failure. The new gates come with two motors each and can be \
closed by hand in minutes," Tovesk said.

Councillor Ida Renshaw said residents of Millrace Lane had asked for a flood wall as well, and \
that the council would vote on one next spring.
"""
META = {
    "r1.txt": {"outlet": "haldrup-courier.example", "published": "2031-05-13 08:10"},
    "r2.txt": {"outlet": "valley-post.example", "published": "2031-05-13 11:40"},
    "r3.txt": {"outlet": "regional-digest.example", "published": "2031-05-13 14:05"},
    "r4.txt": {"outlet": "valley-post.example", "published": "2031-06-19 17:30"},
}


@pytest.fixture(scope="module")
def made_up_path(tmp_path_factory: pytest.TempPathFactory, pipeline: Any) -> Path:
    """The four texts ingested with NLP (entities and quotes in the store), once."""
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs
    from ukpeace_cli.store import Store

    folder = tmp_path_factory.mktemp("dam")
    for name, text in (("r1.txt", R1), ("r2.txt", R2), ("r3.txt", R3), ("r4.txt", R4)):
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "store.jsonl"
    manifest = {str((folder / k).resolve()): v for k, v in META.items()}
    items = iter_inputs([str(folder / k) for k in sorted(META)], manifest=manifest)
    results = list(ingest(items, Store(path), pipeline=pipeline, annotator=annotate_record))
    assert [r.status for r in results] == ["added"] * 4
    return path


@pytest.fixture
def store(made_up_path: Path, tmp_path: Path) -> Path:
    """A private copy (compare writes its caches beside the store)."""
    dest = tmp_path / "dam.jsonl"
    dest.write_bytes(made_up_path.read_bytes())
    return dest


@pytest.fixture
def ids(made_up_path: Path) -> dict[str, str]:
    """Article id by file stem (r1 ... r4)."""
    from ukpeace_cli.store import Store

    return {Path(r["source"]).stem: r["id"] for r in Store(made_up_path).iter_records()}


def _run(store: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, ["compare", "-s", str(store), *args], env=env)


def _records(res: Any) -> list[dict[str, Any]]:
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def test_events_unit_holds_both_reports_and_the_copy_and_leaves_the_later_event(
    store: Path, ids: dict[str, str]
) -> None:
    res = _run(store, "--stories", "events", "-f", "jsonl", "-m", "copies")
    recs = _records(res)
    assert {r["article_id"] for r in recs} == {ids["r1"], ids["r2"], ids["r3"]}
    assert "of event E1" in res.stderr and "experimental" in res.stderr
    values = {r["article_id"]: r["values"] for r in recs}
    (group,) = [k for k in values[ids["r1"]] if k.startswith("copy group")]
    assert group == "copy group 1: origin Haldrup Courier (credit)"
    assert values[ids["r1"]][group] == "is the origin"
    assert values[ids["r3"]][group] == "credits origin"
    assert values[ids["r2"]][group] is None  # written independently: in no copy group
    assert [values[ids[k]]["own words"] for k in ("r1", "r2", "r3")] == [None, "yes", None]
    assert all(values[i]["strongest link"].split()[1] == "with" for i in values)


def test_the_later_event_is_its_own_event(store: Path, ids: dict[str, str]) -> None:
    recs = _records(_run(store, "--stories", "events", "--story", "E2", "-f", "jsonl"))
    assert {r["article_id"] for r in recs} == {ids["r4"]}
    copies = next(r for r in recs if r["measure"] == "copies")["values"]
    assert copies == {"own words": "yes", "strongest link": None}


def test_copies_stay_the_default_unit(store: Path, ids: dict[str, str]) -> None:
    recs = _records(_run(store, "-f", "jsonl"))
    assert {r["article_id"] for r in recs} == {ids["r1"], ids["r3"]}
    assert "copies" not in {r["measure"] for r in recs}


def test_the_unit_from_env_and_config(store: Path, ids: dict[str, str], tmp_path: Path) -> None:
    event = {ids["r1"], ids["r2"], ids["r3"]}
    recs = _records(_run(store, "-f", "jsonl", env={"UKPEACE_STORIES": "events"}))
    assert {r["article_id"] for r in recs} == event
    config = tmp_path / "c.yaml"
    config.write_text("stories: events\n", encoding="utf-8")
    recs = _records(_run(store, "-f", "jsonl", "--config", str(config)))
    assert {r["article_id"] for r in recs} == event
    recs = _records(_run(store, "-f", "jsonl", "--config", str(config), "--stories", "COPIES"))
    assert {r["article_id"] for r in recs} == {ids["r1"], ids["r3"]}


def test_framing_rows_cover_every_report_of_the_event(store: Path, ids: dict[str, str]) -> None:
    recs = _records(_run(store, "--stories", "events", "-f", "jsonl", "-m", "loaded"))
    assert sorted(r["article_id"] for r in recs) == sorted([ids["r1"], ids["r2"], ids["r3"]])
    assert all(r["values"]["loaded language"] is not None for r in recs)


def test_explain_copies_shows_the_credit_the_passages_and_the_link(
    store: Path, ids: dict[str, str]
) -> None:
    recs = _records(_run(store, "--stories", "events", "--explain", "copies", "-f", "jsonl"))
    r3 = [r for r in recs if r["article_id"] == ids["r3"]]
    credit = [r for r in r3 if r["row"].startswith("copy group") and "first reported" in r["term"]]
    assert credit and "first reported by the Haldrup Courier" in credit[0]["sentence"]
    shares = [r for r in r3 if r["term"] == "shares with haldrup-courier.example"]
    assert shares and all(r["sentence"] in R3 for r in shares)
    link = [r for r in recs if r["row"] == "strongest link" and r["article_id"] == ids["r2"]]
    assert len(link) == 1 and link[0]["term"].startswith("p ")
    assert "key " in link[0]["sentence"]  # the features behind the probability


def test_copies_measure_needs_the_events_unit(store: Path) -> None:
    res = _run(store, "-m", "copies")
    assert res.exit_code == 2
    assert "--stories events" in res.stderr
    res = _run(store, "--stories", "stories")
    assert res.exit_code == 2 and "unknown unit of story" in res.stderr


def test_events_are_kept_beside_the_store_and_read_back(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukpeace_cli import events, stories

    first = _records(_run(store, "--stories", "events", "-f", "jsonl"))
    assert Path(stories.cache_path(str(store), "events")).exists()

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("clustered again")

    monkeypatch.setattr(events, "cluster_events", fail)
    assert _records(_run(store, "--stories", "events", "-f", "jsonl")) == first


def test_dedupe_events_keeps_them_for_compare(store: Path) -> None:
    from ukpeace_cli import stories
    from ukpeace_cli.dedupe import DEFAULT_THRESHOLD

    res = CliRunner().invoke(app, ["dedupe", "-s", str(store), "--events", "-f", "jsonl"])
    assert res.exit_code == 0, res.output
    printed = [json.loads(line) for line in res.stdout.splitlines()]
    shown = {r["story"]: r for r in printed if r["type"] == "event"}
    key = stories.store_key(str(store), DEFAULT_THRESHOLD, "events")
    kept = stories.load(str(store), key, "events")
    assert kept is not None
    assert {k.id: k.articles for k in kept if len(k.articles) > 1} == {
        e: r["articles"] for e, r in shown.items()
    }
    assert {k.id: k.copy_groups for k in kept if k.id in shown} == {
        e: r["copy_groups"] for e, r in shown.items()
    }


def test_a_refitted_model_is_not_answered_from_old_events(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ukpeace_cli import stories
    from ukpeace_cli.dedupe import DEFAULT_THRESHOLD

    _records(_run(store, "--stories", "events", "-f", "jsonl"))
    key = stories.store_key(str(store), DEFAULT_THRESHOLD, "events")
    assert stories.load(str(store), key, "events") is not None
    monkeypatch.setattr(stories, "_model_digest", lambda: "model-refitted")
    key = stories.store_key(str(store), DEFAULT_THRESHOLD, "events")
    assert stories.load(str(store), key, "events") is None


def test_compare_with_events_never_loads_spacy(store: Path) -> None:
    """The event layer reads what the store holds: no model is loaded at compare time."""
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from ukpeace_cli.cli import app\n"
        f"r = CliRunner().invoke(app, ['compare', '-s', {str(store)!r}, '--stories', 'events'])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@st.composite
def _event(draw: Any) -> Any:
    from ukpeace_cli.events import FEATURES, Event, PairEvidence

    n = draw(st.integers(2, 6))
    arts = [f"a{k}" for k in range(n)]
    pairs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] < t[1]),
            min_size=1,
            max_size=10,
            unique=True,
        )
    )
    k = len(pairs)
    probs = draw(st.lists(st.sampled_from([0.1, 0.5, 0.9]), min_size=k, max_size=k))
    zero = (0.0,) * len(FEATURES)
    evidence = [
        PairEvidence(arts[i], arts[j], p, zero) for (i, j), p in zip(pairs, probs, strict=True)
    ]
    return Event("E1", arts, [], evidence)


@given(_event())
def test_each_members_link_is_its_strongest_pair(event: Any) -> None:
    from ukpeace_cli.stories import from_event

    story = from_event(event)
    for link in story.links:
        a = link["article"]
        mine = [e for e in event.evidence if a in (e.a, e.b)]
        best = max(e.probability for e in mine)
        assert link["probability"] == round(best, 3)
        tied = sorted(e.b if e.a == a else e.a for e in mine if e.probability == best)
        assert link["with"] == tied[0]  # ties: the first other id
    linked = {a for e in event.evidence for a in (e.a, e.b)}
    assert [k["article"] for k in story.links] == [a for a in event.articles if a in linked]


def test_a_sharded_store_gives_the_same_events(
    store: Path, tmp_path: Path, ids: dict[str, str]
) -> None:
    from ukpeace_cli import stories
    from ukpeace_cli.store.convert import convert

    sharded = tmp_path / "sharded"
    convert(str(store), str(sharded), part_size=2)
    expected = _records(_run(store, "--stories", "events", "-f", "jsonl"))
    got = _records(_run(sharded, "--stories", "events", "-f", "jsonl"))
    assert got == expected
    assert {r["article_id"] for r in got} == {ids["r1"], ids["r2"], ids["r3"]}
    assert Path(stories.cache_path(str(sharded), "events")) == sharded / "events.json"
    assert (sharded / "events.json").exists()
