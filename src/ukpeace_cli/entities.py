"""Entities: who and what each article names, with name variants merged and nothing merged wrongly.

Canonicalisation, strict to lax (docs/entities.md):
1. the alias YAML (`aliases`, approved `variants`, hard negatives `not`), packaged + the user's;
2. titles and roles stripped from the head of a person mention into `descriptor`;
3. in one article, a surname or given name links to the one full name it can mean (else ambiguous);
4. across articles (`Resolver`), names with one fold key or transliteration key merge;
5. looser pairs are only *suggested* (`suggestions`), merged once approved (`accept`).

Ingest calls `article_mentions` once per article (levels 1-3); query commands build one `Resolver`
from the stored mentions (level 4), which `quotes` also uses for speakers.
"""

from __future__ import annotations

import copy
import os
import sys
from array import array
from base64 import b64decode, b64encode
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from ukpeace_cli.dates import sort_key
from ukpeace_cli.errors import ConfigError, UsageError
from ukpeace_cli.names import (
    CONNECTORS,
    EMPTY_HONORIFICS,
    HONORIFICS,
    ROLE_HEADS,
    ROLE_WORDS,
    SUFFIXES,
    ascii_fold,
    fold_key,
    has_accents,
    name_pair_evidence,
    strip_possessive,
    strip_title,
    translit_key,
)
from ukpeace_cli.names.link import (
    link_organisations,
    link_people,
    missed_short_forms,
    relabel_surnames,
    story_links,
)

LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE")
NAME_LABELS = frozenset(LABELS) - {"DATE"}
USER_ALIASES_FILE = "aliases.yaml"

# A person-labelled name followed by one of these is a place ("Trump Tower").
FAC_HEADS = frozenset(
    "tower towers palace airport bridge hotel stadium square street avenue building plant "
    "station dam base".split()
)
# Heads of a state's own bodies: "Freedonia's Defence Ministry" names the Freedonian one.
STATE_BODIES = frozenset(
    "ministry government parliament army navy embassy military council cabinet office agency "
    "service committee forces guard police".split()
)
# Role words that are also organisations on their own ("the Army", "Air Force").
ORG_NOUNS = frozenset("army navy air force marines military intelligence cabinet party".split())
# Trimmed off the end of an entity span ("International Politics at", "Russia's").
_TRAILING_JUNK = frozenset("'s ’s ‘s ' ’ at of and the in on to for - – , .".split())


@dataclass
class Mention:
    """One entity mention in one article; stored as `asdict()` in record["nlp"]["entities"]."""

    text: str  # as written, title included: "US president-elect Donald Trump"
    label: str  # one of LABELS
    start: int  # character offsets of `text` in record["text"]
    end: int
    name: str  # in-article canonical name: titles off, surname linked, aliases applied
    descriptor: str | None = None  # the stripped title or role: "US president-elect"
    ambiguous: bool = False  # a surname or given name that fits two full names here
    kind: str | None = None  # from the alias file: outlet, person, government, ...


def outlet_label(record: dict[str, Any]) -> str:
    """The outlet an article is shown under: its outlet, else its source file's stem, else id."""
    outlet = record.get("outlet")
    if outlet:
        return str(outlet)
    source = record.get("source")
    if source and source != "-" and not str(source).startswith("<stdin>"):
        stem = Path(str(source)).stem
        if stem:
            return stem
    return str(record.get("id") or "?")


# --- level 1: the alias table -------------------------------------------------------------


def packaged_aliases_text() -> str:
    return resources.files("ukpeace_cli").joinpath("data/aliases.yaml").read_text("utf-8")


def default_user_aliases_path() -> Path:
    from ukpeace_cli.config import user_config_dir

    return user_config_dir() / USER_ALIASES_FILE


def user_aliases_path(setting: str | None) -> Path:
    """Where the user's alias file is: the setting (flag/env/config), else the user config dir."""
    return Path(setting) if setting else default_user_aliases_path()


def _safe_load(text: str, where: str) -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)  # a SafeLoader (C if available)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(
            "alias file is not valid YAML",
            where=f"{where}:{mark.line + 1}" if mark else where,
            hint="see docs/entities.md for the format",
        ) from exc


def _entries(data: Any, where: str) -> list[dict[str, Any]]:
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entities", []), list):
        raise ConfigError(
            "alias file must be a mapping with an `entities:` list", where=where,
            hint="see docs/entities.md for the format",
        )  # fmt: skip
    out = []
    for i, ent in enumerate(data.get("entities") or []):
        if not isinstance(ent, dict) or not ent.get("name") or not ent.get("label"):
            raise ConfigError(
                f"entry {i + 1} needs a `name` and a `label`", where=where,
                hint="e.g. {name: Amara Okafor, label: PERSON, variants: [Amara Okafur]}",
            )  # fmt: skip
        if ent["label"] not in LABELS:
            raise ConfigError(
                f"entry {ent['name']!r} has unknown label {ent['label']!r}", where=where,
                hint="use one of " + ", ".join(LABELS),
            )  # fmt: skip
        out.append(ent)
    return out


@lru_cache(maxsize=4)
def _packaged_table() -> dict[str, Any]:
    return {"entities": _entries(_safe_load(packaged_aliases_text(), "aliases.yaml"), "")}


def merge_tables(base: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
    """`user` over `base`: an entry with the same name extends it (aliases, variants, not; label
    and kind replaced); a form the user gives one entity is taken away from any other."""
    merged = copy.deepcopy(base)
    ents: list[dict[str, Any]] = merged.setdefault("entities", [])
    by_name = {fold_key(e["name"]): e for e in ents}
    for ent in user.get("entities", []):
        target = by_name.get(fold_key(ent["name"]))
        if target is None:
            target = {"name": ent["name"], "label": ent["label"]}
            ents.append(target)
            by_name[fold_key(ent["name"])] = target
        for key in ("label", "kind"):
            if ent.get(key):
                target[key] = ent[key]
        for key in ("aliases", "variants", "not"):
            have = list(target.get(key) or [])
            have += [f for f in ent.get(key) or [] if f not in have]
            target[key] = have
        claimed = {fold_key(f) for f in [*ent.get("aliases", []), *ent.get("variants", [])]}
        for other in ents:
            if other is target:
                continue
            for key in ("aliases", "variants"):
                if other.get(key):
                    other[key] = [f for f in other[key] if fold_key(f) not in claimed]
    return merged


def load_aliases(user_path: str | None = None) -> dict[str, Any]:
    """The packaged alias table with the user's merged over it. `user_path` is the user's file
    (must exist); without it, `<user config dir>/aliases.yaml` is read if it exists."""
    table = _packaged_table()
    path = Path(user_path) if user_path else default_user_aliases_path()
    if user_path and not path.is_file():
        raise ConfigError(
            "alias file not found", where=str(path),
            hint="check --aliases / UKPEACE_ALIASES, or create it with `entities --accept`",
        )  # fmt: skip
    if not path.is_file():
        return copy.deepcopy(table)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read alias file: {exc.strerror}", where=str(path)) from exc
    user = {"entities": _entries(_safe_load(text, str(path)), str(path))}
    return merge_tables(table, user)


def aliases_with(path: Path) -> dict[str, Any]:
    """The packaged table with `path` merged over it if that file exists (for writing to it)."""
    return load_aliases(str(path)) if path.is_file() else copy.deepcopy(_packaged_table())


@dataclass
class AliasEntry:
    name: str
    label: str
    kind: str | None
    variants: frozenset[str]  # fold keys of approved variants
    never: frozenset[str]  # translit keys of hard negatives
    adjective: str | None = None  # a country's: "Freedonian"


class AliasIndex:
    """Fold-key lookup over an alias table."""

    def __init__(self, table: dict[str, Any]):
        self.by_key: dict[str, AliasEntry] = {}
        self.entries: list[AliasEntry] = []
        for ent in table.get("entities", []):
            entry = AliasEntry(
                name=ent["name"],
                label=ent["label"],
                kind=ent.get("kind") or ("person" if ent["label"] == "PERSON" else None),
                variants=frozenset(fold_key(v) for v in ent.get("variants") or []),
                never=frozenset(translit_key(n) for n in ent.get("not") or []),
                adjective=ent.get("adjective"),
            )
            self.entries.append(entry)
            for form in [ent["name"], *(ent.get("aliases") or []), *(ent.get("variants") or [])]:
                self.by_key.setdefault(fold_key(str(form)), entry)
        self.by_name = {e.name: e for e in self.entries}
        # Hard negatives are symmetric: if A says "not B", B must not take A either.
        never: dict[str, set[str]] = defaultdict(set)
        for e in self.entries:
            for key in e.never:
                never[translit_key(e.name)].add(key)
                never[key].add(translit_key(e.name))
        self.never = {k: frozenset(v) for k, v in never.items()}

    def lookup(self, name: str) -> AliasEntry | None:
        return self.by_key.get(fold_key(name))


_active_index: AliasIndex | None = None


def _index() -> AliasIndex:
    global _active_index
    if _active_index is None:
        _active_index = AliasIndex(load_aliases(None))
    return _active_index


def ruler_patterns(table: dict[str, Any]) -> list[dict[str, Any]]:
    """EntityRuler patterns (phrase patterns, matched on LOWER) for every alias form of a
    non-person entry, with the canonical name as the pattern id; accent-free spellings are added.
    People are never matched before NER (a user's "Okafor" alias would otherwise turn "Chidi
    Okafor" into a second person's surname): NER finds them and `article_mentions` looks them up
    after it. Also makes this table the one `article_mentions` resolves against."""
    global _active_index
    _active_index = AliasIndex(table)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for ent in table.get("entities", []):
        if ent["label"] == "PERSON":
            continue
        forms = [ent["name"], *(ent.get("aliases") or []), *(ent.get("variants") or [])]
        for form in forms:
            for text in dict.fromkeys([str(form), ascii_fold(str(form))]):
                if (text.lower(), ent["label"]) in seen:
                    continue
                seen.add((text.lower(), ent["label"]))
                out.append({"label": ent["label"], "pattern": text, "id": ent["name"]})
    return out


# --- levels 2 and 3: one article ----------------------------------------------------------


def _descriptor_start(doc: Any, start: int) -> int:
    """Token index where a title/role in front of token `start` begins (== start if none)."""
    sent_start = doc[start].sent.start if doc.has_annotation("SENT_START") else 0
    i = start - 1
    apposition = i - 1 >= sent_start and doc[i].text == ","
    if apposition:
        i -= 1  # "its NATO ambassador, Amara Okafor"; needs a role head all the same
    elif i < sent_start or not _is_head(doc[i]):
        return start
    begin = start
    saw_head = False
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        if tok.text == "The" and i > sent_start:
            break  # a capital "The" mid-sentence starts a heading or a new, unsplit sentence
        if tok.is_punct and tok.whitespace_ and tok.text != ".":
            break  # a spaced dash ("Reuters WASHINGTON - President ..."), not "president-elect"
        if low in ROLE_HEADS or low in HONORIFICS:
            saw_head = True
        elif low in ROLE_WORDS or low in CONNECTORS or tok.ent_type_ in ("GPE", "NORP", "ORG"):
            pass  # "former", "of the", "US", "French", "NATO"
        elif tok.ent_type_ == "PERSON" and i + 1 < start and doc[i + 1].lower_ in ("'s", "’s"):
            pass  # "Putin['s spokesperson]"
        elif tok.is_title and i + 1 < len(doc) and doc[i + 1].text == ".":
            pass  # "Lt" "." in "Lt. Gen."
        else:
            break
        begin = i
        i -= 1
    if not saw_head:
        return start
    # "special envoy of the elected U.S. president Donald Trump": the title is after the "of".
    stop = start - 1 if apposition else start
    for j in range(stop - 1, begin, -1):
        if doc[j].lower_ in ("of", "to", "for") and any(
            t.lower_ in ROLE_HEADS for t in doc[j + 1 : stop]
        ):
            begin = j + 1
            break
    # Never start on a connector ("the", "of", "and") or a possessive.
    while begin < start and (doc[begin].lower_ in CONNECTORS or doc[begin].text == ","):
        begin += 1
    return begin


def _is_head(tok: Any) -> bool:
    """A title noun or honorific: "minister", "Sir"; not the adjective in "official Twitter"."""
    if tok.lower_ in HONORIFICS:
        return True
    return tok.lower_ in ROLE_HEADS and tok.pos_ in ("NOUN", "PROPN", "")


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    while end > start + 1 and doc[end - 1].lower_ in _TRAILING_JUNK:
        end -= 1
    return start, end


def _is_junk(span_tokens: list[Any], label: str, known: bool) -> bool:
    """Spans the small model calls entities but are not: "kefir", "us", "Lieutenant General",
    a sentence-initial "Implementing" (a verb). `known` (an alias match, or the surname of a
    full name in the same article) is never junk by its part of speech: the tagger calls
    "Okafor" a verb in "should Okafor push"."""
    if label == "DATE":
        return not any(t.is_alpha or t.is_digit for t in span_tokens)
    words = [t for t in span_tokens if t.is_alpha]
    if not words or not any(t.text[:1].isupper() for t in words):
        return True  # "kefir", "us", "the “"
    lows = [t.lower_ for t in span_tokens]
    if all(w in ROLE_WORDS or w in CONNECTORS for w in lows) and (
        label != "ORG" or not any(w in ORG_NOUNS for w in lows)
    ):
        return True  # "Lieutenant General", "Defense"; not "the Army", "Air Force"
    return (
        not known
        and label == "PERSON"
        and len(span_tokens) == 1
        and span_tokens[0].pos_ not in ("PROPN", "")
        # A sentence-initial name is often tagged NOUN: kept as the subject of a verb ("Okafor
        # met ..."), not as a heading ("Background:").
        and not (span_tokens[0].pos_ == "NOUN" and span_tokens[0].dep_.startswith("nsubj"))
    )


def article_mentions(doc: Any, record: dict[str, Any]) -> list[Mention]:
    """Entity mentions of one article with in-article canonical names (levels 1-3)."""
    index = _index()
    text: str = record.get("text", doc.text)
    prelim: list[tuple[Mention, str]] = []  # mention, name as written (titles off)
    # A lone word the tagger calls a noun is still a name if the article gives it a full name.
    ents = doc.ents
    surnames = {e[-1].text for e in ents if e.label_ == "PERSON" and len(e) >= 2}
    for ent in ents:
        if ent.label_ in LABELS:
            known = bool(ent.ent_id_) or ent.text in surnames
            built = _mention(doc, text, index, ent.start, ent.end, ent.label_, ent.ent_id_, known)
            prelim += [built] if built else []
    # Level 3, after NER: short forms -> the full name this article gives (names/link.py).
    for span in [*missed_short_forms(doc, prelim, text), *_missed_state_bodies(doc)]:
        built = _mention(doc, text, index, span.start, span.end, span.label_, "", True)
        prelim += [built] if built else []
    prelim.sort(key=lambda p: p[0].start)
    relabel_surnames(prelim)
    link_people([p for p in prelim if p[0].label == "PERSON"])
    link_organisations(prelim, text)
    return [p[0] for p in prelim]


def _mention(
    doc: Any,
    text: str,
    index: AliasIndex,
    start: int,
    end: int,
    label: str,
    alias_id: str,
    known: bool,
) -> tuple[Mention, str] | None:
    """One mention from the token span of an entity (None if it is junk), with the name as
    written (titles off) beside it. `known`: an alias or a name the article vouches for."""
    start, end = _trim(doc, start, end)
    # A name followed by "Tower", "Palace", ... is a place ("Trump Tower").
    if label in ("PERSON", "ORG") and end < len(doc):
        nxt = doc[end]
        if nxt.lower_ in FAC_HEADS and nxt.is_title and nxt.ent_type_ in ("", label):
            end += 1
            label, alias_id = "FAC", ""
    if label == "PERSON" and end < len(doc) and doc[end].lower_ in SUFFIXES:
        end += 1  # "Donald Trump Jr." is not Donald Trump, whatever the ruler matched
        alias_id = ""
    vouched = known and label == "ORG" and not alias_id  # "the ministry" of a named ministry
    if not vouched and _is_junk(list(doc[start:end]), label, known):
        return None
    descriptor: str | None = None
    name_start = start
    if label == "PERSON":
        name_start, start, descriptor = _split_title(doc, start, end)
    surface = doc[name_start:end].text
    if label != "PERSON":
        surface = _drop_the(strip_possessive(surface))
    entry = index.by_name.get(alias_id) if alias_id else None
    entry = entry or index.lookup(surface) or index.lookup(doc[start:end].text)
    kind = None
    if entry is not None and label_class(entry.label) == label_class(label):
        name, label, kind = entry.name, entry.label, entry.kind
    else:
        name = _national_body(doc, start, surface, label, index) or surface
    c0, c1 = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Mention(text[c0:c1], label, c0, c1, name, descriptor, False, kind), surface


def _missed_state_bodies(doc: Any) -> list[Any]:
    """ "Freedonia's Foreign Ministry" when NER tagged the country but not the ministry: up to
    three capitalised words after "<GPE>'s", ending in a state body, outside any entity."""
    out = []
    for tok in doc[:-2]:
        if tok.ent_type_ != "GPE" or doc[tok.i + 1].lower_ not in ("'s", "’s"):
            continue
        end = tok.i + 2
        while end < len(doc) and end < tok.i + 5 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        if end > tok.i + 2 and doc[end - 1].lower_ in STATE_BODIES:
            body = doc[tok.i + 2 : end]
            out.append(doc.char_span(body.start_char, body.end_char, label="ORG"))
    return out


def _national_body(doc: Any, start: int, surface: str, label: str, index: AliasIndex) -> str | None:
    """ "Freedonia's Interior Ministry" is the "Freedonian Interior Ministry" (the name other
    outlets write), when the alias table gives the country's adjective."""
    head = surface.split()[-1].lower() if surface.split() else ""
    if label != "ORG" or head not in STATE_BODIES or start < 2:
        return None
    if doc[start - 1].lower_ not in ("'s", "’s") or doc[start - 2].ent_type_ != "GPE":
        return None
    country = doc[start - 2]
    ent_start = country.i
    while ent_start > 0 and doc[ent_start].ent_iob_ == "I":
        ent_start -= 1
    entry = index.lookup(doc[ent_start : country.i + 1].text)
    if entry is None or not entry.adjective or surface.split()[0] == entry.adjective:
        return None
    return f"{entry.adjective} {surface}"


def _split_title(doc: Any, start: int, end: int) -> tuple[int, int, str | None]:
    """(name start, mention start, descriptor) for a person span: titles inside the entity
    ("Sir Keir Starmer") and a title/role right in front ("US president-elect")."""
    name_start = start
    while name_start < end - 1 and (
        doc[name_start].lower_ in ROLE_WORDS
        or doc[name_start].lower_ in HONORIFICS
        or doc[name_start].text == "."
    ):
        name_start += 1
    d_start = _descriptor_start(doc, start)
    head = [t for t in doc[d_start:name_start] if t.text != ","]
    if not head:
        return name_start, start, None
    words = [t for t in head if t.lower_ not in HONORIFICS and t.lower_ not in CONNECTORS]
    if words:
        text = "".join(
            t.text_with_ws for t in doc[d_start:name_start] if t.lower_ not in HONORIFICS
        )
        return name_start, d_start, text.strip(" ,") or None
    last = head[-1]
    return name_start, d_start, None if last.lower_ in EMPTY_HONORIFICS else last.text


def _drop_the(name: str) -> str:
    return name[4:] if name[:4].lower() == "the " and len(name) > 4 else name


# --- level 4: across articles -------------------------------------------------------------


def label_class(label: str | None) -> str:
    return "DATE" if label == "DATE" else "NAME"


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


# --- the `entities` report ----------------------------------------------------------------


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


_LITTLE = sys.byteorder == "little"


def _le(values: list[int]) -> bytes:
    a = array("i", values)
    a.byteswap()
    return a.tobytes()


def _unpack(packed: list[str]) -> tuple[Any, Any, Any]:
    """Digests' packed pairs -> (keys, counts, article number of each) as int64 arrays."""
    import numpy as np

    blobs = [b64decode(p) for p in packed]
    flat = np.frombuffer(b"".join(blobs), "<i4").astype(np.int64).reshape(-1, 2)
    article = np.repeat(np.arange(len(blobs)), [len(b) // 8 for b in blobs])
    return flat[:, 0], flat[:, 1], article


def _group_sum(codes: Any, weights: Any, size: int) -> tuple[Any, Any]:
    """The distinct codes (ascending) and the sum of their weights: a dense count when the code
    space is small enough, else a sort."""
    import numpy as np

    if size <= 8 * len(codes) + 1_000_000:
        sums = np.bincount(codes, weights=weights, minlength=size).astype(np.int64)
        present = np.flatnonzero(sums)
        return present, sums[present]
    distinct, inverse = np.unique(codes, return_inverse=True)
    return distinct, np.bincount(inverse, weights=weights).astype(np.int64)


def _per_group(
    codes: Any, weights: Any, groups: int, width: int, names: list[str]
) -> Iterator[tuple[int, dict[str, int]]]:
    """For codes `group * width + member`: each group with {names[member]: summed weight}."""
    import numpy as np

    present, sums = _group_sum(codes, weights, groups * width)
    group, member = np.divmod(present, width)
    bounds = np.flatnonzero(np.diff(group)) + 1
    starts = [0, *bounds.tolist()]
    ends = [*bounds.tolist(), len(present)]
    member_l, sums_l, group_l = member.tolist(), sums.tolist(), group.tolist()
    for a, b in zip(starts, ends, strict=True):
        if a < b:
            found = map(names.__getitem__, member_l[a:b])
            yield group_l[a], dict(zip(found, sums_l[a:b], strict=True))


def _published_key(published: Any, order: int) -> tuple[Any, ...]:
    return (*sort_key(published), order)  # in UTC, whatever TZ says


def sentence_of(record: dict[str, Any], start: int, end: int) -> str:
    """The sentence holding characters start..end (the stored sentence spans)."""
    text = record.get("text") or ""
    sents = record.get("nlp", {}).get("sentences") or []
    lo, hi = 0, len(sents)
    while lo < hi:  # first sentence that ends after `start`
        mid = (lo + hi) // 2
        if sents[mid][1] <= start:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents):
        s0, s1 = sents[lo]
        return " ".join(text[s0 : max(s1, end)].split())
    return " ".join(text[max(0, start - 100) : end + 100].split())


_MENTION_DEFAULTS = {"descriptor": None, "ambiguous": False, "kind": None}


def stored_mentions(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record's stored mentions, with fields older annotations lack filled in."""
    ents: list[dict[str, Any]] = (record.get("nlp") or {}).get("entities") or []
    if ents and ("ambiguous" not in ents[0] or "name" not in ents[0]):
        ents = [{**_MENTION_DEFAULTS, "name": e["text"], **e} for e in ents]
        ents = [e for e in ents if e["label"] in LABELS]
    return ents


# --- per-article digests: what the report needs from a record, small enough to keep aside -----

DIGEST_VERSION = "entities-4"


class MentionKeys:
    """Distinct mention keys (name, label, text, descriptor, ambiguous), numbered in store order.

    An article's digest names its keys by number, so the `entities` sidecar holds each key's
    strings once: [id, source, outlet, published, annotated, new keys, pairs], where pairs is
    (key number, count) for each key in the article, packed as little-endian int32 in base64
    (decoding a string is far cheaper than decoding a list of integers). A new key comes with
    the start and end of its first mention (the context `--suggest` shows)."""

    def __init__(self) -> None:
        self.keys: list[tuple[str, str, str, str | None, bool]] = []  # number -> key
        self.ids: dict[tuple[str, str, str, str | None, bool], int] = {}

    def encode(self, record: dict[str, Any]) -> list[Any]:
        ids, table = self.ids, self.keys
        new: list[list[Any]] = []
        where: dict[int, int] = {}
        keys: list[int] = []
        counts: list[int] = []
        for e in stored_mentions(record):
            k = (e["name"], e["label"], e["text"], e["descriptor"], bool(e["ambiguous"]))
            n = ids.get(k)
            if n is None:
                n = ids[k] = len(table)
                table.append(k)
                new.append([*k, e["start"], e["end"]])
            i = where.get(n)
            if i is None:
                where[n] = len(keys)
                keys.append(n)
                counts.append(1)
            else:
                counts[i] += 1
        pairs = [0] * (2 * len(keys))
        pairs[::2], pairs[1::2] = keys, counts
        packed = b64encode(array("i", pairs).tobytes() if _LITTLE else _le(pairs)).decode()
        rec = record
        return [
            rec.get("id"), rec.get("source"), outlet_label(rec), rec.get("published"),
            bool(rec.get("nlp")), new, packed,
        ]  # fmt: skip

    def absorb(self, digest: list[Any]) -> None:
        for k in digest[5]:
            t = (k[0], k[1], k[2], k[3], k[4])  # (+ start, end)
            self.ids[t] = len(self.keys)
            self.keys.append(t)


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

        keys, counts, _ = _unpack(self._all if self._all is not None else self._packed)
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

        r, table, lists = self.resolver, self.keys.keys, self._packed
        if not lists:
            self._merged_cache = {}
            return self._merged_cache
        keys, counts, article = _unpack(lists)
        # Each key used here -> its entity (numbered in order of first mention).
        out: dict[tuple[str, str], tuple[str, str | None, _Agg]] = {}
        aggs: list[_Agg] = []
        entity_no: dict[int, int] = {}
        of_key = np.full(len(table), -1, np.int64)
        used = np.flatnonzero(np.bincount(keys))  # ascending: order of first mention in store
        for k in used.tolist():
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
        # Mentions per entity, then per (entity, outlet) and (variant, outlet): grouped in
        # numpy, each group's counts turned into a dict in one C-level call.
        outlets = list(self._outlet_no)
        nout = len(outlets)
        outlet_of = np.array([t[1] for t in self._kept], np.int64)[article]
        ent = of_key[keys]
        for e, n in enumerate(np.bincount(ent, weights=counts, minlength=len(aggs)).tolist()):
            aggs[e].mentions = int(n)
        for e, found in _per_group(ent * nout + outlet_of, counts, len(aggs), nout, outlets):
            aggs[e].outlets = Counter(found)
        # Variants: (entity, name as written) numbered per key; descriptors per key.
        variant_no: dict[tuple[int, str], int] = {}
        variant_of = np.zeros(len(table), np.int64)
        described: dict[int, str] = {}
        for k in used.tolist():
            _name, _label, text, desc, _amb = table[k]
            vkey = (int(of_key[k]), _as_written(text, desc))
            variant_of[k] = variant_no.setdefault(vkey, len(variant_no))
            if desc:
                described[k] = desc
        variants = list(variant_no)
        for v, found in _per_group(
            variant_of[keys] * nout + outlet_of, counts, len(variants), nout, outlets
        ):
            e, written = variants[v]
            aggs[e].variants[written] = Counter(found)
        if described:  # {outlet: {descriptor: n}} per entity, grouped by (entity, outlet)
            descs = sorted(set(described.values()))
            desc_no = {d: i for i, d in enumerate(descs)}
            desc_of = np.full(len(table), -1, np.int64)
            for k, d in described.items():
                desc_of[k] = desc_no[d]
            dk = desc_of[keys]
            has = dk >= 0
            group = ent[has] * nout + outlet_of[has]
            found_by = _per_group(
                group * len(descs) + dk[has], counts[has], len(aggs) * nout, len(descs), descs
            )
            for g, found in found_by:
                e, o = divmod(g, nout)
                aggs[e].descriptors[outlets[o]] = found
        # Articles per entity (an article naming one entity in two spellings counts once) and
        # the first article by publication time.
        art_ent, _ = _group_sum(article * len(aggs) + ent, counts, len(lists) * len(aggs))
        arts, ents = np.divmod(art_ent, len(aggs))
        for e, n in enumerate(np.bincount(ents, minlength=len(aggs)).tolist()):
            aggs[e].articles = n
        rank = np.empty(len(lists), np.int64)
        rank[sorted(range(len(lists)), key=lambda a: self._kept[a][2])] = np.arange(len(lists))
        first = np.full(len(aggs), len(lists), np.int64)
        np.minimum.at(first, ents, rank[arts])
        by_rank = np.argsort(rank)
        for e, fr in enumerate(first.tolist()):
            if fr < len(lists):
                kept = self._kept[int(by_rank[fr])]
                aggs[e].first = (kept[2], kept[3], kept[4])
        self._merged_cache = out
        return out

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

    sidecar = _sidecar(store)
    digests = sidecar.digests(on_problem)
    report = EntityReport(aliases, filters, context_of, sidecar.codec)
    with no_gc():
        for offset, d in digests:
            report.add_digest(d, offset)
        report.finish()
        if merge:
            report._merged()
    return report


def _sidecar(store: Any) -> Any:
    from ukpeace_cli import __version__
    from ukpeace_cli.sidecar import Sidecar

    return Sidecar(store, "entities", f"{DIGEST_VERSION}/{__version__}", MentionKeys)


def refresh_sidecar(store: Any) -> None:
    """Bring the store's entities sidecar up to date (ingest calls it after writing, so the
    next `entities` only reads it). Digests only the lines it has not seen."""
    _sidecar(store).digests()


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


# --- level 5: suggestions and approvals ---------------------------------------------------


def suggestions(report: EntityReport, labels: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Pairs of canonical entities that look like one, with evidence; never merged here."""
    from rapidfuzz.distance import JaroWinkler, Levenshtein

    merged = report._merged()
    idx = report.resolver.index
    ents = [
        (canonical, lab, agg)
        for (cls, canonical), (lab, _kind, agg) in merged.items()
        if cls == "NAME" and not canonical.endswith(" (ambiguous)")
    ]
    # Block on the first token and on the last token's first letter: a typo pair shares one.
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, (canonical, lab, _agg) in enumerate(ents):
        toks = fold_key(canonical).split()
        if not toks:
            continue
        blocks[(lab, "f:" + toks[0])].append(i)
        blocks[(lab, "l:" + toks[-1][:2])].append(i)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) > 200:
            continue  # a huge block is a common given name; the surname block still catches typos
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pairs.add((min(members[a], members[b]), max(members[a], members[b])))
    out: list[dict[str, Any]] = []
    for i, j in sorted(pairs):
        (na, la, aa), (nb, _lb, ab) = ents[i], ents[j]
        if labels and la not in labels:
            continue
        ka, kb = translit_key(na), translit_key(nb)
        if kb in idx.never.get(ka, ()) or ka in idx.never.get(kb, ()):
            continue
        ea, eb = idx.by_name.get(na), idx.by_name.get(nb)
        if ea and eb:
            continue  # two entities the alias file already tells apart
        evidence = name_pair_evidence(na, nb)
        if evidence is None:
            continue
        fa, fb = fold_key(na), fold_key(nb)
        jw = JaroWinkler.similarity(fa, fb)
        if jw < 0.85:
            continue
        # The variant is the rarer form; the target the known or more common one.
        if (eb is not None, ab.articles, ab.mentions, nb) < (
            ea is not None,
            aa.articles,
            aa.mentions,
            na,
        ):
            (na, aa), (nb, ab) = (nb, ab), (na, aa)
        out.append(
            {
                "variant": na,
                "canonical": nb,
                "label": la,
                "evidence": evidence,
                "jaro_winkler": round(jw, 3),
                "levenshtein": Levenshtein.distance(fa, fb),
                "variant_mentions": aa.mentions,
                "canonical_mentions": ab.mentions,
                "variant_outlets": sorted(aa.outlets),
                "canonical_outlets": sorted(ab.outlets),
                "variant_context": report.context(aa),
                "canonical_context": report.context(ab),
                "accept": f"{na}={nb}",
            }
        )
    out.sort(key=lambda r: (-r["jaro_winkler"], r["variant"], r["canonical"]))
    return out


def parse_pair(spec: str) -> tuple[str, str]:
    variant, sep, canonical = spec.partition("=")
    variant, canonical = variant.strip(), canonical.strip()
    if not sep or not variant or not canonical:
        raise UsageError(
            f"cannot read {spec!r}",
            hint='write the pair as VARIANT=CANONICAL, e.g. "Amara Okafur=Amara Okafor"',
        )
    if fold_key(variant) == fold_key(canonical):
        raise UsageError(f"{variant!r} and {canonical!r} are already the same name")
    return variant, canonical


def record_decision(
    path: Path,
    variant: str,
    canonical: str,
    label: str,
    *,
    reject: bool = False,
    table: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write an approval (`variants`) or a rejection (`not`) into the user's alias YAML."""
    if table is None:
        table = aliases_with(path)
    index = AliasIndex(table)
    known = index.by_name.get(canonical) or index.lookup(canonical)
    if known is not None:
        canonical, label = known.name, known.label
    if not reject:
        if translit_key(variant) in index.never.get(translit_key(canonical), ()):
            raise UsageError(
                f"{variant!r} is a hard negative of {canonical!r} in the alias files",
                hint="remove it from that entry's `not` list first if they really are one",
            )
        other = index.lookup(variant)
        if (
            other is not None
            and other.name != canonical
            and fold_key(variant) == fold_key(other.name)
        ):
            raise UsageError(
                f"{variant!r} is its own entity in the alias files",
                hint=f"list {canonical!r} as its variant instead, or edit the file by hand",
            )
    data: dict[str, Any] = {}
    if path.is_file():
        data = _safe_load(path.read_text("utf-8"), str(path)) or {}
        _entries(data, str(path))
    ents: list[dict[str, Any]] = data.setdefault("entities", []) or []
    data["entities"] = ents
    target = next((e for e in ents if fold_key(e["name"]) == fold_key(canonical)), None)
    if target is None:
        target = {"name": canonical, "label": label}
        ents.append(target)
    key = "not" if reject else "variants"
    forms = list(target.get(key) or [])
    if fold_key(variant) not in {fold_key(f) for f in forms}:
        forms.append(variant)
    target[key] = forms
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(
        "# ukpeace alias file (yours): merged over the packaged one. See docs/entities.md.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    os.replace(tmp, path)
    return {
        "variant": variant,
        "canonical": canonical,
        "label": label,
        "decision": "rejected" if reject else "accepted",
        "file": str(path),
    }
