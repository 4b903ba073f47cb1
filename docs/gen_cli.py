"""Write docs/cli.md from the app's own --help texts (tests/test_docs.py checks it is current).

Usage: python docs/gen_cli.py [--check]
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).with_name("cli.md")


def render() -> str:
    import typer.main
    from typer.testing import CliRunner

    from ukpeace_cli.cli import app

    runner = CliRunner()
    env = {"COLUMNS": "100", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}
    group = typer.main.get_command(app)
    parts = [
        "# CLI reference",
        "",
        "Generated from `--help` by `python docs/gen_cli.py`; a test fails when it is out of date.",
        "Exit codes: [exit-codes.md](exit-codes.md). Settings and env vars: "
        "[configuration.md](configuration.md).",
        "",
        "## ukpeace",
        "",
        "```text",
        runner.invoke(app, ["--help"], env=env).stdout.rstrip(),
        "```",
    ]
    for name in group.list_commands(None):  # type: ignore[attr-defined, arg-type]
        out = runner.invoke(app, [name, "--help"], env=env).stdout.rstrip()
        parts += ["", f"## ukpeace {name}", "", "```text", out, "```"]
        sub = group.get_command(None, name)  # type: ignore[attr-defined, arg-type]
        for child in getattr(sub, "list_commands", lambda _: [])(None):  # a command group
            out = runner.invoke(app, [name, child, "--help"], env=env).stdout.rstrip()
            parts += ["", f"### ukpeace {name} {child}", "", "```text", out, "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
