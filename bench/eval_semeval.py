"""Check the dedupe article-pair score against human "same story" judgements.

    python bench/eval_semeval.py [PAIRS.jsonl] [--split dev|test|all]

PAIRS.jsonl defaults to /work/evaldata/semeval.jsonl (made by shared/eval/dedupe/prepare.sh).

Input: JSONL rows `{pair_id, text1, text2, overall}` (SemEval-2022 Task 8, English pairs; the
texts are the publishers' and stay outside the repository). `overall` runs from 1 (very similar)
to 4 (very dissimilar), so a good similarity score correlates negatively.

Prints the Spearman rank correlation of our score with `overall` (ranks with ties averaged,
numpy only), the same for two plain baselines (rapidfuzz token_set_ratio on the whole texts and
word-unigram Jaccard), and how well each separates overall <= 1.5 from overall >= 3.0: the AUC
and the best accuracy of a single threshold.

Splits (bench/splits.py): a pair is `dev` or `test` by the parity of the SHA-256 of its
`pair_id` (168 dev, 186 test pairs; 3 texts appear on both sides). Every text is scored in one
store, as a user's store would hold them all; the figures are then taken per split. `--split
all` (the default) prints dev, test and the whole set. Tune on dev; report test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from splits import hash_split, parts

DEFAULT_PAIRS = Path("/work/evaldata/semeval.jsonl")


def ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1..n with ties given their average rank."""
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x), dtype=np.float64)
    sx = x[order]
    i = 0
    while i < len(x):
        j = i
        while j + 1 < len(x) and sx[j + 1] == sx[i]:
            j += 1
        r[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return r


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = ranks(a), ranks(b)
    return float(np.corrcoef(ra, rb)[0, 1])


def separation(score: np.ndarray, overall: np.ndarray) -> tuple[float, float, int, int]:
    """AUC (same > different) and best single-threshold accuracy, same = overall <= 1.5,
    different = overall >= 3.0."""
    same, diff = score[overall <= 1.5], score[overall >= 3.0]
    r = ranks(np.concatenate((same, diff)))
    auc = (r[: len(same)].sum() - len(same) * (len(same) + 1) / 2) / (len(same) * len(diff))
    best = 0.0
    for t in np.unique(np.concatenate((same, diff))):
        acc = ((same >= t).sum() + (diff < t).sum()) / (len(same) + len(diff))
        best = max(best, acc)
    return float(auc), float(best), len(same), len(diff)


def split_rows(rows: list[dict], split: str) -> list[int]:
    """Indexes of the pairs in `split` ("all": every pair)."""
    return [i for i, r in enumerate(rows) if split == "all" or hash_split(r["pair_id"]) == split]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("pairs", nargs="?", default=str(DEFAULT_PAIRS))
    ap.add_argument("--split", choices=("dev", "test", "all"), default="all")
    args = ap.parse_args(argv)
    path = Path(args.pairs)
    if not path.is_file():
        print(f"eval_semeval: {path}: pairs file not found", file=sys.stderr)
        return 2

    from rapidfuzz import fuzz

    from ukpeace_cli.dedupe import score_pairs

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    records: dict[str, dict] = {}
    pairs = []
    for row in rows:
        ids = []
        for key in ("text1", "text2"):
            text = row[key].strip()
            rid = hashlib.sha256(text.encode()).hexdigest()[:16]
            records.setdefault(rid, {"id": rid, "source": rid, "text": text, "nlp": None})
            ids.append(rid)
        pairs.append(tuple(ids))
    scores = score_pairs(records.values(), pairs)
    ours = np.array([scores[p] for p in pairs])
    overall = np.array([float(r["overall"]) for r in rows])
    token = re.compile(r"\w+")
    tsr = np.array([fuzz.token_set_ratio(r["text1"], r["text2"]) for r in rows], dtype=float)

    def jacc(a: str, b: str) -> float:
        x, y = set(token.findall(a.lower())), set(token.findall(b.lower()))
        return len(x & y) / len(x | y) if x | y else 0.0

    jac = np.array([jacc(r["text1"], r["text2"]) for r in rows])
    print(f"{len(rows)} pairs, {len(records)} distinct texts ({path.name})")
    for part in parts(args.split):
        keep = np.array(split_rows(rows, part), dtype=int)
        print(f"\n{part}: {len(keep)} pairs")
        print(f"{'score':<28} {'Spearman':>9} {'AUC':>6} {'best acc':>9}")
        for name, s in (
            ("ukpeace dedupe pair score", ours),
            ("token_set_ratio (baseline)", tsr),
            ("unigram Jaccard (baseline)", jac),
        ):
            auc, acc, n_same, n_diff = separation(s[keep], overall[keep])
            print(f"{name:<28} {spearman(s[keep], overall[keep]):>9.3f} {auc:>6.3f} {acc:>9.3f}")
        print(f"separation: overall <= 1.5 ({n_same} pairs) vs >= 3.0 ({n_diff} pairs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
