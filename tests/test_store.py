"""The JSONL store: streaming reads, corrupt and partial lines, atomic commits, and real
subprocesses killed with SIGKILL or writing into one store at the same time."""

from __future__ import annotations

import base64
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import jsonl, make_articles, popen, run, store_lines
from ukpeace_cli.errors import StoreError
from ukpeace_cli.store import Store, StoreProblem, dumps


def rec(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"{n:016x}", "schema": 1, "text": f"Body {n}.", **extra}


# --- library ---------------------------------------------------------------------------------


def test_missing_store_reads_empty(tmp_path: Path) -> None:
    store = Store(tmp_path / "none.jsonl")
    assert not store.exists()
    assert list(store.iter_records()) == []


def test_records_keep_id_first_and_non_ascii(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.jsonl")
    result = store.commit([rec(1, title="Київ — «мир»")])
    assert result.added == [f"{1:016x}"]
    raw = (tmp_path / "s.jsonl").read_text(encoding="utf-8")
    assert raw == '{"id":"0000000000000001","schema":1,"text":"Body 1.","title":"Київ — «мир»"}\n'


def test_corrupt_lines_are_reported_with_path_and_line_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(
        dumps(rec(1)) + "{not json\n" + "\n" + '{"no_id": 1}\n' + '"a string"\n' + dumps(rec(2)),
        encoding="utf-8",
    )
    problems: list[StoreProblem] = []
    got = [r["id"] for r in Store(path).iter_records(problems.append)]
    assert got == [f"{1:016x}", f"{2:016x}"]
    assert [(p.path, p.line) for p in problems] == [(str(path), 2), (str(path), 4), (str(path), 5)]
    assert str(problems[0]).startswith("corrupt store line: Expecting property name")
    assert str(problems[0]).endswith(f"({path}:2)")
    assert str(problems[1]) == f"store line is not an article ({path}:4)"


def test_invalid_utf8_line_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(dumps(rec(1)).encode() + b'{"id":"\xff\xfe"}\n' + dumps(rec(2)).encode())
    problems: list[StoreProblem] = []
    assert len(list(Store(path).iter_records(problems.append))) == 2
    assert [p.line for p in problems] == [2]


def test_partial_last_line_is_skipped_then_repaired(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    whole = dumps(rec(1)) + dumps(rec(2))
    path.write_text(whole + dumps(rec(3))[:20], encoding="utf-8")
    problems: list[StoreProblem] = []
    store = Store(path)
    assert [r["id"] for r in store.iter_records(problems.append)] == [f"{1:016x}", f"{2:016x}"]
    assert problems == []  # a write in progress is not corruption
    result = store.commit([rec(3), rec(1)], on_problem=problems.append)
    assert result.added == [f"{3:016x}"]
    assert result.already_present == [f"{1:016x}"]
    assert path.read_text(encoding="utf-8") == whole + dumps(rec(3))
    # The fragment is not deleted: it is set aside, with where it stood, and reported.
    assert [(r["offset"], r["line"], r["raw"]) for r in rejected(path)] == [
        (len(whole), 3, dumps(rec(3))[:20])
    ]
    assert [p.line for p in problems] == [3]
    assert "moved to" in problems[0].reason


def test_a_store_that_is_only_a_partial_line_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id":"00', encoding="utf-8")
    Store(path).commit([rec(7)])
    assert path.read_text(encoding="utf-8") == dumps(rec(7))
    assert [(r["offset"], r["line"], r["raw"]) for r in rejected(path)] == [(0, 1, '{"id":"00')]


def test_commit_skips_ids_present_or_repeated(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.jsonl")
    assert store.commit([rec(1), rec(1), rec(2)]).added == [f"{1:016x}", f"{2:016x}"]
    again = store.commit([rec(2), rec(3)])
    assert (again.added, again.already_present) == ([f"{3:016x}"], [f"{2:016x}"])
    assert store.commit([]).added == []
    assert [r["id"] for r in store.iter_records()] == [f"{n:016x}" for n in (1, 2, 3)]


def test_two_store_objects_on_one_file_never_duplicate(tmp_path: Path) -> None:
    """What two processes do: each has its own view; the locked re-read keeps them honest."""
    a, b = Store(tmp_path / "s.jsonl"), Store(tmp_path / "s.jsonl")
    a.commit([rec(1), rec(2)])
    b.commit([rec(3)])
    assert a.commit([rec(3), rec(4)]).already_present == [f"{3:016x}"]
    assert b.commit([rec(1), rec(4), rec(5)]).added == [f"{5:016x}"]
    ids = [r["id"] for r in store_lines(tmp_path / "s.jsonl")]
    assert sorted(ids) == [f"{n:016x}" for n in range(1, 6)]


def rejected(path: Path) -> list[dict[str, Any]]:
    return jsonl(path.with_name(path.name + ".rejected").read_bytes())


def test_replace_rewrites_atomically_setting_corrupt_lines_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(dumps(rec(1)) + "garbage\n\n" + dumps(rec(2)), encoding="utf-8")
    path.chmod(0o640)
    inode = path.stat().st_ino
    store = Store(path)
    problems: list[StoreProblem] = []
    result = store.commit([rec(3)], {f"{2:016x}": rec(2, nlp={"x": 1})}, problems.append)
    assert (result.added, result.replaced) == ([f"{3:016x}"], [f"{2:016x}"])
    # The corrupt line leaves the store but is kept, with where it stood; a blank line goes.
    assert path.read_text(encoding="utf-8") == (
        dumps(rec(1)) + dumps(rec(2, nlp={"x": 1})) + dumps(rec(3))
    )
    offset = len(dumps(rec(1)).encode())
    assert [(r["offset"], r["line"], r["raw"]) for r in rejected(path)] == [
        (offset, 2, "garbage\n")
    ]
    assert rejected(path)[0]["reason"].startswith("corrupt store line: Expecting value")
    assert [(p.line, str(p)) for p in problems] == [
        (2, f"{rejected(path)[0]['reason']}: moved to {path}.rejected (byte {offset}) ({path}:2)")
    ]
    assert path.stat().st_ino != inode  # a new file moved into place, not edited in place
    assert path.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # The writer notices the new inode and still refuses duplicates afterwards.
    assert store.commit([rec(3), rec(4)]).added == [f"{4:016x}"]


def test_rewrite_keeps_undecodable_bytes_of_a_line_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_bytes(b'{"id":"\xff\xfe"}\n' + dumps(rec(1)).encode())
    Store(path).commit([], {f"{1:016x}": rec(1, nlp={})})
    (row,) = rejected(path)
    assert base64.b64decode(row["raw_base64"]) == b'{"id":"\xff\xfe"}\n'
    assert (row["offset"], row["line"]) == (0, 1)


def test_a_whole_last_record_without_newline_is_kept(tmp_path: Path) -> None:
    """A hand edit, `cat a b > store` or another tool may leave out the final newline."""
    path = tmp_path / "s.jsonl"
    path.write_text(dumps(rec(1)) + dumps(rec(2)).rstrip("\n"), encoding="utf-8")
    store = Store(path)
    assert [r["id"] for r in store.iter_records()] == [f"{1:016x}", f"{2:016x}"]
    problems: list[StoreProblem] = []
    result = store.commit([rec(2), rec(3)], on_problem=problems.append)
    assert (result.added, result.already_present) == ([f"{3:016x}"], [f"{2:016x}"])
    assert path.read_text(encoding="utf-8") == dumps(rec(1)) + dumps(rec(2)) + dumps(rec(3))
    assert problems == []
    assert not path.with_name("s.jsonl.rejected").exists()


def test_repair_alone_mends_a_whole_last_record(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(dumps(rec(1)).rstrip("\n"), encoding="utf-8")
    Store(path).repair()
    assert path.read_text(encoding="utf-8") == dumps(rec(1))


def test_ids_found_without_id_first(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": "x", "id": f"{9:016x}"}) + "\n", encoding="utf-8")
    assert Store(path).commit([rec(9)]).already_present == [f"{9:016x}"]


def test_unwritable_store_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError) as exc:
        Store(blocker / "s.jsonl").commit([rec(1)])
    assert exc.value.message.startswith("cannot create the store lock")
    assert exc.value.hint == "check that the store's folder is writable"
    assert int(exc.value.exit_code) == 5


def test_store_that_is_a_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"cannot read store"):
        list(Store(tmp_path).iter_records())


# --- real processes: SIGKILL and concurrent writers -------------------------------------------


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 small distinct articles, written once for the module (ingest only reads them)."""
    folder = tmp_path_factory.mktemp("many")
    make_articles(folder, range(2000))
    return folder


def _valid_prefix(path: Path) -> list[dict[str, Any]]:
    """Every complete line of a store parses; at most a trailing fragment may be unterminated."""
    if not path.exists():
        return []
    raw = path.read_bytes()
    complete = raw[: raw.rfind(b"\n") + 1]
    records = [json.loads(line) for line in complete.decode("utf-8").splitlines()]
    problems: list[StoreProblem] = []
    assert [r["id"] for r in Store(path).iter_records(problems.append)] == [
        r["id"] for r in records
    ]
    assert problems == []
    return records


def _finish_and_check(store: Path, folder: Path, total: int, reported: set[str]) -> None:
    """A following ingest repairs any partial line, completes, keeps every record committed
    before the kill byte for byte, and duplicates nothing."""
    raw = store.read_bytes() if store.exists() else b""
    committed = raw[: raw.rfind(b"\n") + 1]
    done = run(["ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl", "-q"])
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    statuses = [r["status"] for r in jsonl(done.stdout)]
    assert len(statuses) == total
    assert set(statuses) <= {"added", "unchanged"}
    assert statuses.count("unchanged") >= len(reported)
    ids = [r["id"] for r in store_lines(store)]
    assert len(ids) == total == len(set(ids))
    assert reported <= set(ids)
    assert store.read_bytes().startswith(committed)


@pytest.mark.slow
@pytest.mark.parametrize("after", [1, 1000])
def test_sigkill_mid_ingest_leaves_a_valid_store_with_every_reported_record(
    tmp_path: Path, many: Path, after: int
) -> None:
    folder, store = many, tmp_path / "s.jsonl"
    proc = popen(["ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl", "-q"])
    assert proc.stdout is not None
    reported: set[str] = set()
    # Read what it reports, then stop reading: the pipe fills and the writer is still mid-run.
    while len(reported) < after:
        line = proc.stdout.readline()
        assert line, proc.stderr.read().decode() if proc.stderr else ""
        row = json.loads(line)
        assert row["status"] == "added"
        reported.add(row["id"])
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL  # it really was killed partway
    stored = {r["id"] for r in _valid_prefix(store)}
    assert reported <= stored
    assert len(stored) < 2000
    _finish_and_check(store, folder, 2000, reported)


@pytest.mark.slow
def test_sigkill_at_a_random_moment_while_output_is_drained(tmp_path: Path, many: Path) -> None:
    folder, store = many, tmp_path / "s.jsonl"
    proc = popen(["ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl", "-q"])
    lines: list[bytes] = []
    assert proc.stdout is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    while not lines and proc.poll() is None:
        time.sleep(0.005)
    time.sleep(0.1)  # somewhere inside the run, possibly mid-commit
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    reader.join(timeout=30)
    # Only complete lines count as reported: a killed writer may leave half a line on stdout.
    reported = {json.loads(x)["id"] for x in lines if x.endswith(b"\n")}
    stored = {r["id"] for r in _valid_prefix(store)}
    assert reported <= stored
    _finish_and_check(store, folder, 2000, reported)


def _cli(*args: str) -> Any:
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    return CliRunner().invoke(app, list(args))


def test_ingest_repairs_a_partial_line_left_by_a_killed_writer(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "s.jsonl"
    make_articles(folder, range(20))
    assert _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q").exit_code == 0
    whole = store.read_bytes()
    store.write_bytes(whole + whole.splitlines(keepends=True)[0][:50])
    make_articles(folder, range(20, 25))
    second = _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl", "-q")
    assert (second.exit_code, second.stderr) == (0, "")
    assert [r["status"] for r in jsonl(second.stdout)] == ["unchanged"] * 20 + ["added"] * 5
    assert store.read_bytes().startswith(whole)
    assert len(store_lines(store)) == 25


def test_ingest_with_nothing_new_still_repairs_a_partial_line(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "s.jsonl"
    make_articles(folder, range(3))
    assert _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q").exit_code == 0
    whole = store.read_bytes()
    store.write_bytes(whole + b'{"id":"00')
    again = _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q", "-f", "jsonl")
    assert [r["status"] for r in jsonl(again.stdout)] == ["unchanged"] * 3
    assert store.read_bytes() == whole


def test_ingest_keeps_a_whole_last_record_and_sets_a_fragment_aside(tmp_path: Path) -> None:
    folder, store = tmp_path / "in", tmp_path / "s.jsonl"
    make_articles(folder, range(3))
    assert _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q").exit_code == 0
    whole = store.read_bytes()
    store.write_bytes(whole.rstrip(b"\n"))  # e.g. copied by a tool that strips the last newline
    again = _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl")
    assert [r["status"] for r in jsonl(again.stdout)] == ["unchanged"] * 3
    assert "Warning" not in again.stderr
    assert store.read_bytes() == whole
    store.write_bytes(whole + b'{"id":"00')
    third = _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-f", "jsonl")
    assert third.exit_code == 0
    warnings = [x for x in third.stderr.splitlines() if x.startswith("Warning")]
    assert warnings == [
        f"Warning: partial last line (a killed writer's or a damaged record): moved to "
        f"{store}.rejected (byte {len(whole)}) ({store}:4)"
    ]
    assert store.read_bytes() == whole
    assert rejected(store)[0]["raw"] == '{"id":"00'


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make a file or folder read-only: chmod, and since chmod does not stop root (as in CI),
    also refuse in-process writes under it the way the kernel would (PermissionError)."""
    import io

    denied: list[Path] = []
    real_io_open, real_os_open = io.open, os.open

    def blocked(path: Any) -> bool:
        """A read-only file cannot be written; in a read-only folder no file can be created."""
        if isinstance(path, int):
            return False  # os.fdopen of a descriptor already granted
        p = Path(os.fsdecode(path)).absolute()
        return p in denied or (p.parent in denied and not p.exists())

    def io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and blocked(file):
            raise PermissionError(13, "Permission denied", str(file))
        return real_io_open(file, mode, *args, **kwargs)

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and blocked(path):
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr(os, "open", os_open)
    changed: list[tuple[Path, int]] = []

    def make(path: Path) -> None:
        changed.append((path, path.stat().st_mode & 0o777))
        path.chmod(0o555 if path.is_dir() else 0o444)
        denied.append(path.absolute())

    yield make
    for path, mode in reversed(changed):
        path.chmod(mode)


def test_ingest_into_a_read_only_store_file_exits_5_naming_it(
    tmp_path: Path, read_only: Any
) -> None:
    folder, store = tmp_path / "in", tmp_path / "s.jsonl"
    make_articles(folder, range(2))
    assert _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q").exit_code == 0
    before = store.read_bytes()
    make_articles(folder, range(2, 3))
    read_only(store)
    result = _cli("ingest", str(folder), "-s", str(store), "--no-nlp", "-q", "-f", "jsonl")
    assert result.exit_code == 5, result.stderr
    assert result.stderr == f"Error: cannot write store: Permission denied ({store})\n"
    assert store.read_bytes() == before


def test_ingest_into_a_read_only_store_folder_exits_5_naming_it(
    tmp_path: Path, read_only: Any
) -> None:
    folder, ro = tmp_path / "in", tmp_path / "ro"
    make_articles(folder, range(2))
    ro.mkdir()
    read_only(ro)
    result = _cli("ingest", str(folder), "-s", str(ro / "s.jsonl"), "--no-nlp", "-q")
    assert result.exit_code == 5, result.stderr
    assert result.stderr == (
        f"Error: cannot create the store lock: Permission denied ({ro}/s.jsonl.lock)"
        " - check that the store's folder is writable\n"
    )


def test_rewrite_in_a_read_only_folder_exits_5_and_leaves_the_store(
    tmp_path: Path, read_only: Any
) -> None:
    path = tmp_path / "ro" / "s.jsonl"
    store = Store(path)
    store.commit([rec(1)])
    before = path.read_bytes()
    read_only(path.parent)
    with pytest.raises(StoreError, match="cannot rewrite store: Permission denied"):
        store.commit([], {f"{1:016x}": rec(1, nlp={})})
    assert path.read_bytes() == before


def test_a_mended_tail_in_a_read_only_store_is_a_store_error(
    tmp_path: Path, read_only: Any
) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(dumps(rec(1)) + '{"id":"0', encoding="utf-8")
    read_only(path)
    with pytest.raises(StoreError) as exc:
        Store(path).repair()
    assert (exc.value.message, exc.value.where) == (
        "cannot write store: Permission denied",
        str(path),
    )


@pytest.mark.slow
def test_two_ingests_at_once_lose_and_duplicate_nothing(tmp_path: Path, many: Path) -> None:
    store = tmp_path / "s.jsonl"
    paths = [str(p) for p in sorted(many.glob("*.txt"))]
    assert len(paths) == 2000
    # Overlapping sets, the second walked backwards: both race over articles 600-1399.
    a_set, b_set = paths[:1400], paths[600:][::-1]
    args = ["-s", str(store), "--no-nlp", "-f", "jsonl", "-q"]
    procs = [popen(["ingest", *part, *args]) for part in (a_set, b_set)]
    outs = [p.communicate(timeout=120) for p in procs]
    for proc, (_, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert err == b""
    rows = [jsonl(out) for out, _ in outs]
    assert [len(r) for r in rows] == [len(a_set), len(b_set)]
    added = [r["id"] for part in rows for r in part if r["status"] == "added"]
    assert {r["status"] for part in rows for r in part} <= {"added", "unchanged"}
    ids = [r["id"] for r in store_lines(store)]
    assert len(ids) == 2000 == len(set(ids))
    assert sorted(added) == sorted(ids)  # each article added by exactly one of the two


@pytest.mark.slow
def test_sigkill_during_nlp_ingest(tmp_path: Path, pipeline: Any) -> None:
    from ukpeace_cli.annotate import annotate_record
    from ukpeace_cli.ingest import ingest
    from ukpeace_cli.inputs import iter_inputs

    # Enough small articles that the first batch is reported long before the run ends.
    folder, store, total = tmp_path / "in", tmp_path / "s.jsonl", 1000
    make_articles(folder, range(total))
    proc = popen(["ingest", str(folder), "-s", str(store), "-f", "jsonl", "-q"])
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # the kill comes only after a record was reported done
    assert first.endswith(b"\n"), proc.stderr.read().decode()
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    out = proc.stdout.read()  # not communicate(): it would skip what readline() buffered
    proc.stdout.close()
    proc.stderr.close()
    # Only complete lines count as reported: a killed writer may leave half a line on stdout.
    rows = [json.loads(x) for x in (first + out).splitlines(keepends=True) if x.endswith(b"\n")]
    assert rows and {r["status"] for r in rows} == {"added"}
    committed = _valid_prefix(store)
    assert {r["id"] for r in rows} <= {r["id"] for r in committed}
    assert 0 < len(committed) < total  # it really was killed partway
    raw = store.read_bytes()
    committed_bytes = raw[: raw.rfind(b"\n") + 1]

    items = iter_inputs([str(folder)])
    results = list(ingest(items, Store(store), pipeline=pipeline, annotator=annotate_record))
    statuses = [r.status for r in results]
    assert (statuses.count("unchanged"), statuses.count("added")) == (
        len(committed),
        total - len(committed),
    )
    # Every record committed before the kill is still there, byte for byte, and nothing twice.
    assert store.read_bytes().startswith(committed_bytes)
    records = store_lines(store)
    assert len(records) == total == len({r["id"] for r in records})
    assert all(r["nlp"]["pipeline"] == pipeline.key for r in records)
