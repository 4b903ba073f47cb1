"""Fill the example blocks of README.md and docs/*.md with real output.

A block is an HTML comment naming the command, followed by a console code block:

    <!-- example: ukpeace quotes --speaker Barrot -->
    ```console
    (replaced by "$ command" and what it printed)
    ```

The commands run in a temporary folder (with `data/` linked to the repository's) against a
fresh default store of data/seeds/, with a fixed width and no colour; a command without `|`
or `--format` gets `UKPEACE_FORMAT=table`, as on a terminal.

Usage: python docs/gen_examples.py [FILE.md ...]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"(<!-- example: (?P<cmd>.+?) -->\n```console\n)(?P<body>.*?)(```)", re.S)


def run(cmd: str, env: dict[str, str]) -> str:
    env = dict(env)
    if "|" not in cmd and "--format" not in cmd and " -f " not in cmd:
        env["UKPEACE_FORMAT"] = "table"
    out = subprocess.run(
        ["bash", "-c", cmd + " 2>&1"], cwd=env["PWD"], env=env, capture_output=True, text=True
    )
    lines = [line.rstrip() for line in out.stdout.splitlines()]
    return f"$ {cmd}\n" + "\n".join(lines) + "\n"


def main(files: list[str]) -> None:
    targets = [Path(f) for f in files] or [
        ROOT / "README.md",
        *sorted((ROOT / "docs").glob("*.md")),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ)
        (Path(tmp) / "data").symlink_to(ROOT / "data")
        for var in [v for v in env if v.startswith("UKPEACE_")]:
            del env[var]
        env.update(
            {
                "PWD": tmp,
                "PATH": f"{Path(sys.executable).parent}:{env.get('PATH', '')}",
                "UKPEACE_CONFIG_DIR": str(Path(tmp) / "config"),
                "COLUMNS": "110",
                "NO_COLOR": "1",
                "TZ": "UTC",
            }
        )
        subprocess.run(
            ["ukpeace", "ingest", "data/seeds", "-q"],
            cwd=tmp,
            env=env,
            check=True,
            capture_output=True,
        )
        for path in targets:
            text = path.read_text(encoding="utf-8")
            new = BLOCK.sub(lambda m: m.group(1) + run(m.group("cmd"), env) + m.group(4), text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
