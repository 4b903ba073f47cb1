"""`compare --spread`: how the story spread, drawn with rich: a timeline, a propagation tree and
a shaded shared-text matrix; optionally recorded to HTML / SVG."""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ukpeace_cli.compare import Comparison

SHADES = ["grey15", "grey30", "grey42", "grey54", "grey66", "grey78"]


def _shade(value: float) -> str:
    return SHADES[min(len(SHADES) - 1, int(value * len(SHADES)))]


def render_spread(
    result: Comparison, *, html: str | None = None, svg: str | None = None, show: bool = True
) -> None:
    from rich.console import Console, Group
    from rich.panel import Panel

    from ukpeace_cli.cli.output import show as print_view
    from ukpeace_cli.compare import shared_matrix, spread_parents

    arts = result.articles
    from rich.text import Text

    heading = Text(
        "\nPropagation (parent: the earlier article copied most, else the credited origin)",
        style="bold",
    )
    parts: list[Any] = [_timeline(result), heading, _tree(result, spread_parents(result))]
    parts.append(_matrix(arts, shared_matrix(result)))
    view = Panel(Group(*parts), title=f"How {result.story_label} spread", expand=False)
    if show:
        print_view(view)
    if html or svg:
        # Recorded on its own console so exports keep colour even when stdout is a pipe.
        rec = Console(record=True, width=140, file=io.StringIO(), force_terminal=True)
        rec.print(view)
        if svg:
            rec.save_svg(svg, title="ukpeace compare --spread", clear=False)
            sys.stderr.write(f"Saved {svg}\n")
        if html:
            rec.save_html(html, clear=False)
            sys.stderr.write(f"Saved {html}\n")


GRAPH_SUFFIXES = (".graphml", ".dot")


def write_graph(result: Comparison, path: str) -> None:
    """The spread graph (compare.credit.spread_graph) as GraphML or DOT, by the file's suffix
    (checked by the caller: --graph FILE.graphml|.dot)."""
    import networkx as nx

    from ukpeace_cli.compare import spread_graph

    graph = spread_graph(result)
    if path.lower().endswith(".dot"):
        nx.nx_pydot.write_dot(graph, path)
    else:
        nx.write_graphml(graph, path)
    sys.stderr.write(f"Saved {path}\n")


def _timeline(result: Comparison) -> Any:
    from rich.table import Table
    from rich.text import Text

    from ukpeace_cli.compare import article_times

    times = article_times(result.articles)
    known = [t for t in times.values() if t is not None]
    lo, hi = (min(known), max(known)) if known else (0.0, 0.0)
    table = Table(title="Timeline", caption="Bar position: publication time within the story.")
    table.add_column("Outlet", max_width=28)
    table.add_column("Published", no_wrap=True)
    table.add_column("", min_width=32, no_wrap=True)
    for a in result.articles:
        t = times[a.id]
        if t is None:
            bar = Text("undated", style="dim")
        else:
            pos = 0 if hi == lo else round(30 * (t - lo) / (hi - lo))
            bar = Text(" " * pos + "●", style="bold")
        table.add_row(Text(a.column), Text(str(a.record.get("published") or "—")), bar)
    return table


def _tree(result: Comparison, parents: dict[str, tuple[str, str]]) -> Any:
    from rich.text import Text
    from rich.tree import Tree

    root_label = result.origin or "unknown origin"
    in_story = {a.column for a in result.articles}
    suffix = "" if root_label in in_story else " (origin, not in the store)"
    tree = Tree(Text(f"{root_label}{suffix}", style="bold"))
    nodes: dict[str, Any] = {}
    col = {a.id: a.column for a in result.articles}
    pending = list(result.articles)
    # Parents come first in article order (earlier first), so one pass in order suffices.
    for a in pending:
        parent, why = parents.get(a.id, ("", "no link found"))
        node_parent = nodes.get(parent, tree)
        nodes[a.id] = node_parent.add(Text(f"{col[a.id]}  ({why})"))
    return tree


def _matrix(arts: list[Any], shares: dict[tuple[str, str], float]) -> Any:
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title="Shared text",
        caption="Cell: share of the row article's words in passages it shares with the column "
        "article (darker = less).",
    )
    table.add_column("", max_width=24)
    for a in arts:
        table.add_column(a.column[:14], justify="right", no_wrap=True)
    for a in arts:
        cells = []
        for b in arts:
            if a.id == b.id:
                cells.append(Text("—", style="dim"))
                continue
            v = shares.get((a.id, b.id), 0.0)
            cells.append(Text(f" {100 * v:3.0f}% ", style=f"black on {_shade(v)}"))
        table.add_row(Text(a.column[:24]), *cells)
    return table
