"""How each outlet framed one story: measures computed from stored annotations and lexicons.

Pure functions over store records, one module per measure or family of measures:
`base` (the articles, rows and evidence every measure shares), `overview`, `sources`,
`credit` (credit to the origin and reuse), `quoted` (voices), `renderings`, `framing`
(reporting verbs, hedging, loaded language), `naming`, `facts`, `copies` (the copy groups
inside an event); `story` chooses the articles (a copy-layer story or an event),
`comparison` runs every measure, `spread` feeds the spread view. The names below
are the package's interface (`from ukpeace_cli.compare import ...`).
"""

from __future__ import annotations

from ukpeace_cli.compare.base import (
    QUOTED_KINDS,
    Article,
    Evidence,
    Measure,
    Row,
    article_times,
    make_articles,
    narration_spans,
)
from ukpeace_cli.compare.comparison import (
    MEASURES,
    Comparison,
    compare_in_store,
    compare_story,
)
from ukpeace_cli.compare.credit import credit, origin_claim, origin_outlet, reuse, spread_graph
from ukpeace_cli.compare.facts import SharedPassage, fact_groups, facts
from ukpeace_cli.compare.framing import hedging, loaded, loaded_matcher, reporting_verbs
from ukpeace_cli.compare.naming import naming
from ukpeace_cli.compare.overview import overview
from ukpeace_cli.compare.quoted import voices
from ukpeace_cli.compare.renderings import renderings
from ukpeace_cli.compare.sources import Citation, SourceTyper, citations, sources
from ukpeace_cli.compare.spread import shared_matrix, spread_parents
from ukpeace_cli.compare.story import UNITS, event_clusters, select_story, story_clusters

__all__ = [
    "MEASURES",
    "QUOTED_KINDS",
    "UNITS",
    "Article",
    "Citation",
    "Comparison",
    "Evidence",
    "Measure",
    "Row",
    "SharedPassage",
    "SourceTyper",
    "article_times",
    "citations",
    "compare_in_store",
    "compare_story",
    "credit",
    "event_clusters",
    "fact_groups",
    "facts",
    "hedging",
    "loaded",
    "loaded_matcher",
    "make_articles",
    "naming",
    "narration_spans",
    "origin_claim",
    "origin_outlet",
    "overview",
    "renderings",
    "reporting_verbs",
    "reuse",
    "select_story",
    "shared_matrix",
    "sources",
    "spread_graph",
    "spread_parents",
    "story_clusters",
    "voices",
]
