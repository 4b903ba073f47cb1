"""Tuning constants of the duplicate finder (one place, so modules and tests agree)."""

DEFAULT_THRESHOLD = 0.4

# Sentence alignment: similarity = mean of rapidfuzz ratio (0..1) and IDF-weighted Dice overlap.
S_MIN = 0.30  # below this two sentences are not aligned
S_FULL = 0.60  # at or above this an aligned pair counts in full
PASSAGE_MIN = 0.33  # aligned sentences listed as passages (weaker ones only add to the score)
COPY_RATIO = 90  # rapidfuzz ratio on normalised sentences at or above which it is a copy
MIN_CONTENT = 3  # sentences with fewer content words are not aligned ("Background:")
# Pair score.
E_OFFSET = 0.5  # evidence a pair needs before it scores: one aligned sentence is never enough
E_SCALE = 1.2
LEX_WEIGHT = 0.5  # weight of the whole-article IDF cosine
QUOTE_WEIGHT = 0.5  # two outlets quoting the same words: same-story evidence, not copying
DATE_GRACE_DAYS = 3.0
DATE_SCALE_DAYS = 20.0
# Candidate generation.
EXHAUSTIVE_SENTENCE_PAIRS = 4_000_000
PARALLEL_MIN_CANDIDATES = 2_000  # below this, forking costs more than it saves
READ_ALONE = 3000  # articles read in-process before text analysis goes to workers
READ_WINDOW = 4000  # articles per window handed to the workers
NUM_PERM = 64
BANDS, ROWS = 32, 2
RARE_MAX_DF = 12
RARE_MIN_SHARED = 3
RARE_SAMPLE = 2  # keep shingles whose hash % RARE_SAMPLE == 0 for the rare join
BOILER_OUTLET_REPEATS = 3  # a sentence in this many articles of one outlet is its boilerplate
BOILER_MIN_DF = 50  # ...or in more than max(this, N/100) articles overall
EVIDENCE_MATCHES = 8  # shared names and phrases are read from the best aligned sentences
SENT_DF_FREE = 3  # an exact sentence in more articles than this counts less (generic sentences)
