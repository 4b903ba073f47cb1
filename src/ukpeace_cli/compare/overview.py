"""Overview of the story's articles: headline, time and length."""

from __future__ import annotations

from ukpeace_cli.compare.base import Article, Measure, Row, article_times, published


def overview(arts: list[Article]) -> Measure:
    m = Measure(
        "overview",
        "Headline, time and length",
        "Lag: hours after the story's first dated article; words of body and of narration "
        "(outside quotes).",
    )
    times = article_times(arts)
    known = [t for t in times.values() if t is not None]
    first = min(known) if known else None
    rows = {k: Row(k) for k in ("headline", "published", "lag (hours)", "words", "narration words")}
    for a in arts:
        rows["headline"].values[a.id] = a.record.get("title")
        rows["published"].values[a.id] = published(a.record)
        t = times[a.id]
        lag = None
        if t is not None and first is not None:
            lag = round((t - first) / 3600, 1)
        rows["lag (hours)"].values[a.id] = lag
        rows["words"].values[a.id] = a.record.get("words")
        rows["narration words"].values[a.id] = a.narration_words
    m.rows = list(rows.values())
    return m
