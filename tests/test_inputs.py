"""inputs.py: decoding, reading, front matter, manifests, enumeration, JSONL records."""

from __future__ import annotations

import datetime
import io
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ukpeace_cli.errors import InputError, UsageError
from ukpeace_cli.inputs import (
    clean_meta,
    decode_bytes,
    expand,
    iter_inputs,
    iter_jsonl,
    load_manifest,
    read_file,
    split_front_matter,
)

LEGACY = (
    "Macron’s café meeting\nThe président said the “naïve” plan for a façade of peace would "
    "fail. Señor Muñoz agreed – à bientôt.\nOfficials in Zürich were less sure. They said the "
    "crème of Europe’s diplomats would meet again.\n"
)

# --- decoding ------------------------------------------------------------------------------


def test_utf8_and_bom() -> None:
    assert decode_bytes("Київ café".encode(), "a.txt") == ("Київ café", [])
    assert decode_bytes(b"\xef\xbb\xbfBOM text", "a.txt") == ("BOM text", [])
    assert decode_bytes("UTF-16 text".encode("utf-16"), "a.txt") == ("UTF-16 text", [])


def test_cp1252_is_decoded_with_a_warning_naming_file_and_encoding() -> None:
    text, warnings = decode_bytes(LEGACY.encode("cp1252"), "old.txt")
    assert text == LEGACY
    assert warnings == ["not valid UTF-8 (byte 6); decoded as cp1252 (detected) (old.txt)"]


def test_utf8_with_two_bad_bytes_keeps_its_text_and_names_the_offsets() -> None:
    """Two damaged bytes in a UTF-8 file: only they are replaced, the curly quotes and accents
    stay (a whole-file legacy guess turned every one of them into mojibake)."""
    good = "Le président a dit : “Nous verrons.” Señor Muñoz était d’accord.\n" * 4
    data = good.encode()
    bad = data[:30] + b"\xff" + data[30:90] + b"\xc3" + data[90:]
    text, warnings = decode_bytes(bad, "two.txt")
    cut = len(data[:30].decode())
    cut2 = len(data[:90].decode())
    assert text == good[:cut] + "\ufffd" + good[cut:cut2] + "\ufffd" + good[cut2:]
    assert warnings == [
        "not valid UTF-8 at bytes 30, 91; those bytes replaced with U+FFFD (two.txt)"
    ]
    # After a byte-order mark the offsets are still the file's own.
    assert decode_bytes(b"\xef\xbb\xbf" + data[:30] + b"\xff" + data[30:], "b.txt")[1] == [
        "not valid UTF-8 at byte 33; that byte replaced with U+FFFD (b.txt)"
    ]


PRINTABLE = st.characters(
    blacklist_categories=("Cc", "Cs", "Cn", "Co"), blacklist_characters="\ufeff"
)


@given(st.text(PRINTABLE, min_size=1).filter(str.strip), st.data())
def test_one_bad_byte_in_utf8_text_costs_only_that_byte(text: str, data: st.DataObject) -> None:
    if not any(ord(c) > 0x7F for c in text):
        text = "é" + text  # at least one valid non-ASCII character: clearly UTF-8
    raw = text.encode()
    # Between two whole characters (a cut inside one would damage that character too).
    cuts = [len(text[:i].encode()) for i in range(len(text) + 1)]
    at = data.draw(st.sampled_from(cuts))
    out, warnings = decode_bytes(raw[:at] + b"\xff" + raw[at:], "h.txt")
    assert out == raw[:at].decode() + "\ufffd" + raw[at:].decode()
    assert warnings == [f"not valid UTF-8 at byte {at}; that byte replaced with U+FFFD (h.txt)"]


def test_declared_charset_is_honoured() -> None:
    greek = "Content-Type: text/plain; charset=iso-8859-7\nΚαλημέρα από την Αθήνα.\n"
    text, warnings = decode_bytes(greek.encode("iso-8859-7"), "gr.txt")
    assert text == greek
    assert warnings == [
        "not valid UTF-8 (byte 45); decoded as declared encoding iso-8859-7 (gr.txt)"
    ]


def test_explicit_encoding() -> None:
    assert decode_bytes("café".encode("latin-1"), "a.txt", "latin-1") == ("café", [])
    with pytest.raises(InputError, match=r"cannot decode as ascii") as exc:
        decode_bytes("café".encode(), "a.txt", "ascii")
    assert exc.value.where == "a.txt"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file (no text) (e.txt)"),
        (b" \n\t\n", "empty file (no text) (e.txt)"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "binary file, not text (e.txt) - ingest takes plain text",
        ),
    ],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as exc:
        decode_bytes(data, "e.txt")
    assert str(exc.value) == message


def test_read_file_errors(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x. " * 400)
    with pytest.raises(InputError) as exc:
        read_file(big, "big.txt", 1000, None)
    assert str(exc.value) == (
        "file is 1,200 bytes, over the 1,000-byte limit (big.txt) - raise it with --max-size"
    )
    with pytest.raises(InputError, match=r"^no such file \(gone.txt\)$"):
        read_file(tmp_path / "gone.txt", "gone.txt", 1000, None)
    with pytest.raises(InputError, match=r"^is a directory"):
        read_file(tmp_path, "dir", 10**9, None)


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_read_file_permission_denied(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("Secret text. Here.\n")
    locked.chmod(0)
    try:
        with pytest.raises(InputError, match=r"^permission denied \(locked.txt\)$"):
            read_file(locked, "locked.txt", 1000, None)
    finally:
        locked.chmod(0o644)


# --- front matter and metadata ----------------------------------------------------------------


def test_front_matter() -> None:
    meta, body = split_front_matter(
        "---\ntitle: A title\npublished: 2024-12-01\nextra: kept out\n---\nBody. Text.\n", "f.txt"
    )
    assert meta == {
        "title": "A title",
        "published": datetime.date(2024, 12, 1),
        "extra": "kept out",
    }
    assert body == "Body. Text.\n"
    assert clean_meta(meta, "f.txt") == {"title": "A title", "published": "2024-12-01"}


def test_no_front_matter_leaves_text_alone() -> None:
    text = "Title\n---\nBody.\n"
    assert split_front_matter(text, "f.txt") == ({}, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: [unclosed\n---\nBody.\n", "broken front matter: not valid YAML (f.txt:3)"),
        (
            "---\ntitle: Never closed\nBody.\n",
            "broken front matter: no closing '---' line (f.txt:1)",
        ),
        ("---\n- a\n- b\n---\nBody.\n", "broken front matter: not a mapping (f.txt:2)"),
        (
            "---\nx: !!python/object/apply:os.system [echo]\n---\nB.\n",
            "broken front matter: not valid YAML (f.txt:2)",
        ),
    ],
)
def test_broken_front_matter(text: str, message: str) -> None:
    with pytest.raises(InputError) as exc:
        split_front_matter(text, "f.txt")
    assert str(exc.value) == message


def test_clean_meta_dates_and_bad_date() -> None:
    assert clean_meta({"published": "3 Dec 2024 10:00 GMT", "url": " https://x.y/ "}, "m") == {
        "published": "2024-12-03T10:00+00:00",
        "url": "https://x.y/",
    }
    with pytest.raises(InputError) as exc:
        clean_meta({"published": "yesterday"}, "m.yaml")
    assert str(exc.value) == "published: cannot read 'yesterday' as a date (m.yaml)"


def test_manifest_mapping_and_list(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    m1 = tmp_path / "m1.yaml"
    m1.write_text("a.txt:\n  title: A\nsub/b.txt: {outlet: b.example}\n")
    assert load_manifest(str(m1)) == {
        str((tmp_path / "a.txt").resolve()): {"title": "A"},
        str((tmp_path / "sub" / "b.txt").resolve()): {"outlet": "b.example"},
    }
    m2 = tmp_path / "m2.yaml"
    m2.write_text("- file: a.txt\n  byline: Jo\n- file: /abs/c.txt\n  url: https://c/\n")
    assert load_manifest(str(m2)) == {
        str((tmp_path / "a.txt").resolve()): {"byline": "Jo"},
        "/abs/c.txt": {"url": "https://c/"},
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("a.txt: {title: [x\n", "broken manifest: not valid YAML ({m}:2)"),
        ("just a string\n", "broken manifest: expected a mapping or a list of entries ({m})"),
        ("- title: no file\n", "broken manifest: entry 1 has no 'file' ({m})"),
        ("a.txt: [1, 2]\n", "broken manifest: entry 'a.txt' is not a mapping ({m})"),
        (
            "a.txt: {colour: red}\n",
            "broken manifest: entry 'a.txt' has unknown field(s) colour ({m})"
            " - known fields: title, outlet, published, byline, url",
        ),
        ("a.txt: !!python/name:os.system\n", "broken manifest: not valid YAML ({m}:1)"),
    ],
)
def test_broken_manifest_is_a_usage_error(tmp_path: Path, content: str, message: str) -> None:
    m = tmp_path / "m.yaml"
    m.write_text(content)
    with pytest.raises(UsageError) as exc:
        load_manifest(str(m))
    assert str(exc.value) == message.format(m=m)
    assert int(exc.value.exit_code) == 2


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"cannot read manifest: No such file or directory"):
        load_manifest(str(tmp_path / "none.yaml"))


# --- enumeration -----------------------------------------------------------------------------


def test_expand_folders_globs_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("d/b.txt", "d/a.txt", "d/sub/c.txt", "d/skip.md", "x.txt"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_text("Body. Text.\n")
    Path("empty").mkdir()
    got = [
        (t.name, str(t.path) if t.path else None)
        for t in expand(["d", "-", "*.txt", "nope*.txt", "empty"])
    ]
    assert got == [
        ("d/a.txt", "d/a.txt"),
        ("d/b.txt", "d/b.txt"),
        ("d/sub/c.txt", "d/sub/c.txt"),
        ("-", None),
        ("x.txt", "x.txt"),
        ("nope*.txt", "nope*.txt"),
        ("empty", "empty"),
    ]
    assert [t.name for t in expand(["d"], "*.md")] == ["d/skip.md"]


def test_iter_inputs_reports_each_problem_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ok.txt").write_text("---\ntitle: FM title\n---\nGood body. Fine.\n")
    Path("bin.txt").write_bytes(b"\x00\x01\x02binary")
    Path("folder").mkdir()
    Path("m.yaml").write_text("ok.txt: {title: Manifest title, outlet: m.example}\n")
    items = list(
        iter_inputs(
            ["ok.txt", "bin.txt", "missing.txt", "none*.txt", "folder", "-"],
            manifest=load_manifest("m.yaml"),
            stdin=io.BytesIO(b"Stdin body. Yes."),
        )
    )
    assert [(i.source, str(i.error) if i.error else None) for i in items] == [
        ("ok.txt", None),
        ("bin.txt", "binary file, not text (bin.txt) - ingest takes plain text"),
        ("missing.txt", "no such file or no files match (missing.txt) - check the path"),
        ("none*.txt", "no such file or no files match (none*.txt)"),
        ("folder", "no files match '*.txt' in this folder (folder)"),
        ("<stdin>", None),
    ]
    ok = items[0]
    assert ok.text == "Good body. Fine.\n"
    assert ok.meta == {"title": "Manifest title", "outlet": "m.example"}
    assert ok.meta_origin == {"title": "manifest", "outlet": "manifest"}
    assert items[-1].text == "Stdin body. Yes."


def test_stdin_over_size() -> None:
    (item,) = iter_inputs(["-"], max_size=10, stdin=io.BytesIO(b"x" * 11))
    assert str(item.error) == "stdin is over the 10-byte limit (<stdin>) - raise it with --max-size"


def test_manifest_bad_date_fails_that_file_only(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A body. Fine.\n")
    (tmp_path / "b.txt").write_text("B body. Fine.\n")
    (tmp_path / "m.yaml").write_text("a.txt: {published: not a date}\n")
    a, b = iter_inputs(
        [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")],
        manifest=load_manifest(str(tmp_path / "m.yaml")),
    )
    assert str(a.error) == f"published: cannot read 'not a date' as a date ({tmp_path / 'a.txt'})"
    assert b.error is None


# --- JSONL input -----------------------------------------------------------------------------


def test_iter_jsonl() -> None:
    lines = (
        '{"text": "Body one. Two.", "outlet": "ex.com", "url": "https://ex.com/1", "x": 1}\n'
        "\n"
        "not json\n"
        '{"title": "no text"}\n'
        '["a list"]\n'
        '{"text": "   "}\n'
        '{"text": "Body. Two.", "published": "yesterday"}\n'
        '{"text": "Third. Body.", "source": "scraper:42", "published": "2024-12-03"}\n'
    )
    items = list(iter_jsonl(io.StringIO(lines), "in.jsonl"))
    assert [(i.source, str(i.error) if i.error else None) for i in items] == [
        ("https://ex.com/1", None),
        ("in.jsonl:3", "not valid JSON: Expecting value (in.jsonl:3)"),
        ("in.jsonl:4", "record has no string 'text' field (in.jsonl:4)"),
        ("in.jsonl:5", "record has no string 'text' field (in.jsonl:5)"),
        ("in.jsonl:6", "empty text (in.jsonl:6)"),
        ("in.jsonl:7", "published: cannot read 'yesterday' as a date (in.jsonl:7)"),
        ("scraper:42", None),
    ]
    assert items[0].meta == {"outlet": "ex.com", "url": "https://ex.com/1"}
    assert items[0].meta_origin == {"outlet": "jsonl", "url": "jsonl"}
    assert items[-1].meta == {"published": "2024-12-03"}
