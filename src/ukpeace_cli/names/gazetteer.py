"""Countries as alias-table entries, from the PyPI package `countryinfo` (MIT licence; its data
is drawn from Wikipedia): each country's common English name, its other spellings (official
and former names: "Russian Federation", "Burma", "Czechia") and its demonym as the adjective
("Russian"), plus its ISO 3166-1 codes and other capital abbreviations ("US", "UK", "U.S.").

Lookups happen on what NER found, never before it: a country or capital name begins or ends
longer names ("Export Development Canada", "Budapest Memorandum"), and some are people's
("Jordan") or common nouns ("turkey"). A capital the small model took for a person ("Kyiv")
is a place again unless its name is also a given name (US Census 1990 files). Codes count
only on a mention NER labels GPE and only as written in capitals ("IT" the department is not
Italy, "us" is a pronoun). A spelling two countries share is left to neither. With country
names in the EntityRuler instead, GGT dev strict speaker fell from 88.7 to 87.9 (8 speakers,
all organisations with a country in their name, cut by the ruler).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from ukpeace_cli.names import fold_key

SOURCE = "countryinfo"


def code_key(form: str) -> str | None:
    """'US' for 'US' or 'U.S.': a code is two or three capital letters, dots allowed."""
    letters = form.replace(".", "")
    if 2 <= len(letters) <= 3 and letters.isascii() and letters.isalpha() and letters.isupper():
        return letters
    return None


def _rows() -> list[dict[str, Any]]:
    from countryinfo import CountryInfo  # imported on first lookup only

    rows: list[dict[str, Any]] = [dict(c) for c in CountryInfo.all().values()]
    return sorted(rows, key=lambda c: str(c.get("name")))


def _alpha2(row: dict[str, Any]) -> str:
    return str((row.get("ISO") or {}).get("alpha2") or "")


def _authority(row: dict[str, Any]) -> tuple[bool, bool, int, str]:
    """The row that names a country: with a numeric ISO code (the package's ISO rows), with a
    demonym, with the most spellings."""
    iso = row.get("ISO") or {}
    spellings = len(row.get("altSpellings") or [])
    return not iso.get("numeric"), not row.get("demonym"), -spellings, str(row["name"])


def _groups(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows of one country together: the package keeps some former or long names as rows of
    their own under the same ISO code ("Burma", "Palestine, State of"). Rows sharing a code
    but giving another demonym are other places ("Wales" under GB) and stay apart."""
    by_code: dict[str, list[dict[str, Any]]] = {}
    out: list[list[dict[str, Any]]] = []
    for row in rows:
        code = _alpha2(row)
        if not code:
            out.append([row])
            continue
        by_code.setdefault(code, []).append(row)
    for same in by_code.values():
        same.sort(key=_authority)
        main = same[0]
        demonym = main.get("demonym")
        group = [main]
        for other in same[1:]:
            if other.get("demonym") in (None, "", demonym):
                group.append(other)
            else:
                out.append([{**other, "ISO": {}, "altSpellings": []}])
        out.append(group)
    return out


def _forms(group: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(names and spellings, codes) of one country."""
    names: list[str] = []
    codes: list[str] = []
    for row in group:
        iso = row.get("ISO") or {}
        for form in [
            row["name"],
            *(row.get("altSpellings") or []),
            iso.get("alpha2"),
            iso.get("alpha3"),
        ]:
            if not form:
                continue
            form = str(form).strip()
            (codes if code_key(form) else names).append(form)
    return list(dict.fromkeys(names)), list(dict.fromkeys(codes))


@cache
def country_entries() -> tuple[dict[str, Any], ...]:
    """Alias-table entries (label GPE, `after_ner`), one per country."""
    built = []
    for group in _groups(_rows()):
        names, codes = _forms(group)
        built.append((group[0], names, codes))
    owners = Counter(k for _, names, _ in built for k in {fold_key(n) for n in names})
    # A spelling that ends another country's name is that country's too ("Congo").
    for _, names, _ in built:
        own = {fold_key(n) for n in names}
        tails = {" ".join(fold_key(n).split()[i:]) for n in names for i in range(1, 4)}
        for tail in tails - own:
            owners[tail] += 1 if tail in owners else 0
    code_owners = Counter(k for _, _, codes in built for k in {code_key(c) for c in codes})
    out = []
    for main, names, codes in built:
        mine = [
            n for n in names[1:] if owners[fold_key(n)] == 1 and fold_key(n) != fold_key(names[0])
        ]
        entry: dict[str, Any] = {
            "name": names[0],
            "label": "GPE",
            "aliases": mine,
            "codes": [c for c in codes if code_owners[code_key(c)] == 1],
            "after_ner": True,
            "source": SOURCE,
        }
        if main.get("demonym"):
            entry["adjective"] = str(main["demonym"])
        out.append(entry)
        capital = main.get("capital")
        if isinstance(capital, str) and capital and owners[fold_key(capital)] == 0:
            out.append({"name": capital, "label": "GPE", "after_ner": True, "source": SOURCE})
    return tuple(out)
