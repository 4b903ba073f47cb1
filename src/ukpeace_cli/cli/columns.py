"""A table column, as the command modules declare them at import: apart from output.py, whose
rendering code `--help` never needs (output.py re-exports Column)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    """A table column. The layout (cli/layout.py) never makes it narrower than `min_width`
    (default layout.MIN_CELL); `optional` columns give way first when a table does not fit,
    `sticky` ones are repeated when the others are split into bands, and `abbreviate` cuts
    long lines with "…" instead of folding them (labels such as outlets and file stems)."""

    key: str
    header: str
    justify: str = "left"
    max_width: int | None = None
    min_width: int | None = None
    no_wrap: bool = False
    optional: bool = False
    sticky: bool = False
    abbreviate: bool = False
