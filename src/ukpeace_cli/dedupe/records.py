"""The command's output records, one dict per cluster, pair or passage (a stable key order:
`--format jsonl` and the golden checks depend on it)."""

from __future__ import annotations

from typing import Any

from ukpeace_cli.dedupe.results import Cluster, Pair, Passage


def cluster_record(c: Cluster) -> dict[str, Any]:
    return {
        "type": "cluster",
        "story": c.id,
        "size": len(c.articles),
        "articles": c.articles,
        "sources": c.sources,
        "outlets": c.outlets,
        "dates": c.dates,
        "first_article": c.first_article,
        "first_outlet": c.first_outlet,
        "first_basis": c.first_basis,
        "credited_sources": c.credited_sources,
        "copies": [
            {"articles": [c.articles[n] for n in g], "outlets": [c.outlets[n] for n in g]}
            for g in c.copies
        ],
    }


def pair_record(p: Pair) -> dict[str, Any]:
    return {
        "type": "pair",
        "story": p.story,
        "articles": [p.a, p.b],
        "sources": [p.source_a, p.source_b],
        "outlets": [p.outlet_a, p.outlet_b],
        "score": p.score,
        "covered": [p.covered_a, p.covered_b],
        "passages": p.passages,
        "sentences": p.sentences,
        "direction": p.direction,
        "credited": p.credited,
        "date_gap_days": p.date_gap_days,
        "shared_names": p.shared_names,
        "shared_phrases": p.shared_phrases,
        "common_credits": p.common_credits,
    }


def passage_record(p: Passage) -> dict[str, Any]:
    return {
        "type": "passage",
        "story": p.story,
        "articles": [p.earlier, p.later],
        "sources": [p.earlier_source, p.later_source],
        "outlets": [p.earlier_outlet, p.later_outlet],
        "score": p.score,
        "covered": [p.covered_earlier, p.covered_later],
        "similarity": p.similarity,
        "kind": p.kind,
        "quote": p.quote,
        "quoted": [p.earlier_quoted, p.later_quoted],
        "direction": p.direction,
        "credited": p.credited,
        "sentences": p.sentences,
        "spans": [list(p.earlier_span), list(p.later_span)],
        "texts": [p.earlier_text, p.later_text],
    }
