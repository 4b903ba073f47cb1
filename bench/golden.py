"""What the golden checks (bench/golden_*.py) share: the texts they ingest, how they run the
CLI, and dump/check. A golden check runs a command set on fixed texts and either dumps every
output (`dump OUT.json`, before a refactor) or compares with such a dump (`check OUT.json`,
after it), naming what differs by a single byte and exiting 1. Dumps hold article text: keep
them out of git."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC_TEXTS = ROOT / "tests" / "fixtures" / "golden_texts.yaml"
CLI = [sys.executable, "-m", "ukpeace_cli"]


def copy_texts(dest: Path, synthetic: bool = False) -> list[Path]:
    """The demo articles (and the synthetic golden texts) as files in `dest`; their paths."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for seed in sorted((ROOT / "data" / "seeds").glob("*.txt")):
        written.append(dest / seed.name)
        written[-1].write_text(seed.read_text("utf-8"), "utf-8")
    if synthetic:
        import yaml

        for k, text in enumerate(yaml.safe_load(SYNTHETIC_TEXTS.read_text("utf-8"))):
            written.append(dest / f"synthetic_{k:02d}.txt")
            written[-1].write_text(text, "utf-8")
    return written


def run_cli(args: list[str], env: dict[str, str], cwd: Path | None = None) -> str:
    """`ukpeace ARGS`: its exit code and exact stdout."""
    done = subprocess.run([*CLI, *args], capture_output=True, env=env, cwd=cwd, check=False)
    return f"exit {done.returncode}\n" + done.stdout.decode("utf-8")


def clean_env(tmp: Path) -> dict[str, str]:
    """No user configuration and a fixed width, so only the code decides the output."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UKPEACE_")}
    env.update(UKPEACE_CONFIG_DIR=str(tmp / "config"), COLUMNS="120", NO_COLOR="1")
    return env


def in_fixed_folder(name: str, outputs: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """`outputs(folder)` in a folder whose path never changes (article ids hash the file's
    path); a lock keeps two runs apart."""
    work = Path(tempfile.gettempdir()) / f"ukpeace-golden-{name}"
    with open(f"{work}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        try:
            return outputs(work)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def ingest(src: str, store: str, env: dict[str, str] | None, cwd: Path | None = None) -> None:
    """`ukpeace ingest SRC -s STORE -q`; a failure stops the check."""
    cmd = [*CLI, "ingest", src, "-s", store, "-q"]
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=cwd)


def main(
    outputs: Callable[[argparse.Namespace], dict[str, Any]],
    doc: str,
    extra: Callable[[argparse.ArgumentParser], None] | None = None,
    describe: Callable[[Any, Any], str | None] | None = None,
) -> int:
    """Parse `dump|check FILE`, compute `outputs(args)`, then write it or compare with FILE
    (`describe(before, after)` details the first few differences)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file")
    if extra:
        extra(ap)
    args = ap.parse_args()
    now = outputs(args)
    if args.mode == "dump":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=1), "utf-8")
        print(f"{len(now)} outputs ({len(json.dumps(now))} characters) in {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text("utf-8"))
    diffs = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for n, k in enumerate(diffs):
        detail = describe(before.get(k), now.get(k)) if describe and n < 5 else None
        print(f"differs: {k}" + (f"\n{detail}" if detail else ""))
    print(f"{len(now)} outputs; {len(diffs)} differ")
    return 1 if diffs else 0
