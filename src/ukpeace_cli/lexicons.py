"""Framing lexicons (hedges, boosters, reporting verbs, ...) and a fast phrase matcher for them.

The packaged `data/lexicons.yaml` is read first; a user's file is merged over it: its lists are
added to the packaged ones, key by key. Loaded language has no packaged list (a token model
flags it, `ukpeace_cli.framing`): a user's `loaded_language` words are counted besides it.

Matching is on word boundaries, case-insensitive, with simple English inflections for single
words (`claim` matches claims/claimed/claiming) and `...` in a phrase standing for a gap of up to
four words. The store keeps no lemmas or POS tags, so the part of speech is approximated where it
matters most: with `skip_names` (running text, as `compare`'s framing measures match), a
lowercase entry does not match a capitalised word inside a sentence, a proper noun there ("May"
the month, "Will" or "Grace" a name), while the same word opening a sentence (or written in
capitals) still matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from ukpeace_cli.errors import ConfigError

IRREGULAR = {
    "say": ["said", "says"],
    "tell": ["told"],
    "write": ["wrote", "written"],
    "speak": ["spoke", "spoken"],
    "think": ["thought"],
    "hold": ["held"],
    "give": ["gave", "given"],
    "make": ["made"],
    "see": ["saw", "seen"],
    "lead": ["led"],
    "seem": ["seemed", "seems"],
    "mean": ["meant"],
}


def inflections(word: str) -> list[str]:
    """Base form plus regular -s/-ed/-ing forms (and a few irregular verbs)."""
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return sorted(forms)
    forms.update(IRREGULAR.get(word, []))
    if word.endswith("y") and word[-2] not in "aeiou":
        forms.update({word[:-1] + "ies", word[:-1] + "ied", word + "ing"})
    elif word.endswith("e"):
        forms.update({word + "s", word + "d", word[:-1] + "ing"})
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms.update({word + "es", word + "ed", word + "ing"})
    else:
        forms.update({word + "s", word + "ed", word + "ing"})
    return sorted(forms)


def _fold(text: str) -> str:
    # Same length as the input, so match offsets are offsets into the original text.
    return text.lower().replace("’", "'").replace("‘", "'")


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    term: str  # the lexicon entry that matched


class PhraseMatcher:
    def __init__(self, entries: list[str], inflect: bool = True, skip_names: bool = False):
        # skip_names: for running text (not for names, where every word is capitalised)
        self.entries = entries
        self.skip_names = skip_names
        alternatives: list[tuple[str, str]] = []
        for entry in entries:
            words = _fold(entry).split()
            if not words:
                continue
            if len(words) == 1 and inflect:
                forms = inflections(words[0])
                alternatives.extend((re.escape(f), entry) for f in forms)
                continue
            parts = [r"(?:\S+\s+){0,4}?" if w == "..." else re.escape(w) + r"[\s]+" for w in words]
            pattern = "".join(parts)
            pattern = pattern[: -len(r"[\s]+")] if pattern.endswith(r"[\s]+") else pattern
            alternatives.append((pattern, entry))
        # Longest first so "it has been reported" wins over "reported".
        alternatives.sort(key=lambda a: -len(a[0]))
        self._terms = [term for _, term in alternatives]
        body = "|".join(f"(?P<t{i}>{p})" for i, (p, _) in enumerate(alternatives))
        self._regex = re.compile(rf"(?<![\w'-])(?:{body})(?![\w-])") if body else None

    def find(self, text: str) -> list[Match]:
        if self._regex is None:
            return []
        out = []
        for m in self._regex.finditer(_fold(text)):
            index = int(m.lastgroup[1:]) if m.lastgroup else 0
            term = self._terms[index]
            if self.skip_names and term[:1].islower() and proper_noun_at(text, m.start(), m.end()):
                continue
            out.append(Match(m.start(), m.end(), term))
        return out


# What may stand before a sentence's first word (after spaces, opening quotes and brackets).
_OPENERS = "\"'“‘([«—-"
_ENDS = ".!?:;\n"


def proper_noun_at(text: str, start: int, end: int) -> bool:
    """A capitalised word (not all capitals) that does not open a sentence: a name, not the
    lowercase lexicon word ("in May", "Will Smith"; but "May we ..." and "MAY" are words)."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    i = start - 1
    while i >= 0 and ((text[i].isspace() and text[i] != "\n") or text[i] in _OPENERS):
        i -= 1
    return i >= 0 and text[i] not in _ENDS


@dataclass
class Lexicons:
    data: dict[str, Any]

    def entries(self, path: str) -> list[str]:
        node: Any = self.data
        for key in path.split("."):
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return [str(x) for x in node] if isinstance(node, list) else []

    def matcher(self, path: str, inflect: bool = True, skip_names: bool = False) -> PhraseMatcher:
        key = (path, inflect, skip_names)
        cache = self._cache
        if key not in cache:
            cache[key] = PhraseMatcher(self.entries(path), inflect, skip_names)
        return cache[key]

    @cached_property
    def _cache(self) -> dict[tuple[str, bool, bool], PhraseMatcher]:
        return {}


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


def load_lexicons(user_path: str | None = None) -> Lexicons:
    import yaml

    package = resources.files("ukpeace_cli")
    data = yaml.safe_load(package.joinpath("data/lexicons.yaml").read_text("utf-8")) or {}
    if user_path:
        try:
            extra = yaml.safe_load(Path(user_path).read_text("utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"cannot read lexicon file: {exc.strerror}", where=user_path) from exc
        except yaml.YAMLError as exc:
            raise ConfigError("lexicon file is not valid YAML", where=user_path) from exc
        if not isinstance(extra, dict):
            raise ConfigError("lexicon file must be a mapping of lists", where=user_path)
        data = _merge(data, extra)
    return Lexicons(data)
