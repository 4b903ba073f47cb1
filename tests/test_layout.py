"""Tables designed for 80 columns and still right at 200: widths, dropped columns, bands,
stacked records, labels cut rather than folded, text never parsed as markup."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ukpeace_cli.cli import app
from ukpeace_cli.cli.layout import MIN_CELL, cell_width, fit_widths, overhead, plan
from ukpeace_cli.cli.output import Column, Sink

WORDS = "alpha bravo participation charlie contemplating delta implementing echo".split()


def text(n: int) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(n))


def render(columns: list[Column], rows: list[dict[str, str]], width: int, **kw: str) -> str:
    out = io.StringIO()
    import os

    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        Sink("table", columns, stream=out, **kw).write(rows)
    finally:
        os.environ["COLUMNS"] = old or ""
    return out.getvalue()


def column_widths(out: str) -> list[list[int]]:
    """Content widths of the columns of each boxed table, read off its top border."""
    return [
        [len(seg) - 2 for seg in line[1:-1].split("┳")]
        for line in out.splitlines()
        if line.startswith("┏")
    ]


def check_fits(out: str, width: int) -> None:
    assert max(cell_width(line) for line in out.splitlines()) <= width


# --- widths ----------------------------------------------------------------------------------


@given(
    st.lists(st.tuples(st.integers(1, 120), st.integers(0, 40)), min_size=1, max_size=12),
    st.integers(0, 400),
)
def test_fit_widths_stays_between_floor_and_want(cols: list[tuple[int, int]], extra: int) -> None:
    want = [w for w, _ in cols]
    floor = [min(w, f) for w, f in cols]
    room = sum(floor) + extra
    got = fit_widths(want, floor, room)
    assert sum(got) <= room
    assert all(f <= g <= w for f, g, w in zip(floor, got, want, strict=True))
    if sum(want) <= room:
        assert got == want
    else:
        assert sum(got) == room  # no room left unused while a column wants more


@given(
    st.lists(
        st.tuples(st.text(min_size=0, max_size=80), st.booleans(), st.booleans()),
        min_size=1,
        max_size=9,
    ),
    st.integers(40, 220),
)
def test_plan_never_overflows_nor_squeezes(spec: list[tuple[str, bool, bool]], width: int) -> None:
    columns = [Column(f"c{i}", f"H{i}", optional=o, sticky=s) for i, (_, o, s) in enumerate(spec)]
    rows = [[t for t, _, _ in spec]]
    p = plan(columns, rows, width)
    for band in p.bands:
        assert sum(w for _, w in band) + overhead(len(band)) <= width
        for i, w in band:
            assert w >= min(MIN_CELL, max(cell_width(rows[0][i]), cell_width(f"H{i}")))
    assert set(p.dropped) <= {i for i, c in enumerate(columns) if c.optional}


# --- rendering -------------------------------------------------------------------------------

QUOTE_LIKE = [
    Column("outlet", "Outlet", max_width=18, min_width=12, abbreviate=True),
    Column("kind", "Kind", no_wrap=True),
    Column("speaker", "Speaker", max_width=18),
    Column("mention", "As written", max_width=18, optional=True),
    Column("cue", "Cue", max_width=10, optional=True),
    Column("text", "Quote", max_width=60, min_width=28),
]
QUOTE_ROWS = [
    {
        "outlet": "004_1e520945f68134c3",
        "kind": "indirect",
        "speaker": "Someone Longnamed",
        "mention": "a senior official",
        "cue": "according to",
        "text": text(40) + " [bold]kept[/bold]",
    }
] * 3


@pytest.mark.parametrize("width", [80, 200])
def test_quote_like_table_at_80_and_200(width: int) -> None:
    out = render(QUOTE_LIKE, QUOTE_ROWS, width, title="Quotes")
    check_fits(out, width)
    for w in ("participation", "contemplating", "implementing"):
        assert out.count(w) == out.count(w.upper()) + 3 * text(40).count(w)  # whole words
    assert "[bold]kept[/bold]" in out  # never parsed as markup
    (widths,) = column_widths(out)
    if width == 80:
        assert "Not shown at 80 columns: As written, Cue" in out
        assert re.search(r"│ 004_1e520945\w*… ", out) and "f68134c3" not in out  # cut, not folded
        assert widths[-1] >= 28
    else:
        assert "Not shown" not in out and "a senior official" in out
        assert "004_1e520945f68134c3" in out
        assert len(widths) == 6


def test_bands_repeat_the_sticky_column() -> None:
    cols = [Column("row", "", max_width=34, sticky=True)] + [
        Column(f"a{i}", f"outlet-number-{i}.example.com") for i in range(8)
    ]
    rows = [{"row": f"row label {r}", **{f"a{i}": text(6) for i in range(8)}} for r in range(3)]
    out = render(cols, rows, 80, title="Measure")
    check_fits(out, 80)
    assert "Measure (1/2)" in out and "Measure (2/2)" in out
    assert out.count("row label 2") == 2  # the label column in each band
    assert all(w >= MIN_CELL for band in column_widths(out) for w in band)
    assert "Measure (1/2)" not in render(cols, rows, 200, title="Measure")


def test_too_wide_for_bands_stacks_records() -> None:
    cols = [Column(f"c{i}", f"Field {i}", min_width=24) for i in range(5)]
    rows = [{f"c{i}": text(10) for i in range(5)} for _ in range(2)]
    out = render(cols, rows, 80, title="Records")
    check_fits(out, 80)
    assert "┏" not in out  # no box: one field a line
    assert re.search(r"^1 ─+$", out, re.M) and re.search(r"^2 ─+$", out, re.M)
    assert out.count("Field 4") == 2
    assert out.count("contemplating") == 2 * 5 * text(10).count("contemplating")


# --- the commands, at 80 and 200 columns -----------------------------------------------------


def invoke(args: list[str], width: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    r = CliRunner().invoke(app, [*args, "-f", "table"])
    assert r.exit_code == 0, r.stderr
    check_fits(r.stdout, width)
    return r.stdout


def whole_words(out: str, words: list[str]) -> None:
    flat = re.sub(r"[│┃]", " ", out)
    for w in words:
        assert re.search(rf"\b{w}\b", flat), w


@pytest.mark.slow
@pytest.mark.parametrize("width", [80, 200])
def test_quotes_table(seed_store: Path, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    out = invoke(["quotes", "-s", str(seed_store)], width, monkeypatch)
    whole_words(out, ["implementing", "participation", "dailymail.co.uk", "indirect"])
    assert min(w for band in column_widths(out) for w in band) >= 8
    assert ("Not shown at 80 columns" in out) is (width == 80)
    out = invoke(["quotes", "-s", str(seed_store), "--group"], width, monkeypatch)
    whole_words(out, ["Barrot", "contemplating"])


@pytest.mark.slow
@pytest.mark.parametrize("width", [80, 200])
def test_dedupe_tables(seed_store: Path, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    out = invoke(["dedupe", "-s", str(seed_store), "--passages"], width, monkeypatch)
    whole_words(out, ["contemplating", "participation", "paraphrase", "story-1"])
    assert min(w for band in column_widths(out) for w in band) >= 5
    # File-stem labels are cut with "…" in the narrow boxed tables (whole when stacked).
    assert ("004_1e52094…" in out) is (width == 80)
    assert "004_1e520945f68134c3" in out


@pytest.mark.slow
@pytest.mark.parametrize("width", [80, 200])
def test_compare_tables(seed_store: Path, width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    out = invoke(["compare", "-s", str(seed_store)], width, monkeypatch)
    headers = [line for line in out.splitlines() if line.startswith("┃")]
    # An outlet or file-stem label heads its column on one line, whole or cut with "…".
    assert all(("004_1e520945f68134c3" in h) or ("004_1e5" in h and "…" in h) for h in headers)
    assert not any("68134c3 " in h and "004_" not in h for h in headers)
    assert min(w for band in column_widths(out) for w in band) >= MIN_CELL
    whole_words(out, ["Hedges", "participation"])


@pytest.mark.parametrize("width", [60, 200])
def test_labels_and_text_are_never_markup(width: int) -> None:
    # Headers come from the articles too (compare's outlet columns): printed as written.
    cols = [Column("row", "", sticky=True)] + [
        Column(f"a{i}", f"[red]site{i}[/red]", abbreviate=True) for i in range(6)
    ]
    rows = [{"row": "[b]label[/b]", **{f"a{i}": "[link=x]v[/link]" for i in range(6)}}]
    out = render(cols, rows, width, title="[i]T[/i]")
    assert "[b]label[/b" in out and "[link=x]v[/" in out and "[i]T[/i]" in out  # (folded at 60)
    assert "[red]site5[" in out and "[red]site0[" in out
    long = {"t": "[red]x[/red] " + text(30)}
    stacked = render([Column("t", "[b]Field[/b]", min_width=90)], [long], 80)
    assert "[b]Field[/b]" in stacked and "[red]x[/red]" in stacked and "┏" not in stacked
