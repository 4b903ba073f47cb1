"""Level 4 of canonicalisation, at query time: one `Resolver` over every article's stored
mentions merges names across articles (alias entries, one fold key or transliteration key, short
forms of one story's full name), hard negatives kept apart."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from ukpeace_cli.names import fold_key, has_accents, strip_title, translit_key
from ukpeace_cli.names.aliases import LABELS, AliasIndex, label_class
from ukpeace_cli.names.link import story_links
from ukpeace_cli.names.records import stored_mentions


class _Group:
    __slots__ = ("alias", "keys", "members", "never")

    def __init__(self, member: tuple[str, str], keys: set[str], never: set[str]):
        self.members = [member]
        self.keys = keys
        self.never = never
        self.alias: str | None = None


class Resolver:
    """One cross-article resolver: in-article names -> global canonical names. Built from stored
    mentions (no model); `quotes` uses the same instance for speakers."""

    def __init__(self, aliases: dict[str, Any] | AliasIndex):
        self.index = aliases if isinstance(aliases, AliasIndex) else AliasIndex(aliases)
        self.counts: Counter[tuple[str, str]] = Counter()  # (class, name) -> mentions
        self.labels: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._canon: dict[tuple[str, str], str] = {}
        self._by_key: dict[tuple[str, str], str] = {}
        self._label: dict[str, str] = {}
        self._kind: dict[str, str | None] = {}
        self._groups: dict[str, list[str]] = {}
        self._short: set[tuple[str, str]] = set()  # short forms linked to a story's full name
        self._built = False

    @classmethod
    def build(cls, records: Iterable[dict[str, Any]], aliases: dict[str, Any]) -> Resolver:
        r = cls(aliases)
        for rec in records:
            r.add(stored_mentions(rec))
        r.finish()
        return r

    def add(self, mentions: list[dict[str, Any]]) -> None:
        """Count one article's stored mentions (ambiguous ones stay out of merging)."""
        get = itemgetter("name", "label", "ambiguous")
        for (name, label, amb), n in Counter(map(get, mentions)).items():
            if amb:
                continue
            key = (label_class(label), name)
            self.counts[key] += n
            self.labels[key][label] += n

    def add_counts(self, counts: Iterable[tuple[tuple[str, str, bool], int]]) -> None:
        """Like `add`, from ((name, label, ambiguous), mentions) pairs already counted."""
        for (name, label, amb), n in counts:
            if amb:
                continue
            key = (label_class(label), name)
            self.counts[key] += n
            self.labels[key][label] += n

    def finish(self) -> Resolver:
        """Level 4: alias, exact fold key and transliteration key merges, hard negatives kept."""
        idx = self.index
        groups: dict[tuple[str, str], _Group] = {}
        parent: dict[tuple[str, str], tuple[str, str]] = {}

        def find(x: tuple[str, str]) -> tuple[str, str]:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def node(member: tuple[str, str]) -> tuple[str, str]:
            if member not in parent:
                parent[member] = member
                tk = translit_key(member[1])
                groups[member] = _Group(member, {tk}, set(idx.never.get(tk, ())))
            return member

        def union(a: tuple[str, str], b: tuple[str, str]) -> bool:
            ra, rb = find(a), find(b)
            if ra == rb:
                return True
            ga, gb = groups[ra], groups[rb]
            if ga.keys & gb.never or gb.keys & ga.never:
                return False
            if ga.alias and gb.alias and ga.alias != gb.alias:
                return False
            parent[rb] = ra
            ga.members += gb.members
            ga.keys |= gb.keys
            ga.never |= gb.never
            ga.alias = ga.alias or gb.alias
            del groups[rb]
            return True

        names = sorted(self.counts, key=lambda k: (-self.counts[k], k))
        for key in names:
            node(key)
            cls, name = key
            entry = idx.lookup(name) or idx.lookup(strip_title(name)[0])
            if entry is not None and cls == label_class(entry.label):
                anchor = node((cls, "\x00alias:" + entry.name))
                groups[find(anchor)].alias = entry.name
                groups[find(anchor)].keys.add(translit_key(entry.name))
                groups[find(anchor)].never |= idx.never.get(translit_key(entry.name), set())
                union(anchor, key)
        for keyfn in (fold_key, translit_key):
            first: dict[tuple[str, str], tuple[str, str]] = {}
            for key in names:
                k = (key[0], keyfn(key[1]))
                if k in first:
                    union(first[k], key)
                else:
                    first[k] = key
        # Short forms -> the one full name of the story they fit ("Okafor", "Radio Northland").
        top = [(k[1], _top_label(self.labels[k], k[0])) for k in names if k[0] == "NAME"]
        for short, full in story_links(top):
            if union(("NAME", full), ("NAME", short)):
                self._short.add(("NAME", short))
        for root, g in groups.items():
            real = [m for m in g.members if not m[1].startswith("\x00")]
            canonical = g.alias or self._representative(real)
            labels: Counter[str] = Counter()
            for m in real:
                labels.update(self.labels[m])
                self._canon[m] = canonical
            entry = idx.by_name.get(canonical)
            self._label[canonical] = entry.label if entry else _top_label(labels, root[0])
            self._kind[canonical] = entry.kind if entry else None
            self._groups[canonical] = sorted(m[1] for m in real)
            for m in g.members:
                self._by_key[(m[0], fold_key(m[1].removeprefix("\x00alias:")))] = canonical
                self._by_key[(m[0], translit_key(m[1].removeprefix("\x00alias:")))] = canonical
        self._built = True
        return self

    def _representative(self, members: list[tuple[str, str]]) -> str:
        # A full name over its short forms; then the most mentioned; then the accented spelling
        # (Jean-Noël over Jean-Noel); then A-Z.
        members = [m for m in members if m not in self._short] or members
        best = min(members, key=lambda m: (-self.counts[m], not has_accents(m[1]), m[1]))
        return best[1]

    def canonical(self, name: str, label: str | None = None, ambiguous: bool = False) -> str:
        """The global canonical name for an in-article name (or any name string). An ambiguous
        mention is never resolved: it is "<name> (ambiguous)", as in the `entities` rows."""
        if ambiguous:
            return f"{name} (ambiguous)"
        cls = label_class(label)
        hit = self._canon.get((cls, name))
        if hit is not None:
            return hit
        core = strip_title(name)[0]
        for key in ((cls, fold_key(core)), (cls, translit_key(core))):
            if key in self._by_key:
                return self._by_key[key]
        entry = self.index.lookup(core)
        if entry is not None and cls == label_class(entry.label):
            return entry.name
        return core

    def label(self, canonical: str) -> str | None:
        return self._label.get(canonical)

    def kind(self, canonical: str) -> str | None:
        return self._kind.get(canonical)

    def members(self, canonical: str) -> list[str]:
        """The in-article names merged into `canonical`."""
        return list(self._groups.get(canonical, []))

    def canonical_names(self) -> list[str]:
        return sorted(self._groups)


def _top_label(labels: Counter[str], cls: str) -> str:
    if not labels:
        return "DATE" if cls == "DATE" else "PERSON"
    return min(labels, key=lambda lab: (-labels[lab], LABELS.index(lab)))
