"""The sharded store: conversion both ways, the commit protocol (temporary parts, leases, one
manifest swap), a writer killed with SIGKILL mid-commit, corrupt parts, the id index."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import jsonl, make_articles, run
from ukpeace_cli.store import Store, StoreProblem, dumps, open_store
from ukpeace_cli.store import manifest as mf
from ukpeace_cli.store.convert import convert
from ukpeace_cli.store.index import INDEX, IdIndex
from ukpeace_cli.store.parts import remove_stale
from ukpeace_cli.store.sharded import ShardedStore


def rec(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"{n:016x}", "schema": 2, "text": f"Body {n}.", **extra}


def sharded(path: Path, numbers: range, part_size: int = 3) -> ShardedStore:
    """A sharded store holding rec(n) for `numbers`, made through a file store and convert."""
    src = path.with_suffix(".src.jsonl")
    Store(src).commit([rec(n) for n in numbers])
    convert(str(src), str(path), part_size=part_size)
    return ShardedStore(path)


def check_valid(store: ShardedStore) -> list[str]:
    """Every listed part is there with the manifest's size and checksum; returns the ids."""
    m = store.manifest()
    for info in m.parts:
        path = store.part_path(info.name)
        assert path.stat().st_size == info.bytes
        assert mf.file_sha256(path) == info.sha256
    ids = [r["id"] for r in store.iter_records()]
    assert len(ids) == m.records()
    return ids


# --- layout and conversion -------------------------------------------------------------------


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(st.text(min_size=0, max_size=30), min_size=0, max_size=25),
    part_size=st.integers(min_value=1, max_value=8),
)
def test_convert_round_trip_is_byte_identical(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str], part_size: int
) -> None:
    folder = tmp_path_factory.mktemp("rt")
    src = folder / "s.jsonl"
    records = [{"id": f"{i:016x}", "text": t, "n": i} for i, t in enumerate(texts)]
    src.write_bytes("".join(dumps(r) for r in records).encode("utf-8"))
    convert(str(src), str(folder / "sh"), part_size=part_size)
    store = ShardedStore(folder / "sh")
    m = store.manifest()
    assert [p.records for p in m.parts] == [
        min(part_size, len(records) - i) for i in range(0, len(records), part_size)
    ]
    assert list(store.iter_records()) == records  # canonical order: manifest, then lines
    assert store.count() == len(records)
    convert(str(folder / "sh"), str(folder / "back.jsonl"))
    assert (folder / "back.jsonl").read_bytes() == src.read_bytes()
    for r in records[:3]:
        pos = store.find(r["id"])
        assert pos is not None and store.read_at(pos) == r


def test_every_part_line_is_a_json_record_jq_can_read(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(7))
    for info in store.manifest().parts:
        path = store.part_path(info.name)
        for line in path.read_text("utf-8").splitlines():
            assert isinstance(json.loads(line)["id"], str)
        out = subprocess.run(["jq", "-r", ".id", str(path)], capture_output=True, check=False)
        if out.returncode != 127:  # jq is installed here; the check above holds without it
            assert out.stdout.decode().split() == [json.loads(x)["id"] for x in path.open()]


def test_convert_refuses_an_existing_destination(tmp_path: Path) -> None:
    Store(tmp_path / "s.jsonl").commit([rec(1)])
    (tmp_path / "taken").mkdir()
    res = run(["store", "convert", str(tmp_path / "s.jsonl"), str(tmp_path / "taken")])
    assert res.returncode == 2
    assert b"destination exists" in res.stderr
    assert list((tmp_path / "taken").iterdir()) == []
    res = run(["store", "convert", str(tmp_path / "nothing.jsonl"), str(tmp_path / "new")])
    assert res.returncode == 5 and not (tmp_path / "new").exists()


def test_store_info_for_both_layouts(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(7))
    res = run(["store", "info", str(store.path), "-f", "jsonl"])
    assert res.returncode == 0, res.stderr
    row = jsonl(res.stdout)[0]
    assert row["layout"] == "sharded" and row["parts"] == 3 and row["records"] == 7
    res = run(["store", "info", str(tmp_path / "sh.src.jsonl"), "-f", "jsonl"])
    row = jsonl(res.stdout)[0]
    assert row["layout"] == "file" and row["records"] == 7
    assert row["bytes"] == (tmp_path / "sh.src.jsonl").stat().st_size


# --- the commit protocol ---------------------------------------------------------------------


def test_commit_parts_drops_stored_and_repeated_ids(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(4))
    a = store.write_part([rec(3), rec(10), rec(11)])  # 3 is stored already
    b = store.write_part([rec(11), rec(12)])  # 11 came in `a`
    assert store.manifest().records() == 4  # written, not committed: invisible
    assert [r["id"] for r in store.iter_records()] == [f"{n:016x}" for n in range(4)]
    result = store.commit_parts([a, b])
    assert result.added == [f"{n:016x}" for n in (10, 11, 12)]
    assert result.already_present == [f"{3:016x}", f"{11:016x}"]
    assert check_valid(store) == [f"{n:016x}" for n in (0, 1, 2, 3, 10, 11, 12)]
    assert not list(store.parts_dir.glob("tmp-*"))  # parts and leases gone
    again = store.commit_parts([store.write_part([rec(10), rec(12)])])
    assert again.added == [] and len(again.already_present) == 2
    assert store.manifest().records() == 7 and len(store.manifest().parts) == 2 + 2


def test_replacing_a_record_rewrites_only_its_part(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(7))
    before = store.manifest()
    base = before.base
    result = store.commit([rec(20)], {f"{4:016x}": rec(4, title="new")})
    assert result.replaced == [f"{4:016x}"] and result.added == [f"{20:016x}"]
    after = store.manifest()
    assert [p.name for p in after.parts[:1]] == [before.parts[0].name]  # untouched
    assert after.parts[1].name != before.parts[1].name and after.parts[2] == before.parts[2]
    assert after.base != base  # caches of the old lines know to start again
    assert {r["name"] for r in after.retired} == {before.parts[1].name}
    assert store.part_path(before.parts[1].name).exists()  # for readers of the old manifest
    ids = check_valid(store)
    assert ids == [f"{n:016x}" for n in [*range(7), 20]]
    assert store.get([f"{4:016x}"])[0]["title"] == "new"


def test_ingest_into_a_folder_equals_ingest_into_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_articles(folder, range(12))
    for target in (str(tmp_path / "s.jsonl"), f"{tmp_path}/sh/"):  # "/": a new sharded store
        res = run(["ingest", str(folder), "-s", target, "--no-nlp", "-q"])
        assert res.returncode == 0, res.stderr
    file_lines = (tmp_path / "s.jsonl").read_bytes()
    store = ShardedStore(tmp_path / "sh")
    assert b"".join(store.part_path(p.name).read_bytes() for p in store.manifest().parts) == (
        file_lines
    )
    res = run(["ingest", str(folder), "-s", str(tmp_path / "sh"), "--no-nlp", "-f", "jsonl"])
    assert {r["status"] for r in jsonl(res.stdout)} == {"unchanged"}
    assert len(store.manifest().parts) == 1  # re-ingesting unchanged articles adds nothing


# --- leases and killed writers -----------------------------------------------------------


def _lease(path: Path, pid: int, host: str, expires: float) -> None:
    path.write_text(json.dumps({"pid": pid, "host": host, "expires": expires}), "utf-8")


def test_stale_temporary_parts_go_live_ones_stay(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(2))
    live = store.write_part([rec(5)])  # this process, lease not expired
    dead = store.parts_dir / "tmp-dead.jsonl"
    dead.write_bytes(dumps(rec(6)).encode())
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    _lease(dead.with_suffix(".lease"), int(gone.stdout), socket.gethostname(), time.time() + 600)
    expired = store.parts_dir / "tmp-expired.jsonl"
    expired.write_bytes(dumps(rec(7)).encode())
    _lease(expired.with_suffix(".lease"), os.getpid(), socket.gethostname(), time.time() - 1)
    remote = store.parts_dir / "tmp-remote.jsonl"  # another machine's writer: cannot be checked
    remote.write_bytes(dumps(rec(8)).encode())
    _lease(remote.with_suffix(".lease"), 1, "another-host.example", time.time() + 600)
    orphan = store.parts_dir / "tmp-nolease.jsonl"  # its writer released the lease and died
    orphan.write_bytes(b"")
    store.commit([rec(9)])  # a commit cleans up under the lock
    left = sorted(p.name for p in store.parts_dir.glob("tmp-*"))
    assert left == sorted(
        [Path(live.path).name, Path(live.lease).name, "tmp-remote.jsonl", "tmp-remote.lease"]
    )
    assert store.commit_parts([live]).added == [f"{5:016x}"]
    assert remove_stale(store.parts_dir, now=time.time() + 601) == [
        "tmp-remote.jsonl",
        "tmp-remote.lease",
    ]  # once expired, another host's parts go too


def test_a_lease_cut_mid_write_goes_once_its_writer_is_gone(tmp_path: Path) -> None:
    """A writer killed while writing a lease leaves an empty `.tmp-*.lease.*` file: its name says
    which process of which host wrote it, so it goes at once when that process is gone; one of a
    live process, or of another host, stays (unreadable: 60 s grace)."""
    from ukpeace_cli.store.parts import _host_tag

    parts = tmp_path / "parts"
    parts.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True
    )
    dead = parts / f".tmp-a.lease.{_host_tag()}-{int(gone.stdout)}-0badc0de"
    alive = parts / f".tmp-b.lease.{_host_tag()}-{os.getpid()}-0badc0de"
    remote = parts / f".tmp-c.lease.ffffffff-{int(gone.stdout)}-0badc0de"
    for p in (dead, alive, remote):
        p.write_bytes(b"")
    assert remove_stale(parts) == [dead.name]
    assert remove_stale(parts, now=time.time() + 61) == sorted([alive.name, remote.name])


_KILLED_WRITER = """
import sys
from ukpeace_cli.store.sharded import ShardedStore
store = ShardedStore(sys.argv[1])
n = 1000
print("ready", flush=True)
while True:
    parts = [store.write_part({"id": f"{n + i * 40 + k:016x}", "text": "x" * 2000}
                              for k in range(40)) for i in range(3)]
    store.commit_parts(parts)
    n += 120
"""


def _kill_a_writer(store: ShardedStore, delay: float) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_WRITER, str(store.path)], stdout=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_during_commits_leaves_a_valid_store(tmp_path: Path) -> None:
    """Writers killed at moments spread over their commits (until one was caught mid-commit,
    with temporary or not yet listed parts on disk): readers see the last manifest whole, and
    the next writer removes the leftovers and commits."""
    caught = 0
    for n, delay in enumerate([0.05, 0.12, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0]):
        store = sharded(tmp_path / f"sh{n}", range(5))
        _kill_a_writer(store, delay)
        ids = check_valid(store)
        assert ids[:5] == [f"{i:016x}" for i in range(5)] and len(ids) == len(set(ids))
        listed = {p.name for p in store.manifest().parts}
        caught += {p.name for p in store.parts_dir.iterdir()} != listed
        assert store.commit([rec(99)]).added == [f"{99:016x}"]
        assert {p.name for p in store.parts_dir.iterdir()} == listed | {
            store.manifest().parts[-1].name
        }
        assert check_valid(store) == [*ids, f"{99:016x}"]
        assert not list(store.path.glob(".manifest.json.*"))
        if caught and n >= 2:
            break
    assert caught


# --- damage and the id index -----------------------------------------------------------------


def test_a_corrupt_line_in_a_part_is_reported_then_set_aside(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(6))
    part = store.part_path(store.manifest().parts[1].name)
    lines = part.read_bytes().splitlines(keepends=True)
    broken = b'{"id":"broken' + b" " * (len(lines[1]) - 14) + b"\n"  # same size: not noticed
    part.write_bytes(lines[0] + broken + lines[2])
    problems: list[StoreProblem] = []
    ids = [r["id"] for r in store.iter_records(problems.append)]
    assert ids == [f"{n:016x}" for n in (0, 1, 2, 3, 5)]
    assert [(p.path, p.line) for p in problems] == [(str(part), 2)]
    assert "corrupt store line" in problems[0].reason
    problems.clear()
    store.commit([], {f"{3:016x}": rec(3, title="t")}, problems.append)  # rewrites that part
    assert "moved to" in problems[0].reason and problems[0].path == str(part)
    rejected = [json.loads(x) for x in store.rejected_path.read_text("utf-8").splitlines()]
    assert rejected[0]["raw"].encode() == broken and rejected[0]["part"] == part.name
    assert rejected[0]["line"] == 2 and rejected[0]["offset"] == len(lines[0])
    assert check_valid(store) == [f"{n:016x}" for n in (0, 1, 2, 3, 5)]


def test_a_truncated_part_is_mended_by_the_next_writer(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(6))
    part = store.part_path(store.manifest().parts[1].name)
    data = part.read_bytes()
    part.write_bytes(data[:-10])  # the last record cut short
    assert [r["id"] for r in store.iter_records()][-1] == f"{4:016x}"
    problems: list[StoreProblem] = []
    store.repair(problems.append)
    assert "partial last line" in problems[0].reason
    assert check_valid(store) == [f"{n:016x}" for n in range(5)]
    row = json.loads(store.rejected_path.read_text("utf-8"))
    assert row["raw"].encode() == data[data.rindex(b"\n", 0, -1) + 1 : -10]


def test_the_id_index_is_rebuilt_when_missing_damaged_or_stale(tmp_path: Path) -> None:
    store = sharded(tmp_path / "sh", range(7))
    index = store.path / INDEX
    assert index.exists()
    old = index.read_bytes()
    store.commit([rec(30)])
    index.write_bytes(old)  # stale: it does not cover the new part
    assert store.find(f"{30:016x}") is not None
    assert len(IdIndex.load(store.path) or []) == 8
    index.unlink()
    assert store.get([f"{30:016x}", f"{2:016x}"]) == [rec(2), rec(30)]
    assert index.exists()
    index.write_bytes(b"garbage")
    assert store.find(f"{6:016x}") == store.find(f"{6:016x}") is not None
    assert store.find("not-an-id") is None


def test_a_hand_written_id_is_found_by_its_hash_key(tmp_path: Path) -> None:
    src = tmp_path / "s.jsonl"
    src.write_text(dumps({"id": "Hand-Made", "text": "x"}) + dumps(rec(1)), "utf-8")
    convert(str(src), str(tmp_path / "sh"))
    store = open_store(tmp_path / "sh")
    assert store.get(["Hand-Made"]) == [{"id": "Hand-Made", "text": "x"}]
    assert store.commit([{"id": "Hand-Made", "text": "y"}]).already_present == ["Hand-Made"]


# --- caches over a sharded store ---------------------------------------------------------


def test_sidecars_extend_over_new_parts_and_restart_after_a_rewrite(
    seed_store_path: Path, tmp_path: Path
) -> None:
    """`entities` from the sidecar of a sharded store equals `entities` over the same records
    as a file, after parts are added (the sidecar extended) and after one is rewritten."""
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    def entities(store: Path) -> str:
        res = CliRunner().invoke(app, ["entities", "-s", str(store), "-f", "jsonl"])
        assert res.exit_code == 0, res.output
        return res.stdout

    records = list(Store(seed_store_path).iter_records())
    Store(tmp_path / "first.jsonl").commit(records[:3])
    convert(str(tmp_path / "first.jsonl"), str(tmp_path / "sh"), part_size=2)
    store = ShardedStore(tmp_path / "sh")
    assert entities(store.path) == entities(tmp_path / "first.jsonl")
    sidecar = store.path / "entities.jsonl"
    built = sidecar.read_bytes()
    store.commit(records[3:])
    assert entities(store.path) == entities(seed_store_path)
    assert sidecar.read_bytes().startswith(built)  # extended, not rebuilt
    changed = {**records[1], "outlet": "example.org"}
    store.commit([], {changed["id"]: changed})
    Store(tmp_path / "all.jsonl").commit([changed if r is records[1] else r for r in records])
    assert entities(store.path) == entities(tmp_path / "all.jsonl")
    assert not sidecar.read_bytes().startswith(built[: built.index(b"\n")])  # a new base


def test_a_folder_with_other_files_does_not_become_a_store(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    make_articles(mine, range(2))
    res = run(["ingest", str(mine), "-s", str(mine), "--no-nlp", "-q"])
    assert res.returncode == 5
    assert b"not a sharded store" in res.stderr
    assert sorted(p.name for p in mine.iterdir()) == ["a00000.txt", "a00001.txt"]
