"""Level 5 of canonicalisation: look-alike names only *suggested* (`suggestions`), merged once
the user approves them (`record_decision` writes the user's alias file)."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from ukpeace_cli.errors import UsageError
from ukpeace_cli.names import fold_key, name_pair_evidence, translit_key
from ukpeace_cli.names.aliases import AliasIndex, aliases_with, checked_entries, load_yaml
from ukpeace_cli.names.report import EntityReport


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
        data = load_yaml(path.read_text("utf-8"), str(path)) or {}
        checked_entries(data, str(path))
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
