"""`ukpeace config`: the effective settings, where each came from, and which files were read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ukpeace_cli.cli.columns import Column
from ukpeace_cli.cli.common import ConfigOpt, FormatOpt, QuietOpt, StoreOpt, handle_errors

COLUMNS = [Column("key", "Setting"), Column("value", "Value"), Column("origin", "From")]


@handle_errors
def config_cli(
    store: StoreOpt = None,
    fmt: FormatOpt = None,
    quiet: QuietOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Show the settings in force and where each comes from.

    Precedence: flag > environment variable > --config file > ./ukpeace.yaml > user config
    (~/.config/ukpeace/config.yaml, or $UKPEACE_CONFIG_DIR) > built-in default.
    """
    from ukpeace_cli.cli.common import make_context
    from ukpeace_cli.cli.output import emit
    from ukpeace_cli.config import user_config_dir

    ctx = make_context(quiet, config, store=store, format=fmt)
    settings = ctx.settings

    def rows() -> Iterator[dict[str, Any]]:
        for key in sorted(settings.values):
            value = settings.values[key]
            yield {"key": key, "value": value, "origin": settings.origins[key]}

    read = ", ".join(settings.files_read) or "none"
    ctx.note(f"Config files read: {read} (user config folder: {user_config_dir()})")
    emit(rows(), ctx.fmt, COLUMNS)
