"""`--article`: one resolver (selection.py), the same rules in quotes, entities, dedupe and
compare: full id, then source path / file name / stem, then a unique prefix of a file name, then
of an id; an ambiguous query is a usage error (2) listing the candidates, no match is 3."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ukpeace_cli.cli import app
from ukpeace_cli.errors import NoMatchError, UsageError
from ukpeace_cli.selection import resolve, resolve_all
from ukpeace_cli.store import Store

runner = CliRunner()

KNOWN = [
    ("a1b2c3d4e5f60718", "/in/report.txt"),
    ("a1b2ffff00001111", "/in/report2.txt"),
    ("0badc0de00000000", "/in/a1b2.txt"),  # a file name that looks like an id prefix
    ("feed000000000000", "/other/report2.txt"),  # same file name, other folder
    ("beef000000000000", None),  # no source (stdin)
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("a1b2c3d4e5f60718", "a1b2c3d4e5f60718"),  # full id
        ("a1b2c3", "a1b2c3d4e5f60718"),  # unique id prefix
        ("report", "a1b2c3d4e5f60718"),  # a stem beats being a prefix of report2.txt
        ("report.txt", "a1b2c3d4e5f60718"),  # file name
        ("a1b2", "0badc0de00000000"),  # a stem beats being a prefix of two ids
        ("/other/report2.txt", "feed000000000000"),  # the path tells two file names apart
        ("/other/./report2.txt", "feed000000000000"),
        ("be", "beef000000000000"),
        (" 0bad ", "0badc0de00000000"),
    ],
)
def test_resolve_rules(query: str, expected: str) -> None:
    assert resolve(query, KNOWN) == expected


def test_a_file_name_prefix_beats_an_id_that_starts_the_same() -> None:
    # ids hash the path an article came from, so whether some id starts with "002" depends on
    # where the files were: "002" must name 002_x.txt in every such store
    known = [("00296ade6c06e910", "/in/001_y.txt"), ("f5a8981be3ebbc21", "/in/002_x.txt")]
    assert resolve("002", known) == "f5a8981be3ebbc21"
    assert resolve("0029", known) == "00296ade6c06e910"  # no name starts so: the id prefix


def test_an_ambiguous_query_lists_the_candidates() -> None:
    with pytest.raises(UsageError) as err:
        resolve("report2", KNOWN)
    msg = str(err.value)
    assert "matches 2 articles" in msg
    # Two candidates share a file name: each is shown with its path.
    assert "a1b2ffff00001111 (/in/report2.txt)" in msg
    assert "feed000000000000 (/other/report2.txt)" in msg
    both = r"matches 2 articles: a1b2c0000000000f \(x.txt\), a1b2c3d4e5f60718 \(report.txt\)"
    with pytest.raises(UsageError, match=both):
        resolve("a1b2c", [*KNOWN, ("a1b2c0000000000f", "x.txt")])
    with pytest.raises(UsageError):
        resolve("  ", KNOWN)


def test_no_match() -> None:
    with pytest.raises(NoMatchError):
        resolve("zzz", KNOWN)


def test_resolve_all_keeps_order_and_drops_repeats() -> None:
    assert resolve_all(["be", "report", "beef"], KNOWN) == ["beef000000000000", "a1b2c3d4e5f60718"]


ids = st.text("0123456789abcdef", min_size=16, max_size=16)
names = st.text("abcxyz_-0123", min_size=1, max_size=12).map(lambda n: f"/in/{n}.txt")


@given(st.dictionaries(ids, names, min_size=1, max_size=30), st.data())
def test_an_id_or_its_shortest_unique_prefix_finds_it(known: dict[str, str], data: Any) -> None:
    aid = data.draw(st.sampled_from(sorted(known)))
    pairs = list(known.items())
    assert resolve(aid, pairs) == aid
    for n in range(1, 17):
        prefix = aid[:n]
        if sum(a.startswith(prefix) or Path(s).name.startswith(prefix) for a, s in pairs) == 1:
            if not any(prefix in (Path(s).name, Path(s).stem) for s in known.values()):
                assert resolve(prefix, pairs) == aid
            break


# --- every command, the same answer -----------------------------------------------------------


def ids_in(command: str, out: str) -> set[str]:
    """The article ids a command's JSONL output is about."""
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    key = {"quotes": "article_id", "entities": "article", "compare": "article_id"}.get(command)
    if key:
        return {r[key] for r in rows if r.get(key)}
    return {a for r in rows if r["type"] == "cluster" for a in r["articles"]}


COMMANDS = {
    "quotes": ["quotes"],
    "entities": ["entities", "--mentions"],
    "dedupe": ["dedupe", "--singletons"],
    "compare": ["compare"],
}


def run(command: str, store: Path, *queries: str) -> Any:
    args = [*COMMANDS[command], "-s", str(store), "-f", "jsonl"]
    for q in queries:
        args += ["--article", q]
    return runner.invoke(app, args)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_resolves_the_same_way(command: str, seed_store_path: Path) -> None:
    recs = {Path(r["source"]).name[:3]: r for r in Store(seed_store_path).iter_records()}
    target = recs["001"]
    for query in (
        target["id"],  # full id
        target["id"][:4],  # a short unique id prefix
        Path(target["source"]).stem,  # the file name without suffix
        Path(target["source"]).name,
        target["source"],  # the path as stored
        "001",  # a unique file-name prefix
    ):
        res = run(command, seed_store_path, query)
        assert res.exit_code == 0, (query, res.stderr)
        got = ids_in(command, res.stdout)
        # dedupe shows the article's story, which holds other articles too
        assert target["id"] in got if command == "dedupe" else got == {target["id"]}, query


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_ambiguous_prefix_is_a_usage_error_everywhere(
    command: str, seed_store_path: Path
) -> None:
    res = run(command, seed_store_path, "00")
    assert res.exit_code == 2, res.stderr
    line = res.stderr.splitlines()[-1]
    assert line.startswith("Error: --article '00' matches 5 articles:")
    for rec in Store(seed_store_path).iter_records():
        assert f"{rec['id']} ({Path(rec['source']).name})" in line
    assert res.stdout == ""


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_such_article_is_no_match_everywhere(command: str, seed_store_path: Path) -> None:
    res = run(command, seed_store_path, "nothing-like-it")
    assert res.exit_code == 3, res.stderr
    assert "no article matches 'nothing-like-it'" in res.stderr
