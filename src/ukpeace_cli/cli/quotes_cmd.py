"""`ukpeace quotes` (not built yet)."""

from __future__ import annotations

from ukpeace_cli.cli.common import handle_errors
from ukpeace_cli.errors import UsageError


@handle_errors
def quotes_cli() -> None:
    """Not built yet."""
    raise UsageError("`ukpeace quotes` is not built yet")
