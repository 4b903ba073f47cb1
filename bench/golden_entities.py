"""Golden check for the entity side: dump the stored mentions and `entities` output, or compare.

Usage:
  python bench/golden_entities.py dump OUT.json
  python bench/golden_entities.py check OUT.json

The texts: the demo articles (data/seeds) and the synthetic articles in
tests/fixtures/golden_texts.yaml, ingested with `ukpeace ingest` into a temporary store (paths
relative to it, so article ids are the same in every run). The dump holds each article's stored
annotations (`nlp`) and the stdout and exit code of `entities` (`--format jsonl`, `--by-outlet`,
`--suggest`, `--mentions`, csv and table, filters, `--accept`/`--reject` into a fresh alias file
and the output with it), `quotes` and `compare`, with no user alias file. `check` exits 1 and
names what differs. Run `dump` before a refactor and `check` after it (docs/entities.md).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC = ROOT / "tests" / "fixtures" / "golden_texts.yaml"
STORE = "store.jsonl"
# (name, arguments after the command); "mine.yaml" is a fresh user alias file.
RUNS: list[tuple[str, list[str]]] = [
    ("entities", ["entities"]),
    ("entities again (sidecar)", ["entities"]),
    ("by-outlet", ["entities", "--by-outlet"]),
    ("by-outlet csv", ["entities", "--by-outlet", "-f", "csv"]),
    ("suggest", ["entities", "--suggest"]),
    ("suggest PERSON,ORG", ["entities", "--suggest", "-l", "PERSON,ORG"]),
    ("mentions", ["entities", "--mentions"]),
    ("top persons", ["entities", "--label", "PERSON", "--top", "10"]),
    ("csv", ["entities", "-f", "csv"]),
    ("table", ["entities", "-f", "table"]),
    ("one outlet", ["entities", "-o", "dailymail.co.uk"]),
    ("min mentions", ["entities", "--min-mentions", "3"]),
    ("bad label", ["entities", "-l", "FOO"]),
    ("accept", ["entities", "--accept", "David Lamy=David Lammy", "--aliases", "mine.yaml"]),
    ("reject", ["entities", "--reject", "Xavier Foo=Yvonne Bar", "--aliases", "mine.yaml"]),
    ("with decisions", ["entities", "--aliases", "mine.yaml"]),
    ("suggest with decisions", ["entities", "--suggest", "--aliases", "mine.yaml"]),
    ("quotes", ["quotes"]),
    ("compare", ["compare"]),
]


def run_all(tmp: Path) -> dict[str, Any]:
    import yaml

    src = tmp / "in"
    src.mkdir()
    for seed in sorted((ROOT / "data" / "seeds").glob("*.txt")):
        (src / seed.name).write_text(seed.read_text("utf-8"), "utf-8")
    for k, text in enumerate(yaml.safe_load(SYNTHETIC.read_text("utf-8"))):
        (src / f"synthetic_{k:02d}.txt").write_text(text, "utf-8")
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / "config")}
    env["UKPEACE_FORMAT"] = "jsonl"
    for var in ("UKPEACE_ALIASES", "UKPEACE_STORE", "UKPEACE_CONFIG"):
        env.pop(var, None)
    cli = [sys.executable, "-m", "ukpeace_cli"]
    ingest = [*cli, "ingest", "in", "-s", STORE, "-q"]
    subprocess.run(ingest, cwd=tmp, env=env, check=True, capture_output=True)
    out: dict[str, Any] = {}
    for line in (tmp / STORE).read_text("utf-8").splitlines():
        rec = json.loads(line)
        out["nlp " + Path(rec["source"]).name] = rec["nlp"]
    for name, args in RUNS:
        cmd = [*cli, args[0], "-s", STORE, *args[1:]]
        done = subprocess.run(cmd, cwd=tmp, env=env, capture_output=True, text=True)
        out[name] = {"exit": done.returncode, "stdout": done.stdout}
    mine = tmp / "mine.yaml"
    out["alias file"] = mine.read_text("utf-8") if mine.is_file() else None
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        now = run_all(Path(tmp))
    if args.mode == "dump":
        Path(args.file).write_text(json.dumps(now, ensure_ascii=False, indent=1), "utf-8")
        print(f"{len(now)} items written to {args.file}")
        return 0
    before = json.loads(Path(args.file).read_text("utf-8"))
    differ = [k for k in sorted(set(before) | set(now)) if before.get(k) != now.get(k)]
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(now)} items, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
