"""Level 1 of canonicalisation: the alias table (packaged + the user's), merged and indexed.

`load_aliases` reads the packaged `data/aliases.yaml` and the user's file over it (`merge_tables`);
`AliasIndex` looks names up by fold key; `ruler_patterns` turns the non-person entries into
EntityRuler patterns and makes that table the one `names.mentions` resolves against
(`active_index`).
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ukpeace_cli.errors import ConfigError
from ukpeace_cli.names import ascii_fold, fold_key, translit_key
from ukpeace_cli.names.gazetteer import code_key

LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "DATE")
NAME_LABELS = frozenset(LABELS) - {"DATE"}
USER_ALIASES_FILE = "aliases.yaml"


def packaged_aliases_text() -> str:
    return resources.files("ukpeace_cli").joinpath("data/aliases.yaml").read_text("utf-8")


def default_user_aliases_path() -> Path:
    from ukpeace_cli.config import user_config_dir

    return user_config_dir() / USER_ALIASES_FILE


def user_aliases_path(setting: str | None) -> Path:
    """Where the user's alias file is: the setting (flag/env/config), else the user config dir."""
    return Path(setting) if setting else default_user_aliases_path()


def load_yaml(text: str, where: str) -> Any:
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


def checked_entries(data: Any, where: str) -> list[dict[str, Any]]:
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
    """The packaged YAML's entries, and the countries of the gazetteer it names (`countries:`,
    names/gazetteer.py) after them."""
    data = load_yaml(packaged_aliases_text(), "aliases.yaml")
    entries = checked_entries(data, "")
    if isinstance(data, dict) and data.get("countries") == "countryinfo":
        from ukpeace_cli.names.gazetteer import country_entries

        taken = {fold_key(f) for e in entries for f in [e["name"], *(e.get("aliases") or [])]}
        for country in country_entries():
            if fold_key(country["name"]) not in taken:
                entries.append(copy.deepcopy(country))
    return {"entities": entries}


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
    user = {"entities": checked_entries(load_yaml(text, str(path)), str(path))}
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
    after_ner: bool = False  # looked up on NER's entities only, never an EntityRuler pattern


class AliasIndex:
    """Fold-key lookup over an alias table."""

    def __init__(self, table: dict[str, Any]):
        self.by_key: dict[str, AliasEntry] = {}
        self.by_code: dict[str, AliasEntry] = {}  # "US": countries' codes, GPE mentions only
        self.entries: list[AliasEntry] = []
        for ent in table.get("entities", []):
            entry = AliasEntry(
                name=ent["name"],
                label=ent["label"],
                kind=ent.get("kind") or ("person" if ent["label"] == "PERSON" else None),
                variants=frozenset(fold_key(v) for v in ent.get("variants") or []),
                never=frozenset(translit_key(n) for n in ent.get("not") or []),
                adjective=ent.get("adjective"),
                after_ner=bool(ent.get("after_ner")),
            )
            self.entries.append(entry)
            for form in [ent["name"], *(ent.get("aliases") or []), *(ent.get("variants") or [])]:
                self.by_key.setdefault(fold_key(str(form)), entry)
            for code in ent.get("codes") or []:
                if key := code_key(str(code)):
                    self.by_code.setdefault(key, entry)
        self.by_name = {e.name: e for e in self.entries}
        # Hard negatives are symmetric: if A says "not B", B must not take A either.
        never: dict[str, set[str]] = defaultdict(set)
        for e in self.entries:
            for key in e.never:
                never[translit_key(e.name)].add(key)
                never[key].add(translit_key(e.name))
        self.never = {k: frozenset(v) for k, v in never.items()}

    def lookup(self, name: str, label: str | None = None) -> AliasEntry | None:
        """The entry of `name`; a country's code ("US", "U.S.") only for a GPE mention."""
        found = self.by_key.get(fold_key(name))
        if found is None and label == "GPE" and (key := code_key(name.strip())):
            found = self.by_code.get(key)
        return found


_active_index: AliasIndex | None = None


def active_index() -> AliasIndex:
    """The index `article_mentions` resolves against: the last `ruler_patterns` table, else the
    packaged + user one."""
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
        if ent.get("after_ner"):
            continue  # the gazetteer's places: looked up after NER only (names/gazetteer.py)
        if ent["label"] == "PERSON":
            continue
        forms = [ent["name"], *(ent.get("aliases") or []), *(ent.get("variants") or [])]
        for form in forms:
            for text in dict.fromkeys([str(form), ascii_fold(str(form))]):
                if (text.lower(), ent["label"]) in seen:
                    continue
                seen.add((text.lower(), ent["label"]))
                out.append({"label": ent["label"], "pattern": _pattern(text), "id": ent["name"]})
    return out


def _pattern(form: str) -> str | list[dict[str, str]]:
    """A phrase (matched on LOWER), or for an abbreviation in capitals ("UN", "AP", "U.N.") a
    token pattern matched as written: "un" and "ap" in running text are not those names."""
    if " " not in form and form.upper() == form and any(c.isalpha() for c in form):
        return [{"ORTH": form}]
    return form


def label_class(label: str | None) -> str:
    return "DATE" if label == "DATE" else "NAME"
