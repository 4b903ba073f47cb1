"""Caches next to the store (the entities and quotes sidecars, the stories file) that cannot be
written never fail a read command: it warns once per cache and answers the same. And an
`--svg`/`--html` export into a missing folder is a usage error (2), not an internal one (70).

The tests run as root (chmod does not stop root), so a read-only folder and a full disk are
simulated: opening a cache for writing raises PermissionError, or its writes fail when they
are flushed (ENOSPC), as a buffered file on a full disk does."""

from __future__ import annotations

import builtins
import errno
import json
import os
import pathlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ukpeace_cli.cli import app

runner = CliRunner()
CACHES = (".entities.jsonl", ".quotes.jsonl", ".stories.json", ".events.json")


class FullDisk:
    """A file on a full disk: writes are taken into the buffer, flushing them fails."""

    def __init__(self, real: Any):
        self._real = real
        self._pending = False

    def write(self, data: Any) -> int:
        self._pending = True
        return len(data)

    def flush(self) -> None:
        if self._pending:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._pending = False
            self._real.close()

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __iter__(self) -> Any:
        return iter(self._real)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def break_caches(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Every cache opened for writing fails: "readonly" (PermissionError) or "full" (ENOSPC)."""
    real_open = builtins.open

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        name = os.fspath(file) if isinstance(file, (str, os.PathLike)) else ""
        if any(c in name for c in CACHES) and any(c in mode for c in "wax+"):
            if how == "readonly":
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
            return FullDisk(real_open(file, mode, *args, **kwargs))
        return real_open(file, mode, *args, **kwargs)

    def path_open(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        return fake_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(pathlib.Path, "open", path_open)


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def cache_warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("Warning: cannot update")]


QUERIES = [
    ("entities", "-f", "jsonl"),
    ("entities", "--mentions", "--article", "003", "-f", "jsonl"),
    ("dedupe", "-f", "jsonl"),
    ("compare", "-f", "jsonl"),
    ("compare", "--stories", "events", "-f", "jsonl"),
    ("dedupe", "--events", "-f", "jsonl"),
]


@pytest.mark.parametrize("how", ["readonly", "full"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: " ".join(q[:2]))
def test_a_cache_that_cannot_be_written_warns_once_and_answers(
    seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, query: Any, how: str
) -> None:
    expected = invoke(*query, "-s", str(seed_store_path))
    assert expected.exit_code == 0, expected.stderr
    assert expected.stdout.strip()
    store = tmp_path / "fresh" / "store.jsonl"  # no caches yet: each must be written
    store.parent.mkdir()
    store.write_bytes(seed_store_path.read_bytes())
    break_caches(monkeypatch, how)
    got = invoke(*query, "-s", str(store))
    assert got.exit_code == 0, got.stderr
    assert got.stdout == expected.stdout
    warned = cache_warnings(got.stderr)
    assert warned, got.stderr
    assert len(warned) == len(set(warned))  # once per cache
    reason = "Permission denied" if how == "readonly" else "No space left on device"
    assert all(str(store.parent) in w and reason in w for w in warned)
    assert "Traceback" not in got.stderr and "internal error" not in got.stderr
    quiet = invoke(*query, "-s", str(store), "-q")
    assert quiet.exit_code == 0 and quiet.stdout == expected.stdout
    assert not cache_warnings(quiet.stderr)


def test_a_read_only_sidecar_is_still_read(
    seed_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = invoke("entities", "-s", str(seed_store), "-f", "jsonl")
    sidecar = seed_store.with_name(seed_store.name + ".entities.jsonl")
    assert sidecar.exists()
    lines = sidecar.read_bytes().splitlines(keepends=True)
    # Damage a stored digest: if the read-only sidecar is read, the answer shows it.
    entry = json.loads(lines[1])
    entry[4][2] = "Some Other Outlet"
    sidecar.write_bytes(lines[0] + (json.dumps(entry) + "\n").encode() + b"".join(lines[2:]))
    break_caches(monkeypatch, "readonly")
    got = invoke("entities", "-s", str(seed_store), "-f", "jsonl")
    assert got.exit_code == 0 and len(cache_warnings(got.stderr)) == 1
    assert "Some Other Outlet" in got.stdout and got.stdout != expected.stdout


# --- exports ----------------------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--svg", "--html"])
def test_an_export_into_a_missing_folder_is_a_usage_error(
    seed_store_path: Path, tmp_path: Path, option: str
) -> None:
    target = tmp_path / "no-such-folder" / "spread.out"
    res = invoke("compare", "-s", str(seed_store_path), option, str(target))
    assert res.exit_code == 2, res.stderr
    assert res.stderr.startswith("Error: ") and len(res.stderr.splitlines()) == 1
    assert str(tmp_path / "no-such-folder") in res.stderr and option in res.stderr
    assert not target.parent.exists()  # not created behind the user's back
    res = invoke("compare", "-s", str(seed_store_path), option, str(tmp_path))
    assert res.exit_code == 2 and "not a folder" in res.stderr


def test_an_export_that_cannot_be_written_is_a_usage_error(
    seed_store_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.console import Console

    def refuse(self: Any, path: str, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)

    monkeypatch.setattr(Console, "save_svg", refuse)
    target = tmp_path / "spread.svg"
    res = invoke("compare", "-s", str(seed_store_path), "--svg", str(target))
    assert res.exit_code == 2, res.stderr
    assert res.stderr.splitlines()[-1] == f"Error: cannot write {target}: Permission denied"


def test_an_export_into_an_existing_folder_is_written(
    seed_store_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "spread.svg"
    res = invoke("compare", "-s", str(seed_store_path), "--svg", str(target))
    assert res.exit_code == 0, res.stderr
    assert target.read_text(encoding="utf-8").startswith("<svg")
