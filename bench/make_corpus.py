"""Build a synthetic article store with a known story structure, for `bench/dedupe.py`.

    python bench/make_corpus.py --articles 10000 --out /tmp/corpus-10k.jsonl

Writes store JSONL records (shaped like `ingest --no-nlp` output) and, beside them,
`<out>.truth.tsv` with `id<TAB>story` per article. The text is made of pseudo-words with a
Zipf frequency profile, English function words and capitalised multi-word names, so that word
statistics look like news even though nothing reads as English.

Structure:
- Topics: families of stories that share actors (names), topic words (80 per topic) and a
  few generic background sentences ("same actors, different event": the hard negatives).
- Stories: an original text; each story is published by 1-8 outlets. Every version keeps the
  lead and a random 55-95% of the other sentences, may reorder them, swaps content words for
  synonyms at a per-version rate of 5-35% (the synonym is a different word of similar
  frequency), drops or adds function words, adds 0-3 sentences of its own, 0-2 of the topic's
  generic sentences, its outlet's boilerplate lines and sometimes a global boilerplate line and a
  credit to the first outlet ("Wordnews reported.").
- About a third of the articles are single stories (unrelated articles on the same topics).
- 70% of the articles carry a publication time; copies come hours after the original.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

FUNCTION = (
    "the of and to in a that is for on with as was by at from it be has are have were an "
    "which its but had their not this also been after over who would they will more than "
    "about into his her"
).split()
GLOBAL_BOILER = [
    "Follow us on Telegram for the latest news and analysis.",
    "Subscribe to our newsletter to get the top stories every morning.",
    "Share this article with your friends and colleagues.",
    "If you have a story tip, write to our editors at any time.",
]
SYLLABLES = (
    "ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu "
    "pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu za ze zi zo zu "
    "bar ber dor kan len mor nat pol ran sen tor van zel grin stav plo krest vin dal mir"
).split()


class World:
    """Vocabulary, names, outlets and topics shared by all stories of one corpus."""

    def __init__(self, rng: np.random.Generator, n_topics: int):
        self.rng = rng
        words: list[str] = list(FUNCTION)
        self.n_func = len(FUNCTION)
        seen = set(words)
        n_content = 30000
        while len(words) < self.n_func + n_content:
            k = int(rng.integers(2, 5))
            w = "".join(rng.choice(SYLLABLES, size=k))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.c0, self.c1 = self.n_func, self.n_func + n_content
        names: list[str] = []
        while len(names) < 6000:
            k = int(rng.choice([1, 2, 2, 3]))
            parts = ["".join(rng.choice(SYLLABLES, size=int(rng.integers(2, 4)))) for _ in range(k)]
            names.append(" ".join(p.capitalize() for p in parts))
        self.n0 = len(words)
        words.extend(names)
        self.n1 = len(words)
        words.extend(str(x) for x in range(1, 400))
        self.words = np.asarray(words, dtype=object)
        # Synonyms: adjacent frequency ranks swap (content words only).
        syn = np.arange(len(words))
        c = np.arange(self.c0, self.c1)
        syn[c] = self.c0 + ((c - self.c0) ^ 1)
        self.syn = syn
        # Zipf-Mandelbrot: the head of a real Zipf curve is function words, so content words
        # follow a flatter curve (the commonest is well under 1% of content tokens).
        ranks = np.arange(1, n_content + 1, dtype=np.float64)
        p = (ranks + 50.0) ** -1.05
        self.content_cdf = np.cumsum(p / p.sum())
        nranks = np.arange(1, len(names) + 1, dtype=np.float64)
        q = nranks**-0.9
        self.name_cdf = np.cumsum(q / q.sum())
        self.outlets = [f"{''.join(rng.choice(SYLLABLES, size=2))}news{k}.com" for k in range(400)]
        self.outlet_boiler = {
            o: [
                f"Read more stories like this on {o.split('.')[0].capitalize()} every day.",
                f"All rights to this material belong to {o} and its partners.",
            ]
            for o in self.outlets
        }
        self.topics = [self._topic() for _ in range(n_topics)]

    def content(self, k: int) -> np.ndarray:
        # searchsorted on a precomputed CDF: rng.choice(p=...) rebuilds it on every call
        u = self.rng.random(k) * self.content_cdf[-1]
        return self.c0 + np.searchsorted(self.content_cdf, u)

    def name(self, k: int) -> np.ndarray:
        u = self.rng.random(k) * self.name_cdf[-1]
        return self.n0 + np.searchsorted(self.name_cdf, u)

    def _topic(self) -> dict:
        rng = self.rng
        topic = {
            "actors": self.name(8),
            "words": self.c0 + rng.integers(200, 8000, size=80),
        }
        topic["generic"] = [self.sentence(topic, None) for _ in range(6)]
        return topic

    def sentence(self, topic: dict, story: dict | None, length: int | None = None) -> np.ndarray:
        rng = self.rng
        n = int(length or rng.integers(12, 30))
        kind = rng.random(n)
        out = self.content(n)
        f = kind < 0.42
        out[f] = rng.integers(0, self.n_func, size=int(f.sum()))
        a = (kind >= 0.42) & (kind < 0.46)  # topic actors: multi-word names
        out[a] = rng.choice(topic["actors"], size=int(a.sum()))
        t = (kind >= 0.46) & (kind < 0.56)
        out[t] = rng.choice(topic["words"], size=int(t.sum()))
        if story is not None:
            s = (kind >= 0.56) & (kind < 0.61)
            out[s] = rng.choice(story["specific"], size=int(s.sum()))
        num = (kind >= 0.61) & (kind < 0.63)
        out[num] = self.n1 + rng.integers(0, 399, size=int(num.sum()))
        return out


def render(world: World, ids: np.ndarray, quote_by: str | None) -> str:
    text = " ".join(world.words[ids])
    text = text[0].upper() + text[1:]
    if quote_by:
        return f"“{text},” said {quote_by}."
    return text + "."


def make_story(world: World, topic: dict) -> dict:
    rng = world.rng
    story = {"specific": np.concatenate((world.name(3), world.content(6)))}
    n = int(rng.integers(10, 28))
    sents = []
    for _ in range(n):
        ids = world.sentence(topic, story)
        quote = None
        if rng.random() < 0.12:
            quote = str(world.words[rng.choice(topic["actors"])])
        sents.append((ids, quote))
    story["sentences"] = sents
    return story


def version(world: World, topic: dict, story: dict, origin_outlet: str | None, outlet: str) -> str:
    rng = world.rng
    sents = story["sentences"]
    keep_p = rng.uniform(0.55, 0.95)
    chosen = [0] + [k for k in range(1, len(sents)) if rng.random() < keep_p]
    if rng.random() < 0.5:  # reorder: a few adjacent swaps and maybe a moved block
        for _ in range(int(rng.integers(1, 4))):
            k = int(rng.integers(1, max(2, len(chosen) - 1)))
            if k + 1 < len(chosen):
                chosen[k], chosen[k + 1] = chosen[k + 1], chosen[k]
    swap = rng.uniform(0.05, 0.35) if origin_outlet is not None else 0.0
    out: list[str] = []
    for k in chosen:
        ids, quote = sents[k]
        ids = ids.copy()
        if swap and quote is None:  # quotations are kept word for word
            m = rng.random(len(ids)) < swap
            ids[m] = world.syn[ids[m]]
            drop = (ids < world.n_func) & (rng.random(len(ids)) < swap / 3)
            ids = ids[~drop] if (~drop).sum() >= 6 else ids
        out.append(render(world, ids, quote))
    for _ in range(int(rng.integers(0, 4))):  # the outlet's own sentences
        pos = int(rng.integers(1, len(out) + 1))
        out.insert(pos, render(world, world.sentence(topic, story), None))
    for g in rng.permutation(len(topic["generic"]))[: int(rng.integers(0, 3))]:
        pos = int(rng.integers(1, len(out) + 1))
        out.insert(pos, render(world, topic["generic"][g], None))
    if origin_outlet is not None and rng.random() < 0.3:
        out.insert(1, f"{origin_outlet.split('.')[0].capitalize()} reported the news first.")
    tail = []
    if rng.random() < 0.8:
        tail.extend(world.outlet_boiler[outlet][: int(rng.integers(1, 3))])
    if rng.random() < 0.3:
        tail.append(GLOBAL_BOILER[int(rng.integers(0, len(GLOBAL_BOILER)))])
    paras: list[str] = []
    k = 0
    while k < len(out):
        step = int(rng.integers(1, 4))
        paras.append(" ".join(out[k : k + step]))
        k += step
    paras.extend(tail)
    return "\n\n".join(paras)


def record(text: str, rid: str, source: str, outlet: str, published: str | None) -> dict:
    paragraphs = []
    pos = 0
    for p in text.split("\n\n"):
        paragraphs.append({"start": pos, "end": pos + len(p), "heading": False})
        pos += len(p) + 2
    return {
        "id": rid,
        "schema": 1,
        "source": source,
        "title": None,
        "outlet": outlet,
        "published": published,
        "byline": None,
        "url": None,
        "provenance": {"outlet": "bench"},
        "words": len(text.split()),
        "text": text,
        "paragraphs": paragraphs,
        "headings": [],
        "captions": [],
        "boilerplate": [],
        "cited_sources": [],
        "nlp": None,
    }


def build(n_articles: int, out: Path, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    world = World(rng, n_topics=max(4, n_articles // 60))
    truth_path = out.with_name(out.name + ".truth.tsv")
    base = datetime(2024, 1, 1, tzinfo=timezone.utc)
    written = 0
    story_no = 0
    with out.open("w", encoding="utf-8") as fh, truth_path.open("w", encoding="utf-8") as th:
        while written < n_articles:
            story_no += 1
            topic = world.topics[int(rng.integers(0, len(world.topics)))]
            story = make_story(world, topic)
            single = rng.random() < 0.45
            k = 1 if single else int(rng.choice([2, 2, 3, 3, 4, 5, 6, 8]))
            k = min(k, n_articles - written)
            outlets = [world.outlets[int(i)] for i in rng.choice(len(world.outlets), k, False)]
            t0 = base + timedelta(minutes=int(rng.integers(0, 365 * 24 * 60)))
            lags = np.sort(rng.exponential(12.0, size=k))
            lags[0] = 0.0
            for v in range(k):
                text = version(world, topic, story, outlets[0] if v else None, outlets[v])
                rid = hashlib.sha256(f"{seed}:{story_no}:{v}".encode()).hexdigest()[:16]
                when = None
                if rng.random() < 0.7:
                    when = (t0 + timedelta(hours=float(lags[v]))).isoformat(timespec="minutes")
                rec = record(text, rid, f"bench/s{story_no:06d}_{v}.txt", outlets[v], when)
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                th.write(f"{rid}\ts{story_no}\n")
                written += 1
    return truth_path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", "-n", type=int, default=1000)
    ap.add_argument("--out", "-o", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    truth = build(args.articles, args.out, args.seed)
    print(f"wrote {args.articles:,} articles to {args.out} (truth: {truth})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
