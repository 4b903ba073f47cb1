"""A text piped to `ingest -`: its outlet comes from the text as for a file, else it stays null
(`--outlet` sets it), and no command shows the pseudo-source `<stdin>` as an outlet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from helpers import jsonl
from ukpeace_cli.cli import app
from ukpeace_cli.entities import outlet_label

BODY = (
    "The leaders met again in Paris on Tuesday. They agreed on a plan for the border and said "
    "more talks would follow next week. The plan sets out a ceasefire along the current line, "
    "an exchange of prisoners within a month and monitors from neutral countries on both sides."
)
PLAIN = f"Talks resume in Paris on Tuesday\n\n{BODY}\n"
SOURCED = f"Talks resume in Paris\n· example-news.org\n\n{BODY} Details would follow.\n"


def cli(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def stored(store: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in store.read_text(encoding="utf-8").splitlines()]


def test_stdin_outlet_is_found_in_the_text(tmp_path: Path) -> None:
    store = tmp_path / "s.jsonl"
    r = cli("ingest", "-", "-s", str(store), "--no-nlp", "-f", "jsonl", input=SOURCED)
    assert r.exit_code == 0, r.stderr
    assert [(x["source"], x["outlet"]) for x in jsonl(r.stdout)] == [
        ("<stdin>", "example-news.org")
    ]
    (rec,) = stored(store)
    assert (rec["outlet"], rec["provenance"]["outlet"]) == ("example-news.org", "text:source-line")


def test_stdin_without_an_outlet_stays_null_and_the_flag_sets_it(tmp_path: Path) -> None:
    store = tmp_path / "s.jsonl"
    r = cli("ingest", "-", "-s", str(store), "--no-nlp", "-f", "jsonl", input=PLAIN)
    assert r.exit_code == 0, r.stderr
    assert [(x["source"], x["outlet"]) for x in jsonl(r.stdout)] == [("<stdin>", None)]
    (rec,) = stored(store)
    assert rec["outlet"] is None
    assert "outlet" not in rec["provenance"]
    other = tmp_path / "o.jsonl"
    args = ("ingest", "-", "-s", str(other), "--no-nlp", "-f", "jsonl", "--outlet", "Wire Daily")
    r = cli(*args, input=PLAIN)
    assert [x["outlet"] for x in jsonl(r.stdout)] == ["Wire Daily"]
    (rec,) = stored(other)
    assert (rec["outlet"], rec["provenance"]["outlet"]) == ("Wire Daily", "flag")


def test_commands_never_show_stdin_as_an_outlet(tmp_path: Path) -> None:
    store = tmp_path / "s.jsonl"
    for text in (PLAIN, SOURCED):
        r = cli("ingest", "-", "-s", str(store), "--no-nlp", "-q", input=text)
        assert r.exit_code == 0, r.stderr
    plain, _ = stored(store)
    r = cli("dedupe", "-s", str(store), "-f", "jsonl")
    assert r.exit_code == 0, r.stderr
    cluster = next(x for x in jsonl(r.stdout) if x["type"] == "cluster")
    # Labelled by the article id, as a text with no outlet and no file name is.
    assert sorted(cluster["outlets"]) == sorted([plain["id"], "example-news.org"])


def test_outlet_label_of_a_stdin_record_is_its_id() -> None:
    for source in ("<stdin>", "<stdin>:3", "-"):
        assert outlet_label({"id": "abc123", "source": source, "outlet": None}) == "abc123"
    assert outlet_label({"id": "abc123", "source": "in/004_x.txt", "outlet": None}) == "004_x"
    assert outlet_label({"id": "abc123", "source": "<stdin>", "outlet": "ex.org"}) == "ex.org"
