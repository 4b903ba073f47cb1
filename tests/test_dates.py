"""One reading of publication times: UTC, whatever the machine's time zone (`TZ`) is.

Each check runs the same thing under two zones in this process (`time.tzset`), so a hidden
use of local time (dateutil's guess for a zone name, `datetime.astimezone()`) shows up."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ukpeace_cli import dates
from ukpeace_cli.cli import app
from ukpeace_cli.parsing import parse_date
from ukpeace_cli.store import Store, dumps, open_store

runner = CliRunner()
ZONES = ("UTC", "Asia/Kolkata", "America/New_York")
T = TypeVar("T")


@contextmanager
def local_zone(name: str) -> Iterator[None]:
    old = os.environ.get("TZ")
    os.environ["TZ"] = name
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = old
        time.tzset()


def in_every_zone(fn: Callable[[], T]) -> list[T]:
    out = []
    for name in ZONES:
        with local_zone(name):
            out.append(fn())
    return out


def test_the_zones_really_differ() -> None:
    # Guards the other tests: were tzset a no-op here, they would prove nothing.
    offsets = in_every_zone(lambda: time.localtime(0).tm_gmtoff)
    assert len(set(offsets)) == len(ZONES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 December 2024 10:00 IST", "2024-12-03T10:00"),  # a name dateutil does not know
        ("3 December 2024 10:00 EST", "2024-12-03T10:00-05:00"),
        ("Tuesday 3 December 2024 06:22 GMT", "2024-12-03T06:22+00:00"),
        ("2024-12-03T06:22:00+05:30", "2024-12-03T06:22+05:30"),
        ("3 December 2024", "2024-12-03"),
    ],
)
def test_parse_date_ignores_the_local_zone(text: str, expected: str) -> None:
    assert in_every_zone(lambda: parse_date(text)) == [expected] * len(ZONES)


def test_instant_reads_every_stored_form_in_utc() -> None:
    utc = dates.instant("2024-12-03T06:22-05:00")
    assert utc is not None and utc.isoformat() == "2024-12-03T11:22:00+00:00"
    assert dates.timestamp("2024-12-03T11:22") == utc.timestamp()  # no offset: UTC
    assert dates.timestamp("2024-12-03") == dates.timestamp("2024-12-03T00:00Z")
    assert dates.instant("") is None and dates.instant("soon") is None
    assert dates.instant("0001-01-01T00:00+14:00") is None  # before year 1 in UTC
    assert sorted(["2024-12-03T12:00+03:00", "2024-12-03T10:00"], key=dates.sort_key) == [
        "2024-12-03T12:00+03:00",  # 09:00 UTC: earlier, though later as text
        "2024-12-03T10:00",
    ]
    assert dates.sort_key(None) > dates.sort_key("1999-01-01")  # undated last


@given(st.datetimes(datetime(2, 1, 1), datetime(9998, 12, 31)), st.integers(-14 * 60, 14 * 60))
def test_instant_keeps_the_moment(naive: datetime, minutes: int) -> None:
    dt = naive.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    got = dates.instant(dt.isoformat())
    assert got is not None and got == dt and got.utcoffset().total_seconds() == 0


# --- commands whose output carries dates ----------------------------------------------------


def dated_store(seed_store: Path) -> Path:
    """The seeds, 000 published late on 3 December (UTC, with offset), the rest early on the
    4th with no offset: 000 is the earliest in UTC, but not in India's local time."""
    store = open_store(seed_store)
    recs = list(store.iter_records())
    for rec in recs:
        first = Path(rec["source"]).name.startswith("000")
        rec["published"] = "2024-12-03T23:00:00+00:00" if first else "2024-12-04T01:00:00"
    if seed_store.is_dir():  # a sharded store: its parts rewritten through the store
        store.commit([], {r["id"]: r for r in recs})
    else:
        seed_store.write_text("".join(dumps(r) + "\n" for r in recs), encoding="utf-8")
    return seed_store


def run_json(*args: str) -> list[dict[str, Any]]:
    res = runner.invoke(app, [*args, "-f", "jsonl"])
    assert res.exit_code in (0, 6), res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_entities_first_article_is_the_same_in_every_zone(seed_store: Path) -> None:
    store = str(dated_store(seed_store))
    outputs = in_every_zone(lambda: run_json("entities", "-s", store))
    assert outputs[0] and outputs[1] == outputs[0] and outputs[2] == outputs[0]
    recs = {Path(r["source"]).name[:3]: r for r in open_store(store).iter_records()}
    first = {r["name"]: r for r in outputs[0]}
    # An entity 000 names is first named there: 23:00 UTC on the 3rd is before 01:00 on the 4th.
    names_000 = {e["name"] for e in recs["000"]["nlp"]["entities"]}
    shared = [n for n in names_000 if n in first and first[n]["articles"] > 1]
    assert shared
    for name in shared:
        assert first[name]["first_published"] == "2024-12-03T23:00:00+00:00"


ARTICLE = """Ministers agree a plan for the border talks

Published: 3 December 2024 {time} IST

The ministers met in Geneva on Monday and agreed a plan for the border talks next spring.
The plan sets out three stages, starting with a ceasefire along the river and a joint patrol.
Officials said the second stage would bring the exchange of prisoners held since the winter.
A final stage would settle the line of the border, with observers from both neighbours present.
{extra}
"""


def test_ingest_dedupe_and_compare_answer_the_same_in_every_zone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n, t in enumerate(("09:00", "11:30")):
        text = ARTICLE.format(time=t, extra=f"Copy {n} of the wire report.")
        (folder / f"wire{n}.txt").write_text(text, encoding="utf-8")

    def run_all() -> list[Any]:
        store = tmp_path / f"store-{time.tzname[0]}.jsonl"
        code = runner.invoke(app, ["ingest", "--no-nlp", "-q", "-s", str(store), str(folder)])
        assert code.exit_code == 0, code.output
        recs = sorted(Store(store).iter_records(), key=lambda r: str(r["source"]))
        chosen = [x for r in recs for x in ("--article", r["id"])]
        return [
            [r["published"] for r in recs],
            run_json("dedupe", "-s", str(store), "--singletons"),
            run_json("compare", "-s", str(store), *chosen),
        ]

    outputs = in_every_zone(run_all)
    assert outputs[0][0] == ["2024-12-03T09:00", "2024-12-03T11:30"]
    assert outputs[1] == outputs[0] and outputs[2] == outputs[0]


def test_compare_orders_articles_by_the_moment_not_the_text(
    seed_records: dict[str, dict[str, Any]],
) -> None:
    from ukpeace_cli.compare import make_articles

    late = {**seed_records["001"], "published": "2024-12-03T10:00"}
    early = {**seed_records["002"], "published": "2024-12-03T12:00+03:00"}  # 09:00 UTC
    assert [a.id for a in make_articles([late, early])] == [early["id"], late["id"]]
