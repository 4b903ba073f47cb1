"""Describing a verified pair: the Pair record (direction, coverage, evidence read lazily from
the texts) and its passages, consecutive aligned sentences merged into one."""

from __future__ import annotations

import itertools

from ukpeace_cli import shingles as sh
from ukpeace_cli.dedupe.origin import _direction
from ukpeace_cli.dedupe.params import COPY_RATIO, EVIDENCE_MATCHES, PASSAGE_MIN
from ukpeace_cli.dedupe.read import _Article
from ukpeace_cli.dedupe.results import Pair, Passage
from ukpeace_cli.dedupe.verify import _Engine, _Match, _matches, _Verified


def _describe(
    engine: _Engine, i: int, j: int, v: _Verified, want_passages: bool
) -> tuple[Pair, list[Passage]]:
    arts = engine.arts
    earlier, later, basis, credited = _direction(arts[i], arts[j])
    flip = earlier.idx != i
    A, B = arts[i], arts[j]

    all_matches = _matches(v)
    # The closure keeps only the best few aligned sentences, not the whole alignment.
    top = sorted(all_matches, key=lambda m: -m.sim)[:EVIDENCE_MATCHES]

    def evidence() -> dict[str, list[str]]:
        spans_a = [(int(a), int(b)) for a, b in arts[i].spans[[m.i for m in top]]]
        spans_b = [(int(a), int(b)) for a, b in arts[j].spans[[m.j for m in top]]]
        names = sh.names(arts[i].text, spans_a) & sh.names(arts[j].text, spans_b)
        return {
            "shared_names": _rare_names(engine, names),
            "shared_phrases": _rare_phrases(engine, i, j, top),
            "common_credits": sorted(set(engine.credits(i)) & set(engine.credits(j))),
        }

    gap = None
    ta, tb = arts[i].ts, arts[j].ts
    if ta is not None and tb is not None:
        gap = round(abs(ta - tb) / 86400, 2)
    groups = _runs([m for m in all_matches if m.sim >= PASSAGE_MIN], A, B)
    cov_e, cov_l = (v.covered_b, v.covered_a) if flip else (v.covered_a, v.covered_b)
    pair = Pair(
        a=earlier.id,
        b=later.id,
        source_a=earlier.source,
        source_b=later.source,
        outlet_a=earlier.outlet,
        outlet_b=later.outlet,
        score=round(v.score, 3),
        covered_a=round(cov_e, 3),
        covered_b=round(cov_l, 3),
        passages=len(groups),
        sentences=len(all_matches),
        date_gap_days=gap,
        direction=basis,
        credited=credited,
        _evidence=evidence,
    )
    if not want_passages or not groups:
        return pair, []
    return pair, _passages(pair, A, B, groups, flip)


def _passages(
    pair: Pair, A: _Article, B: _Article, groups: list[list[_Match]], flip: bool
) -> list[Passage]:
    """One Passage per run of aligned sentences, earlier side first (`flip`: B is earlier)."""
    out: list[Passage] = []
    text_a, text_b = A.text, B.text
    for run in groups:
        ai0, ai1 = A.spans[run[0].i][0], A.spans[run[-1].i][1]
        bj0, bj1 = B.spans[run[0].j][0], B.spans[run[-1].j][1]
        weights = [
            int(A.spans[m.i, 1] - A.spans[m.i, 0] + B.spans[m.j, 1] - B.spans[m.j, 0]) for m in run
        ]
        sim = float(sum(m.sim * w for m, w in zip(run, weights, strict=True)) / sum(weights))
        qa = all(bool(A.quoted[m.i]) for m in run)
        qb = all(bool(B.quoted[m.j]) for m in run)
        side_a = (text_a[ai0:ai1], (int(ai0), int(ai1)), qa)
        side_b = (text_b[bj0:bj1], (int(bj0), int(bj1)), qb)
        e_side, l_side = (side_b, side_a) if flip else (side_a, side_b)
        out.append(
            Passage(
                earlier=pair.a,
                later=pair.b,
                earlier_source=pair.source_a,
                later_source=pair.source_b,
                earlier_outlet=pair.outlet_a,
                later_outlet=pair.outlet_b,
                earlier_text=e_side[0],
                later_text=l_side[0],
                earlier_span=e_side[1],
                later_span=l_side[1],
                sentences=len(run),
                similarity=round(sim, 3),
                kind="copy" if all(m.ratio >= COPY_RATIO for m in run) else "paraphrase",
                quote=qa and qb,
                earlier_quoted=e_side[2],
                later_quoted=l_side[2],
                direction=pair.direction,
                credited=pair.credited,
                score=pair.score,
                covered_earlier=pair.covered_a,
                covered_later=pair.covered_b,
            )
        )
    out.sort(key=lambda p: (p.earlier_span[0], p.later_span[0]))
    return out


def _runs(matches: list[_Match], A: _Article, B: _Article) -> list[list[_Match]]:
    """Aligned sentences that follow each other on both sides form one passage; quotation and
    narration never share a passage (quotations are matched apart from narration)."""
    runs: list[list[_Match]] = []

    def quote(m: _Match) -> tuple[bool, bool]:
        return bool(A.quoted[m.i]), bool(B.quoted[m.j])

    for m in sorted(matches, key=lambda m: (m.i, m.j)):
        last = runs[-1][-1] if runs else None
        if last and m.i == last.i + 1 and m.j == last.j + 1 and quote(m) == quote(last):
            runs[-1].append(m)
        else:
            runs.append([m])
    return runs


def _rare_names(engine: _Engine, names: set[str], k: int = 6) -> list[str]:
    def rarity(name: str) -> float:
        ids = [engine.vocab.by_surface.get(w, -1) for w in sh.words(name)]
        vals = [float(engine.idf[x]) for x in ids if x >= 0]
        return max(vals) if vals else 0.0

    ranked = sorted(names, key=lambda s: (-rarity(s), s))
    # Drop a name contained in a longer one that is kept ("Liberty" under "Radio Liberty").
    kept: list[str] = []
    for name in ranked:
        if not any(name in other for other in names if other != name):
            kept.append(name)
    return [n for n in kept if rarity(n) > 0][:k]


def _rare_phrases(engine: _Engine, i: int, j: int, matches: list[_Match], k: int = 6) -> list[str]:
    """Content-word pairs both aligned sentences use, rarest first ("demarcation line")."""
    arts = engine.arts
    get = engine.vocab.by_surface.get
    lines = {a: arts[a].norm.split("\n") for a in (i, j)}
    found: dict[tuple[int, int], float] = {}
    for m in matches:
        grams = []
        for a, s in ((i, m.i), (j, m.j)):
            ids = [x for w in lines[a][s].split(" ") if (x := get(w, -1)) >= 0]
            grams.append(set(itertools.pairwise(ids)))
        for g in grams[0] & grams[1]:
            found[g] = float(engine.idf[g[0]] + engine.idf[g[1]])
    ranked = sorted(found, key=lambda g: (-found[g], g))[:k]
    surf = engine.vocab.surface
    return [f"{surf[a]} {surf[b]}" for a, b in ranked]
