"""How a table fits the terminal's width: column widths, which columns give way, and when the
records are better shown one under another.

No column is laid out narrower than its floor (`Column.min_width`, else MIN_CELL characters, or
its widest cell when that is less), so a long cell never wraps into one character per line.
When the floors do not fit: optional (low-value) columns go first, last declared first; then
the non-sticky columns are split into bands that each repeat the sticky ones (compare's row
labels); failing that, the records are stacked, one field a line (like `psql -x`).
Pure functions on strings and numbers: the rendering is in output.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ukpeace_cli.cli.columns import Column

MIN_CELL = 10  # narrowest wrapping column: a short word and a number fit whole
HEADER_WORD = 12  # a longer header word (a file stem, a domain) is cut with "…" rather than
# widening its column


def cell_width(text: str) -> int:
    """Terminal cells of the longest line (wide characters count two)."""
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.split("\n")), default=0)


@dataclass
class Plan:
    """`bands`: groups of column indexes with their widths (one table each); empty: stacked."""

    bands: list[list[tuple[int, int]]]
    dropped: list[int]

    @property
    def stacked(self) -> bool:
        return not self.bands


def overhead(n: int) -> int:
    """Borders and padding of a boxed table of n columns: '│ ' before each, ' │' after the last."""
    return 3 * n + 1


def fit_widths(want: list[int], floor: list[int], room: int) -> list[int]:
    """Widths between each floor and want, summing to at most `room` (given sum(floor) <= room):
    narrow columns get all they want, the wide ones share the rest evenly (water-filling)."""
    if sum(want) <= room:
        return list(want)
    lo, hi = 0, max(want)
    while lo < hi:  # the highest level whose widths still fit
        mid = (lo + hi + 1) // 2
        if sum(max(f, min(w, mid)) for w, f in zip(want, floor, strict=True)) <= room:
            lo = mid
        else:
            hi = mid - 1
    widths = [max(f, min(w, lo)) for w, f in zip(want, floor, strict=True)]
    spare = room - sum(widths)
    for i, w in enumerate(want):  # hand out what is left, one cell each, left to right
        if spare <= 0:
            break
        if widths[i] < w:
            widths[i] += 1
            spare -= 1
    return widths


def measure(col: Column, header: str, cells: list[str]) -> tuple[int, int]:
    """(want, floor) of one column's content width."""
    natural = max([cell_width(c) for c in cells] + [cell_width(header)])
    # A label is cut only for want of room: its max_width does not apply.
    want = min(natural, col.max_width) if col.max_width and not col.abbreviate else natural
    if col.no_wrap:
        return natural, natural
    words = [cell_width(w) for w in header.split()] or [0]
    floor = max(col.min_width or MIN_CELL, min(max(words), HEADER_WORD))
    return want, min(want, floor)


def plan(columns: list[Column], rows: list[list[str]], width: int) -> Plan:
    sizes = [measure(c, c.header, [r[i] for r in rows]) for i, c in enumerate(columns)]
    keep = list(range(len(columns)))
    dropped: list[int] = []

    def floors(idx: list[int]) -> int:
        return sum(sizes[i][1] for i in idx) + overhead(len(idx))

    optional = [i for i in reversed(keep) if columns[i].optional]
    while floors(keep) > width and optional:
        i = optional.pop(0)
        keep.remove(i)
        dropped.append(i)
    if floors(keep) <= width:
        return Plan([_widths(keep, sizes, width)], dropped)
    sticky = [i for i in keep if columns[i].sticky]
    rest = [i for i in keep if not columns[i].sticky]
    if not sticky or not rest:
        return Plan([], [])  # stacked: every field has a line of its own
    bands: list[list[int]] = [[]]
    for i in rest:
        if bands[-1] and floors(sorted([*sticky, *bands[-1], i])) > width:
            bands.append([])
        bands[-1].append(i)
    if any(floors(sorted([*sticky, *b])) > width for b in bands):
        return Plan([], [])
    return Plan([_widths(sorted([*sticky, *b]), sizes, width) for b in bands], dropped)


def _widths(idx: list[int], sizes: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    got = fit_widths(
        [sizes[i][0] for i in idx], [sizes[i][1] for i in idx], width - overhead(len(idx))
    )
    return list(zip(idx, got, strict=True))


def _cut(text: str, width: int) -> str:
    from rich.cells import set_cell_size

    return text if cell_width(text) <= width else set_cell_size(text, max(1, width - 1)) + "…"


def shorten_words(text: str, width: int) -> str:
    """Words longer than `width` cut to it with "…" (for headers: labels, never folded)."""
    return " ".join(_cut(w, width) for w in text.split(" "))


def shorten_lines(text: str, width: int) -> str:
    """Lines longer than `width` cut to it with "…" (one label a line: outlets, file stems)."""
    return "\n".join(_cut(line, width) for line in text.split("\n"))
