"""dedupe: a template filled in twice (another quarter's report, another year's final) should not
be a copy (a known limit today); a copy whose dateline or one figure changed is. Made-up texts."""

from __future__ import annotations

import pytest

from helpers.records import made_record
from ukpeace_cli import dedupe

_rec = made_record


# One carmaker's quarterly delivery report: the template and two quarters' figures.
REPORT = [
    "Norvex Motors delivered {deliv} vehicles in the {quarter} quarter of {year}, the carmaker "
    "said in its quarterly production and delivery report.",
    "Production across its factories reached {prod} vehicles, up {growth}% from the same "
    "quarter a year earlier.",
    "Deliveries of its Arlo sedan and Brisa crossover made up {share}% of the total, with "
    "{other} deliveries of its older models.",
    "Analysts polled by the company had expected about {expect} deliveries for the quarter "
    "ending {end}.",
    "Norvex will publish its {quarter}-quarter earnings on {results} after the market closes.",
]
Q2_2031 = {
    "deliv": "412,300",
    "quarter": "second",
    "year": "2031",
    "prod": "430,150",
    "growth": "18",
    "share": "96",
    "other": "16,480",
    "expect": "405,000",
    "end": "June 30",
    "results": "July 19",
}
Q3_2029 = {
    "deliv": "287,640",
    "quarter": "third",
    "year": "2029",
    "prod": "301,900",
    "growth": "34",
    "share": "91",
    "other": "25,770",
    "expect": "279,000",
    "end": "September 30",
    "results": "October 21",
}


def _report(fill: dict[str, str]) -> str:
    return " ".join(s.format(**fill) for s in REPORT)


@pytest.mark.xfail(
    strict=True,
    reason="known limit: the copy layer joins two rounds of one template; the figures rule "
    "that fixed this (session 8, copies13k) lost copy-layer F1 on held-out sets (docs/dedupe.md)",
)
def test_two_quarters_of_one_templated_report_form_no_copy_group() -> None:
    a = _rec("q31", _report(Q2_2031), "wheelsdaily.com")
    b = _rec("q29", _report(Q3_2029), "motorwire.net")
    result = dedupe.find_duplicates([a, b], passages=True)
    assert result.pairs == [] and result.related == []
    assert all(len(c.articles) == 1 for c in result.clusters)


STORY = [
    "HARWICK, March {day} (Newswire) - Flood barriers on the river Tolle failed at two points "
    "overnight, forcing 1,240 residents of the lower town to leave their homes.",
    "The county's emergency office said 37 streets were under water by dawn and that the "
    "level at the Mill Bridge gauge stood at 4.82 metres, a record since 1998.",
    "Rescue crews carried 58 people from flooded houses, and a school gymnasium was opened as "
    "a shelter for families with nowhere else to go.",
    "Engineers blamed a seal that had been reported as worn in an inspection last autumn.",
    "The regional government promised an inquiry into why the repair had not been made.",
]


def test_a_copy_with_a_changed_dateline_is_still_a_copy() -> None:
    wire = " ".join(STORY).format(day="3")
    reprint = " ".join(STORY).format(day="4")  # the dateline re-dated when reprinted
    a = _rec("w1", wire, "newswire.com")
    b = _rec("w2", reprint, "tolleherald.co.uk")
    result = dedupe.find_duplicates([a, b], passages=True)
    (pair,) = result.pairs
    assert pair.score > 0.9
    assert sorted(next(c for c in result.clusters if len(c.articles) > 1).articles) == [
        "w1",
        "w2",
    ]


def test_a_copy_with_one_updated_figure_is_still_a_copy() -> None:
    first = " ".join(STORY).format(day="3")
    update = first.replace("58 people", "71 people")  # a later version of the same wire story
    result = dedupe.find_duplicates([_rec("u1", first, "a.com"), _rec("u2", update, "b.com")])
    (pair,) = result.pairs
    assert pair.score > 0.9
