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

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from golden import copy_texts, ingest, main, run_cli

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
    copy_texts(tmp / "in", synthetic=True)
    env = {**os.environ, "HOME": str(tmp), "XDG_CONFIG_HOME": str(tmp / "config")}
    env["UKPEACE_FORMAT"] = "jsonl"
    for var in ("UKPEACE_ALIASES", "UKPEACE_STORE", "UKPEACE_CONFIG"):
        env.pop(var, None)
    ingest("in", STORE, env, cwd=tmp)  # paths relative to tmp: the same ids in every run
    out: dict[str, Any] = {}
    for line in (tmp / STORE).read_text("utf-8").splitlines():
        rec = json.loads(line)
        out["nlp " + Path(rec["source"]).name] = rec["nlp"]
    for name, args in RUNS:
        exit_line, _, stdout = run_cli([args[0], "-s", STORE, *args[1:]], env, tmp).partition("\n")
        out[name] = {"exit": int(exit_line.split()[1]), "stdout": stdout}
    mine = tmp / "mine.yaml"
    out["alias file"] = mine.read_text("utf-8") if mine.is_file() else None
    return out


def in_temp_folder(_args: object) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        return run_all(Path(tmp))


if __name__ == "__main__":
    raise SystemExit(main(in_temp_folder, __doc__ or ""))
