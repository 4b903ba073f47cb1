"""Same-story clusters, scored article pairs and copied or paraphrased passages across outlets.

How it works:
1. One streaming pass over the records: sentences (stored ones, or a regex split for `--no-nlp`
   records), which of them are quotations, light-stemmed content words, word 3-gram shingles.
   Sentences that recur in one outlet's articles, or in very many articles, are boilerplate.
2. Candidate article pairs: all pairs while the corpus is small; beyond that MinHash-LSH over the
   shingle sets (a band join done by sorting in numpy) plus a join on rare shingles shared by a
   few articles only (partial reuse that whole-article MinHash misses).
3. Each candidate is verified: every sentence of A against every sentence of B with rapidfuzz
   (character `ratio`) and an IDF-weighted content-word overlap, one-to-one greedy alignment,
   consecutive aligned sentences merged into passages. The pair score combines the aligned
   sentences (how many, how close, how informative) with an IDF cosine over the whole articles,
   and is damped when both publication dates are known and far apart.
4. Stories: average-linkage clustering over the scored pairs (a pair of articles that is not
   scored counts as 0), so one bridging pair through boilerplate or a generic sentence cannot
   chain two stories together.
5. Direction of each passage: publication time when both are known, else a credit in one article
   naming the other's outlet ("Radio Liberty reported", "according to X", "(AP)"), else unknown.

Modules: `params` (tuning constants), `results` (Cluster, Pair, Passage, DedupeResult), `read`
(step 1), `candidates` (2), `verify` (3: the _Engine and the forked verification), `cluster` (4),
`origin` (5), `passages` (describing a pair and its passages), `records` (output records), `api`
(find_duplicates, score_pairs). This module only re-exports the public names.
"""

from ukpeace_cli.dedupe.api import find_duplicates, score_pairs
from ukpeace_cli.dedupe.params import (
    BANDS,
    BOILER_MIN_DF,
    BOILER_OUTLET_REPEATS,
    COPY_RATIO,
    DATE_GRACE_DAYS,
    DATE_SCALE_DAYS,
    DEFAULT_THRESHOLD,
    E_OFFSET,
    E_SCALE,
    EVIDENCE_MATCHES,
    EXHAUSTIVE_SENTENCE_PAIRS,
    LEX_WEIGHT,
    MIN_CONTENT,
    NUM_PERM,
    PARALLEL_MIN_CANDIDATES,
    PASSAGE_MIN,
    QUOTE_WEIGHT,
    RARE_MAX_DF,
    RARE_MIN_SHARED,
    RARE_SAMPLE,
    READ_ALONE,
    READ_WINDOW,
    ROWS,
    S_FULL,
    S_MIN,
    SENT_DF_FREE,
)
from ukpeace_cli.dedupe.records import cluster_record, pair_record, passage_record
from ukpeace_cli.dedupe.results import Cluster, DedupeResult, Pair, Passage
from ukpeace_cli.dedupe.verify import _Engine as _Engine  # the boilerplate test reads it

__all__ = [
    "BANDS",
    "BOILER_MIN_DF",
    "BOILER_OUTLET_REPEATS",
    "COPY_RATIO",
    "DATE_GRACE_DAYS",
    "DATE_SCALE_DAYS",
    "DEFAULT_THRESHOLD",
    "EVIDENCE_MATCHES",
    "EXHAUSTIVE_SENTENCE_PAIRS",
    "E_OFFSET",
    "E_SCALE",
    "LEX_WEIGHT",
    "MIN_CONTENT",
    "NUM_PERM",
    "PARALLEL_MIN_CANDIDATES",
    "PASSAGE_MIN",
    "QUOTE_WEIGHT",
    "RARE_MAX_DF",
    "RARE_MIN_SHARED",
    "RARE_SAMPLE",
    "READ_ALONE",
    "READ_WINDOW",
    "ROWS",
    "SENT_DF_FREE",
    "S_FULL",
    "S_MIN",
    "Cluster",
    "DedupeResult",
    "Pair",
    "Passage",
    "cluster_record",
    "find_duplicates",
    "pair_record",
    "passage_record",
    "score_pairs",
]
