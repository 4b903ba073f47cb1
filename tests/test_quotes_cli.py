"""`ukpeace quotes` through the CLI: stdout, stderr and exit codes, on the ingested seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ukpeace_cli.cli import app
from ukpeace_cli.quotes import OUTPUT_KEYS

BARROT = [
    ("dailymail.co.uk", "partial", "does not rule out any option", "said"),
    ("novinite.com", "indirect", "no options are off the table", "stating"),
    ("003_a1e1d91c46314945", "partial", "red lines.", "stated"),
    ("003_a1e1d91c46314945", "direct", "We do not rule out any option.", "responded"),
    # the headline repeating "excludes no option" is a known miss now
    # (test_group_view_with_the_headline, test_quotes.py KNOWN_MISSES)
    ("004_1e520945f68134c3", "partial", "excludes no option.", "stated"),
]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["quotes", *args])
    return result.exit_code, result.stdout, result.stderr


def lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.mark.parametrize("name", ["Barrot", "Jean-Noel Barrot", "jean-noël barrot", "BAROT"])
def test_speaker_barrot(seed_store: Path, name: str) -> None:
    code, out, err = run("--speaker", name, "-s", str(seed_store), "-f", "jsonl")
    assert code == 0
    rows = lines(out)
    assert [(r["outlet"], r["kind"], r["text"], r["cue"]) for r in rows] == BARROT
    assert all(list(r) == list(OUTPUT_KEYS) for r in rows)
    assert {r["speaker"] for r in rows} == {"Jean-Noël Barrot"}
    assert err.startswith("Speaker: Jean-Noël Barrot")


def test_record_fields(seed_store: Path) -> None:
    code, out, _ = run(
        "--speaker", "Barrot", "--article", "003", "-s", str(seed_store), "-f", "jsonl"
    )
    assert code == 0
    row = lines(out)[-1]
    assert row == {
        "article_id": row["article_id"],
        "source": row["source"],
        "outlet": "003_a1e1d91c46314945",
        "text": "We do not rule out any option.",
        "kind": "direct",
        "speaker": "Jean-Noël Barrot",
        "speaker_mention": "he",
        "cue": "responded",
        "start": row["start"],
        "end": row["end"],
        "sentence": "When asked whether this could mean the involvement of French troops in the "
        "war in Ukraine, he responded: “We do not rule out any option.”",
    }
    assert row["source"].endswith("003_a1e1d91c46314945.txt")
    assert row["end"] - row["start"] == len(row["text"])


def test_no_match_exit_code(seed_store: Path) -> None:
    code, out, err = run("--speaker", "Nobody Atall", "-s", str(seed_store), "-f", "jsonl")
    assert (code, out) == (3, "")
    assert "No speaker matches" in err
    code, out, err = run("--contains", "zzzz", "-s", str(seed_store), "-f", "jsonl")
    assert (code, out) == (3, "")
    assert "No quote matched" in err


def test_terms_only_on_request(seed_store: Path) -> None:
    _, out, _ = run("--article", "003", "-s", str(seed_store), "-f", "jsonl")
    assert "term" not in {r["kind"] for r in lines(out)}
    code, out, _ = run("--kind", "term", "--article", "003", "-s", str(seed_store), "-f", "jsonl")
    assert code == 0
    assert [r["text"] for r in lines(out)] == [
        "Radio Liberty",
        "Radio Liberty.",
        "peace plan",
        "wishes",
        "Nutcracker",
    ]
    assert {r["speaker"] for r in lines(out)} == {None}


def test_filters_and_order(seed_store: Path) -> None:
    _, out, _ = run("-s", str(seed_store), "-f", "jsonl")
    rows = lines(out)
    order = [r["source"] for r in rows]
    assert order == sorted(order)
    for src in set(order):
        starts = [r["start"] for r in rows if r["source"] == src]
        assert starts == sorted(starts)
    _, out, _ = run(
        "--outlet",
        "DailyMail.co.uk",
        "--kind",
        "direct",
        "--contains",
        "NATO",
        "-s",
        str(seed_store),
        "-f",
        "jsonl",
    )
    got = lines(out)
    assert got and all(r["outlet"] == "dailymail.co.uk" and r["kind"] == "direct" for r in got)
    assert all("nato" in r["text"].lower() for r in got)


def test_bad_kind_is_a_usage_error(seed_store: Path) -> None:
    code, out, err = run("--kind", "quotes", "-s", str(seed_store))
    assert (code, out) == (2, "")
    assert "unknown quote kind" in err


def test_missing_store(tmp_path: Path) -> None:
    code, _, err = run("-s", str(tmp_path / "none.jsonl"))
    assert code == 5 and "no article store" in err


def test_group_view(seed_store: Path) -> None:
    code, out, _ = run("--speaker", "Barrot", "--group", "-s", str(seed_store), "-f", "json")
    assert code == 0
    rows = json.loads(out)
    first = [r for r in rows if r["group"] == 1]
    # three outlets share the key words; the fourth outlet's "no options are off the table"
    # shares none and stands alone (no idiom table fitted to this statement any more)
    assert [r["text"] for r in first] == [
        "does not rule out any option",
        "We do not rule out any option.",
        "excludes no option.",
    ]
    assert {r["outlets"] for r in first} == {3}
    assert [r["text"] for r in rows if r["group"] == 2] == ["no options are off the table"]


@pytest.mark.xfail(strict=True, reason="known miss: the 004 headline quote (see test_quotes.py)")
def test_group_view_with_the_headline(seed_store: Path) -> None:
    code, out, _ = run("--speaker", "Barrot", "--group", "-s", str(seed_store), "-f", "json")
    assert code == 0
    first = [r["text"] for r in json.loads(out) if r["group"] == 1]
    assert "excludes no option" in first


def test_csv_and_table(seed_store: Path) -> None:
    _, out, _ = run("--speaker", "Pistorius", "-s", str(seed_store), "-f", "csv")
    assert out.splitlines()[0] == ",".join(OUTPUT_KEYS)
    code, out, _ = run("--speaker", "Pistorius", "-s", str(seed_store), "-f", "table")
    assert code == 0 and "Boris Pistorius" in out and "explained" in out


def test_pipe_to_head(seed_store: Path) -> None:
    cmd = f"{sys.executable} -m ukpeace_cli quotes -s {seed_store} -f jsonl | head -1"
    proc = subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["article_id"]
    assert "Traceback" not in proc.stderr
