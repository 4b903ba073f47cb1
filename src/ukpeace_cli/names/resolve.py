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
from ukpeace_cli.unionfind import DisjointSet

Node = tuple[str, str]  # (label class, name); an alias entry is (class, "\x00alias:" + name)


class _Group:
    __slots__ = ("alias", "keys", "members", "never")

    def __init__(self, member: Node, keys: set[str], never: set[str]):
        self.members = [member]
        self.keys = keys
        self.never = never
        self.alias: str | None = None


class _Groups:
    """Disjoint sets of name nodes (the one union-find, `ukpeace_cli.unionfind`), each set with
    the translit keys, hard negatives and alias entry that decide whether two sets may join."""

    def __init__(self, nodes: list[Node], never: dict[str, frozenset[str]]):
        self.nodes = nodes
        self.no = {m: i for i, m in enumerate(nodes)}
        self.sets = DisjointSet(len(nodes))
        self.groups: dict[int, _Group] = {}  # root -> its set, in order of the nodes
        for i, m in enumerate(nodes):
            tk = translit_key(m[1])
            self.groups[i] = _Group(m, {tk}, set(never.get(tk, ())))

    def of(self, member: Node) -> _Group:
        return self.groups[self.sets.find(self.no[member])]

    def union(self, a: Node, b: Node) -> bool:
        """Join b's set into a's unless a hard negative or two alias entries keep them apart."""
        ra, rb = self.sets.find(self.no[a]), self.sets.find(self.no[b])
        if ra == rb:
            return True
        ga, gb = self.groups[ra], self.groups[rb]
        if ga.keys & gb.never or gb.keys & ga.never:
            return False
        if ga.alias and gb.alias and ga.alias != gb.alias:
            return False
        self.sets.union(ra, rb)
        ga.members += gb.members
        ga.keys |= gb.keys
        ga.never |= gb.never
        ga.alias = ga.alias or gb.alias
        del self.groups[rb]
        return True

    def roots(self) -> list[tuple[Node, _Group]]:
        return [(self.nodes[r], g) for r, g in self.groups.items()]


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
        names = sorted(self.counts, key=lambda k: (-self.counts[k], k))
        # Every node first (a name, then its alias entry's node when it has one), so the sets
        # are in the order the names are met.
        nodes: dict[Node, None] = {}
        anchored: list[tuple[Node, Node, str]] = []  # (name, alias node, alias entry's name)
        for key in names:
            nodes[key] = None
            cls, name = key
            entry = idx.lookup(name) or idx.lookup(strip_title(name)[0])
            if entry is not None and cls == label_class(entry.label):
                anchor = (cls, "\x00alias:" + entry.name)
                nodes.setdefault(anchor, None)
                anchored.append((key, anchor, entry.name))
        sets = _Groups(list(nodes), idx.never)
        for key, anchor, alias in anchored:
            group = sets.of(anchor)
            group.alias = alias
            group.keys.add(translit_key(alias))
            group.never |= idx.never.get(translit_key(alias), set())
            sets.union(anchor, key)
        for keyfn in (fold_key, translit_key):
            first: dict[Node, Node] = {}
            for key in names:
                k = (key[0], keyfn(key[1]))
                if k in first:
                    sets.union(first[k], key)
                else:
                    first[k] = key
        # Short forms -> the one full name of the story they fit ("Okafor", "Radio Northland").
        top = [(k[1], _top_label(self.labels[k], k[0])) for k in names if k[0] == "NAME"]
        for short, full in story_links(top):
            if sets.union(("NAME", full), ("NAME", short)):
                self._short.add(("NAME", short))
        for root, g in sets.roots():
            self._record(root, g)
        self._built = True
        return self

    def _record(self, root: Node, g: _Group) -> None:
        """One merged set: its canonical name, label, kind and members, and its keys for lookup."""
        real = [m for m in g.members if not m[1].startswith("\x00")]
        canonical = g.alias or self._representative(real)
        labels: Counter[str] = Counter()
        for m in real:
            labels.update(self.labels[m])
            self._canon[m] = canonical
        entry = self.index.by_name.get(canonical)
        self._label[canonical] = entry.label if entry else _top_label(labels, root[0])
        self._kind[canonical] = entry.kind if entry else None
        self._groups[canonical] = sorted(m[1] for m in real)
        for m in g.members:
            self._by_key[(m[0], fold_key(m[1].removeprefix("\x00alias:")))] = canonical
            self._by_key[(m[0], translit_key(m[1].removeprefix("\x00alias:")))] = canonical

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
