"""The output sink in every format, escaping in tables, NO_COLOR, and a pipe closed early."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from helpers import UKPEACE, jsonl, make_articles, on_a_terminal, store_lines
from ukpeace_cli.cli import app
from ukpeace_cli.cli.output import Column, Sink, cell, clean, emit, resolve_format, table_console

NASTY = "[bold]markup[/] \x1b[31mred\x1b[0m Київ «мир» [link=http://x]x[/link]"
COLUMNS = [
    Column("id", "ID", no_wrap=True),
    Column("title", "Title", max_width=60),
    Column("n", "N", justify="right"),
    Column("flag", "Flag"),
    Column("tags", "Tags"),
    Column("meta", "Meta"),
    Column("none", "None"),
]
RECORDS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "title": NASTY,
        "n": 12345,
        "flag": True,
        "tags": ["x", "y"],
        "meta": {"k": 1},
        "none": None,
    },
    {"id": "b2", "title": "plain", "n": 7, "flag": False, "tags": [], "meta": {}, "none": None},
]
# Any SGR parameter that sets a colour: 30-39, 40-49, 90-97, 100-107 (38/48 extended forms too).
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def colour_codes(text: str) -> list[str]:
    out = []
    for params in _SGR.findall(text):
        for p in params.split(";"):
            if p and (30 <= int(p) <= 49 or 90 <= int(p) <= 107):
                out.append(params)
    return out


def write(fmt: str, stream: io.StringIO | None = None, **kw: Any) -> str:
    stream = stream or io.StringIO()
    assert Sink(fmt, COLUMNS, stream=stream, **kw).write(iter(RECORDS)) == 2
    return stream.getvalue()


# --- formats ---------------------------------------------------------------------------------


def test_auto_is_jsonl_off_a_terminal_and_table_on_one() -> None:
    assert resolve_format("auto", io.StringIO()) == "jsonl"
    assert resolve_format("auto", FakeTTY()) == "table"
    assert resolve_format("csv", FakeTTY()) == "csv"
    assert write("auto") == write("jsonl")


def test_jsonl_keeps_text_as_is_and_key_order() -> None:
    out = write("jsonl")
    lines = out.splitlines()
    assert [json.loads(x) for x in lines] == RECORDS
    assert [list(json.loads(x)) for x in lines] == [list(r) for r in RECORDS]
    assert "Київ «мир»" in out  # non-ASCII kept, not \u-escaped
    assert "[bold]markup[/]" in out
    assert "\x1b" not in out  # JSON escapes control characters: \u001b
    assert "\\u001b[31mred" in lines[0]


def test_json_is_one_parseable_array() -> None:
    out = write("json")
    assert json.loads(out) == RECORDS
    assert "Київ" in out


def test_csv() -> None:
    out = write("csv")
    got = list(csv.reader(io.StringIO(out)))
    assert got[0] == ["id", "title", "n", "flag", "tags", "meta", "none"]
    assert got[1] == ["a1", NASTY, "12345", "True", "x; y", '{"k": 1}', ""]
    assert got[2] == ["b2", "plain", "7", "False", "", "{}", ""]


def test_table_prints_markup_literally_and_strips_escapes() -> None:
    out = write("table", title="The title", caption="A caption")
    assert "\x1b" not in out
    assert "[bold]markup[/]" in out
    assert "[link=http://x]x[/link]" in out
    assert "red Київ «мир»" in out
    assert "The title" in out and "A caption" in out
    assert "12,345" in out and "yes" in out and "no" in out and "x, y" in out and "k: 1" in out
    assert "…" not in out  # folded, never cut


def test_table_folds_long_cells_instead_of_cutting() -> None:
    long = " ".join(f"word{i}" for i in range(60))
    out = io.StringIO()
    Sink("table", [Column("t", "T", max_width=30)], stream=out).write([{"t": long}])
    text = out.getvalue()
    assert "…" not in text
    assert all(f"word{i}" in text for i in range(60))


def test_table_on_a_terminal_strips_escapes_and_respects_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = write("table", stream=FakeTTY())
    assert "\x1b[31m" not in out
    assert colour_codes(out) == []
    assert "[bold]markup[/]" in out


@pytest.mark.parametrize(("no_color", "coloured"), [("1", False), ("", True)])
def test_table_console_no_color(
    monkeypatch: pytest.MonkeyPatch, no_color: str, coloured: bool
) -> None:
    from rich.text import Text

    monkeypatch.setenv("NO_COLOR", no_color)
    stream = FakeTTY()
    table_console(stream).print(Text("alarm", style="red"))
    assert bool(colour_codes(stream.getvalue())) is coloured


def test_table_console_off_a_terminal_never_writes_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.text import Text

    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    stream = io.StringIO()
    table_console(stream).print(Text("alarm", style="bold red"))
    assert stream.getvalue() == "alarm\n"


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'"):
        Sink("xml", COLUMNS, stream=io.StringIO())


def test_emit_writes_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert emit(iter(RECORDS), "jsonl", COLUMNS) == 2
    assert jsonl(capsys.readouterr().out) == RECORDS


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (7, "7"),
        (12345, "12,345"),
        (0.12345, "0.123"),
        (12345.6, "12,346"),
        (["a", 1], "a, 1"),
        ({"a": None}, "a: "),
        ("x\x1b[2Jy\x07", "xy"),
    ],
)
def test_cell(value: Any, text: str) -> None:
    assert cell(value) == text


def test_clean_keeps_newlines_and_text() -> None:
    assert clean("a\nb\x1b[0m\x00 c") == "a\nb c"


# --- through the CLI -------------------------------------------------------------------------


# A file name is the one piece of text that reaches the output untouched by ingest's cleaning.
EVIL_NAME = "[red]b\x1b[31mred\x1b[0m.txt"  # no "/" in a file name: [red] opens markup
CLEAN_TITLE = "[bold]markup[/] red Київ «мир» [link=http://x]x[/link]"


@pytest.fixture
def article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / EVIL_NAME
    path.write_text("Body of the text about talks. It ends here.\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", [None, "auto", "jsonl", "json", "csv", "table"])
def test_ingest_output_in_every_format(article: Path, fmt: str | None) -> None:
    args = ["ingest", EVIL_NAME, "-s", "s.jsonl", "--no-nlp", "-q", "--title", NASTY]
    r = CliRunner().invoke(app, [*args, *(["-f", fmt] if fmt else [])])
    assert r.exit_code == 0, r.stderr
    out = r.stdout
    if fmt in (None, "auto", "jsonl"):
        (row,) = jsonl(out)
        assert (row["source"], row["title"]) == (EVIL_NAME, CLEAN_TITLE)
        assert "\x1b" not in out and "\\u001b[31m" in out
        assert list(row) == [
            "source",
            "status",
            "id",
            "title",
            "outlet",
            "published",
            "words",
            "annotated",
            "reason",
        ]
    elif fmt == "json":
        assert [(x["source"], x["title"]) for x in json.loads(out)] == [(EVIL_NAME, CLEAN_TITLE)]
    elif fmt == "csv":
        header, row = list(csv.reader(io.StringIO(out)))
        assert header == [
            "status",
            "id",
            "source",
            "outlet",
            "published",
            "title",
            "words",
            "reason",
        ]
        assert (row[2], row[5]) == (EVIL_NAME, CLEAN_TITLE)  # data kept as it is
    else:
        assert "\x1b" not in out
        assert "[red]bred.txt" in out
        assert "[bold]markup[/] red Київ" in out
        assert "added" in out
    stored = store_lines(article.parent / "s.jsonl")[0]
    assert (stored["source"], stored["title"]) == (EVIL_NAME, CLEAN_TITLE)
    assert stored["provenance"]["title"] == "flag"


def test_config_in_every_format() -> None:
    runner = CliRunner()
    as_jsonl = jsonl(runner.invoke(app, ["config", "-f", "jsonl"]).stdout)
    assert as_jsonl[0] == {"key": "aliases", "value": None, "origin": "default"}
    as_json = json.loads(runner.invoke(app, ["config", "-f", "json"]).stdout)
    assert [r for r in as_json if r["key"] != "format"] == [
        r for r in as_jsonl if r["key"] != "format"
    ]
    assert {"key": "format", "value": "json", "origin": "flag"} in as_json
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["config", "-f", "csv"]).stdout)))
    assert [r["key"] for r in rows] == [r["key"] for r in as_jsonl]
    table = runner.invoke(app, ["config", "-f", "table"]).stdout
    assert "Setting" in table and "ukpeace-store.jsonl" in table and "\x1b" not in table


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    make_articles(folder, range(2000))
    return folder


def _shell(cmd: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", cmd], cwd=cwd, capture_output=True, env={**os.environ, **env}, timeout=120
    )


@pytest.mark.slow
def test_forced_table_in_a_pipe_has_no_escape_codes_even_with_force_color(
    tmp_path: Path,
) -> None:
    make_articles(tmp_path / "in", range(3))
    exe = " ".join(UKPEACE)
    r = _shell(f"{exe} ingest in -s s.jsonl --no-nlp -q -f table | cat", tmp_path, FORCE_COLOR="1")
    assert r.returncode == 0
    assert b"\x1b" not in r.stdout
    assert b"a00002.txt" in r.stdout
    r = _shell(f"{exe} ingest in -s s.jsonl --no-nlp -q | cat", tmp_path)
    assert [x["status"] for x in jsonl(r.stdout)] == ["unchanged"] * 3  # auto in a pipe: JSONL


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "table", "json"])
def test_closed_pipe_ends_quietly(tmp_path: Path, many: Path, fmt: str) -> None:
    # All 2,000 inputs in every format: the output (over 250 KB even as a table) is far more
    # than the pipe's 64 KiB plus the 8 KiB head reads, so the writer always outlives its
    # reader. (With 500 rows the table was 70 KB: only on a loaded machine did head close
    # before the last write, and rich turned that EPIPE into exit 1.) tests/test_pipes.py
    # closes the pipe before the command starts.
    exe = " ".join(UKPEACE)
    r = _shell(
        f"{exe} ingest '{many}' -s s.jsonl --no-nlp -q -f {fmt} 2>err.txt | head -1; "
        "echo ${PIPESTATUS[0]} > rc.txt",
        tmp_path,
    )
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 1
    err = (tmp_path / "err.txt").read_text()
    assert "Traceback" not in err and "Exception ignored" not in err and "Broken" not in err
    assert err == ""
    assert (tmp_path / "rc.txt").read_text().strip() == "0"
    records = store_lines(tmp_path / "s.jsonl")  # the ingest went on after head left
    assert len({x["id"] for x in records}) == len(records) == 2000


def _with_tty_stderr(args: list[str], cwd: Path, **env: str) -> tuple[int, bytes, bytes]:
    """Run ukpeace with stdout a pipe and stderr a pseudo-terminal."""
    return on_a_terminal(args, cwd, "stderr", **env)


@pytest.mark.slow
@pytest.mark.parametrize("no_color", ["1", ""])
def test_progress_only_on_a_terminal_stderr(tmp_path: Path, many: Path, no_color: str) -> None:
    args = ["ingest", f"{many}/a00[0-2]*.txt", "-s", "s.jsonl", "--no-nlp"]
    code, out, err = _with_tty_stderr(args, tmp_path, NO_COLOR=no_color)
    assert code == 0
    assert [r["status"] for r in jsonl(out)] == ["added"] * 300  # stdout stays pure JSONL
    assert b"ingest" in err and b"/300" in err  # the progress display, on stderr
    assert bool(colour_codes(err.decode())) is not no_color
    assert err.rstrip().endswith(b"300 input(s) -> s.jsonl")
    code, out, err = _with_tty_stderr([*args, "-q"], tmp_path, NO_COLOR=no_color)
    assert (code, err) == (0, b"")  # --quiet: no progress either
