"""Minimum support in the story layer's linkage (events/cluster.py: `support_linkage`, model
`support`): a group joins another only when more than `support` of their cross pairs reach the
threshold, not because two strong pairs lift the mean of weak ones; with support 0 it is the
shared average linkage. Made-up graphs written for these tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ukpeace_cli.events import default_model
from ukpeace_cli.events.cluster import support_linkage
from ukpeace_cli.events.model import from_dict
from ukpeace_cli.linkage import average_linkage

# A unit of four reports (0-3) and a fifth (4) that two of them score high: mean 0.53.
UNIT = [[0, 1, 2, 3]]
FIFTH = [(0, 4, 0.78), (1, 4, 0.69), (2, 4, 0.38), (3, 4, 0.27)]


def test_two_strong_pairs_do_not_carry_a_group_in() -> None:
    assert average_linkage(5, FIFTH, 0.5, UNIT) == [[0, 1, 2, 3, 4]]
    assert support_linkage(5, FIFTH, 0.5, UNIT, 0.5) == [[0, 1, 2, 3], [4]]


def test_most_cross_pairs_over_the_threshold_do_merge() -> None:
    edges = [(0, 4, 0.78), (1, 4, 0.69), (2, 4, 0.6), (3, 4, 0.27)]  # 3 of 4, mean 0.585
    assert support_linkage(5, edges, 0.5, UNIT, 0.5) == [[0, 1, 2, 3, 4]]


def test_support_needs_the_mean_too() -> None:
    edges = [(0, 1, 0.9), (1, 2, 0.9), (0, 2, 0.05)]  # 2 of 3 pairs, but mean of {0,1}-2 0.475
    assert support_linkage(3, edges, 0.5, None, 0.5) == [[0, 1], [2]]


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.integers(0, 9), st.floats(0.05, 1.0)),
        max_size=30,
    ),
    st.sampled_from([0.3, 0.5, 0.7]),
)
def test_support_zero_is_average_linkage(edges: list[tuple[int, int, float]], tau: float) -> None:
    edges = [(i, j, s) for i, j, s in edges if i != j]
    seen: dict[tuple[int, int], float] = {}
    for i, j, s in edges:  # one score per pair, as the story layer gives
        seen[(min(i, j), max(i, j))] = s
    edges = [(i, j, s) for (i, j), s in seen.items()]
    assert support_linkage(10, edges, tau, [[0, 1]], 0.0) == average_linkage(
        10, edges, tau, [[0, 1]]
    )
    # with support: still a partition of every article, the unit kept whole
    strict = support_linkage(10, edges, tau, [[0, 1]], 0.5)
    assert sorted(k for g in strict for k in g) == list(range(10))
    assert any(0 in g and 1 in g for g in strict)


def test_the_model_file_sets_support_and_old_files_mean_none() -> None:
    assert default_model().support == 0.5
    assert from_dict({"intercept": 0.0, "coef": {}}).support == 0.0
