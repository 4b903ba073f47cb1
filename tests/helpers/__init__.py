"""Helpers for the tests that run the real `ukpeace` executable in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "seeds"

_SCRIPT = Path(sys.executable).parent / "ukpeace"
# The console script of the venv running the tests (`.venv/bin/ukpeace`), else the module.
UKPEACE: list[str] = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "ukpeace_cli"]


def run(
    args: list[str], *, stdin: bytes | None = None, cwd: Path | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """Run `ukpeace ARGS` to completion with the test's (pinned) environment."""
    return subprocess.run(
        [*UKPEACE, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=dict(os.environ),
        timeout=timeout,
        check=False,
    )


def popen(args: list[str], *, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*UKPEACE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=dict(os.environ),
    )


def make_articles(folder: Path, numbers: range) -> list[Path]:
    """Small, distinct articles: a headline, a blank line, two sentences naming the number."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in numbers:
        path = folder / f"a{i:05d}.txt"
        path.write_text(
            f"Generated report {i} on the talks\n\n"
            f"Delegation {i} met in Paris on Tuesday. It agreed on point {i} of the plan.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def jsonl(data: bytes | str) -> list[dict[str, Any]]:
    """Parse JSON Lines strictly: every non-empty line must be a JSON object."""
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def store_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a store file, parsed; fails on any corrupt or partial line."""
    raw = path.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "store does not end with a complete line"
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def on_a_terminal(
    args: list[str], cwd: Path, stream: str = "stderr", **env: str
) -> tuple[int, bytes, bytes]:
    """Run ukpeace with `stream` ("stdout" or "stderr") a pseudo-terminal and the other a pipe
    (stderr is dropped when stdout is the terminal); returns (exit code, stdout, stderr)."""
    import pty

    leader, follower = pty.openpty()
    tty_out = stream == "stdout"
    proc = subprocess.Popen(
        [*UKPEACE, *args],
        stdout=follower if tty_out else subprocess.PIPE,
        stderr=subprocess.DEVNULL if tty_out else follower,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env={**os.environ, **env},
    )
    os.close(follower)
    # The pipe is read in a thread while the terminal is drained here: a child that fills the
    # terminal's small buffer (a progress bar redrawn for seconds) must not wait on us.
    piped: list[bytes] = []
    reader = None
    if not tty_out:
        import threading

        assert proc.stdout is not None
        stdout = proc.stdout
        reader = threading.Thread(target=lambda: piped.append(stdout.read()), daemon=True)
        reader.start()
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    code = proc.wait(timeout=60)
    if reader is not None:
        reader.join(timeout=60)
    return (code, seen, b"") if tty_out else (code, b"".join(piped), seen)
