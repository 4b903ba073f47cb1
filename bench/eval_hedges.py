"""The hedge lists against a public hedge-cue corpus: WikiWeasel (CoNLL-2010 task 1, Wikipedia).

    python bench/eval_hedges.py TRAIN.csv TEST.csv

Each CSV has `text,label` rows, one Wikipedia sentence each, label 1 when the CoNLL-2010
annotators marked it uncertain (it holds a weasel or hedge cue), else 0: a sentence-level copy
of the CoNLL-2010 task 1 Wikipedia data (Farkas et al. 2010) as in the WikiWeasel part of the
Szeged Uncertainty Corpus. Where this copy came from and its licence: docs/framing.md. It is
used locally only, never committed.

A sentence is predicted uncertain when a list (`hedges.evidential`, `hedges.epistemic`, both)
matches in it, as `compare` matches (lexicons.py, proper-noun check on). Printed: sentence
precision/recall/F1 for each list on TEST, the trivial baseline (every sentence uncertain), and
on TRAIN the entries' own precision (how often a sentence an entry fires in is uncertain), to
read which entries carry the signal. Nothing is tuned: the lists are scored as shipped.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ukpeace_cli.lexicons import PhraseMatcher, load_lexicons

LISTS = ("hedges.evidential", "hedges.epistemic")


def read(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(row["text"].strip(), int(row["label"])) for row in csv.DictReader(fh)]


def prf(pred: list[bool], gold: list[int]) -> tuple[float, float, float, int]:
    tp = sum(p and g == 1 for p, g in zip(pred, gold, strict=True))
    n_pred, n_gold = sum(pred), sum(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), n_pred


def line(name: str, figs: tuple[float, float, float, int]) -> str:
    p, r, f, n = figs
    return f"{name:<28} P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}  (flagged {n})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("train", type=Path)
    ap.add_argument("test", type=Path)
    ap.add_argument("--top", type=int, default=25, help="entries listed from train")
    args = ap.parse_args(argv)
    lex = load_lexicons()
    matchers = {k: lex.matcher(k, skip_names=True) for k in LISTS}
    train, test = read(args.train), read(args.test)
    gold = [g for _, g in test]
    print(f"test: {len(test)} sentences, {sum(gold)} uncertain; train: {len(train)}, "
          f"{sum(g for _, g in train)} uncertain")  # fmt: skip
    print(line("every sentence (baseline)", prf([True] * len(test), gold)))
    hits = {k: [bool(m.find(t)) for t, _ in test] for k, m in matchers.items()}
    for k in LISTS:
        print(line(k, prf(hits[k], gold)))
    both = [a or b for a, b in zip(*hits.values(), strict=True)]
    print(line("evidential + epistemic", prf(both, gold)))
    entry_stats(train, matchers, args.top)
    return 0


def entry_stats(data: list[tuple[str, int]], matchers: dict[str, PhraseMatcher], top: int) -> None:
    fired: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for text, label in data:
        for m in matchers.values():
            for term in {h.term for h in m.find(text)}:
                fired[term] += 1
                right[term] += label
    print("train, entries by how often they fire (precision = share of uncertain sentences):")
    for term, n in fired.most_common(top):
        print(f"  {term:<24} {n:5d}  P {100 * right[term] / n:5.1f}")
    silent = [t for m in matchers.values() for t in m.entries if t not in fired]
    print(
        f"  never fired on train: {len(silent)} of {sum(len(m.entries) for m in matchers.values())}"
    )


if __name__ == "__main__":
    sys.exit(main())
