"""`ukpeace dedupe` (not built yet)."""

from __future__ import annotations

from ukpeace_cli.cli.common import handle_errors
from ukpeace_cli.errors import UsageError


@handle_errors
def dedupe_cli() -> None:
    """Not built yet."""
    raise UsageError("`ukpeace dedupe` is not built yet")
