"""The story layer: reports of one event written independently, clustered over the copy layer.

    from ukpeace_cli.events import cluster_events
    events = cluster_events(records, copy_clusters)  # -> list[Event]

Evidence per article pair (`model.FEATURES`): TF-IDF cosine of content-word stems and bigrams
(title and lead weighted twice), the same on title and lead alone, shared entities weighted by
rarity, shared quotes (same speaker, similar words), copies (the copy layer's groups) and date
proximity. A logistic model shipped as data (`data/events_model.json`) combines them; average
linkage groups the articles.
"""

from ukpeace_cli.events.cluster import (
    Event,
    PairEvidence,
    cluster_events,
    copy_evidence,
    score_articles,
)
from ukpeace_cli.events.model import FEATURES, Model, default_model

__all__ = [
    "FEATURES",
    "Event",
    "Model",
    "PairEvidence",
    "cluster_events",
    "copy_evidence",
    "default_model",
    "score_articles",
]
