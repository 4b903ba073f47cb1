"""The `entities` report (query side): rows per canonical entity, per outlet, every mention.

`EntityReport` reads per-article digests (`names.digests`), runs the `Resolver` over every article
and sums the articles the `Filters` keep; `store_report` does so from the store's sidecar.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ukpeace_cli.dates import sort_key
from ukpeace_cli.errors import UsageError
from ukpeace_cli.names import strip_title
from ukpeace_cli.names.aliases import LABELS, AliasIndex, label_class
from ukpeace_cli.names.digests import DIGEST_VERSION, MentionKeys, group_sum, per_group, unpack
from ukpeace_cli.names.records import outlet_label, sentence_of, stored_mentions
from ukpeace_cli.names.resolve import Resolver


@dataclass
class Filters:
    labels: frozenset[str] = frozenset()
    outlets: frozenset[str] = frozenset()  # casefolded outlet labels
    articles: tuple[str, ...] = ()  # article ids (selection.resolve turns --article into ids)
    min_mentions: int = 1
    top: int | None = None

    def article_ok(self, record: dict[str, Any]) -> bool:
        return self.keeps(record.get("id"), record.get("source"), outlet_label(record))

    def keeps(self, rid: Any, source: Any, outlet: str) -> bool:
        if self.outlets and outlet.casefold() not in self.outlets:
            return False
        return not self.articles or str(rid or "") in self.articles


def check_labels(labels: Iterable[str]) -> frozenset[str]:
    out = set()
    for raw in labels:
        for lab in raw.split(","):
            lab = lab.strip().upper()
            if not lab:
                continue
            if lab not in LABELS:
                raise UsageError(
                    f"unknown entity label {lab!r}", hint="use one of " + ", ".join(LABELS)
                )
            out.add(lab)
    return frozenset(out)


@dataclass(eq=False)  # identity hash: entities are grouped by object
class _Agg:
    mentions: int = 0
    articles: int = 0
    outlets: Counter[str] = field(default_factory=Counter)
    variants: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    descriptors: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))
    first: tuple[Any, ...] | None = None  # (sort key, outlet, published)
    context: tuple[Any, int, int] | None = None  # (article ref, start, end) of a first mention


def _published_key(published: Any, order: int) -> tuple[Any, ...]:
    return (*sort_key(published), order)  # in UTC, whatever TZ says


class EntityReport:
    """The report over articles' digests: the resolver over all articles, aggregates over the
    articles the filters keep. Per article only its digest's packed (key, count) pairs are
    kept; the counting is done at the end over all of them at once (numpy), and everything per
    distinct name or (entity, outlet) once, so nothing is done in Python per mention."""

    def __init__(
        self,
        aliases: dict[str, Any] | AliasIndex,
        filters: Filters | None = None,
        context_of: Any = None,
        keys: MentionKeys | None = None,
    ):
        self.filters = filters or Filters()
        self.resolver = Resolver(aliases)
        # (article ref, start, end) -> sentence; refs are records unless told otherwise
        self.context_of = context_of or sentence_of
        self.keys = keys or MentionKeys()
        self.articles = 0
        self.kept_articles = 0
        self.unannotated = 0
        self.outlets: Counter[str] = Counter()  # kept articles per outlet
        self._outlet_no: dict[str, int] = {}
        self._all: list[str] | None = (
            [] if (self.filters.outlets or self.filters.articles) else None
        )
        # kept articles: (ref, outlet no, first-seen key, outlet, published) and digest lists
        self._kept: list[tuple[Any, int, tuple[Any, ...], str, Any]] = []
        self._packed: list[str] = []  # per kept article: its (key, count) pairs
        self._contexts: list[tuple[Any, int, int]] = []  # per key: its first mention
        self.index: list[tuple[Any, str, str]] = []  # every article: (ref, id, outlet)
        self._merged_cache: dict[tuple[str, str], tuple[str, str | None, _Agg]] | None = None

    def add(self, record: dict[str, Any]) -> None:
        self.add_digest(self.keys.encode(record), record)

    def add_digest(self, d: list[Any], ref: Any) -> None:
        """One article's digest (its keys already in `self.keys`); `ref` finds its text again
        for context (see `context_of`)."""
        rid, source, outlet, published, annotated, new, packed = d
        for k in new:
            self._contexts.append((ref, k[5], k[6]))
        self.index.append((ref, rid, outlet))
        if not annotated:
            self.unannotated += 1
        order = self.articles
        self.articles += 1
        if self._all is not None:
            self._all.append(packed)
        if not self.filters.keeps(rid, source, outlet):
            return
        self.kept_articles += 1
        self.outlets[outlet] += 1
        no = self._outlet_no.setdefault(outlet, len(self._outlet_no))
        self._kept.append((ref, no, _published_key(published, order), outlet, published))
        self._packed.append(packed)

    def finish(self) -> EntityReport:
        """Level 4 over every article (filters or not): mentions per name to the resolver."""
        import numpy as np

        keys, counts, _ = unpack(self._all if self._all is not None else self._packed)
        total = np.bincount(keys, weights=counts, minlength=len(self.keys.keys))
        by_name: Counter[tuple[str, str, bool]] = Counter()
        table = self.keys.keys
        for k in np.flatnonzero(total).tolist():
            name, label, _text, _desc, amb = table[k]
            by_name[(name, label, amb)] += int(total[k])
        self.resolver.add_counts(by_name.items())
        self.resolver.finish()
        return self

    def context(self, agg: _Agg) -> str | None:
        """The sentence of the entity's first mention (read back from the store if need be)."""
        if agg.context is None:
            return None
        ref, start, end = agg.context
        return self.context_of(ref, start, end)

    def _merged(self) -> dict[tuple[str, str], tuple[str, str | None, _Agg]]:
        """Aggregates summed per canonical entity: (class, canonical) -> (label, kind, agg)."""
        if self._merged_cache is not None:
            return self._merged_cache
        import numpy as np

        lists = self._packed
        if not lists:
            self._merged_cache = {}
            return self._merged_cache
        keys, counts, article = unpack(lists)
        used = np.flatnonzero(np.bincount(keys))  # ascending: order of first mention in store
        out, aggs, of_key = self._entities(used.tolist())
        # Mentions per entity, then per (entity, outlet) and (variant, outlet): grouped in
        # numpy, each group's counts turned into a dict in one C-level call.
        outlets = list(self._outlet_no)
        nout = len(outlets)
        outlet_of = np.array([t[1] for t in self._kept], np.int64)[article]
        ent = of_key[keys]
        for e, n in enumerate(np.bincount(ent, weights=counts, minlength=len(aggs)).tolist()):
            aggs[e].mentions = int(n)
        for e, found in per_group(ent * nout + outlet_of, counts, len(aggs), nout, outlets):
            aggs[e].outlets = Counter(found)
        self._variants(aggs, used.tolist(), of_key, keys, counts, outlet_of)
        self._firsts(aggs, article, ent, counts)
        self._merged_cache = out
        return out

    def _entities(
        self, used: list[int]
    ) -> tuple[dict[tuple[str, str], tuple[str, str | None, _Agg]], list[_Agg], Any]:
        """Each key used here -> its entity (numbered in order of first mention): the entities by
        (class, canonical), their aggregates, and each key's entity number (-1: unused)."""
        import numpy as np

        r, table = self.resolver, self.keys.keys
        out: dict[tuple[str, str], tuple[str, str | None, _Agg]] = {}
        aggs: list[_Agg] = []
        entity_no: dict[int, int] = {}
        of_key = np.full(len(table), -1, np.int64)
        for k in used:
            name, label, _text, _desc, amb = table[k]
            if amb:
                canonical, lab, kind = f"{name} (ambiguous)", label, None
            else:
                canonical = r.canonical(name, label)
                lab = r.label(canonical) or label
                kind = r.kind(canonical)
            key = (label_class(label), canonical)
            if key not in out:
                agg = _Agg(context=self._contexts[k])
                out[key] = (lab, kind, agg)
                entity_no[id(agg)] = len(aggs)
                aggs.append(agg)
            of_key[k] = entity_no[id(out[key][2])]
        return out, aggs, of_key

    def _variants(
        self, aggs: list[_Agg], used: list[int], of_key: Any, keys: Any, counts: Any, outlet_of: Any
    ) -> None:
        """Variants: (entity, name as written) numbered per key, and descriptors per key, each
        counted per outlet."""
        import numpy as np

        table, outlets = self.keys.keys, list(self._outlet_no)
        nout = len(outlets)
        variant_no: dict[tuple[int, str], int] = {}
        variant_of = np.zeros(len(table), np.int64)
        described: dict[int, str] = {}
        for k in used:
            _name, _label, text, desc, _amb = table[k]
            vkey = (int(of_key[k]), _as_written(text, desc))
            variant_of[k] = variant_no.setdefault(vkey, len(variant_no))
            if desc:
                described[k] = desc
        variants = list(variant_no)
        for v, found in per_group(
            variant_of[keys] * nout + outlet_of, counts, len(variants), nout, outlets
        ):
            e, written = variants[v]
            aggs[e].variants[written] = Counter(found)
        if not described:
            return
        # {outlet: {descriptor: n}} per entity, grouped by (entity, outlet)
        descs = sorted(set(described.values()))
        desc_no = {d: i for i, d in enumerate(descs)}
        desc_of = np.full(len(table), -1, np.int64)
        for k, d in described.items():
            desc_of[k] = desc_no[d]
        dk = desc_of[keys]
        has = dk >= 0
        group = of_key[keys][has] * nout + outlet_of[has]
        found_by = per_group(
            group * len(descs) + dk[has], counts[has], len(aggs) * nout, len(descs), descs
        )
        for g, found in found_by:
            e, o = divmod(g, nout)
            aggs[e].descriptors[outlets[o]] = found

    def _firsts(self, aggs: list[_Agg], article: Any, ent: Any, counts: Any) -> None:
        """Articles per entity (an article naming one entity in two spellings counts once) and
        the first article by publication time."""
        import numpy as np

        n_art = len(self._packed)
        art_ent, _ = group_sum(article * len(aggs) + ent, counts, n_art * len(aggs))
        arts, ents = np.divmod(art_ent, len(aggs))
        for e, n in enumerate(np.bincount(ents, minlength=len(aggs)).tolist()):
            aggs[e].articles = n
        rank = np.empty(n_art, np.int64)
        rank[sorted(range(n_art), key=lambda a: self._kept[a][2])] = np.arange(n_art)
        first = np.full(len(aggs), n_art, np.int64)
        np.minimum.at(first, ents, rank[arts])
        by_rank = np.argsort(rank)
        for e, fr in enumerate(first.tolist()):
            if fr < n_art:
                kept = self._kept[int(by_rank[fr])]
                aggs[e].first = (kept[2], kept[3], kept[4])

    def rows(self) -> list[dict[str, Any]]:
        """One row per canonical entity, most mentioned first."""
        f = self.filters
        rows = []
        for (_cls, canonical), (label, kind, agg) in self._merged().items():
            if f.labels and label not in f.labels:
                continue
            if agg.mentions < f.min_mentions or not agg.mentions:
                continue
            rows.append(_row(canonical, label, kind, agg))
        rows.sort(key=lambda r: (-r["mentions"], -r["articles"], r["name"], r["label"]))
        return rows[: f.top] if f.top else rows

    def by_outlet(self) -> tuple[list[str], list[dict[str, Any]]]:
        """Mentions per outlet for each entity: (outlet columns A-Z, rows)."""
        outlets = sorted(self.outlets)
        merged = self._merged()
        out = []
        for row in self.rows():
            agg = merged[(label_class(row["label"]), row["name"])][2]
            rec = {"name": row["name"], "label": row["label"], "mentions": row["mentions"]}
            for o in outlets:
                rec[o] = agg.outlets.get(o, 0)
            out.append(rec)
        return outlets, out


@lru_cache(maxsize=65536)
def _as_written(text: str, descriptor: str | None) -> str:
    """The name part of a mention as the outlet spelled it: no descriptor, no honorific."""
    text = " ".join(text.split())
    if descriptor and text.startswith(descriptor):
        text = text[len(descriptor) :].lstrip(" ,")
    return strip_title(text)[0] if descriptor or " " in text else text


def _most_first(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(key, count) by count descending, then key: two C-level sorts (the second is stable)."""
    if len(counts) < 2:
        return list(counts.items())
    return sorted(sorted(counts.items()), key=itemgetter(1), reverse=True)


def _row(name: str, label: str, kind: str | None, agg: _Agg) -> dict[str, Any]:
    outlets = [o for o, _ in _most_first(agg.outlets)]
    totals = {v: sum(c.values()) for v, c in agg.variants.items()}
    variants = {v: dict(_most_first(agg.variants[v])) for v, _ in _most_first(totals)}
    descriptors = {
        o: [d for d, _ in _most_first(agg.descriptors[o])] for o in sorted(agg.descriptors)
    }
    first = agg.first or (None, None, None)
    return {
        "name": name,
        "label": label,
        "kind": kind,
        "mentions": agg.mentions,
        "articles": agg.articles,
        "outlets": outlets,
        "variants": variants,
        "descriptors": descriptors,
        "first_outlet": first[1],
        "first_published": first[2],
    }


def build_report(
    records: Iterable[dict[str, Any]],
    aliases: dict[str, Any] | AliasIndex,
    filters: Filters | None = None,
) -> EntityReport:
    report = EntityReport(aliases, filters)
    for rec in records:
        report.add(rec)
    return report.finish()


def store_report(
    store: Any,
    aliases: dict[str, Any] | AliasIndex,
    filters: Filters | None = None,
    on_problem: Any = None,
    merge: bool = True,
) -> EntityReport:
    """`build_report` over a store, from its digests: no article text is parsed (but the
    sentences of suggestions, read back by offset). `merge=False` stops after the resolver
    (for `compare`, which needs canonical names and the article index only)."""

    def context_of(offset: int, start: int, end: int) -> str:
        return sentence_of(store.read_at(offset) or {}, start, end)

    from ukpeace_cli.sidecar import no_gc

    sidecar = entities_sidecar(store)
    digests = sidecar.digests(on_problem)
    report = EntityReport(aliases, filters, context_of, sidecar.codec)
    with no_gc():
        for offset, d in digests:
            report.add_digest(d, offset)
        report.finish()
        if merge:
            report._merged()
    return report


def entities_sidecar(store: Any) -> Any:
    from ukpeace_cli import __version__
    from ukpeace_cli.sidecar import Sidecar

    return Sidecar(store, "entities", f"{DIGEST_VERSION}/{__version__}", MentionKeys)


def refresh_sidecar(store: Any) -> None:
    """Bring the store's entities sidecar up to date (ingest calls it after writing, so the
    next `entities` only reads it). Digests only the lines it has not seen."""
    entities_sidecar(store).digests()


def mention_rows(
    records: Iterable[dict[str, Any]], resolver: Resolver, filters: Filters | None = None
) -> Iterator[dict[str, Any]]:
    """Every mention with its global entity and sentence, in store then text order."""
    f = filters or Filters()
    for rec in records:
        if not f.article_ok(rec):
            continue
        outlet = outlet_label(rec)
        for m in stored_mentions(rec):
            label = m["label"]
            entity = resolver.canonical(m["name"], label, bool(m.get("ambiguous")))
            label = resolver.label(entity) or label
            if f.labels and label not in f.labels:
                continue
            yield {
                "article": rec.get("id"),
                "outlet": outlet,
                "published": rec.get("published"),
                "entity": entity,
                "label": label,
                "text": m["text"],
                "name": m["name"],
                "descriptor": m.get("descriptor"),
                "ambiguous": bool(m.get("ambiguous")),
                "start": m["start"],
                "end": m["end"],
                "sentence": sentence_of(rec, m["start"], m["end"]),
            }
